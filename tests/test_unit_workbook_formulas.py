"""The unit workbook helps the manager (issue 22, item 5): ``Manuell prognos`` is sent out
empty, budget and outcome stand left of the inputs, and beside them what each method gives,
the forecast the unit's entries give and its deviation against budget, as live formulas.

The oracle is the engine: each filled-in workbook is recalculated by LibreOffice headless and
every formula's value compared with ``udfs.forecasting.engine.compute`` on the same workbook
as the unit filled it (it is itself a valid Prognos workbook), for the bundled example (a
budget in twelfths) and a committee with a periodised budget, for each way a manager can
answer: nothing, a method, another method, Säsong, a manual amount (with and without Metod Manuell).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import fill, make_master, minimal_rows, utskick
from conftest import EXAMPLE, same_value, soffice

from udfs.forecasting.engine import compute
from udfs.language.vocabulary import MONTH_HEADERS
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook

METHODS = ("Linjär", "Säsong", "Budgetprofil")
LEDGER = EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx")  # costs written positive, revenue negative
ANSWERS = {
    "inget": {},
    "metoder": {"Intäkter": {"Metod": "Linjär"}, "Kostnader": {"Metod": "Budgetprofil"}},
    "sasong": {"Intäkter": {"Metod": "Säsong"}, "Kostnader": {"Metod": "Säsong"}},
    "manuell": {
        "Intäkter": {"Metod": "Budgetprofil", "Manuell prognos": 1234.5},
        "Kostnader": {"Metod": "Manuell", "Manuell prognos": -170000},
    },
}


def periodised_master(path: Path) -> Path:
    """The minimal committee with a budget spread unevenly over the months (whole tkr)."""
    tables = minimal_rows()
    headers, rows = tables["Budget"]
    weights = [5, 6, 9, 8, 8, 9, 4, 5, 10, 12, 12, 12]  # sums to 100
    spread = []
    for area, typ, budget in rows:
        months = [int(budget * w / 100) for w in weights[:11]]
        spread.append([area, typ, budget, *months, budget - sum(months)])
    tables["Budget"] = ([*headers, *MONTH_HEADERS], spread)
    return make_master(path, tables)


def recalc_all(paths: list[Path], outdir: Path) -> dict[str, Path]:
    """One LibreOffice run recalculates and saves every file (openpyxl writes no cached values)."""
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice saknas: installera libreoffice-calc-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(outdir),
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    return {p.stem: outdir / p.name for p in paths}


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """{(master, answer): (filled workbook, recalculated copy)} for two masters and every answer."""
    tmp = tmp_path_factory.mktemp("enheter")
    example = tmp / "exempel.xlsx"
    shutil.copyfile(EXAMPLE, example)
    ledger = tmp / "huvudbok.xlsx"
    shutil.copyfile(LEDGER, ledger)
    sent = {
        "exempel": utskick(example, tmp / "ut_exempel", units=["Ekonomiskt bistånd"])["Ekonomiskt bistånd"],
        "periodiserad": utskick(periodised_master(tmp / "periodiserad.xlsx"), tmp / "ut_per", units=["Vuxna"])["Vuxna"],
        "huvudbok": utskick(ledger, tmp / "ut_hb", units=["Barn och unga"])["Barn och unga"],
    }
    filled = {}
    for master, path in sent.items():
        for answer, entries in ANSWERS.items():
            target = tmp / f"{master}_{answer}.xlsx"
            shutil.copyfile(path, target)
            if master == "huvudbok":  # amounts typed as this master writes them: costs +, revenue −
                entries = {
                    typ: {k: -v if k == "Manuell prognos" else v for k, v in e.items()} for typ, e in entries.items()
                }
            fill(target, entries)
            filled[(master, answer)] = target
    recalculated = recalc_all(list(filled.values()), tmp / "omraknat")
    return {key: (path, recalculated[path.stem]) for key, path in filled.items()}


def sheet_rows(path: Path) -> dict[str, dict[str, object]]:
    ws = openpyxl.load_workbook(path, data_only=True)["Prognos"]
    headers = [c.value for c in ws[1]]
    return {row[1]: dict(zip(headers, row)) for row in ws.iter_rows(min_row=2, values_only=True)}


def master_sign(settings, typ: str) -> int:
    """The unit workbook shows amounts as its master writes them (Inställningar Kostnader/Intäkter)."""
    flipped = (typ == "Kostnader" and settings.kostnader == "positiva") or (
        typ == "Intäkter" and settings.intakter == "negativa"
    )
    return -1 if flipped else 1


@pytest.mark.parametrize("master", ["exempel", "periodiserad", "huvudbok"])
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_live_formulas_equal_the_engine(answered, master, answer):
    filled, recalculated = answered[(master, answer)]
    inputs, findings = read_inputs(XlsxBook(filled), filled.name)
    assert inputs is not None, [f.meddelande for f in findings if f.is_error]
    report = compute(inputs)
    shown = sheet_rows(recalculated)
    for line in report.lines:
        row, sign = shown[line.typ], master_sign(inputs.settings, line.typ)
        evidence = {e.metod: e.prognos for e in report.evidence if e.typ == line.typ}
        for method in METHODS:
            engine = evidence.get(method)
            assert same_value(
                "" if engine is None else sign * engine, row[method] if row[method] is not None else ""
            ), (line.typ, method, engine, row[method])
        assert same_value(sign * line.prognos, row["Helårsprognos"]), (line.typ, line.metod, line.prognos, row)
        # the deviation in Prognos' signs whatever the master's: positive is better than budget
        assert same_value(line.prognos - line.budget, row["Avvikelse mot budget"]), (line.typ, row)


def test_each_answer_gives_its_own_forecast(answered):
    """The formulas are not constant: the manager's entries move the forecast (as in the engine)."""
    for master in ("exempel", "periodiserad", "huvudbok"):
        figures = {answer: sheet_rows(answered[(master, answer)][1])["Intäkter"]["Helårsprognos"] for answer in ANSWERS}
        assert figures["manuell"] == (-1234.5 if master == "huvudbok" else 1234.5)
        assert len({round(v, 6) for k, v in figures.items() if k != "inget"}) == 3, figures
