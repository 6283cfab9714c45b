"""The pre-scan of one worksheet's XML (``workbooks.ooxml.safe_read``): how far its cells reach (so
calamine is never asked to allocate an absurd rectangle), formulas (their text, those without a
cached value), error cells, hidden rows and columns, merges, protection, drop-down lists. Regular expressions
and byte searches over the raw part, so nothing is parsed that a DTD check has not seen; a
long sheet is never split into a match per cell unless it has formulas or errors."""

from __future__ import annotations

import html
import re

from udfs.language.number_format import format_tal
from validation.raw_table import UnusableInput, range_bounds

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


_R_ATTR = re.compile(rb' r="([A-Z]{0,3})(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?ref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_PROTECTION = re.compile(rb"<(?:\w+:)?sheetProtection\b([^>]*)>")
_RISKY_REF = re.compile(rb' r="(?:[A-Z]{2,3}\d|[A-Z]?\d{6})')  # a column past Z or a row past 99 999
_LAST_ROW = re.compile(rb' r="(\d+)"')
# Whether the cell-by-cell pass is needed at all (a search with a literal prefix is about twice
# as fast as ``in`` for these short needles): a formula element, a prefixed one's end, an error cell.
_FORMULA_TAG = re.compile(rb"<f[\s>/]")
_PREFIXED_FORMULA_END = re.compile(rb":f>")
_ERROR_TYPE = re.compile(rb't="e"')


def col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def greater_than(n: int) -> bytes:
    """A regular expression for the decimal numbers (no leading zeros) greater than ``n``: more
    digits, or as many and greater at the first digit that differs (nested, so that a number
    is given up at its first digit that cannot lead to a greater one)."""
    digits = str(n)

    def same_width(tail: str) -> str:
        first, rest = int(tail[0]), len(tail) - 1
        alternatives = []
        if first < 9:
            alternatives.append(f"[{first + 1}-9]" + (rf"\d{{{rest}}}" if rest else ""))
        if rest and (inner := same_width(tail[1:])):
            alternatives.append(f"{tail[0]}(?:{inner})")
        return "|".join(alternatives)

    alternatives = [rf"[1-9]\d{{{len(digits)},}}", same_width(digits)]
    return ("(?:" + "|".join(a for a in alternatives if a) + ")").encode()


def bounds(data: bytes) -> tuple[int, int]:
    """(highest row, highest column) any cell of the sheet could be in: an upper bound, exact
    in rows. Rows below 100 000 and columns A–Z (26 by default): the last row tag. Otherwise
    the last row tag's number, raised by any row or cell reference past it (one pass that
    matches only references with a greater number or a column past Z)."""
    last = data.rfind(b"<row ")
    if last < 0:
        last = data.rfind(b":row ")
    match = _LAST_ROW.search(data, last, last + 200) if last >= 0 else None
    max_row = int(match.group(1)) if match else len(_ROW_TAG.findall(data))
    if max_row < 100_000 and not _RISKY_REF.search(data):
        return max_row, 26
    beyond = re.compile(rb' r="(?:([A-Z]{2,3})(\d+)|[A-Z]?(%s))"' % greater_than(max_row))
    wide: set[bytes] = set()
    for letters, wide_row, row in beyond.findall(data):
        if letters:
            wide.add(letters)
            row = wide_row
        max_row = max(max_row, int(row))
    return max_row, max(map(col_index, wide)) if wide else 26


_VALIDATION = re.compile(rb"<(?:\w+:)?dataValidation\b([^>]*)>(.*?)</(?:\w+:)?dataValidation>", re.S)
_LIST_TYPE = re.compile(rb'\btype="list"')
_SQREF_ATTRIBUTE = re.compile(rb'\bsqref="([^"]*)"')
_SQREF_ELEMENT = re.compile(rb"<(?:\w+:)?sqref>([^<]*)</(?:\w+:)?sqref>")
_FORMULA1 = re.compile(rb"<(?:\w+:)?formula1>\s*(?:<(?:\w+:)?f>)?([^<]*)")


def list_validations(data: bytes) -> list[tuple[str, str]]:
    """The sheet's drop-down lists as (cell ranges, source): the classic ``<dataValidation>``
    (what LibreOffice and openpyxl write) and Excel 2010's ``x14`` extension alike."""
    out = []
    for attrs, body in _VALIDATION.findall(data):
        if not _LIST_TYPE.search(attrs):
            continue
        sqref = _SQREF_ATTRIBUTE.search(attrs) or _SQREF_ELEMENT.search(body)
        source = _FORMULA1.search(body)
        if sqref and source:
            out.append(
                (
                    html.unescape(sqref.group(1).decode("utf-8", "replace")),
                    html.unescape(source.group(1).decode("utf-8", "replace")),
                )
            )
    return out


def scan_sheet(name: str, sheet, data: bytes, limits, reading_only: bool = False) -> None:
    """Fill ``sheet`` (a ``safe_read.SheetScan``) from its XML; raise UnusableInput when its
    cells reach beyond ``limits``. ``reading_only``: only the bounds and the formulas without a
    cached value (what reading the values needs), not the error texts, hidden rows and columns,
    merges or protection."""
    max_row, max_col = bounds(data)
    sheet.max_row, sheet.max_col = max_row, max_col
    if max_row > limits.max_rows or max_row * max(max_col, 1) > limits.max_cells:
        raise UnusableInput(
            f"{name}: bladet {sheet.name!r} har celler ända ned till rad {format_tal(max_row)} (kolumn "
            f"{max(max_col, 1)}); en inlämning har högst {format_tal(limits.max_rows)} rader. Ta bort innehållet "
            "långt ned på bladet och spara igen."
        )
    if (
        _FORMULA_TAG.search(data)
        or _PREFIXED_FORMULA_END.search(data)
        or (not reading_only and _ERROR_TYPE.search(data))
    ):
        _formulas_and_errors(sheet, data)
    if reading_only:
        return
    sheet.hidden_rows, sheet.hidden_cols = hidden_rows_and_columns(data)
    dimension = _DIMENSION.search(data, 0, 2000)
    if dimension:
        sheet.dimension_rows = int(dimension.group(1))
    protection = _PROTECTION.search(data, max(0, data.rfind(b"sheetData>")))
    if protection:
        attrs = protection.group(1)
        sheet.protected = b'sheet="1"' in attrs or b'sheet="true"' in attrs
    if b"dataValidation" in data:
        sheet.list_validations = list_validations(data)
    if b"mergeCell" in data:
        for ref in _MERGE.findall(data):
            text = ref.decode()
            sheet.merged.append(range_bounds(text if ":" in text else f"{text}:{text}"))


def _formulas_and_errors(sheet, data: bytes) -> None:
    shared: dict[str, str] = {}
    for match in _CELL.finditer(data):
        attrs, body = match.group(1), match.group(3) or b""
        is_error = b't="e"' in attrs
        has_f = b"<f" in body or b":f" in body
        if not (is_error or has_f):
            continue
        ref = _R_ATTR.search(b" " + attrs.lstrip())
        if ref is None or not ref.group(1):
            continue
        pos = (int(ref.group(2)), col_index(ref.group(1)))
        value = _VALUE.search(body)
        if has_f:
            sheet.formulas += 1
            text = formula_text(body, shared)
            if text:
                sheet.formula_texts[pos] = text
        if is_error:
            sheet.errors[pos] = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
        elif has_f and (value is None or value.group(1) == b""):
            sheet.formulas_without_value.add(pos)
