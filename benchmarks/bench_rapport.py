"""`prognos rapport` against `prognos uppdatera` on a ledger of a million rows (issue 21, 7).

    .venv/bin/python benchmarks/bench_rapport.py [--codes 100 --accounts 60 --years 14] [--reps 3]
                                                  [--openpyxl]

Both commands run end to end on the same ledger workbook (``bench_huvudbok.make_workbook``:
codes × accounts × 12 months × years rows; 1 008 000 by default, ≈ 25 MB, generated once and
cached under ``benchmarks/out/``), each in a fresh process whose peak RSS (``ru_maxrss``) is its
own, interleaved so that drifting machine load hits both alike. Goals: rapport ≤ 2 × uppdatera
(the median of the per-pair ratios) and rapport's peak under 1 GB (10⁹ bytes).
``--openpyxl`` also runs, once, the report the way it read before issue 21 (openpyxl's
``load_workbook`` of the whole input, ``XlsxBook``), as the before figure.
Prints a table; writes ``benchmarks/out/rapport.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_huvudbok  # noqa: E402
from bench_graft import prognos_cmd  # noqa: E402
from run import machine, measure_subprocess  # noqa: E402

ROOT = HERE.parent
OUT_DIR = HERE / "out"
RATIO_GOAL = 2.0
PEAK_GOAL_BYTES = 1_000_000_000
DAY = "2026-01-15"  # a fixed report date: the same document on every run

# The report as ``prognos rapport`` made it before issue 21: the input loaded by openpyxl.
OPENPYXL_RAPPORT = """
import sys
from datetime import date
from addin.ribbon.paper import skapa_rapport
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper_word import save
made = skapa_rapport(XlsxBook(sys.argv[1]), file="bench.xlsx", datum=date.fromisoformat(sys.argv[3]))
save(made.document, sys.argv[2])
"""


def run_once(name: str, cmd: list[str]) -> dict:
    result = measure_subprocess(cmd)
    if result["rc"] not in (0, 1):  # 1: findings (the ledger's own warnings are not errors here)
        raise SystemExit(f"{name} avslutades med {result['rc']}: {result['stderr'][-800:]}")
    print(f"  {name:<22} {result['wall_s']:7.2f} s  topp {result['peak_mb']:6.0f} MiB", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=100)
    parser.add_argument("--accounts", type=int, default=60)
    parser.add_argument("--years", type=int, default=14)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--openpyxl", action="store_true", help="mät också den gamla läsningen med openpyxl, en gång")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "rapport.json")
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"huvudbok_{args.codes}x{args.accounts}x{args.years}.xlsx"
    rows = args.codes * args.accounts * 12 * args.years
    if not path.exists():
        start = time.perf_counter()
        bench_huvudbok.make_workbook(path, args.codes, args.accounts, args.years)
        print(f"skrev {path.name} ({rows} rader) på {time.perf_counter() - start:.1f} s", flush=True)
    cmds = {
        "uppdatera": prognos_cmd() + ["uppdatera", str(path), "-o", str(OUT_DIR / "rapport_bench.xlsx")],
        "rapport": prognos_cmd() + ["rapport", str(path), "-o", str(OUT_DIR / "rapport_bench.docx"), "--datum", DAY],
    }
    runs: dict[str, list[dict]] = {name: [] for name in cmds}
    for i in range(args.reps):
        print(f"[{i + 1}/{args.reps}]", flush=True)
        for name, cmd in cmds.items():
            runs[name].append(run_once(name, cmd))
    wall = {name: [r["wall_s"] for r in rs] for name, rs in runs.items()}
    pairs = [r / u for r, u in zip(wall["rapport"], wall["uppdatera"])]
    result = {
        "rows": rows,
        "file_mb": path.stat().st_size / 2**20,
        "reps": args.reps,
        "uppdatera_s": statistics.median(wall["uppdatera"]),
        "rapport_s": statistics.median(wall["rapport"]),
        "ratio": statistics.median(pairs),
        "ratio_per_pair": pairs,
        "goal_ratio": RATIO_GOAL,
        "peak_mib": {name: max(r["peak_mb"] for r in rs) for name, rs in runs.items()},
        "samples": wall,
        "machine": machine(),
    }
    if args.openpyxl:
        old = run_once(
            "rapport med openpyxl",
            [sys.executable, "-c", OPENPYXL_RAPPORT, str(path), str(OUT_DIR / "rapport_bench_openpyxl.docx"), DAY],
        )
        result["openpyxl_rapport"] = {"wall_s": old["wall_s"], "peak_mib": old["peak_mb"]}
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    peak = result["peak_mib"]["rapport"] * 2**20
    print(f"\n{rows} rader, fil {result['file_mb']:.1f} MiB, median av {args.reps}:")
    print(f"  uppdatera {result['uppdatera_s']:6.2f} s, topp {result['peak_mib']['uppdatera']:.0f} MiB")
    print(
        f"  rapport   {result['rapport_s']:6.2f} s, topp {result['peak_mib']['rapport']:.0f} MiB ({peak / 1e9:.2f} GB)"
    )
    if "openpyxl_rapport" in result:
        old = result["openpyxl_rapport"]
        print(f"  rapport med openpyxl (före): {old['wall_s']:.2f} s, topp {old['peak_mib']:.0f} MiB")
    ok = result["ratio"] <= RATIO_GOAL and peak < PEAK_GOAL_BYTES
    print(
        f"  kvot rapport/uppdatera: median av parvisa kvoter {result['ratio']:.2f} (mål ≤ {RATIO_GOAL}); "
        f"toppminne under 1 GB: {'ja' if peak < PEAK_GOAL_BYTES else 'NEJ'}"
    )
    print(f"Resultat: {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
