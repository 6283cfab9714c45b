"""The ledger benchmark (issue 10): a 500 000-row ledger export read, mapped through the
Kodplan and Kommun-Bas, reconciled and aggregated, against the bare python-calamine read of
the same sheet, in the same run.

    .venv/bin/python benchmarks/bench_huvudbok.py [--codes 100 --accounts 60 --years 7] [--reps 3]

(a) the floor: ``CalamineWorkbook.from_path(f).get_sheet_by_name("Utfall").to_python()``;
(b) Prognos: the same file opened with calamine, then ``validation.forecast_tables.inputs.read_inputs`` on a
    calamine-backed table source: every table read (the ledger's header found below its title
    rows), the ledger interpreted (periods, signs, Kodplan, Kommun-Bas), reconciled per
    kontoklass, aggregated to the report's frames, plus ``per_kostnadsslag``.
Each repetition of (a) and (b) runs in its own fresh process (interleaved), so the peak RSS
(``ru_maxrss``) of each is its own. Goal: (b) ≤ 2 × (a), judged on the median of the
per-pair ratios (each pair runs back to back, so load drifting between pairs cancels). Results are printed
and written to ``benchmarks/out/huvudbok.json``. The generated workbook (≈ 17 MB) is cached
under ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
GOAL = 2.0

FLOOR = """
import sys, time, python_calamine
t = time.perf_counter()
rows = python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name("Utfall").to_python()
print(time.perf_counter() - t, len(rows))
"""

PROGNOS = """
import sys, time
t = time.perf_counter()
import python_calamine
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.table_cut import read_contract_table

class CalamineSource:
    def __init__(self, path):
        self.wb = python_calamine.CalamineWorkbook.from_path(path)
    def table(self, spec):
        # each grid is fresh and not kept: owned, as the file adapter (workbooks/books/package_book.py) reads
        return read_contract_table(spec, [], self.wb.sheet_names,
                                   lambda sheet, last_row, last_col: self.wb.get_sheet_by_name(sheet).to_python(),
                                   owned=True)

