"""One conformance suite for every implementation of the book (``workbooks.books.protocol.Book``,
issue 19): the same reading tests run over the surgical file book (``PackageBook``), the openpyxl
book (``XlsxBook``), the hostile-safe reader of returned workbooks (``CalamineBook``) and the live
xlwings book (``XlwingsBook`` on the JSON Office.js sends, xlwings' remote engine), as xarray runs
one backend test class per engine. The oracle is what the test put into the workbook."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import openpyxl
import pytest
from conftest import recalc
from openpyxl.worksheet.table import Table

from validation.contract import BUDGET, INSTALLNINGAR, PROGNOS, UTFALL
from workbooks.books.package_book import PackageBook
from workbooks.books.sheet_spec import Cell, ListValidation, SheetSpec
from workbooks.books.xlsx_book import XlsxBook
from workbooks.ooxml.safe_read import CalamineBook, scan

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def _package(path: Path):
    return PackageBook(path, notice=lambda _line: None)


def _calamine(path: Path):
    return CalamineBook(path, scan(path))


def _live(path: Path):
    xw = pytest.importorskip("xlwings")
    from addin.ribbon.live_book import XlwingsBook
    from tests.officejs import book_payload

    return XlwingsBook(xw.Book(json=json.loads(json.dumps(book_payload(path)))))


BOOKS = {"PackageBook": _package, "XlsxBook": XlsxBook, "CalamineBook": _calamine, "XlwingsBook": _live}


@pytest.fixture(params=sorted(BOOKS))
def open_book(request):
    return BOOKS[request.param]


def _workbook(path: Path) -> Path:
    """Inställningar as a plain sheet under a title; Budget as an Excel Table on a sheet of
    another name, right of column A and below row 1; Utfall as a plain sheet with an empty row;
    a derived sheet (Avvikelse) that looks like a Budget and must never be read as one."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inställningar"
    ws.append(["Nämndens inställningar"])
    ws.append([])
    ws.append(["Parameter", "Värde"])
    for row in (["Nämnd", "Socialnämnden"], ["År", 2023], ["Period", 4], ["Enhet", "tkr"]):
        ws.append(row)
    data = wb.create_sheet("Min budget")
    header = ["Verksamhetsområde", "Typ", "Budget", "Kommentar"]
    rows = [
        ["Ekonomiskt bistånd", "Intäkter", 2848.5, "bidrag"],
        ["Ekonomiskt bistånd", "Kostnader", -165550, None],
        ["Vuxna", "Kostnader", -96003, "=inte en formel"],
    ]
    for r, values in enumerate([header, *rows], start=3):
        for c, value in enumerate(values, start=2):
            cell = data.cell(row=r, column=c, value=value)
            if value == "=inte en formel":
                cell.data_type = "s"
    data.add_table(Table(displayName="Budget", ref="B3:E6"))
    utfall = wb.create_sheet("Utfall")
    utfall.append(["Verksamhetsområde", "Typ", "År", "Månad", "Belopp"])
    utfall.append(["Vuxna", "Kostnader", 2023, 1, -8000.25])
    utfall.append([])
    utfall.append(["Vuxna", "Kostnader", 2023, dt.date(2023, 2, 1), -8100])
    fake = wb.create_sheet("Avvikelse")
    fake.append(["Verksamhetsområde", "Typ", "Budget"])
    fake.append(["Fel", "Kostnader", 1])
    path = path / "bok.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return _workbook(tmp_path_factory.mktemp("conformance"))


def test_an_excel_table_is_found_by_name_on_any_sheet_with_its_place(open_book, workbook):
    raw = open_book(workbook).table(BUDGET)
    assert (raw.sheet, raw.first_row, raw.first_col, raw.from_table) == ("Min budget", 3, 2, True)
    assert raw.headers == ["Verksamhetsområde", "Typ", "Budget", "Kommentar"]
    assert raw.row_numbers == [4, 5, 6]
    assert [r[:3] for r in raw.rows] == [
        ["Ekonomiskt bistånd", "Intäkter", 2848.5],
        ["Ekonomiskt bistånd", "Kostnader", -165550],
        ["Vuxna", "Kostnader", -96003],
    ]
    assert raw.address(6, 2) == "D6"


def test_text_that_looks_like_a_formula_is_read_as_the_text_it_is(open_book, workbook):
    raw = open_book(workbook).table(BUDGET)
    assert raw.rows[2][3] == "=inte en formel" and raw.rows[1][3] in (None, "")


