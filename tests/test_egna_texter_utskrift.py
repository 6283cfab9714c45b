"""The economist's own words printed (issue 20, item 4): the bundled Botkyrka example's Texter and
Orsaker, quoted from the published Delårsrapport 1 2023 (workbooks/exempel/botkyrka_texter.py),
in the Word document and on the Rapport sheet, each printed by LibreOffice and read back: every
text verbatim, bullets as bullets (a real list style in Word), each where the paper has it."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import EXAMPLE
from pdf_hjalp import pages, sheet_pdf, to_pdf

from addin.commands.cli import main
from udfs.section.own_words import bullet_text, is_bullet, paragraphs
from workbooks.exempel import botkyrka_texter as data

AMOUNTS = {
    "Bidrag från Polismyndigheten för avhopparverksamheten": "(+3,0 miljoner kronor)",
    "Färre hushåll med försörjningsstöd än budgeterat": "(+15,1 miljoner kronor)",
    "Ersättning från Migrationsverket": "(+14,7 miljoner kronor)",
}


def _bare(text: str) -> str:
    """Without white space: a line break of LibreOffice's or a wrapped cell does not count."""
    return re.sub(r"\s+", "", text)


def _typed(avsnitt: str) -> list[str]:
    return [p for a, text in data.TEXTER if a == avsnitt for p in paragraphs(text)]


def _at(text: str, *needles: str) -> list[int]:
    """The position of each needle in ``text`` (bare), each searched after the one before."""
    out, start = [], 0
    for needle in needles:
        at = text.find(_bare(needle), start)
        assert at >= 0, f"{needle!r} saknas (eller står i fel ordning)"
        out.append(at)
        start = at
    return out


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("egna_word")
    out = tmp / "ekonomi.docx"
    assert main(["rapport", str(EXAMPLE), "-o", str(out), "--datum", "2023-05-12"]) == 0
    return docx.Document(str(out)), _bare(" ".join(pages(to_pdf(out, tmp / "pdf"))))


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("egna_blad")
    out = tmp / "ut.xlsx"
    assert main(["uppdatera", str(EXAMPLE), "-o", str(out)]) == 0
    return _bare(" ".join(pages(sheet_pdf(out, "Rapport", tmp / "pdf"))))


def test_every_text_verbatim_in_word_and_on_the_sheet(word, sheet):
    _doc, printed = word
    for avsnitt, text in data.TEXTER:
        for paragraph in paragraphs(text):
            assert _bare(bullet_text(paragraph)) in printed, (avsnitt, paragraph)
            assert _bare(paragraph) in sheet, (avsnitt, paragraph)  # "• …" on the sheet


def test_bullets_are_a_real_list_in_word(word):
    doc, _printed = word
    listed = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    typed = [bullet_text(p) for _a, text in data.TEXTER for p in paragraphs(text) if is_bullet(p)]
    causes = [orsak for area, orsak, _post in data.ORSAKER if area is not None]
    assert len(listed) == len(typed) + len(causes)
    assert set(typed) <= set(listed)
    for orsak in causes:
        hit = [t for t in listed if t.startswith(orsak)]
        assert len(hit) == 1, orsak
        suffix = next((v for k, v in AMOUNTS.items() if orsak.startswith(k)), "")
        assert hit[0] == (f"{orsak} {suffix}" if suffix else orsak)
    # no typed bullet mark left in a plain paragraph
    assert not [p.text for p in doc.paragraphs if p.text.startswith(("• ", "- "))]


@pytest.mark.parametrize("medium", ["word", "sheet"])
def test_each_text_where_the_paper_has_it(word, sheet, medium):
    text = word[1] if medium == "word" else sheet
    committee = _typed("Nämnden")[0]
    # the committee paragraph first, before the engine's sentences and the committee table
    _at(text, "Ekonomiskt resultat och prognos", committee, "Prognosen för helåret visar ett överskott på 38,3")
    # an area's own text and causes under the area's explanation, before the next area
    bistand = _typed("Ekonomiskt bistånd")
    _at(
        text,
        "Verksamhetsområdet ekonomiskt bistånd prognostiserar ett överskott",
        bistand[0],
        bullet_text(bistand[1]),
        bullet_text(bistand[3]),
        "Avvikelsen förklaras främst av följande:",
        "Färre hushåll med försörjningsstöd än budgeterat",
        "Orsakerna förklarar 15,1 av 15,1 miljoner kronor.",
        "Verksamhetsområdet flyktingmottagande prognostiserar",
    )
    _at(
        text,
        "Verksamhetsområdet barn och unga prognostiserar",
        _typed("Barn och unga")[0],
        "Fler jourhemsplaceringar",
        "Verksamhetsområdet vuxna utan beroendeproblematik prognostiserar",
        "Bidrag från Polismyndigheten",
        "tomhyror",
    )
    # a section's text first under its heading, before its table
    change = _typed("Prognosförändring")
    # the bridge's column of the previous round is named after it ("Prognos mars", wrapped or not)
    _at(
        text,
        "Prognosförändring 2023",
        change[0],
        bullet_text(change[1]),
        bullet_text(change[4]),
        "Prognosförändring 2023 (tkr)",
        "mars",
        "helår 2023",
    )
    _at(
        text,
        "Orsaker till avvikelsen mot budget",
        "Orsakerna förklarar 38,2 av 38,3 miljoner kronor",
        "Åtgärder med anledning av budgetavvikelse",
        _typed("Åtgärder")[0],
        "Genomgång av alla externa platser",
    )
