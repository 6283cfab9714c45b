"""prognos rapport: the economic section as Word, opened by LibreOffice Writer and read back.

The numbers printed in the PDF are the workbook's (the engine's, formatted the Swedish way);
every area is there; each section fits its page; page numbers are fields.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date

import docx
import pytest
from conftest import sha256
from pdf_hjalp import page_size_mm, pages, to_pdf
from workbook_factory import minimal_rows, setting, write_workbook

from addin.commands.cli import main
from addin.ribbon.paper import skapa_rapport
from udfs.language.rounding import format_tal
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper import area_table, committee_table, format_cell

DATUM = "2023-05-15"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from conftest import EXAMPLE

    tmp = tmp_path_factory.mktemp("rapport")
    before = sha256(EXAMPLE)
    out = tmp / "ekonomi.docx"
    assert main(["rapport", str(EXAMPLE), "-o", str(out), "--datum", DATUM]) == 0
    assert sha256(EXAMPLE) == before, "indatafilen ändrades"
    report = skapa_rapport(XlsxBook(EXAMPLE), datum=date.fromisoformat(DATUM)).result.report
    pdf = to_pdf(out, tmp / "pdf")
    return out, pdf, pages(pdf), report


def _squash(text: str) -> str:
    """Whitespace as one space; a line broken after a dash ("januari–\napril") joined again."""
    return re.sub(r"\s+", " ", re.sub(r"([–-])\s*\n\s*", r"\1", text))


def test_committee_numbers_read_back_equal_the_workbook(made):
    _out, _pdf, texts, report = made
    table = committee_table(report)
    page = texts[0]
    for row in table.rows:
        line = next(ln for ln in page.splitlines() if ln.strip().startswith(row[0]))
        numbers = re.findall(r"[−-]?\d[\d ]*,\d", line)
        assert [n.replace(" ", "") for n in numbers] == [
            format_cell(v, "number", 1).replace("\u00a0", "") for v in row[1:] if v is not None
        ], line
    # the same figures as Sammanfattning's committee table: Netto avvikelse 38,3 mnkr
    assert "38,3" in page and "−682,1" in page
    assert "Prognosen för helåret visar ett överskott på 38,3 miljoner kronor" in _squash(page)
    headers = [c.text for c in docx.Document(str(_out)).tables[0].rows[0].cells]
    assert headers == ["mnkr", "Bokslut 2022", "Utfall jan–apr 2023", "Budget 2023", "Prognos 2023", "Avvikelse"]


def _between(texts: list[str], first: str, last: str) -> str:
    """The pages from the one with ``first`` to the one with ``last`` (the paper flows)."""
    start = next(i for i, t in enumerate(texts) if first in t)
    end = next(i for i, t in enumerate(texts) if last in t and i >= start)
    return "\n".join(texts[start : end + 1])


def test_every_area_and_its_netto_in_the_area_table(made):
    _out, pdf, texts, report = made
    w, h = page_size_mm(pdf)
    assert abs(w - 210) < 2 and abs(h - 297) < 2, "A4 stående"
    area_page = _between(texts, "Budgetavvikelse per verksamhetsområde", "Kommentarer per verksamhetsområde")
    table = area_table(report)
    for row, style in zip(table.rows, table.row_styles):
        if style == "group":
            assert row[0] in area_page, f"{row[0]} saknas på sidan"
    netto = [ln for ln in area_page.splitlines() if ln.strip().startswith("Netto")]
    assert len(netto) == len(report.areas) + 1
    for area, line in zip(report.areas, netto):
        dev = report.area_netto(area)["prognos"] - report.area_netto(area)["budget"]
        assert line.rstrip().endswith(format_tal(dev, 0).replace("\u00a0", " ")), (area, line)
    assert "−634 714" in area_page and "38 278" in area_page  # Totalt Netto: Bokslut 2022, avvikelse


def test_sentences_per_area_and_page_numbers(made):
    _out, _pdf, texts, report = made
    start = next(i for i, t in enumerate(texts) if "Kommentarer per verksamhetsområde" in t)
    comments = _squash(" ".join(texts[start : start + 3]))  # the paragraphs (issue 11's) may run over pages
    summary = report.summary
    for area in report.areas:  # an area's own paragraph under its heading, or said with the others
        if area in summary.areas:
            assert area in comments and _squash(summary.areas[area]) in comments, area
        else:
            assert any(f"{area[1:].lower()}" in c for c in summary.common), area
    for text in summary.common:
        assert _squash(text) in comments
    assert "Nämnd prognostiserar" not in comments
    assert len(texts) <= 10  # the section flows (with the own words of issue 20): no page per section
    for i, text in enumerate(texts, start=1):
        assert f"Sida {i} av {len(texts)}" in text
        assert "Socialnämnden" in text.splitlines()[0] and DATUM in text.splitlines()[0]


def test_charts_are_word_charts_and_tables_keep_their_borders(made):
    out, _pdf, texts, _report = made
    assert any("Diagram 1." in t for t in texts)
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
        xml = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert len(charts) >= 3 and xml.count("<c:chart ") == len(charts)
    assert "PAGE" in footer and "NUMPAGES" in footer
    document = docx.Document(str(out))
    assert document.tables and all(t.style.name == "Table Grid" for t in document.tables)
    assert xml.count("<w:tblBorders>") == len(document.tables)
    # the unit "mkr" as a word (the economist's own "omkring" is not one); "mnkr" is the papers' unit
    assert not re.search(r"\bmkr\b", xml) and "-0,0" not in xml


def test_validation_errors_give_exit_1_and_a_document_of_the_errors(tmp_path):
    tables = minimal_rows()
    setting(tables, "Period", 13)
    src = write_workbook(tmp_path / "fel.xlsx", tables)
    out = tmp_path / "fel.docx"
    assert main(["rapport", str(src), "-o", str(out)]) == 1
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Rapporten kunde inte skapas" in text
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "Inställningar" in " ".join(cells) or "Installningar" in " ".join(cells)


def test_unusable_output_name_is_exit_2(tmp_path):
    from conftest import EXAMPLE

    assert main(["rapport", str(EXAMPLE), "-o", str(tmp_path / "ekonomi.xlsx")]) == 2
    assert not (tmp_path / "ekonomi.xlsx").exists()


def test_sections_on_the_engines_result_flow_into_word_and_the_sheet(tmp_path):
    """The engine may carry further sections (investments, kostnadsslag …) as data: a title,
    sentences, notes and columns × rows in the workbook's unit. Both renderers show them."""
    from dataclasses import dataclass, field

    from workbooks.report.paper import sections
    from workbooks.report.paper_sheet import rapport_sheet
    from workbooks.report.paper_word import build_document

    @dataclass
    class Col:
        header: str
        key: str
        fmt: str = "belopp"

    @dataclass
    class Row:
        values: dict
        bold: bool = False
        kind: str = "rad"

    @dataclass
    class Part:
        title: str
        unit: str
        columns: list
        rows: list = field(default_factory=list)
        sentences: list = field(default_factory=list)
        notes: list = field(default_factory=list)
        key: str = ""

    from conftest import EXAMPLE

    report = skapa_rapport(XlsxBook(EXAMPLE)).result.report
    report.sections = [
        Part(
            "Investeringar",
            "tkr",
            [
                Col("Projekt", "projekt", "text"),
                Col("Budget", "budget"),
                Col("Prognos", "prognos"),
                Col("Avvikelse", "avvikelse"),
                Col("Avvikelse %", "pct", "procent"),
            ],
            [
                Row(
                    {"projekt": "Inventarier", "budget": -3000.0, "prognos": -2000.0, "avvikelse": 1000.0, "pct": 1 / 3}
                ),
                Row(
                    {"projekt": "Summa", "budget": -3000.0, "prognos": -2000.0, "avvikelse": 1000.0, "pct": 1 / 3}, True
                ),
            ],
            ["Investeringarna visar ett överskott på 1,0 miljoner kronor."],
            ["Utfallet 91 tkr trycktes som 0,9 mnkr."],
        )
    ]
    report.sections[0].key = "investeringar"
    report.sections[0].rows[1].kind = "summa"
    parts = sections(report)
    committee = parts[0].tables[0]
    assert committee.rows[-1] == [
        "Nettoinvesteringar",
        None,
        None,
        -3.0,
        -2.0,
        1.0,
    ]  # tkr -> mnkr, as the paper prints it
    extra = next(p for p in parts if p.title == "Investeringar")
    assert extra.tables[0].caption == "Investeringar (tkr)" and extra.tables[0].row_styles == ["", "bold"]
    doc = build_document(report, parts, None, date(2023, 5, 15))
    cells = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert [
        "Inventarier",
        "−3 000".replace(" ", "\u00a0"),
        "−2 000".replace(" ", "\u00a0"),
        "1 000".replace(" ", "\u00a0"),
        "+33,3\u00a0%",
    ] in cells
    text = "\n".join(p.text for p in doc.paragraphs)
    # the sentences are the paper's; the engine's notes are findings, not printed
    assert "Investeringarna visar ett överskott" in text and "0,9 mnkr" not in text
    sheet = rapport_sheet(report, parts, None, date(2023, 5, 15))
    values = [c.value for line in sheet.rows for c in line if c is not None]
    assert "Investeringar" in values and "Inventarier" in values and -3000.0 in values


def test_unusable_input_is_exit_2_and_writes_nothing(tmp_path):
    src = tmp_path / "anteckningar.xlsx"
    src.write_text("Det här är ingen arbetsbok.\n", encoding="utf-8")
    out = tmp_path / "ekonomi.docx"
    assert main(["rapport", str(src), "-o", str(out)]) == 2
    assert not out.exists()
    assert main(["rapport", str(src), "-o", str(src)]) == 2  # never over the input
    assert src.read_text(encoding="utf-8") == "Det här är ingen arbetsbok.\n"
