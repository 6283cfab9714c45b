"""Small readers of a worksheet's XML for the pre-scan (``workbooks.safe_read``): the text of
a cell's formula and the rows and columns hidden in Excel. Regular expressions over the raw
part, as the rest of the pre-scan, so nothing is parsed that a DTD check has not seen."""

from __future__ import annotations

import html
import re

_ROW_OR_COL_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ZERO_HEIGHT = re.compile(rb'\bht="0(?:\.0*)?"')
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
    """Rows hidden (or of height 0) and columns hidden on the sheet, 1-based.

    Only the tags around an occurrence of ``hidden="`` or ``ht="0`` are looked at (one byte
    search over the sheet for each), so a long sheet is not walked tag by tag."""
    rows: set[int] = set()
    cols: set[int] = set()
    seen: set[int] = set()
    for needle in (b'hidden="', b'ht="0'):
        at = data.find(needle)
        while at >= 0:
            start = data.rfind(b"<", 0, at)
            if start >= 0 and start not in seen:
                seen.add(start)
                tag = _ROW_OR_COL_TAG.match(data, start)
                if tag is not None and tag.end() > at:
                    kind, attrs = tag.groups()
                    if kind == b"row" and (_HIDDEN.search(attrs) or _ZERO_HEIGHT.search(attrs)):
                        number = _ROW_NUMBER.search(attrs)
                        if number:
                            rows.add(int(number.group(1)))
                    elif kind == b"col" and _HIDDEN.search(attrs):
                        lo, hi = _MIN.search(attrs), _MAX.search(attrs)
                        if lo and hi:
                            cols.update(range(int(lo.group(1)), min(int(hi.group(1)), MAX_COLUMN) + 1))
            at = data.find(needle, at + 1)
    return rows, cols
