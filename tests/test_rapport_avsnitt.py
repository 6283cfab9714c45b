"""Issue 11's sections in issue 13's committee paper: the Word document (``prognos rapport``)
and the Rapport sheet, printed by LibreOffice and read back with pdftotext, show the
investments, kostnadsslag, prognosförändring, förklaringsposter and bidrag sections with the
engine's figures, and the committee table's Nettoinvesteringar row."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import EXAMPLE
from pdf_hjalp import pages, sheet_pdf, to_pdf

from addin.commands.cli import main
from addin.ribbon.forecast import uppdatera_prognos
from udfs.language.rounding import format_tal
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper_sheet import RAPPORT

DATUM = "2023-05-15"
KEYS = ["investeringar", "kostnadsslag", "prognosforandring", "orsaker", "handlingsplan", "bidrag"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(report, Word pages, Rapport sheet pages) of the bundled example."""
    tmp = tmp_path_factory.mktemp("avsnitt")
    docx_path = tmp / "ekonomi.docx"
    assert main(["rapport", str(EXAMPLE), "-o", str(docx_path), "--datum", DATUM]) == 0
    book = XlsxBook(EXAMPLE)
    result = uppdatera_prognos(book, file=EXAMPLE.name, today=date.fromisoformat(DATUM))
    book.save(tmp / "ut.xlsx")
    word = pages(to_pdf(docx_path, tmp / "word"))
    sheet = pages(sheet_pdf(tmp / "ut.xlsx", RAPPORT, tmp / "blad"))
    return result.report, word, sheet


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _section_text(texts: list[str], title: str, titles: list[str]) -> str:
    """The pages from the one with ``title`` to the one where the next section starts (the
    paper flows: a section may end on the page where the next begins)."""
    start = next(i for i, t in enumerate(texts) if title in _squash(t))
    end = next(
        (i for i in range(start + 1, len(texts)) if any(o in _squash(texts[i]) for o in titles if o != title)),
        len(texts) - 1,
    )
    return _squash(" ".join(texts[start : end + 1]))


def _amounts(section) -> list[str]:
    """Every amount of the section as the paper prints it: in tkr without decimals, Swedish style
    (the reconciliation rows are the working sheet's, not the paper's)."""
    out = []
    for row in section.rows:
        if row.check:
            continue
        for col in section.columns:
            v = row.values.get(col.key)
            if col.fmt == "belopp" and isinstance(v, (int, float)):
                out.append(format_tal(v, 0).replace("\u00a0", " "))
    return out


@pytest.mark.parametrize("which", ["word", "sheet"])
def test_every_section_and_its_figures_are_printed(printed, which):
    report, word, sheet = printed
    texts = word if which == "word" else sheet
    assert [s.key for s in report.sections] == KEYS
    titles = [s.title for s in report.sections]
    for section in report.sections:
        text = _section_text(texts, section.title, titles)
        for amount in _amounts(section):
            assert amount in text, f"{which}: {section.title}: {amount} saknas"
        for row in section.rows:  # the sum rows' labels (a label may wrap in its cell: its first word)
            if row.kind != "rad" and not row.check:
                label = str(row.values[section.columns[0].key]).split()[0]
                assert label in text, (which, section.title, label)
        for sentence in section.sentences:
            assert _squash(sentence) in text, (which, sentence)


@pytest.mark.parametrize("which", ["word", "sheet"])
def test_the_committees_figures_of_the_sections(printed, which):
    """As the committee paper prints them (Botkyrka delår 1 2023)."""
    _report, word, sheet = printed
    texts = word if which == "word" else sheet
    text = _squash(" ".join(texts))
    # the label may wrap in its cell: its second word then follows the numbers
    invest = re.search(r"Summa (nettoinvesteringar )?−2 000 −91 −3 000 −2 000 1 000", text)
    assert invest, "Investeringsredovisningens summa"
    assert re.search(r"Personalkostnader −122 408 −113 654", text)  # kostnadsslag, jan–apr 2023 and 2022
    assert "Summa orsaker 38 179" in text and "Ej förklarat 99" in text
    assert re.search(r"Totalt −679 847 −682 051 −2 204", text)  # prognosförändring
    first = _squash(texts[0])
    assert re.search(r"Nettoinvesteringar −2,0 −0,1 −3,0 −2,0 1,0", first), "Nettoinvesteringar i nämndens tabell"
    # nothing of the reconciliation with Avvikelse in the paper
    assert "Netto enligt Avvikelse" not in text
