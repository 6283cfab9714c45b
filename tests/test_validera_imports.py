"""`prognos validera` loads what validating needs and nothing else (issue 15): no pandas, openpyxl,
matplotlib, xlwings or numpy, in the command's process nor in the pool's worker processes, checked
in a fresh interpreter on real submissions (unit workbooks from `prognos utskick`, one filled in, one
with a changed locked cell so every rule runs, and the bundled example with Volymer,
Prognoshistorik and the economic section's tables). The options that read or write workbooks,
and a Budget in ledger shape, load what they need when they are used.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from batch_hjalp import REPO, edit, fill, make_master, utskick
from conftest import EXAMPLE

HEAVY = ("pandas", "openpyxl", "matplotlib", "xlwings", "numpy")

# Runs in a fresh interpreter: the command's module, then validation as the command runs it
# (in process, and through the command line's pool), then the pool's worker on its own,
# reporting the modules the worker holds after validating each file.
SCRIPT = r"""
import importlib, json, sys
from pathlib import Path

HEAVY = %r
folder, report = sys.argv[1], sys.argv[2]


def heavy():
    return sorted(m for m in HEAVY if m in sys.modules)


from addin.commands import cli

seen = {"start": heavy()}
importlib.import_module(cli.COMMANDS["validera"][0])
seen["import"] = heavy()
seen["exit_in_process"] = cli.main(["validera", folder, "--json", "--jobb", "0"])
seen["in_process"] = heavy()
seen["exit_pool"] = cli.main(["validera", folder, "--json", "--jobb", "2"])
seen["pool"] = heavy()

from workbooks.round.submissions import collect, validate_file
from workbooks.round.worker_pool import WorkerContext, run_files


def work(path, display, ctx):
    result = validate_file(path, display, ctx)
    result.path = ",".join(heavy())  # what this worker process holds after validating the file
    return result


tasks, _skipped = collect([Path(folder)])
results = run_files(tasks, WorkerContext(), 2, work)
seen["workers"] = sorted({r.path for r in results})
seen["rules"] = {r.fil: sorted({f["regel"] for f in r.findings}) for r in results}
Path(report).write_text(json.dumps(seen))
""" % (HEAVY,)


def run_fresh(code: str, folder: Path, report: Path) -> dict:
    """``code`` in a fresh interpreter with the folder and a report path as arguments; the
    JSON it wrote to the report."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROGNOS_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(report)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and report.exists(), done.stderr[-3000:]
    return json.loads(report.read_text())


def modules_seen(folder: Path, tmp: Path) -> dict:
    return run_fresh(SCRIPT, folder, tmp / "seen.json")


def submissions(tmp: Path) -> Path:
    files = utskick(make_master(tmp / "master.xlsx"), tmp / "ut")
    folder = tmp / "in"
    folder.mkdir()
    names = sorted(files)
    for name in names:
        shutil.copy(files[name], folder / files[name].name)
    fill(
        folder / files[names[0]].name,
        {"Kostnader": {"Metod": "Manuell", "Manuell prognos": -1200, "Kommentar": "Fler placeringar."}},
    )
    edit(folder / files[names[1]].name, "Budget", "C2", 123456)  # a locked cell: every rule runs on this file
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    return folder


def test_validating_loads_no_pandas_openpyxl_matplotlib_xlwings_or_numpy(tmp_path):
    folder = submissions(tmp_path)
    seen = modules_seen(folder, tmp_path)
    assert seen["exit_in_process"] == seen["exit_pool"] == 1  # the changed locked cell is an error
    assert sorted(seen["rules"]) == sorted(p.name for p in folder.iterdir())  # every file validated
    assert any("last_cell_andrad" in rules for rules in seen["rules"].values())  # every rule ran on it
    for step in ("start", "import", "in_process", "pool"):
        assert seen[step] == [], f"{step}: {seen[step]}"
    assert seen["workers"] == [""], seen["workers"]


def test_a_ledger_shaped_submission_loads_the_ledger_engine_only_then(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx"), folder)
    seen = modules_seen(folder, tmp_path)
    assert seen["import"] == []
    assert "pandas" in seen["in_process"] and "openpyxl" not in seen["in_process"]
    assert seen["workers"] == ["numpy,pandas"], seen["workers"]


# A worker that meets a ledger-shaped submission loads the ledger engine outside the file's
# memory bound (pandas and numpy reserve ~170 MB of address space): the smallest bound still
# validates it as the parent process does.
BOUNDED = r"""
import json, sys
from pathlib import Path

from workbooks.round.submissions import collect, validate_file
from workbooks.round.worker_pool import WorkerContext, run_files
from workbooks.ooxml.safe_read import Limits

tasks, _skipped = collect([Path(sys.argv[1])])
ctx = WorkerContext(limits=Limits(memory_mb=64))
preloaded = "pandas" in sys.modules
worker = run_files(tasks, ctx, 1, validate_file)
inline = run_files(tasks, ctx, 0, validate_file)
Path(sys.argv[2]).write_text(json.dumps({"preloaded": preloaded, "worker": [(r.usable, r.findings) for r in worker],
                                         "inline": [(r.usable, r.findings) for r in inline]}))
"""


def test_the_ledger_engine_is_not_charged_to_the_files_memory_bound(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx"), folder)
    seen = run_fresh(BOUNDED, folder, tmp_path / "bounded.json")
    assert not seen["preloaded"]
    assert seen["worker"] == seen["inline"]
    ((usable, findings),) = seen["worker"]
    assert (
        usable and findings and not {f["regel"] for f in findings} & {"minnesgrans", "lasning_avbruten", "internt_fel"}
    )


# The import of an engine in a worker restarts the file's clock: a module that takes 1.5 s to
# import, loaded while a file is validated under a 1 s time bound, does not time the file out
# (the second file, in the same worker, finds the module loaded).
SLOW_ENGINE = r"""
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[2])
from workbooks.round.submissions import collect, validate_file
from workbooks.round.worker_pool import WorkerContext, import_unbounded, run_files
from workbooks.ooxml.safe_read import Limits


def work(path, display, ctx):
    import_unbounded("slow_engine")
    return validate_file(path, display, ctx)


tasks, _skipped = collect([Path(sys.argv[1])])
results = run_files(tasks, WorkerContext(limits=Limits(seconds=1.0)), 1, work)
print(sorted({f["regel"] for r in results for f in r.findings}), len(results))
"""


def test_loading_an_engine_in_a_worker_restarts_the_files_clock(tmp_path):
    folder = submissions(tmp_path)
    (tmp_path / "slow_engine.py").write_text("import time\ntime.sleep(1.5)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROGNOS_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", SLOW_ENGINE, str(folder), str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rules, count = done.stdout.strip().rsplit(" ", 1)
    assert int(count) == len(list(folder.iterdir()))
    assert "tidsgrans" not in rules and "last_cell_andrad" in rules, rules