def test_a_plain_sheet_s_header_is_found_below_a_title(open_book, workbook):
    raw = open_book(workbook).table(INSTALLNINGAR)
    assert (raw.sheet, raw.first_row, raw.from_table) == ("Inställningar", 3, False)
    assert [r[:2] for r in raw.rows][:2] == [["Nämnd", "Socialnämnden"], ["År", 2023]]


def test_empty_rows_are_left_out_with_the_sheet_rows_kept(open_book, workbook):
    raw = open_book(workbook).table(UTFALL)
    assert raw.row_numbers == [2, 4]
    assert raw.rows[0][4] == -8000.25 and raw.rows[1][4] == -8100


def test_a_missing_table_is_none_and_a_derived_sheet_is_never_input(open_book, workbook):
    book = open_book(workbook)
    assert book.table(PROGNOS) is None
    assert book.table(BUDGET).sheet != "Avvikelse"


def test_the_same_table_from_every_book(workbook):
    """Across implementations: the same headers, rows and positions (a number is a number,
    whether the backend hands it over as 2023 or 2023.0)."""
    seen = {}
    for name, opener in BOOKS.items():
        raw = opener(workbook).table(UTFALL)
        seen[name] = (raw.headers, [r[:3] + [r[4]] for r in raw.rows], raw.row_numbers, raw.first_row, raw.first_col)
    first = next(iter(seen.values()))
    assert all(v == first for v in seen.values()), seen


# --- writing: the same SheetSpec through every file book ------------------------------------
WRITERS = {"PackageBook": _package, "XlsxBook": XlsxBook}
WHEN = dt.datetime(2025, 9, 15, 14, 30)


def _input_sheet() -> SheetSpec:
    """A protected sheet with a drop-down on B2:B3, those cells and C2:C3 open, a date-time and a date."""
    spec = SheetSpec("Inmatning", protected=True)
    spec.add(Cell("Tid", bold=True), Cell("Beslut", bold=True), Cell("Kommentar", bold=True))
    spec.add(Cell(WHEN, fmt="datum_tid"), Cell("Godkänd", unlocked=True), Cell(None, unlocked=True))
    spec.add(Cell(dt.date(2025, 9, 20), fmt="datum"), Cell(None, unlocked=True), Cell("ok", unlocked=True))
    spec.validations.append(
        ListValidation(
            "B2:B3", ("Godkänd", "Åter till enheten", "Väntar"), "Beslut", "Välj ett beslut.", "Välj i listan."
        )
    )
    return spec


def _format(cell) -> str:
    """A number format as written, LibreOffice's escapes ("yyyy\\-mm") left out."""
    return cell.number_format.lower().replace("\\", "")


def _what_a_user_meets(path: Path) -> dict:
    """The sheet as Excel and validera see it: openpyxl's reading of the protection, the open
    cells, the list and the formats, and validera's pre-scan of the same file."""
    ws = openpyxl.load_workbook(path)["Inmatning"]
    [validation] = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    sheet = scan(path).details("Inmatning")
    return {
        "protected": bool(ws.protection.sheet),
        "open": sorted(c.coordinate for row in ws["A1:C3"] for c in row if c.protection.locked is False),
        "list": (str(validation.sqref), validation.formula1.replace('"', "").split(",")),
        "scan": (sheet.protected, [(ref, src.replace('"', "").split(",")) for ref, src in sheet.list_validations]),
        "formats": (_format(ws["A2"]), _format(ws["A3"])),
        "values": (
            ws["A2"].value,
            ws["A3"].value.date() if isinstance(ws["A3"].value, dt.datetime) else ws["A3"].value,
        ),
    }


EXPECTED_INPUT = {
    "protected": True,
    "open": ["B2", "B3", "C2", "C3"],
    "list": ("B2:B3", ["Godkänd", "Åter till enheten", "Väntar"]),
    "scan": (True, [("B2:B3", ["Godkänd", "Åter till enheten", "Väntar"])]),
    "formats": ("yyyy-mm-dd hh:mm", "yyyy-mm-dd"),
    "values": (WHEN, dt.date(2025, 9, 20)),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_drop_down_protection_and_dates_are_written_alike_and_survive_libreoffice(writer, workbook, tmp_path):
    """The oracle is the spec: both file books write what it declares, and LibreOffice (open, save
    as .xlsx) keeps it, so validera still finds the list and the protection."""
    book = WRITERS[writer](workbook)
    book.write_sheet(_input_sheet())
    out = tmp_path / "skriven.xlsx"
    book.save(out)
    assert _what_a_user_meets(out) == EXPECTED_INPUT
    resaved = recalc(out, tmp_path / "lo")
    assert _what_a_user_meets(resaved) == EXPECTED_INPUT
