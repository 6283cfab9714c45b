"""The add-in's refresh (the same macro through the live-book adapter, as Office.js sends the
book) on the ledger example gives the command line's sheets, Avstämning included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
xw = pytest.importorskip("xlwings")
if not xw.__pro__:
    pytest.fail("xlwings was imported before XLWINGS_LICENSE_KEY was set: its remote engine is missing")

from addin.commands.cli import main  # noqa: E402
from addin.ribbon.live_book import XlwingsBook  # noqa: E402
from addin.server import scripts  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402
from tests.officejs import apply_actions, book_payload  # noqa: E402
from validation.contract import BUDGET, KODPLAN, UTFALL  # noqa: E402
from workbooks.books.xlsx_book import XlsxBook  # noqa: E402

LEDGER = EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx")


def _remote(path: Path):
    return xw.Book(json=json.loads(json.dumps(book_payload(path))))


def _contents(wb, name):
    return {
        c.coordinate: c.value
        for row in wb[name].iter_rows()
        for c in row
        if c.value is not None and not (isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    }


def test_the_live_book_reads_the_ledger_as_the_file_adapter():
    live, file = XlwingsBook(_remote(LEDGER)), XlsxBook(LEDGER)
    for spec in (BUDGET, UTFALL, KODPLAN):
        a, b = live.table(spec), file.table(spec)
        assert (a.sheet, a.first_row, a.headers, a.row_numbers) == (b.sheet, b.first_row, b.headers, b.row_numbers)
        assert a.rows == b.rows


def test_the_add_in_refresh_writes_the_cli_sheets(tmp_path):
    out = tmp_path / "cli.xlsx"
    assert main(["uppdatera", str(LEDGER), "-o", str(out)]) == 0
    cli = openpyxl.load_workbook(out)
    book = _remote(LEDGER)
    summary = scripts.run_script("uppdatera_prognos", book, lambda e, d: None)
    actions = json.loads(json.dumps(book.json()["actions"]))
    book.close()
    target = XlsxBook(LEDGER)
    assert apply_actions(actions, target.wb) == []
    target.save(tmp_path / "live.xlsx")
    live = openpyxl.load_workbook(tmp_path / "live.xlsx")
    assert summary["fel"] == 0 and "Avstämning" in summary["blad"]
    for name in ("Avstämning", "Avvikelse", "Sammanfattning"):
        assert _contents(live, name) == _contents(cli, name), name
