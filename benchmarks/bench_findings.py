"""Benchmark of a live refresh whose outcome is split over many rows (issue 21, item 6), and of
``prognos uppdatera`` against the same baseline (issue 21: nothing slows it by more than 5 %).

    .venv/bin/python benchmarks/bench_findings.py --baseline DIR [--reps 3] [--parts 32 320] [--uppdatera 64000]

The bundled example with each Utfall row split into ``parts`` rows (``tests/officejs.py``'s
``split_outcome``: 320 × 32 = 10 240 and 320 × 320 = 102 400 rows, the same figures, so
every split row but the first of its key is a "Dubblett") refreshed as the add-in refreshes a
live book (``addin.server.scripts.run_script("uppdatera_prognos")`` on an xlwings book made
from the JSON Excel sends), in a fresh interpreter per run, for this tree and for ``DIR``, a
checkout of the code to compare with (e.g. ``git archive main | tar -x -C DIR``), run
alternately so machine load hits both alike. Prints seconds (median), the findings written
to Valideringsfel and the ratio this tree / baseline. ``--uppdatera ROWS``: also ``prognos
uppdatera`` of the synthetic committee (``benchmarks/synthetic.py``, as ``bench_graft.py``) in
both trees alternately, wall and CPU seconds (the CPU time of the child, less sensitive to a
loaded machine). Writes ``benchmarks/out/findings.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT_DIR = HERE / "out"
EXAMPLE = ROOT / "workbooks" / "exempel" / "botkyrka_sn_2023_delar1.xlsx"

# Run in the tree under test: time the refresh only (the payload is built before the clock).
CHILD = r"""
import json, os, sys, time
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
import xlwings as xw
try:
    from addin.server import scripts
except ImportError:  # a tree from before the reorganisation (issue 19)
    from addin import server_scripts as scripts
payload = json.load(open(sys.argv[1]))
book = xw.Book(json=payload)
t0 = time.perf_counter()
scripts.run_script("uppdatera_prognos", book)
seconds = time.perf_counter() - t0
actions = book.json()["actions"]
print(json.dumps({"seconds": seconds, "actions": len(actions)}))
"""


def payload_file(parts: int, tmp: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.officejs import book_payload, split_outcome

    path = EXAMPLE if parts == 1 else split_outcome(EXAMPLE, tmp / f"utfall_x{parts}.xlsx", parts)
    target = tmp / f"payload_x{parts}.json"
    target.write_text(json.dumps(book_payload(path)))
    return target


def run(tree: Path, payload: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(payload)], capture_output=True, text=True, env=env, cwd=tree, timeout=900
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def findings_rows(tree: Path, workbook: Path) -> int:
    """Rows of Valideringsfel after ``prognos uppdatera`` (the same findings as the live book)."""
    code = (
        "import sys\nfrom pathlib import Path\n"
        "try:\n    from validation.forecast_tables.inputs import read_inputs\n"
        "except ImportError:\n    from validation.inputs import read_inputs\n"
        "try:\n    from workbooks.books.package_book import PackageBook\n"
        "except ImportError:\n    from workbooks.package_book import PackageBook\n"
        "print(len(read_inputs(PackageBook(Path(sys.argv[1])))[1]))"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(workbook)], capture_output=True, text=True, env=env, cwd=tree
    )
    return int(done.stdout.strip() or -1)


def uppdatera_pair(baseline: Path, rows: int, reps: int, tmp: Path) -> dict:
    """``prognos uppdatera`` of the synthetic committee, baseline and this tree alternately."""
    sys.path.insert(0, str(HERE))
    import bench_graft
    import synthetic

    path = synthetic.build(
        bench_graft.AREAS,
        bench_graft.activities_for(rows),
        bench_graft.YEARS,
        bench_graft.YEAR,
        bench_graft.PERIOD,
        bench_graft.SEED,
    )
    samples: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in ("baseline", "this")}
    for i in range(reps):
        for name in ("baseline", "this") if i % 2 == 0 else ("this", "baseline"):
            tree = baseline if name == "baseline" else ROOT
            env = {**os.environ, "PYTHONPATH": str(tree)}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "addin.commands.cli",
                    "uppdatera",
                    str(path),
                    "-o",
                    str(tmp / f"uppdatera_{name}.xlsx"),
                ],
                cwd=tree,
                env=env,
                capture_output=True,
                check=True,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            samples[name]["wall"].append(time.perf_counter() - start)
            samples[name]["cpu"].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    out = {"rows": rows, "samples": samples}
    for kind in ("wall", "cpu"):
        b, t = (statistics.median(samples[n][kind]) for n in ("baseline", "this"))
        out[kind] = {"baseline_s": b, "this_s": t, "ratio": t / b}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--parts", type=int, nargs="*", default=[32, 320])
    parser.add_argument("--uppdatera", type=int, default=0, help="also prognos uppdatera at this many Utfall rows")
    args = parser.parse_args()
    results = []
    pair = None
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for parts in args.parts:
            payload = payload_file(parts, tmp)
            times: dict[str, list[float]] = {"baseline": [], "this": []}
            for _ in range(args.reps):
                times["baseline"].append(run(args.baseline, payload)["seconds"])
                times["this"].append(run(ROOT, payload)["seconds"])
            workbook = tmp / f"utfall_x{parts}.xlsx"
            row = {
                "rows": 320 * parts,
                "baseline_s": statistics.median(times["baseline"]),
                "this_s": statistics.median(times["this"]),
                "findings_baseline": findings_rows(args.baseline, workbook),
                "findings_this": findings_rows(ROOT, workbook),
                "runs": times,
            }
            row["ratio"] = row["this_s"] / row["baseline_s"]
            results.append(row)
        if args.uppdatera:
            pair = uppdatera_pair(args.baseline, args.uppdatera, max(2, args.reps), tmp)
    print("| Utfall rows | findings before → after | refresh before | refresh after | after / before |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['findings_baseline']:,} → {r['findings_this']:,} | {r['baseline_s']:.2f} s | "
            f"{r['this_s']:.2f} s | {r['ratio']:.2f} |".replace(",", " ")
        )
    if pair:
        for kind in ("wall", "cpu"):
            r = pair[kind]
            print(
                f"uppdatera {pair['rows']} rows, {kind}: baseline {r['baseline_s']:.2f} s, this {r['this_s']:.2f} s, "
                f"this / baseline {r['ratio']:.3f}"
            )
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "findings.json").write_text(json.dumps({"refresh": results, "uppdatera": pair}, indent=2))


if __name__ == "__main__":
    main()
