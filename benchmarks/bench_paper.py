"""Benchmark of ``prognos rapport`` on the bundled example (issue 20: at most 2 s of wall time).

    .venv/bin/python benchmarks/bench_paper.py [--upprepa 5]

Measures in one run, on the same machine and load:

(a) ``prognos rapport EXAMPLE -o UT.docx`` end to end in a subprocess (interpreter start,
    imports, reading, the refresh, the Word document, saving);
(b) the floor: a subprocess that only imports what the command imports
    (``import addin.commands.rapport``) and ends;
(c) in process, the parts of (a) after the imports: reading and the refresh, building the
    document (tables as XML, native Word charts), saving;
(d) the way before issue 20 for comparison: the same four charts drawn as matplotlib pictures
    (import and drawing, in a subprocess), which took most of a report's time then.

Times are the median and the best of ``--upprepa`` runs; other engineers share the machine, so
the load average is printed with the figures. The ratio (a)/(b) says how much the command
costs above its own imports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "workbooks" / "exempel" / "botkyrka_sn_2023_delar1.xlsx"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: the modules byte-compiled once

PICTURES = """
import io, sys
sys.path.insert(0, {root!r})
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure
from addin.ribbon.paper import skapa_rapport
from workbooks.books.package_book import PackageBook
from workbooks.books.sheet_spec import range_values
made = skapa_rapport(PackageBook({example!r}))
diagram = next(s for s in made.result.sheets if s.name == "Diagram")
for chart in diagram.charts:
    fig = Figure(figsize=(chart.width_cm / 2.54, chart.height_cm / 2.54), dpi=150)
    ax = fig.add_subplot()
    labels = [str(v) for v in range_values(diagram, chart.categories)]
    for s in chart.series:
        values = [v if isinstance(v, (int, float)) else 0.0 for v in range_values(diagram, s.values)]
        (ax.plot if chart.kind == "line" else ax.bar)(range(len(values)), values)
    ax.set_xticks(range(len(labels)), labels, fontsize=6)
    ax.set_title(chart.title, fontsize=9)
    fig.tight_layout()
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
"""


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, env=ENV, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def in_process(out: Path) -> dict[str, float]:
    """(c): the parts after the imports, in this process (imports done before timing)."""
    from addin.ribbon.paper import skapa_rapport
    from workbooks.books.package_book import PackageBook
    from workbooks.report.paper_word import save

    skapa_rapport(PackageBook(EXAMPLE))  # warm: first calls of pandas and lxml
    t0 = time.perf_counter()
    made = skapa_rapport(PackageBook(EXAMPLE))
    t1 = time.perf_counter()
    save(made.document, out)
    t2 = time.perf_counter()
    return {"läsning, uppdatering och dokument": t1 - t0, "spara": t2 - t1}


def summary(name: str, values: list[float]) -> str:
    return f"{name:58s} median {statistics.median(values):5.2f} s   bäst {min(values):5.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upprepa", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    subprocess.run(
        [python, "-m", "compileall", "-q", "addin", "udfs", "validation", "workbooks"], env=ENV, cwd=ROOT, check=True
    )
    with tempfile.TemporaryDirectory(prefix="bench_paper_") as tmp:
        out = Path(tmp) / "ekonomi.docx"
        command = [python, "-m", "addin.commands.cli", "rapport", str(EXAMPLE), "-o", str(out)]
        floor = [python, "-c", "import addin.commands.rapport"]
        pictures = [python, "-c", PICTURES.format(root=str(ROOT), example=str(EXAMPLE))]
        timed(command)  # warm the file cache
        a, b = [], []
        for _ in range(args.upprepa):
            a.append(timed(command))
            b.append(timed(floor))
        d = [timed(pictures) for _ in range(max(1, args.upprepa // 2))]
        c = in_process(Path(tmp) / "inprocess.docx")
    print(f"Maskin: {os.cpu_count()} kärnor, belastning {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(summary("(a) prognos rapport på exemplet, hela kommandot", a))
    print(summary("(b) golvet: tolken och kommandots importer", b))
    for name, value in c.items():
        print(f"(c) i processen: {name:40s} {value:5.2f} s")
    print(summary("(d) som före issue 20: fyra diagram som matplotlib-bilder", d))
    print(f"(a)/(b) = {statistics.median(a) / statistics.median(b):.2f}; mål (a) ≤ 2,0 s")


if __name__ == "__main__":
    main()
