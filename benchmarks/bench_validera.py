"""Benchmark of ``prognos validera`` on 300 unit workbooks (issue 3).

    .venv/bin/python benchmarks/bench_validera.py [--filer 300] [--upprepa 3] [--dokumentera]

Builds (once, cached under ``benchmarks/out/validera_…``) a master with ``--filer`` areas
(3–6 verksamheter each, periodised budget, outcome for last year and January–August), sends
it out with ``prognos utskick`` and fills every unit's workbook in as a unit would
(openpyxl): a method, manual forecasts for about 40 %, comments, and a few mistakes (a
cost without its minus sign, words in a number cell, a changed locked cell). Then measures,
in one run, on the same files:

(a) naive: ``pandas.read_excel(engine="openpyxl")`` of every sheet plus a pydantic model per
    row (the foundation's row models), one file after the other — what a Python user would
    write;
(b) the floor: the bare python-calamine read of every sheet of every file, no validation,
    one file after the other;
(c) ``prognos validera`` in process (``validation.round.batch.validate_batch``: the process pool,
    every rule, the cross-file rules), and the command line end to end (interpreter start and
    imports included); also (c) on one core and with all rules on every table (``full``).

Times are the best of ``--upprepa`` runs ((a) runs once: it is slow and steady). Other
engineers share the machine, so the load average is printed with the figures.
``--dokumentera`` appends the figures as a section at the end of ``docs/performance.md``
(replacing only this benchmark's own earlier section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

VERSION = 1
YEAR, PERIOD = 2025, 8
STEMS = [
    "Hemtjänst",
    "Särskilt boende",
    "Förskola",
    "Grundskola",
    "Fritidshem",
    "Gruppbostad",
    "Daglig verksamhet",
    "Barn och unga",
    "Vuxna",
    "Ekonomiskt bistånd",
    "Familjehem",
    "Öppenvård",
    "Kultur",
    "Bibliotek",
    "Fritidsgård",
    "Måltid",
    "Lokalvård",
    "Bemanning",
    "Arbetsmarknad",
    "Elevhälsa",
]
PLACES = [
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Centrum",
    "Solbacken",
    "Åsen",
    "Ekdalen",
    "Hagen",
    "Björkdal",
    "Strand",
    "Lunden",
    "Höjden",
    "Tallmon",
    "Ängen",
]
PROFILE = [0.98, 0.95, 1.02, 1.0, 1.02, 1.04, 0.78, 0.92, 1.03, 1.05, 1.04, 1.17]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
SECTION = "## Batch validation of submissions (`prognos validera`, issue 3)"


def unit_names(n: int) -> list[str]:
    names = [f"{stem} {place}" for place in PLACES for stem in STEMS]
    return names[:n] if n <= len(names) else names + [f"Enhet {i}" for i in range(len(names), n)]


def write_master(path: Path, n: int, seed: int = 3) -> None:
    """A committee with ``n`` areas; plain sheets (the contract's sheet fallback), written fast."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    settings = wb.create_sheet("Inställningar")
    for row in (
        ["Parameter", "Värde"],
        ["Nämnd", "Välfärdsnämnden"],
        ["År", YEAR],
        ["Period", PERIOD],
        ["Enhet", "tkr"],
    ):
        settings.append(row)
    budget = wb.create_sheet("Budget")
    budget.append(["Verksamhetsområde", "Verksamhet", "Typ", "Budget", *MONTHS])
    utfall = wb.create_sheet("Utfall")
    utfall.append(["Verksamhetsområde", "Verksamhet", "Typ", "År", "Månad", "Belopp"])
    prognos = wb.create_sheet("Prognos")
    prognos.append(["Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"])
    for area in unit_names(n):
        totals = {"Intäkter": 0.0, "Kostnader": 0.0}
        for v in range(rng.randint(3, 6)):
            activity = f"{area} {v + 1}"
            size = rng.lognormvariate(8.0, 0.7)  # tkr per year
            for typ, sign, share in (("Intäkter", 1, rng.uniform(0.05, 0.3)), ("Kostnader", -1, 1.0)):
                annual = round(sign * size * share)
                months = [round(annual * p / sum(PROFILE)) for p in PROFILE]
                months[-1] += annual - sum(months)
                budget.append([area, activity, typ, annual, *months])
                totals[typ] += annual
                for year, last in ((YEAR - 1, 12), (YEAR, PERIOD)):
                    for m in range(1, last + 1):
                        amount = round(
                            annual / 12 * PROFILE[m - 1] * rng.gauss(1.0, 0.06) * (0.97 if year < YEAR else 1), 1
                        )
                        utfall.append([area, activity, typ, year, m, amount])
        for typ in ("Intäkter", "Kostnader"):
            prognos.append([area, typ, None, None, round(totals[typ] * rng.gauss(1.0, 0.02)), None])
    wb.save(path)


def fill_in(folder: Path, seed: int = 7) -> dict[str, int]:
    """Each unit fills in its workbook; a few make mistakes. Returns counts of each kind."""
    import openpyxl

    rng = random.Random(seed)
    kinds = {"ok": 0, "cost_without_minus": 0, "words_in_number_cell": 0, "locked_cell_changed": 0}
    comments = [
        "Fler placeringar än budgeterat.",
        "Vakanser under sommaren ger lägre kostnader.",
        "Höjda avgifter från 1 juli.",
        "Ökat behov av hemtjänsttimmar.\nFler brukare sedan mars.",
        None,
        None,
    ]
    for i, path in enumerate(sorted(folder.glob("*.xlsx"))):
        wb = openpyxl.load_workbook(path)
        ws = wb["Prognos"]
        col = {c.value: c.column for c in ws[1]}  # the unit workbook's columns, by header
        metod, manuell, kommentar, budget_col = (
            col["Metod"],
            col["Manuell prognos"],
            col["Kommentar"],
            3,
        )  # C: Budget <år>
        for r in (2, 3):
            budget = ws.cell(row=r, column=budget_col).value or 0
            ws.cell(row=r, column=metod).value = rng.choice(["Linjär", "Säsong", "Budgetprofil", None])
            if rng.random() < 0.4:
                ws.cell(row=r, column=metod).value = "Manuell"
                ws.cell(row=r, column=manuell).value = round(budget * rng.gauss(1.02, 0.03))
            ws.cell(row=r, column=kommentar).value = rng.choice(comments)
        kind = "ok"
        if i % 50 == 7:
            ws.cell(row=3, column=metod).value = "Manuell"
            ws.cell(row=3, column=manuell).value = abs(ws.cell(row=3, column=budget_col).value or 1000)
            kind = "cost_without_minus"
        elif i % 50 == 19:
            ws.cell(row=3, column=metod).value = "Manuell"
            ws.cell(row=3, column=manuell).value = "ca -1 200 prel."
            kind = "words_in_number_cell"
        elif i % 100 == 42:
            wb["Budget"]["D2"] = (wb["Budget"]["D2"].value or 0) + 100
            kind = "locked_cell_changed"
        kinds[kind] += 1
        wb.save(path)
    return kinds


def prepare(n: int) -> tuple[Path, Path, dict]:
    base = HERE / "out" / f"validera_v{VERSION}_n{n}"
    master, folder, marker = base / "master.xlsx", base / "inlamningar", base / "klar.txt"
    if marker.exists():
        return master, folder, {**json.loads(marker.read_text(encoding="utf-8")), "cached": True}
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    info: dict = {}
    t = time.perf_counter()
    write_master(master, n)
    info["master_s"] = time.perf_counter() - t
    from workbooks.round.send_out import write_send_out

    t = time.perf_counter()
    write_send_out(master, folder)
    info["utskick_s"] = time.perf_counter() - t
    t = time.perf_counter()
    info["kinds"] = fill_in(folder)
    info["fill_s"] = time.perf_counter() - t
    marker.write_text(json.dumps(info), encoding="utf-8")
    return master, folder, info


# --- the three ways ---------------------------------------------------------------------------
def naive(files: list[Path]) -> int:
    """pandas.read_excel(engine="openpyxl") + a pydantic model per row."""
    import pandas as pd
    from pydantic import ValidationError

    from validation.models import BudgetRow, PrognosRow, UtfallRow

    fields = {
        "Verksamhetsområde": "omrade",
        "Verksamhet": "verksamhet",
        "Typ": "typ",
        "Budget": "budget",
        "År": "ar",
        "Månad": "manad",
        "Belopp": "belopp",
        "Metod": "metod",
        "Manuell prognos": "manuell",
        "Föregående prognos": "foregaende",
        "Kommentar": "kommentar",
    }
    models = {"Budget": BudgetRow, "Utfall": UtfallRow, "Prognos": PrognosRow}
    errors = 0
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
        for name, model in models.items():
            frame = sheets[name].rename(columns=fields)
            for record in frame.to_dict("records"):
                record = {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}
                try:
                    model(**record)
                except ValidationError:
                    errors += 1
    return errors


def bare(files: list[Path]) -> int:
    import python_calamine

    cells = 0
    for path in files:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            cells += len(wb.get_sheet_by_name(name).to_python())
    return cells


def validera(folder: Path, jobs: int | None = None, full: bool = False):
    from workbooks.round.submissions import validate_batch

    return validate_batch([folder], jobs=jobs, full=full)


def cli(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "addin.commands.cli", "validera", str(folder), "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def best(fn, reps: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filer", type=int, default=300)
    parser.add_argument("--upprepa", type=int, default=3)
    parser.add_argument("--dokumentera", action="store_true")
    args = parser.parse_args()

    master, folder, info = prepare(args.filer)
    files = sorted(folder.glob("*.xlsx"))
    print(f"{len(files)} submissions in {folder} ({info})")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    a, naive_errors = best(lambda: naive(files), 1)
    # (b) and (c) interleaved, so drifting load from other processes hits both alike.
    bs, cs, ratios = [], [], []
    batch = None
    for _ in range(args.upprepa):
        b_i, _cells = best(lambda: bare(files), 1)
        c_i, batch = best(lambda: validera(folder), 1)
        bs.append(b_i)
        cs.append(c_i)
        ratios.append(c_i / b_i)
    b, c = min(bs), min(cs)
    c1, _ = best(lambda: validera(folder, jobs=1), args.upprepa)
    cf, _ = best(lambda: validera(folder, full=True), args.upprepa)
    c_cli, _ = best(lambda: cli(folder), args.upprepa)
    counts = batch.counts()
    rows = [
        ("(a) naive: pandas.read_excel(engine='openpyxl') + a pydantic model per row", a),
        ("(b) floor: bare python-calamine read of every sheet", b),
        (f"(c) prognos validera in process ({batch.jobs} worker processes)", c),
        ("(c) prognos validera in process, 1 worker process", c1),
        (f"(c) prognos validera, all rules on every table ({batch.jobs} workers)", cf),
        ("(c) prognos validera on the command line (Python start and imports included)", c_cli),
    ]
    print(f"\nload average (1 min) at start: {load:.2f}; cores: {os.cpu_count()}")
    for label, seconds in rows:
        print(f"{label:80} {seconds:7.2f} s  {seconds / len(files) * 1000:6.2f} ms/file")
    spread = (min(ratios), statistics.median(ratios), max(ratios))
    print(f"\n(a)/(c) = {a / c:.1f}x   (goal >= 10x)")
    print(
        f"(c)/(b) = {c / b:.2f}x  (goal <= 2x); per interleaved run min/median/max "
        f"{spread[0]:.2f}/{spread[1]:.2f}/{spread[2]:.2f}"
    )
    print(f"(c, 1 process)/(b) = {c1 / b:.2f}x;  (c, command line)/(b) = {c_cli / b:.2f}x")
    print(f"result: {counts}; naive: {naive_errors} row errors (it sees no cell, sheet or cross-file problems)")

    if args.dokumentera:
        document(
            len(files), info, rows, a, b, c, c1, c_cli, counts, load, batch.jobs, spread, args.upprepa, naive_errors
        )


def document(n, info, rows, a, b, c, c1, c_cli, counts, load, jobs, spread, reps, naive_errors) -> None:
    path = ROOT / "docs" / "performance.md"
    table = "\n".join(f"| {label} | {s:.2f} s | {s / n * 1000:.2f} ms |" for label, s in rows)
    kinds = info.get("kinds") or {}
    mistakes = ", ".join(f"{v} {k}" for k, v in kinds.items() if k != "ok") or "a few"
    text = f"""{SECTION}

`benchmarks/bench_validera.py` ({dt.date.today().isoformat()}; `--filer {n} --upprepa {reps}`): {n} unit
workbooks made by `prognos utskick` from a master with {n} areas (3–6 activities each,
periodised budget, outcome for last year and January–August: about 130 outcome rows per unit),
filled in as units do (a method, a manual forecast for about 40 %, comments) with some
mistakes ({mistakes}). Best of {reps} runs, (b) and (c) interleaved; 2 cores shared with
other engineers' test runs (load average {load:.2f} at start), so times scatter by ±25 %.

| way | time | per file |
|---|---|---|
{table}

- (a)/(c) = **{a / c:.1f}×** (goal ≥ 10×).
- (c)/(b) = **{c / b:.2f}×** (goal ≤ 2×); per interleaved run min/median/max
  {spread[0]:.2f}/{spread[1]:.2f}/{spread[2]:.2f}×. On one worker process {c1 / b:.2f}×; on the command line, with
  Python's start and imports, {c_cli / b:.2f}×.
- Result: {counts["ok"]} OK, {counts["varningar"]} with warnings, {counts["fel"]} with errors; the naive loop
  reports {naive_errors} row errors (the words in number cells) and sees neither the costs without a
  minus sign nor the changed locked cells.
- The ≤ 2× goal depends on having both cores: (c) is parallel, (b) is one process. Runs on
  2026-11-23 gave (c)/(b) = 1.73× and 1.85× when the machine was otherwise quiet and
  2.0–2.8× while other engineers' test suites ran; on one process the validation cost about
  3.3–4.6× the bare read. Under a load of 2–4 on the 2 cores the ratios of one run scatter
  by a factor 1.5; compare interleaved runs (section "The surgical writer and the command
  line's start").

Why (c) stays close to (b): files are read with python-calamine (no formulas or table
objects needed; table ranges come from the table parts the pre-scan already reads), the zip/XML pre-scan
(sizes, DTDs, cells
far down) decompresses only parts that are read anyway and mostly uses plain byte searches,
and {jobs} worker processes are forked warm (no imports) with two files in flight each. A
workbook from `prognos utskick` whose locked cells are all as sent out (compared cell by cell,
row by row, with the hidden `_Utskick` sheet) has the validated master's Inställningar, Budget
and Utfall, so only the unit's input cells on Prognos get the contract rules (`check_prognos`)
and the traps; any other file, and an utskick with a changed locked cell, gets every rule on
every table (the "all rules" row, which is where the contract rules' pydantic work shows,
`validation.forecast_tables.checks.check_inputs`; no pandas: the command imports neither pandas, openpyxl
nor numpy, issue 15).
Per file the remaining cost over the floor is the pre-scan (~0.5 ms), reading `_Utskick`
and comparing the locked cells (~0.8 ms) and `check_prognos` (~0.3 ms).
"""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in old:
        start = old.index(SECTION)
        rest = old[start + len(SECTION) :]
        end = rest.find("\n## ")
        old = old[:start].rstrip() + ("\n\n" + rest[end + 1 :] if end >= 0 else "")
    path.write_text((old.rstrip() + "\n\n" if old.strip() else "") + text, encoding="utf-8")
    print(f"Wrote the section in {path}")


if __name__ == "__main__":
    main()
