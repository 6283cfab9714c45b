"""Benchmark of ``prognos status`` on 300 returned unit workbooks (issue 22), against
``prognos validera`` on the same folder, measured in the same run.

    .venv/bin/python benchmarks/bench_status.py [--filer 300] [--upprepa 3] [--dokumentera]

The workbooks and their master are ``benchmarks/bench_validera.py``'s (built once, cached
under ``benchmarks/out/validera_…``); the round register is added to a copy of the master as
``prognos utskick --master-ut`` writes it. Each command runs on the command line (Python's
start and imports included), interleaved so drifting load from other processes hits all alike:

- ``validera MAPP --json`` and ``validera MAPP --master MASTER --json`` (the baselines),
- ``status MAPP --master MASTER_MED_REGISTER --json`` (the goal: at most 2× validera),
- ``status … -o NY_MASTER.xlsx`` (also writing the register into a new master),
- with ``--fore TRÄD``: the same ``status … -o`` run from another checkout (``TRÄD``, e.g. the
  main branch before a change), interleaved with the rest, so before and after come from one run.

``--dokumentera`` writes the figures as a section of ``docs/performance.md`` (replacing only
this benchmark's own earlier section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_validera import PERIOD, YEAR, prepare  # noqa: E402

SECTION = "## The round's status (`prognos status`, issue 22)"
ROUND = "Delår 2 2025"


def register_master(master: Path, folder: Path) -> Path:
    """A copy of the master with the register, as after ``prognos utskick --master-ut``."""
    from workbooks.round.send_out import UtskickResult, file_name
    from workbooks.round_register.register_book import read_round_master
    from workbooks.round_register.register_sheet import record_send_out

    target = master.with_name("master_omgang.xlsx")
    if target.exists():
        return target
    units = read_round_master(master).info.units
    files = {u: folder / file_name(YEAR, PERIOD, u) for u in units if (folder / file_name(YEAR, PERIOD, u)).exists()}
    record_send_out(master, target, UtskickResult(folder, ROUND, files), dt.date(YEAR, 9, 15), "bench")
    return target


def cli(*args: str, tree: Path = ROOT) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "addin.commands.cli", *args],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filer", type=int, default=300)
    parser.add_argument("--upprepa", type=int, default=3)
    parser.add_argument("--dokumentera", action="store_true")
    parser.add_argument("--fore", type=Path, help="another checkout whose status -o is timed alongside")
    args = parser.parse_args()

    master, folder, _info = prepare(args.filer)
    with_register = register_master(master, folder)
    n = len(list(folder.glob("*.xlsx")))
    out = with_register.with_name("master_status.xlsx")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    runs = {
        "validera MAPP --json": ("validera", str(folder), "--json"),
        "validera MAPP --master MASTER --json": ("validera", str(folder), "--master", str(master), "--json"),
        "status MAPP --master MASTER --json": (
            "status",
            str(folder),
            "--master",
            str(with_register),
            "--json",
            "--datum",
            f"{YEAR}-09-20",
        ),
        "status MAPP --master MASTER -o NY_MASTER.xlsx": (
            "status",
            str(folder),
            "--master",
            str(with_register),
            "-o",
            str(out),
            "--datum",
            f"{YEAR}-09-20",
        ),
    }
    trees = {label: ROOT for label in runs}
    if args.fore is not None:
        label = f"status MAPP --master MASTER -o NY_MASTER.xlsx (före: {args.fore.name})"
        runs[label] = runs["status MAPP --master MASTER -o NY_MASTER.xlsx"][:-3] + (
            str(out.with_name("master_status_fore.xlsx")),
            "--datum",
            f"{YEAR}-09-20",
        )
        trees[label] = args.fore.resolve()
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(args.upprepa):
        for label, command in runs.items():
            times[label].append(cli(*command, tree=trees[label]))
    best = {label: min(t) for label, t in times.items()}
    base = best["validera MAPP --json"]
    print(f"{n} returned workbooks in {folder}; load average (1 min) at start {load:.2f}; cores {os.cpu_count()}")
    for label, seconds in best.items():
        print(f"{label:50} {seconds:7.2f} s  {seconds / base:5.2f}× validera")
    ratio = best["status MAPP --master MASTER --json"] / base
    print(f"status / validera = {ratio:.2f}× (goal <= 2×)")
    if args.dokumentera:
        document(n, best, base, load, args.upprepa)


def document(n: int, best: dict[str, float], base: float, load: float, reps: int) -> None:
    path = ROOT / "docs" / "performance.md"
    rows = "\n".join(f"| `prognos {label}` | {s:.2f} s | {s / base:.2f}× |" for label, s in best.items())
    text = f"""{SECTION}

`benchmarks/bench_status.py` ({dt.date.today().isoformat()}; `--filer {n} --upprepa {reps}`): the {n}
returned workbooks of `bench_validera.py` and their master, with the round register added as
`prognos utskick --master-ut` writes it. Every command on the command line (Python's start and
imports included), interleaved, best of {reps}; 2 cores shared with other engineers' runs (load
average {load:.2f} at start).

| command | time | against `validera MAPP` |
|---|---|---|
{rows}

`status` validates the folder exactly as `validera` does (the same pool and rules) and reads the
master's round part with python-calamine: Inställningar, the register and the change log, never
the master's Budget or Utfall, and it imports neither pandas nor openpyxl
(`tests/test_round_register.py`), so it costs what `validera` costs plus about a tenth of a
second; on a machine this loaded the two are equal within the noise (goal: at most 2×).
`validera --master` is slower than both: it reads and validates the whole master with the
engine to learn the round's units. Writing the register into a new master (`-o`) grafts only
the two round sheets (`Omgång`, `Ändringslogg`, declared as `SheetSpec`s) into a byte copy of the
master with the surgical writer (`PackageBook`), as `uppdatera` does: python-calamine reads the
log, openpyxl renders only those two sheets, and the master's 300 areas and their monthly outcome
are copied as raw zip entries. With `--fore TRÄD` the same `status -o` from another checkout
(the openpyxl path before the graft, which loaded and saved the whole master) is timed in the
same run.
"""
    current = path.read_text(encoding="utf-8")
    if SECTION in current:
        start = current.index(SECTION)
        end = current.find("\n## ", start + len(SECTION))
        current = current[:start] + text + (current[end + 1 :] if end != -1 else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current, encoding="utf-8")
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
