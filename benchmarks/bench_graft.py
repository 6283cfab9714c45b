"""Benchmark of the surgical writer and the command line's start (issue 15).

    .venv/bin/python benchmarks/bench_graft.py [--rows 64000 256000] [--reps 3] [--filer 300]

In one run, ratios against baselines measured in the same run, interleaved so that drifting
machine load hits both sides alike:

(a) ``prognos uppdatera IN -o OUT`` end to end (a subprocess: interpreter start, imports,
    reading, calculation, writing) against (b) openpyxl ``load_workbook`` + ``save`` of the
    same file, for each ``--rows`` size of the synthetic committee workbook
    (``benchmarks/synthetic.py``: 40 areas, Utfall rows = 40 × activities × 2 × 32 months);
    peak memory of (a) (``ru_maxrss`` of a fresh wrapper process per run);
(c) ``python -c "import addin.commands.cli"`` and ``prognos --help``;
(d) ``prognos validera`` of ``--filer`` unit workbooks on the command line against the bare
    python-calamine read of every sheet of the same files (``benchmarks/bench_validera.py``'s
    corpus and functions).

Goals (issue 15): (a)/(b) ≤ 0.2 at 64 000 rows and ≤ 0.1 at 256 000; peak < 400 MB at
256 000; import ≤ 0.3 s; (d) ≤ 3×. Prints a table; writes ``benchmarks/out/graft.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_validera  # noqa: E402
import synthetic  # noqa: E402
from run import FLOOR_CODE, machine, measure_subprocess  # noqa: E402

ROOT = HERE.parent
OUT_DIR = HERE / "out"
AREAS, YEARS, YEAR, PERIOD, SEED = 40, 3, 2025, 8, 20250
GOALS = {64_000: 0.2, 256_000: 0.1}
PEAK_GOAL_MB = 400.0
IMPORT_GOAL_S = 0.3
VALIDERA_GOAL = 3.0


def activities_for(rows: int) -> int:
    months = 12 * (YEARS - 1) + PERIOD
    return max(1, round(rows / (AREAS * 2 * months)))


def prognos_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "prognos"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "addin.commands.cli"]


def bench_size(rows: int, reps: int) -> dict:
    activities = activities_for(rows)
    path = synthetic.build(AREAS, activities, YEARS, YEAR, PERIOD, SEED)
    out_upd, out_floor = OUT_DIR / f"graft_{rows}.xlsx", OUT_DIR / f"graft_floor_{rows}.xlsx"
    cmds = {
        "uppdatera": prognos_cmd() + ["uppdatera", str(path), "-o", str(out_upd)],
        "floor": [sys.executable, "-c", FLOOR_CODE, str(path), str(out_floor)],
    }
    runs: dict[str, list[dict]] = {"uppdatera": [], "floor": []}
    for i in range(reps):
        for name, cmd in cmds.items():
            r = measure_subprocess(cmd)
            if r["rc"] != 0:
                raise SystemExit(f"{name} avslutades med {r['rc']}: {r['stderr'][-500:]}")
            runs[name].append(r)
            print(
                f"  {rows:>7} rader [{i + 1}/{reps}] {name:<10} {r['wall_s']:7.2f} s {r['peak_mb']:6.0f} MiB",
                flush=True,
            )
    upd = [r["wall_s"] for r in runs["uppdatera"]]
    floor = [r["wall_s"] for r in runs["floor"]]
    pairs = [u / f for u, f in zip(upd, floor)]
    return {
        "rows": rows,
        "activities": activities,
        "file_mb": path.stat().st_size / 2**20,
        "uppdatera_s": statistics.median(upd),
        "floor_s": statistics.median(floor),
        "ratio": statistics.median(upd) / statistics.median(floor),
        "ratio_per_pair": pairs,
        "peak_mb": max(r["peak_mb"] for r in runs["uppdatera"]),
        "floor_peak_mb": max(r["peak_mb"] for r in runs["floor"]),
        "samples": {k: [r["wall_s"] for r in v] for k, v in runs.items()},
    }


def bench_start(reps: int) -> dict:
    out = {}
    for name, cmd in (
        ("import", [sys.executable, "-c", "import addin.commands.cli"]),
        ("help", prognos_cmd() + ["--help"]),
    ):
        samples = [measure_subprocess(cmd)["wall_s"] for _ in range(reps)]
        out[name] = {"median_s": statistics.median(samples), "min_s": min(samples), "samples": samples}
        print(f"  {name:<10} {statistics.median(samples):.3f} s", flush=True)
    return out


def measure_validera(files: int, reps: int) -> dict:
    _master, folder, _info = bench_validera.prepare(files)
    paths = sorted(folder.glob("*.xlsx"))
    bare, cli = [], []
    for i in range(reps):
        start = time.perf_counter()
        bench_validera.bare(paths)
        bare.append(time.perf_counter() - start)
        cli.append(bench_validera.cli(folder))
        print(f"  validera [{i + 1}/{reps}] bare {bare[-1]:.2f} s, kommandorad {cli[-1]:.2f} s", flush=True)
    return {
        "files": len(paths),
        "bare_s": min(bare),
        "cli_s": min(cli),
        "ratio": min(cli) / min(bare),
        "ratio_median": statistics.median(cli) / statistics.median(bare),
        "samples": {"bare": bare, "cli": cli},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Det kirurgiska skrivsättets benchmark (issue 15).")
    parser.add_argument("--rows", type=int, nargs="*", default=[64_000, 256_000], help="Utfall-rader")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--filer", type=int, default=300, help="enheternas arbetsböcker för validera (0: hoppa över)")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "graft.json")
    args = parser.parse_args()
    os.chdir(ROOT)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "sizes": [], "start": bench_start(args.reps + 2)}
    for rows in args.rows:
        results["sizes"].append(bench_size(rows, args.reps))
    if args.filer:
        results["validera"] = measure_validera(args.filer, args.reps)
    print()
    print(f"Maskin: {results['machine']['nproc']} kärnor, load {results['machine']['loadavg_at_start']}")
    for s in results["sizes"]:
        goal = GOALS.get(s["rows"])
        verdict = "" if goal is None else (f"mål ≤ {goal}×: " + ("OK" if s["ratio"] <= goal else "MISSAT"))
        print(
            f"{s['rows']:>7} rader: uppdatera {s['uppdatera_s']:.2f} s, openpyxl load+save {s['floor_s']:.2f} s, "
            f"kvot {s['ratio']:.3f}× {verdict}; toppminne {s['peak_mb']:.0f} MiB "
            f"({s['peak_mb'] * 2**20 / 1e6:.0f} MB; golvet {s['floor_peak_mb']:.0f} MiB)"
        )
    start = results["start"]
    print(
        f"import addin.commands.cli {start['import']['median_s']:.3f} s (mål ≤ {IMPORT_GOAL_S} s), "
        f"prognos --help {start['help']['median_s']:.3f} s"
    )
    if "validera" in results:
        v = results["validera"]
        print(
            f"validera {v['files']} filer på kommandoraden {v['cli_s']:.2f} s mot calamine {v['bare_s']:.2f} s: "
            f"{v['ratio']:.2f}× (median {v['ratio_median']:.2f}×; mål ≤ {VALIDERA_GOAL}×)"
        )
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultat: {args.json}")


if __name__ == "__main__":
    main()
