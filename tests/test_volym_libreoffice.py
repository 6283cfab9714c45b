"""Charts and volume formulas survive LibreOffice: every formula of Volymanalys, Prognossäkerhet
and Diagram equals the engine after recalculation, the charts are in the written and in the
round-tripped workbook, and the PDF LibreOffice prints shows them."""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile

import openpyxl
import pytest
from conftest import EXAMPLE, recalc, require_tool, same_value, soffice
from volym_hjalp import volym_tables, write

from addin.commands.uppdatera import run_uppdatera
from workbooks.books.sheet_spec import range_values
from workbooks.report.charts.word_charts import chart_xml

CHART_TITLES = (
    "Budgetavvikelse per verksamhetsområde",
    "Nettokostnad per månad 2023 mot periodiserad budget",
    "Ackumulerad nettokostnad 2023: utfall och prognos mot budget",
    "Volym- och prisbrygga för volymdrivna kostnader",
)
SHEETS = ("Volymanalys", "Prognossäkerhet", "Diagram")


def _charts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}


def _titles(xml: str) -> str:
    return "".join(re.findall(r"<a:t>([^<]*)</a:t>", xml))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("volym_lo")
    out = tmp / "uppdaterad.xlsx"
    result = run_uppdatera(EXAMPLE, out, show_progress=False)
    assert result.ok
    return result, out, tmp


def test_charts_in_written_workbook(written):
    _result, out, _tmp = written
    charts = _charts(out)
    assert len(charts) == 8  # the four on Diagram and the same four on Rapport
    titles = " ".join(_titles(x) for x in charts.values())
    for title in CHART_TITLES:
        assert title in titles
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-4:] == ["Volymanalys", "Prognossäkerhet", "Diagram", "Valideringsfel"]


def test_formulas_and_charts_after_libreoffice(written):
    result, out, tmp = written
    office_path = recalc(out, tmp / "lo")
    office = openpyxl.load_workbook(office_path, data_only=True)
    checked = 0
    for spec in result.sheets:
        if spec.name not in SHEETS:
            continue
        for ref, value in spec.formula_values().items():
            got = office[spec.name][ref].value
            assert same_value(value, got), f"{spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
            checked += 1
    assert checked > 150
    charts = _charts(office_path)  # the round trip keeps every chart
    assert len(charts) == 8  # the four on Diagram and the same four on Rapport
    titles = " ".join(_titles(x) for x in charts.values())
    for title in CHART_TITLES:
        assert title in titles


def test_pdf_shows_the_charts(written):
    _result, out, tmp = written
    exe = soffice() or require_tool("soffice", "libreoffice-calc-nogui")
    require_tool("pdfinfo", "poppler-utils")
    pdfdir = tmp / "pdf"
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(pdfdir),
                str(out),
            ],
            capture_output=True,
            timeout=300,
        )
    pdf = pdfdir / "uppdaterad.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= len(openpyxl.load_workbook(out).sheetnames)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    # chart titles are not in any cell: they are in the PDF only if the charts were drawn
    for title in ("Budgetavvikelse per", "Nettokostnad per månad 2023", "Volym- och prisbrygga för"):
        assert title in flat, title
    # the four charts are on the Diagram's two pages, two a page
    page = next(
        p
        for p in range(1, pages + 1)
        if "Diagram – "
        in subprocess.run(
            ["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True, text=True
        ).stdout
    )
    two = " ".join(
        subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page + 1), str(pdf), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert all(
        t in two
        for t in ("Budgetavvikelse per", "Nettokostnad per", "Ackumulerad nettokostnad", "Volym- och prisbrygga")
    )


def test_volym_method_formulas_after_libreoffice(tmp_path):
    path = write(tmp_path, volym_tables("Volym"))
    out = tmp_path / "ut.xlsx"
    result = run_uppdatera(path, out, show_progress=False)
    assert result.ok
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}"


def test_word_charts_carry_their_values(written):
    """The Word document's native charts hold each series' values and the category labels
    (Word and LibreOffice draw from that cache), the same as the Diagram sheet's cells."""
    result, _out, _tmp = written
    sheet = next(s for s in result.sheets if s.name == "Diagram")
    assert [c.name for c in sheet.charts] == [
        "avvikelse_per_omrade",
        "manad_mot_budget",
        "ackumulerat_mot_budget",
        "volym_prisbrygga",
    ]
    for chart in sheet.charts:
        xml = chart_xml(chart, sheet).decode("utf-8")
        for label in range_values(sheet, chart.categories):
            assert f"<v>{label}</v>" in xml, label
        cached = [
            float(v) for v in re.findall(r"<pt idx=\"\d+\"><v>([^<]+)</v>", xml) if re.fullmatch(r"[-\d.eE+]+", v)
        ]
        for series in chart.series:
            for value in range_values(sheet, series.values):
                if isinstance(value, (int, float)):
                    assert any(abs(v - value) < 1e-9 for v in cached), (chart.name, value)