t0 = time.perf_counter()
inputs, findings = read_inputs(CalamineSource(sys.argv[1]), "bench.xlsx")
assert inputs is not None, [f.one_line() for f in findings if f.is_error][:5]
slag = inputs.huvudbok.per_kostnadsslag(inputs.settings.ar, inputs.settings.period)
recon = inputs.huvudbok.table("Utfall").tolkning.avstamning
assert (recon["differens"] == 0).all()
print(time.perf_counter() - t0, len(inputs.utfall), time.perf_counter() - t)
"""


def make_workbook(path: Path, codes: int, accounts: int, years: int) -> int:
    """A ledger export: codes × accounts × 12 months × years rows (write-only openpyxl, numpy)."""
    import numpy as np
    from openpyxl import Workbook

    rng = np.random.default_rng(20260101)
    wb = Workbook(write_only=True)
    s = wb.create_sheet("Inställningar")
    s.append(["Parameter", "Värde"])
    last_year = 2025
    for row in (
        ["Nämnd", "Bänknämnden"],
        ["År", last_year],
        ["Period", 12],
        ["Enhet", "tkr"],
        ["Kostnader", "positiva"],
        ["Intäkter", "negativa"],
        ["Huvudbok i", "kr"],
    ):
        s.append(row)
    code_list = [4000 + 10 * i for i in range(codes)]
    k = wb.create_sheet("Kodplan")
    k.append(["Ansvar", "Verksamhetsområde"])
    for area in range(10):  # ten areas, each a range of ten codes
        k.append([f"{4000 + 100 * area}-{4000 + 100 * area + 99}", f"Område {area + 1}"])
    revenue = [3110, 3410, 3510, 3610, 3990]
    cost = [4010, 4520, 4610, 5110, 5610, 5710, 6010, 6410, 6810, 7010, 7410, 7910]
    pool = revenue + cost + [8510]
    acc = [pool[i % len(pool)] + (i // len(pool)) for i in range(accounts)]
    b = wb.create_sheet("Budget")
    b.append(["Ansvar", "Konto", "Budget"])
    for code in code_list:
        for a in acc:
            if a < 8000:  # debit/credit: revenue negative
                value = int(rng.integers(10_000, 1_000_000))
                b.append([code, a, -value if a < 4000 else value])
    u = wb.create_sheet("Utfall")
    u.append(["Huvudbok – bänkexport"])
    u.append(["Urval: alla ansvar, alla konton"])
    u.append([])
    u.append(["Ansvar", "Verksamhet", "Konto", "Period", "Belopp", "Text"])
    n = 0
    is_rev = np.array([a < 4000 or (8400 <= a < 8500) for a in acc])
    for year in range(last_year - years + 1, last_year + 1):
        for month in range(1, 13):
            period = year * 100 + month
            amounts = rng.integers(100, 200_000, size=(len(code_list), len(acc)))
            for ci, code in enumerate(code_list):
                line = amounts[ci]
                for ai, a in enumerate(acc):
                    value = int(line[ai])
                    u.append([code, 500 + ci % 7, a, period, -value if is_rev[ai] else value, "Konto"])
                    n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return n


def child(code: str, path: Path) -> dict:
    """Run ``code`` in a fresh interpreter; its printed timings and peak RSS."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "p = subprocess.run([sys.executable, '-c', sys.argv[1], sys.argv[2]], capture_output=True, text=True)\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'out': p.stdout, 'err': p.stderr[-2000:], 'rc': p.returncode, 'rss_kib': rss}))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", wrapper, code, str(path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    data = json.loads(res.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise SystemExit(f"failed: {data['err']}")
    values = [float(v) for v in data["out"].split()]
    factor = 1 if sys.platform == "darwin" else 1024
    return {"values": values, "peak_mb": data["rss_kib"] * factor / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=100)
    parser.add_argument("--accounts", type=int, default=60)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    path = OUT / f"huvudbok_{args.codes}x{args.accounts}x{args.years}.xlsx"
    rows = args.codes * args.accounts * 12 * args.years
    if not path.exists():
        start = time.perf_counter()
        make_workbook(path, args.codes, args.accounts, args.years)
        print(f"skrev {path.name} ({rows} rader) på {time.perf_counter() - start:.1f} s")
    floor, ours = [], []
    for _ in range(args.reps):
        floor.append(child(FLOOR, path))
        ours.append(child(PROGNOS, path))
    f = statistics.median(r["values"][0] for r in floor)
    o = statistics.median(r["values"][0] for r in ours)
    # each (a, b) pair ran back to back: its ratio is robust to load drifting between pairs
    paired = statistics.median(b["values"][0] / a["values"][0] for a, b in zip(floor, ours))
    result = {
        "rows": rows,
        "file_mb": path.stat().st_size / 2**20,
        "reps": args.reps,
        "calamine_read_s": f,
        "prognos_s": o,
        "ratio_of_medians": o / f,
        "ratio": paired,
        "goal_ratio": GOAL,
        "prognos_with_imports_s": statistics.median(r["values"][2] for r in ours),
        "peak_mb_calamine": max(r["peak_mb"] for r in floor),
        "peak_mb_prognos": max(r["peak_mb"] for r in ours),
        "samples": {"calamine": [r["values"][0] for r in floor], "prognos": [r["values"][0] for r in ours]},
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "huvudbok.json").write_text(json.dumps(result, indent=2))
    print(f"{rows} rader, fil {result['file_mb']:.1f} MiB, median av {args.reps}:")
    print(f"  (a) calamine läser bladet Utfall:      {f:6.2f} s, topp {result['peak_mb_calamine']:.0f} MiB")
    print(f"  (b) Prognos läser, tolkar, stämmer av: {o:6.2f} s, topp {result['peak_mb_prognos']:.0f} MiB")
    print(f"  kvot (b)/(a): median av parvisa kvoter {paired:.2f}, kvot av medianer {o / f:.2f} (mål ≤ {GOAL})")
    return 0 if paired <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
