"""What the request guard's nesting check costs (issue 21 item 8), against the JSON parse the
guard makes of the same body anyway (the baseline, measured in the same run).

    .venv/bin/python benchmarks/bench_guard.py [--reps 20]

Bodies: a refresh of the bundled example as Excel sends it (``tests/officejs.book_payload``),
the same book with a sheet of 200 000 cells (the most the task pane sends inline,
``addin/server/big_sheets.INLINE_CELLS``; text cells with brackets and quotes) and a body of
20 MB of ``[`` (the body limit, all of it nesting). Prints a Markdown table: the median time
of ``nesting_depth`` and of ``json.loads`` per body, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from addin.server.json_depth import MAX_DEPTH, nesting_depth
from tests.officejs import book_payload

EXAMPLE = ROOT / "workbooks" / "exempel" / "botkyrka_sn_2023_delar1.xlsx"


def bodies() -> dict[str, bytes]:
    book = book_payload(EXAMPLE)
    big = json.loads(json.dumps(book))
    rows = [[f'Konto {i} ["x"]', i * 1.25, "2023-01-31T00:00:00.000Z", "Kommentar {a}"] for i in range(50_000)]
    big["sheets"].append({**book["sheets"][0], "name": "Stor", "values": rows})
    return {
        "example refresh": json.dumps(book).encode("utf-8"),
        "200 000 cells": json.dumps(big, ensure_ascii=False).encode("utf-8"),
        "20 MB of [": b"[" * (20 * 1024 * 1024),
    }


def median_seconds(call, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def parse_or_fail(body: bytes) -> None:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        pass  # what the guard would answer 400 to; the time is what counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    reps = parser.parse_args().reps
    print("| body | size | nesting check | json.loads (baseline) | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, body in bodies().items():
        check = median_seconds(lambda body=body: nesting_depth(body, stop_above=MAX_DEPTH), reps)
        parse = median_seconds(lambda body=body: parse_or_fail(body), reps)
        print(
            f"| {name} | {len(body) / 1e6:.2f} MB | {check * 1000:.2f} ms | {parse * 1000:.2f} ms | "
            f"{check / parse:.2f} |"
        )


if __name__ == "__main__":
    main()
