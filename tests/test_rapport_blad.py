"""The print-ready sheets as a committee member gets them: Rapport, Sammanfattning and Diagram
printed by LibreOffice (under an English locale) and read back with pdftotext."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import EXAMPLE
from pdf_hjalp import page_size_mm, pages, sheet_pdf

from addin.ribbon.forecast import uppdatera_prognos
from udfs.language.rounding import format_tal
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper import area_table, committee_table
from workbooks.report.paper_sheet import RAPPORT

DAG = date(2023, 5, 15)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("blad")
    book = XlsxBook(EXAMPLE)
    result = uppdatera_prognos(book, file=EXAMPLE.name, today=DAG)
    out = tmp / "ut.xlsx"
    book.save(out)
    return out, result, tmp


@pytest.fixture(scope="module")
def rapport(written):
    out, result, tmp = written
    pdf = sheet_pdf(out, RAPPORT, tmp / "rapport")
    return pdf, pages(pdf), result.report


def test_rapport_is_a4_portrait_with_header_and_page_numbers(rapport):
    pdf, texts, report = rapport
    w, h = page_size_mm(pdf)
    assert abs(w - 210) < 2 and abs(h - 297) < 2
    # the section flows (with the own words of issue 20): a break only where a heading would be left alone
    assert len(texts) <= 11
    for i, text in enumerate(texts, start=1):
        first = text.strip().splitlines()[0]
        assert report.namnd in first and "Delårsrapport 1 2023" in first and "2023-05-15" in first
        assert f"Sida {i} av {len(texts)}" in text


def test_rapport_numbers_are_swedish_and_equal_the_engine(rapport):
    _pdf, texts, report = rapport
    first = texts[0]
    for row in committee_table(report).rows:
        line = next(ln for ln in first.splitlines() if ln.strip().startswith(row[0]))
        expected = [format_tal(v, 1).replace("\u00a0", " ") for v in row[1:] if v is not None]  # unknown: empty
        assert re.findall(r"−?\d[\d ]*,\d", line) == expected, line
    assert "Bokslut" in first and re.search(r"Budget\s+2023", first)  # a header may wrap in its cell


def test_rapport_every_area_on_the_area_page(rapport):
    _pdf, texts, report = rapport
    start = next(i for i, t in enumerate(texts) if "Budgetavvikelse per verksamhetsområde" in t)
    end = next(i for i, t in enumerate(texts) if "Kommentarer per verksamhetsområde" in t)
    page = "\n".join(texts[start : end + 1])
    table = area_table(report)
    groups = [row[0] for row, style in zip(table.rows, table.row_styles) if style == "group"]
    for name in groups:
        assert re.search(rf"^\s*{re.escape(name)}\s*$", page, re.M), name
    netto = [ln for ln in page.splitlines() if ln.strip().startswith("Netto")]
    assert len(netto) == len(groups)
    for area, line in zip(report.areas, netto):
        v = report.area_netto(area)
        assert line.rstrip().endswith(format_tal(v["prognos"] - v["budget"], 0).replace("\u00a0", " ")), line
    assert "," not in "".join(netto).replace("−", "")  # tkr without decimals, no English separators


def test_rapport_text_is_whole(rapport):
    _pdf, texts, report = rapport
    joined = re.sub(r"\s+", " ", " ".join(texts))
    start = next(i for i, t in enumerate(texts) if "Kommentarer per verksamhetsområde" in t)
    page = re.sub(r"\s+", " ", re.sub(r"([–-])\s*\n\s*", r"\1", " ".join(texts[start : start + 3])))
    # each area's own paragraph, and what several areas share said once
    for text in [*report.summary.areas.values(), *report.summary.common]:
        assert re.sub(r"\s+", " ", text) in page, text
    assert "Nämnd prognostiserar" not in page
    assert (
        "Prognosen för helåret visar ett överskott på 38,3 miljoner kronor, vilket motsvarar en positiv "
        "budgetavvikelse på 5,3 procent." in joined
    )


def test_sammanfattning_prints_on_one_page_with_swedish_numbers(written):
    out, result, tmp = written
    pdf = sheet_pdf(out, "Sammanfattning", tmp / "sammanfattning")
    texts = pages(pdf)
    assert len(texts) == 1
    text = texts[0]
    assert "Sida 1 av 1" in text and result.report.namnd in text.splitlines()[0]
    assert "−682,1" in text and "38,3" in text and "682.1" not in text
    joined = re.sub(r"\s+", " ", re.sub(r"([–-])\s*\n\s*", r"\1", text))
    for paragraph in [*result.report.summary.areas.values(), *result.report.summary.common]:
        assert re.sub(r"\s+", " ", paragraph) in joined, paragraph


def test_diagram_shows_every_area_label(written):
    out, result, tmp = written
    pdf = sheet_pdf(out, "Diagram", tmp / "diagram")
    texts = pages(pdf)
    joined = re.sub(r"\s+", " ", " ".join(texts))
    for area in result.report.areas:
        assert area in joined, area
    assert "Bas" not in joined.split()
    assert "-0.0" not in joined and "−0,0" not in joined


def test_avvikelse_prints_readably_with_whole_headers(written):
    out, result, tmp = written
    spec = next(s for s in result.sheets if s.name == "Avvikelse")
    assert spec.fit_width == 2 and spec.print_title_cols == "A:B" and spec.landscape
    pdf = sheet_pdf(out, "Avvikelse", tmp / "avvikelse")
    texts = pages(pdf)
    assert len(texts) == 2
    joined = " ".join(texts)
    assert "Prognosförändring" in joined and "Prognosförändri " not in joined
    for area in result.report.areas:  # the repeated columns A:B carry every area onto both pages
        assert all(area in t for t in texts), area
    assert all("Sida" in t and "Avvikelse 2023" in t for t in texts)


def test_explanations_are_merged_over_the_table(written):
    _out, result, _tmp = written
    for name in ("Volymanalys", "Prognossäkerhet"):
        spec = next(s for s in result.sheets if s.name == name)
        assert "A2" in " ".join(spec.merges) and spec.row_heights.get(2, 0) > 15, name
        assert spec.header and spec.footer == {"center": "Sida &P av &N"}
