"""Writing the tables of a unit workbook (``prognos utskick``) and remembering what was sent.

A ``UnitSheet`` writes one Excel Table at A1 and records every cell it wrote, so the hidden
``_Utskick`` sheet can keep the original of each locked cell (``originals_json``): locked
cells by value, the unit's input cells (``Input``) as null with their sent-out value apart,
and live formula cells (``Formula``) as null, since their value follows the unit's inputs.
``prognos validera`` (``validation.round.submission.locked_cells``) compares the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from validation.round.submission import canon
from workbooks.books import palette
from workbooks.books.cell_text import set_value

INPUT_FILL = PatternFill("solid", fgColor=palette.INPUT_FILL)  # the unit's cells: yellow
FORMULA_FILL = PatternFill("solid", fgColor=palette.FORMULA_FILL)  # computed while the unit types: light blue
FORMULA_FONT = Font(name="Calibri", italic=True, color=palette.FORMULA_TEXT)
HEADER_FONT = palette.HEADER_FONT
TOP = Alignment(vertical="top")  # a row's figures on its first line, beside a comment that wraps


@dataclass(frozen=True)
class Input:
    """An input cell in the originals, with the value it was sent out with."""

    value: Any


@dataclass(frozen=True)
class Formula:
    """A live formula cell: ``text`` starts with "="; never compared when the file returns."""

    text: str


def json_value(value: Any) -> Any:
    """A cell value as stored in the originals: numbers and text as is, empty as "", dates tagged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if isinstance(value, (dt.date, dt.datetime)):
        return {"datum": canon(value)}
    return str(value)


def originals_json(originals: dict[str, dict[tuple[int, int], Any]]) -> dict[str, str]:
    """Per sheet: {"ref": "A1", "rows": [[value, …], …], "inputs": {"C2": value, …}} as compact JSON.

    The block runs from A1 to the last written cell; every cell in it is compared when the
    workbook returns except the input cells (null in "rows", their sent-out value in
    "inputs") and the formula cells (null). Empty locked cells are stored as ""."""
    out = {}
    for sheet, cells in originals.items():
        height = max(r for r, _c in cells)
        width = max(c for _r, c in cells)
        rows: list[list[Any]] = [["" for _ in range(width)] for _ in range(height)]
        inputs = {}
        for (r, c), value in cells.items():
            if isinstance(value, Input):
                rows[r - 1][c - 1] = None
                inputs[f"{get_column_letter(c)}{r}"] = json_value(value.value)
            elif isinstance(value, Formula):
                rows[r - 1][c - 1] = None
            else:
                rows[r - 1][c - 1] = json_value(value)
        block: dict[str, Any] = {"ref": "A1", "rows": rows}
        if inputs:
            block["inputs"] = inputs  # the input cells' values as sent out
        out[sheet] = json.dumps(block, ensure_ascii=False, separators=(",", ":"))
    return out


def text_cell(cell, value: Any) -> None:
    """Write ``value``; text that would be a formula stays text (``workbooks.books.cell_text``)."""
    set_value(cell, value)


def fit_to_page_width(ws) -> None:
    """Printed as the manager reads it on screen: landscape, every column on one page wide,
    the header row repeated on each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


class UnitSheet:
    """Writes a table at A1 and remembers every cell's value for the originals."""

    def __init__(self, wb: Workbook, title: str, originals: dict[str, dict[tuple[int, int], Any]]):
        self.ws = wb.create_sheet(title)
        self.cells = originals.setdefault(title, {})

    def table(
        self,
        name: str,
        headers: list[str],
        rows: list[list[Any]],
        *,
        inputs: tuple[str, ...] = (),
        formats: dict[str, str] | None = None,
        widths: dict[str, float] | None = None,
    ) -> None:
        """``rows`` hold values or ``Formula``s; the columns named in ``inputs`` are the unit's."""
        ws, formats, widths = self.ws, formats or {}, widths or {}
        input_cols = {headers.index(h) + 1 for h in inputs if h in headers}
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=c, value=header)
            cell.font = HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.cells[(1, c)] = header
            ws.column_dimensions[get_column_letter(c)].width = widths.get(header, max(12.0, len(header) * 1.2 + 4))
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                self._cell(r, c, value, headers[c - 1], c in input_cols, formats)
        last = max(2, len(rows) + 1)
        if not rows:  # a table needs a data row
            for c in range(1, len(headers) + 1):
                self.cells[(2, c)] = None
        table = Table(displayName=name, name=name, ref=f"A1:{get_column_letter(len(headers))}{last}")
        table.tableStyleInfo = TableStyleInfo(name=palette.TABLE_STYLE, showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "A2"
        fit_to_page_width(ws)

    def _cell(self, r: int, c: int, value: Any, header: str, is_input: bool, formats: dict[str, str]) -> None:
        cell = self.ws.cell(row=r, column=c)
        cell.alignment = TOP
        if header in formats:
            cell.number_format = formats[header]
        if isinstance(value, Formula):
            cell.value = value.text
            cell.fill = FORMULA_FILL
            cell.font = FORMULA_FONT
            self.cells[(r, c)] = value
            return
        text_cell(cell, value)
        if is_input:
            self.cells[(r, c)] = Input(value)
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
            if isinstance(value, str) or header == "Kommentar":
                cell.alignment = Alignment(wrap_text=True, vertical="top")  # a comment reads as a paragraph
        else:
            self.cells[(r, c)] = value


def protect(ws, password: str | None) -> None:
    """Sheet protection: only unlocked cells can be edited; columns and rows may be resized."""
    prot = ws.protection
    prot.sheet = True
    prot.formatColumns = False
    prot.formatRows = False
    prot.autoFilter = False
    if password:
        prot.password = password


def plain_number(value: Any) -> Any:
    """Plain Python numbers for openpyxl; whole floats as int; NaN/None as empty."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if number != number:  # NaN
        return None
    if not number.is_integer():
        number = round(number, 6)  # sums of one-decimal amounts: no binary tails in the sheet
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
