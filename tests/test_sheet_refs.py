"""Cell references and hidden rows/columns as the pre-scan reads them, without openpyxl on the
reading path (issue 15): the same answers as openpyxl's helpers and as a walk over every row
and column tag."""

from __future__ import annotations

import re

import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from validation.raw_table import column_letters, range_bounds
from workbooks.ooxml.sheet_xml import hidden_rows_and_columns


@pytest.mark.parametrize("col", [1, 2, 25, 26, 27, 52, 53, 701, 702, 703, 16384, 18278])
def test_column_letters_as_openpyxl(col):
    assert column_letters(col) == get_column_letter(col)


@pytest.mark.parametrize(
    "ref", ["A1:B2", "a1:b2", "B2", "$A$1:$D$10", "A0:B1", "XFD1048576", "XFE1:A1", "ZZZ9:A1", "B2:A1", "AB12:AC13"]
)
def test_range_bounds_as_openpyxl(ref):
    assert range_bounds(ref) == range_boundaries(ref)


@pytest.mark.parametrize("ref", ["AAAA1:B2", "A1:B", "", "A1:", "1A", "A1:B2:C3"])
def test_range_bounds_refuses_what_is_no_cell_range(ref):
    with pytest.raises(ValueError):
        range_bounds(ref)


_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ZERO = re.compile(rb'\bht="0(?:\.0*)?"')


def every_tag(data: bytes) -> tuple[set[int], set[int]]:
    """The reference: every row and column tag looked at."""
    rows, cols = set(), set()
    for attrs in _ROW.findall(data):
        if _HIDDEN.search(attrs) or _ZERO.search(attrs):
            number = re.search(rb'\br="(\d+)"', attrs)
            if number:
                rows.add(int(number.group(1)))
    for attrs in _COL.findall(data):
        if _HIDDEN.search(attrs):
            lo, hi = re.search(rb'\bmin="(\d+)"', attrs), re.search(rb'\bmax="(\d+)"', attrs)
            if lo and hi:
                cols.update(range(int(lo.group(1)), min(int(hi.group(1)), 16384) + 1))
    return rows, cols


SHEETS = [
    b'<worksheet><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" width="3" hidden="true"/>'
    b'<col min="7" max="7" xhidden="1"/><col min="8" max="9" hidden="0"/></cols><sheetData>'
    b'<row r="1" hidden="1"><c r="A1"><v>1</v></c></row><row r="2" ht="0"/><row r="3" ht="0.5" hidden="0"/>'
    b'<x:row spans="1:2" r="4" ht="0.00"/><row r="5" customHeight="1" hidden="true"/>'
    b'<row r="7" xhidden="1"/><row ht="0" r="8"/><rows r="9" hidden="1"/><row r="10" hidden="1" ht="0"/>'
    b'<row r="11"><c r="A11" t="inlineStr"><is><t>hidden="1" ht="0</t></is></c></row></sheetData></worksheet>',
    b'<x:worksheet><x:cols><x:col min="1" max="99999" hidden="1"/></x:cols></x:worksheet>',
    b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
    b"",
]


@pytest.mark.parametrize("data", SHEETS)
def test_hidden_rows_and_columns_as_every_tag(data):
    assert hidden_rows_and_columns(data) == every_tag(data)


def test_hidden_rows_and_columns_found():
    rows, cols = hidden_rows_and_columns(SHEETS[0])
    assert rows == {1, 2, 4, 5, 8, 10}
    assert cols == {2, 3, 5}
