"""Small readers of a worksheet's XML for the pre-scan (``workbooks.safe_read``): the text of
a cell's formula and the rows and columns hidden in Excel. Regular expressions over the raw
part, as the rest of the pre-scan, so nothing is parsed that a DTD check has not seen."""

from __future__ import annotations

import html
import re

_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ZERO_HEIGHT = re.compile(rb'\bht="0(?:\.0*)?"')
# A row tag that is hidden or of height 0: one pass in C, not a Python step per row.
_HIDDEN_ROW_TAG = re.compile(rb'<(?:\w+:)?row\b([^>]*?\b(?:hidden="(?:1|true)"|ht="0(?:\.0*)?")[^>]*)>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_MIN, _MAX = re.compile(rb'\bmin="(\d+)"'), re.compile(rb'\bmax="(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)")
_SI = re.compile(rb'\bsi="(\d+)"')
MAX_COLUMN = 16_384
MAX_FORMULA = 2_000  # characters of a formula kept for messages and checks


def formula_text(body: bytes, shared: dict[str, str]) -> str:
    """The formula of a cell's XML body without "=" ("" if none); a shared formula's followers
    get the text of its first cell (``shared``: si -> text, filled as the cells come)."""
    match = _FORMULA.search(body)
    if match is None:
        return ""
    text = html.unescape((match.group(2) or b"").decode("utf-8", "replace"))
    si = _SI.search(match.group(1))
    if si and text:
        shared[si.group(1).decode()] = text
    elif si:
        text = shared.get(si.group(1).decode(), "")
    return text[:MAX_FORMULA]


def hidden_rows_and_columns(data: bytes) -> tuple[set[int], set[int]]:
    """Rows hidden (or of height 0) and columns hidden on the sheet, 1-based."""
    rows: set[int] = set()
    cols: set[int] = set()
    if b"hidden=" not in data and b'ht="0' not in data:
        return rows, cols
    for attrs in _HIDDEN_ROW_TAG.findall(data):
        number = _ROW_NUMBER.search(attrs)
        if number:
            rows.add(int(number.group(1)))
    for attrs in _COL_TAG.findall(data):
        if _HIDDEN.search(attrs):
            lo, hi = _MIN.search(attrs), _MAX.search(attrs)
            if lo and hi:
                cols.update(range(int(lo.group(1)), min(int(hi.group(1)), MAX_COLUMN) + 1))
    return rows, cols
