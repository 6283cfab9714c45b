# Everything a fresh machine with python3 and make needs: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint format bench example libreoffice clean

# The project is byte-compiled at install, as pip does for an installed (non-editable) package:
# with PYTHONDONTWRITEBYTECODE set, every `prognos` run would otherwise compile the modules it
# imports (~0,05-0,08 s of the start of `prognos validera`, docs/performance.md). A .pyc whose
# source has changed since is not used (Python compares the source's time and size).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,server]'
	$(BIN)/python -m compileall -q udfs validation workbooks addin
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/prognos demo --utmapp demo-utdata

# LibreOffice headless (Calc recalculates written workbooks, Writer converts the Word report),
# poppler (pdfinfo, pdftotext), redis-server (the add-in server's multi-process tests) and
# nodejs (runs the task pane's JavaScript against a fake Excel), chromium (the task pane in a real
# browser, headless) and fonts-crosextra-carlito (Calibri's metrics, for the printed sheets) are
# installed with apt when missing and we are root (CI, fresh VMs); otherwise those tests say what to do.
TOOLS_MISSING = ! command -v soffice >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! test -e /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf || ! test -e /usr/lib/libreoffice/program/libswdlo.so
libreoffice:
	@if { $(TOOLS_MISSING); } && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installerar LibreOffice Calc och Writer, poppler-utils, redis-server, nodejs, chromium och Carlito …"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils redis-server nodejs chromium \
			fonts-crosextra-carlito >/dev/null; \
	fi

# The linter and formatter first (configured in pyproject.toml; `make lint` alone, `make format`
# to apply the formatter and the safe fixes), then the whole suite.
test: $(STAMP) libreoffice lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Rebuild the bundled example from ../shared/data.
example: $(STAMP)
	$(BIN)/python workbooks/exempel/bygg_exempel.py
	$(BIN)/python workbooks/exempel/bygg_statsbidrag.py
	$(BIN)/python workbooks/exempel/bygg_huvudbok.py

clean:
	rm -rf $(VENV) demo-utdata .pytest_cache
