"""`prognos rapport` reads the workbook as `prognos uppdatera` does (python-calamine and the table
parts, ``PackageBook``), never with openpyxl, and the Word document is the one the openpyxl
reading gave, byte for byte (issue 21, 7). Its time and memory on a million ledger rows are
measured in ``benchmarks/bench_rapport.py``."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, sha256

from addin.commands.cli import main
from addin.ribbon.paper import skapa_rapport
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper_word import save

LEDGER_EXAMPLE = EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx")
DAY = date(2023, 5, 10)


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("source", [EXAMPLE, LEDGER_EXAMPLE], ids=["kontraktsform", "huvudbok"])
def test_the_word_document_is_the_one_the_openpyxl_reading_gave(source, tmp_path, monkeypatch):
    oracle = tmp_path / "openpyxl.docx"
    made = skapa_rapport(XlsxBook(source), file=source.name, datum=DAY)
    save(made.document, oracle)
    assert made.ok and made.sections

    def refused(*_args, **_kwargs):
        raise AssertionError("prognos rapport läste indata med openpyxl")

    monkeypatch.setattr(openpyxl, "load_workbook", refused)
    before = sha256(source)
    out = tmp_path / "rapport.docx"
    assert main(["rapport", str(source), "-o", str(out), "--datum", DAY.isoformat()]) == 0
    assert sha256(source) == before
    ours, theirs = entries(out), entries(oracle)
    assert list(ours) == list(theirs)
    for name in ours:
        assert ours[name] == theirs[name], name
