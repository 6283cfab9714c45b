"""Big sheets on Excel on the web: sent in pieces, put back into the book before a script.

Excel on the web allows 5 MB per request and response between an add-in and Excel, and
5 million cells per range. xlwings' ``runPython`` sends every sheet's values in one
request, so a 500 000-row ledger cannot refresh that way. Prognos' task pane
(``static/js/prognos.js``) therefore:

1. measures every sheet's used range; while the cells to send exceed ``INLINE_CELLS``,
   the biggest sheet is left out of the book (xlwings' ``exclude`` option);
2. announces the left-out sheets (``POST /prognos/stora-blad``: name, size, Excel Tables
   in xlwings' book format) and gets an id;
3. reads each left-out sheet ``PART_CELLS`` cells at a time with xlwings' own range reader
   (``xlwings.getRangeData``, the same date conversion as the book) and posts each piece
   (``POST /prognos/stora-blad/<id>/<n>``; a piece whose JSON would exceed
   ``MAX_PART_BYTES`` is split in halves before it is sent);
4. runs the script with the id as its last argument and the left-out sheets excluded.

The server keeps the pieces in the upload store (``addin/server/uploads.py``: every worker sees
them, bound to the signed-in user, read once) and ``attach`` writes the sheets back into
the book's JSON, exactly as xlwings would have received them in one request, so the
macros read them like any other sheet.
"""

from __future__ import annotations

import json
from typing import Any

from validation.raw_table import UnusableInput

LIMIT_BYTES = 5 * 1024 * 1024  # Microsoft's limit per request and per response (Excel on the web)
MAX_PART_BYTES = 4 * 1024 * 1024  # a piece's JSON, with room for headers
INLINE_CELLS = 200_000  # cells sent in the book itself (≈ 1–3 MB of JSON)
PART_CELLS = 60_000  # cells read from Excel and sent per piece
MAX_SHEETS = 50
MAX_CELLS = 5_000_000 * 10  # per left-out sheet: far beyond any real ledger


def check_meta(meta: Any) -> dict[str, Any]:
    """The announcement of left-out sheets, checked (a Swedish ``UnusableInput`` otherwise)."""
    sheets = meta.get("blad") if isinstance(meta, dict) else None
    if not isinstance(sheets, list) or not 0 < len(sheets) <= MAX_SHEETS:
        raise UnusableInput("Beskrivningen av de stora bladen saknas eller är felaktig. Kör igen.")
    for sheet in sheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            raise UnusableInput("Ett stort blad saknar namn. Kör igen.")
        rows, cols = sheet.get("rows"), sheet.get("columns")
        if not (isinstance(rows, int) and isinstance(cols, int) and rows > 0 and cols > 0 and rows * cols <= MAX_CELLS):
            raise UnusableInput(f"Bladet {sheet['name']}: storleken {rows} × {cols} går inte att ta emot.")
        if not isinstance(sheet.get("tables", []), list):
            raise UnusableInput(f"Bladet {sheet['name']}: tabellerna är felaktigt beskrivna. Kör igen.")
    return {"blad": sheets}


def assemble(meta: dict[str, Any], parts: list[bytes]) -> list[dict[str, Any]]:
    """The left-out sheets with all their values (A1 to the used range's end), from the
    pieces in any order; a missing, overlapping or ill-shaped piece is an ``UnusableInput``."""
    sheets = meta["blad"]
    grids: list[list[Any]] = [[None] * s["rows"] for s in sheets]
    for raw in parts:
        part = json.loads(raw)
        index, start, values = part.get("blad"), part.get("start_row"), part.get("values")
        if not (
            isinstance(index, int) and 0 <= index < len(sheets) and isinstance(start, int) and isinstance(values, list)
        ):
            raise UnusableInput("En del av ett stort blad är felaktig. Kör igen.")
        sheet, grid = sheets[index], grids[index]
        if start < 1 or start - 1 + len(values) > sheet["rows"]:
            raise UnusableInput(f"Bladet {sheet['name']}: en del ligger utanför bladet. Kör igen.")
        for offset, row in enumerate(values):
            if not isinstance(row, list) or len(row) != sheet["columns"] or grid[start - 1 + offset] is not None:
                raise UnusableInput(f"Bladet {sheet['name']}: rad {start + offset} kom fel eller två gånger. Kör igen.")
            grid[start - 1 + offset] = row
    out = []
    for sheet, grid in zip(sheets, grids):
        missing = next((i + 1 for i, row in enumerate(grid) if row is None), None)
        if missing is not None:
            raise UnusableInput(
                f"Bladet {sheet['name']}: rad {missing} och framåt kom inte fram till servern. "
                "Kör igen; kvarstår felet, kontakta den som förvaltar Prognos."
            )
        out.append({**sheet, "values": grid})
    return out


def attach(book: Any, sheets: list[dict[str, Any]]) -> None:
    """Put the assembled sheets into a remote book's JSON (``xw.Book`` built by xlwings
    Server from what Excel sent), as if they had come in the one request."""
    by_name = {s["name"]: s for s in book.impl.api["sheets"]}
    for sheet in sheets:
        target = by_name.get(sheet["name"])
        if target is None:
            raise UnusableInput(f"Bladet {sheet['name']} finns inte längre i arbetsboken. Kör igen.")
        target["values"] = sheet["values"]
        target["used_range_address"] = sheet.get("used_range_address")
        target["used_range_row_count"] = sheet.get("used_range_row_count", sheet["rows"])
        target["used_range_column_count"] = sheet.get("used_range_column_count", sheet["columns"])
        target["tables"] = sheet.get("tables", [])
