"""The units' own words in a unit workbook (``prognos utskick``): the sheets ``Orsaker``,
``Åtgärder`` and ``Texter`` with the area's rows of the master's tables, every column open but
the one that names the area (locked), plus empty rows for causes, actions and texts of the
unit's own (``validation.round.unit_tables.OWN_WORDS``: which columns, how many free rows).

The area is written into the free rows too, so whatever the unit types there is its own
area's; a row that names only the area is an empty row to ``prognos validera``.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from udfs.language.vocabulary import normalize
from validation.contract import AMOUNT, DATE, match_columns
from validation.reader import area_lookup
from validation.round.unit_tables import OWN_WORDS, UnitTable
from workbooks.books.sheet_spec import FORMATS
from workbooks.books.xlsx_book import XlsxBook, list_validation
from workbooks.unit_workbook.cells import UnitSheet, plain_number

DATE_FORMAT = FORMATS["datum"]

# Per table name: per area (as Budget spells it), the master's rows in the contract's column order.
OwnRows = dict[str, dict[str, list[list[Any]]]]


def master_own_words(book: XlsxBook, areas: list[str]) -> OwnRows:
    """The master's rows of each own-words table, by the area they belong to (rows of the
    committee as a whole, or of no area in Budget, belong to no unit and are not sent out)."""
    lookup = area_lookup(areas)
    out: OwnRows = {}
    for table in OWN_WORDS:
        raw = book.table(table.spec)
        if raw is None:
            continue
        found, _ = match_columns(table.spec, raw.headers)
        if table.area not in found:
            continue
        by_area = out.setdefault(table.spec.name, {})
        for values in raw.rows:
            area = lookup.get(normalize(values[found[table.area]]))
            if area is None:
                continue
            row = [values[found[c.key]] if c.key in found else None for c in table.spec.columns]
            if any(v not in (None, "") for i, v in enumerate(row) if table.spec.columns[i].key != table.area):
                by_area.setdefault(area, []).append([plain_number(v) if isinstance(v, float) else v for v in row])
    return out


def write_sheets(wb: Workbook, originals: dict, unit: str, own: OwnRows, amount_format: str) -> None:
    for table in (OWN_WORDS[0], OWN_WORDS[2], OWN_WORDS[1]):  # Orsaker, Åtgärder, Texter
        _sheet(wb, originals, unit, table, own.get(table.spec.name, {}).get(unit, []), amount_format)


def _sheet(
    wb: Workbook, originals: dict, unit: str, table: UnitTable, rows: list[list[Any]], amount_format: str
) -> None:
    spec = table.spec
    headers = [c.header for c in spec.columns]
    area_at = headers.index(spec.column(table.area).header)
    free = []
    for _ in range(table.free_rows):
        row: list[Any] = [None] * len(headers)
        row[area_at] = unit
        free.append(row)
    rows = [list(r) for r in rows]
    for row in rows:
        row[area_at] = unit  # the area as Budget spells it
    formats = {c.header: amount_format for c in spec.columns if c.kind == AMOUNT}
    formats |= {c.header: DATE_FORMAT for c in spec.columns if c.kind == DATE}
    sheet = UnitSheet(wb, spec.sheet, originals)
    sheet.table(
        spec.name,
        headers,
        rows + free,
        inputs=table.input_headers,
        formats=formats,
        widths={c.header: c.width for c in spec.columns if c.width} | {headers[area_at]: 34},
    )
    last = len(rows) + len(free) + 1
    widths = [sheet.ws.column_dimensions[get_column_letter(c)].width or 12 for c in range(1, len(headers) + 1)]
    for r, row in enumerate(rows, start=2):  # a long text wraps: the row tall enough to read it
        sheet.ws.row_dimensions[r].height = 15 * _lines(row, widths) + 3
    for column in spec.columns:
        if column.values and column.key in table.inputs:
            letter = get_column_letter(headers.index(column.header) + 1)
            dv = list_validation(column.values, column.header, column.values_error, column.values_hint)
            sheet.ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")


def _lines(row: list[Any], widths: list[float]) -> int:
    """How many lines the row's longest text takes in its column (about 1.1 characters per width unit)."""
    return max(
        [1]
        + [
            sum(max(1, -(-len(part) // max(1, int(width * 1.1)))) for part in value.split("\n"))
            for value, width in zip(row, widths)
            if isinstance(value, str)
        ]
    )
