"""``--sammanstall`` for the units' own words (``Orsaker``, ``Texter``, the action plan
``Åtgärder``; ``validation.round.unit_tables.OWN_WORDS``): the unit's own area only.

- A row sent out is the master's row of the same area and label as sent (Orsak, Text,
  Åtgärd; the n-th of equal labels to the n-th): its changed cells are written there. When
  the master no longer has that row, the unit's row is added.
- A free row the unit wrote in is added at the end of the master's table (the Excel Table
  grows), with the unit's area.
- Consolidating the same file again changes nothing: a row whose label as sent is gone but
  whose label as written is there (written by the first consolidation) is that row.
- A row sent out that the unit emptied is kept in the master (a unit cannot delete the
  master's rows) and named in ``Ändringar`` and the log, so the economist decides.

A master without the table gets it (a new sheet with the contract's columns) when a unit
adds rows. Every written cell is a ``Change`` (old → new), so the round register's
``Ändringslogg`` records it as it does Prognos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table, TableStyleInfo

from udfs.language.vocabulary import normalize
from validation.contract import DATE, NUMBER_FORMATS, match_columns
from validation.round.batch import Change
from validation.round.submission import canon
from validation.round.unit_entries import UnitRow
from validation.round.unit_tables import UnitTable
from workbooks.books import palette
from workbooks.books.cell_text import set_value
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.report_workbook import clean
from workbooks.round.table_consolidation import add_columns, excel_table, extend_table

CLEARED = "enheten tömde raden; mastern behåller den (ta bort den i mastern om den inte längre gäller)"
GONE = "raden fanns inte längre i mastern och lades till som ny rad"


@dataclass
class Target:
    """The master's table being written: where it is and which rows it has."""

    ws: Any
    first_col: int
    found: dict[str, int]  # column key -> position from first_col
    rows: dict[tuple[str, str], list[int]]  # (area, label) normalised -> sheet rows
    last_row: int
    last_col: int
    table: Any  # the Excel Table, or None
    created: bool = False  # a new sheet for a master without the table

    def cell(self, row: int, key: str):
        return self.ws.cell(row=row, column=self.first_col + self.found[key])


def _target(book: XlsxBook, table: UnitTable) -> Target:
    spec = table.spec
    raw = book.table(spec)
    if raw is None:  # a master without the table: a new sheet with the contract's columns
        ws = book.wb.create_sheet(spec.sheet)
        for c, column in enumerate(spec.columns, start=1):
            ws.cell(row=1, column=c, value=column.header).font = palette.HEADER_FONT
            ws.column_dimensions[get_column_letter(c)].width = column.width or max(12.0, len(column.header) + 4)
        found = {column.key: i for i, column in enumerate(spec.columns)}
        return Target(ws, 1, found, {}, 1, len(spec.columns), None, created=True)
    ws = book.wb[raw.sheet]
    found, _ = match_columns(spec, raw.headers)
    wanted = ((table.area, spec.column(table.area).header),) + tuple((k, spec.column(k).header) for k in table.inputs)
    last_col = add_columns(ws, raw, found, wanted)
    xl_table = excel_table(ws, spec.name) if raw.from_table else None
    last_row = max(raw.row_numbers, default=raw.first_row)
    if xl_table is not None:
        last_row = max(last_row, range_boundaries(xl_table.ref)[3] - (xl_table.totalsRowCount or 0))
    rows: dict[tuple[str, str], list[int]] = {}
    for number, values in zip(raw.row_numbers, raw.rows):
        key = (
            normalize(values[found[table.area]]),
            normalize(values[found[table.label]]) if table.label in found else "",
        )
        rows.setdefault(key, []).append(number)
    return Target(ws, raw.first_col, found, rows, last_row, last_col, xl_table)


def _write(target: Target, row: int, key: str, value: Any, kind: str) -> tuple[str, Any]:
    cell = target.cell(row, key)
    old = cell.value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    set_value(cell, clean(value))  # a text never becomes a formula
    if kind == DATE and value is not None and not isinstance(value, str):
        cell.number_format = NUMBER_FORMATS[DATE]
    elif row > 2 and value is not None:
        cell.number_format = target.ws.cell(row=row - 1, column=cell.column).number_format
    return cell.coordinate, old


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    try:
        return abs(float(old) - float(new)) < 1e-9
    except (TypeError, ValueError):
        return canon(old).strip() == canon(new).strip()  # a date read as a date or a datetime alike


def _entries(table: UnitTable, submissions: list[tuple[Any, str]]) -> list[tuple[Any, str, UnitRow]]:
    """The valid submissions' rows of ``table`` that change something, their own area's only."""
    return [
        (f, unit, row)
        for f, unit in submissions
        for row in f.entries
        if row.table == table.spec.name
        and row.key
        and normalize(row.key[0]) == normalize(f.unit)  # never another unit's rows
        and (row.cleared or row.added or (row.sent_label and row.changed))
    ]


def _label_of(row: UnitRow, table: UnitTable, sent: bool) -> str:
    return normalize(row.sent_label or "") if sent else normalize(row.values.get(table.label) or "")


def _master_row(target: Target, table: UnitTable, f: Any, row: UnitRow) -> int | None:
    """The master's row for ``row``: the one of its label as sent out, else (consolidated before,
    or a free row consolidated before) the one of its label as written; the n-th row of a label
    is the n-th of the master's rows of that label. None when the master has neither."""
    own = [r for r in f.entries if r.table == row.table]
    for sent in (True, False) if row.sent_label else (False,):
        label = _label_of(row, table, sent)
        n = next(i for i, r in enumerate(r for r in own if _label_of(r, table, sent) == label) if r is row)
        rows = target.rows.get((normalize(f.unit), label), [])
        if label and n < len(rows):
            return rows[n]
    return None


def carry_rows(book: XlsxBook, table: UnitTable, submissions: list[tuple[Any, str]]) -> list[Change]:
    """Write the valid submissions' own words of ``table`` into the master (see the module)."""
    entries = _entries(table, submissions)
    if not entries:
        return []
    target = _target(book, table)
    spec, changes = table.spec, []
    for f, unit, row in entries:
        label = row.sent_label or ""
        what = label or str(row.values.get(table.label) or "")
        if row.cleared:
            where = target.rows.get((normalize(f.unit), normalize(label)), [])
            cell = target.cell(where[0], table.label).coordinate if where else ""
            header = spec.column(table.label).header
            changes.append(Change(f.unit, f.fil, unit, what, header, target.ws.title, cell, None, None, CLEARED))
            continue
        sheet_row = _master_row(target, table, f, row)
        if sheet_row is not None:
            changes += _update(target, table, f, unit, row, sheet_row, what)
            continue
        changes += _add(target, table, f, unit, row, what, GONE if row.sent_label else f"ny rad i {spec.sheet}")
        key = (normalize(f.unit), _label_of(row, table, False))
        target.rows.setdefault(key, []).append(target.last_row)
    _grow(target, table)
    return changes


def _update(target: Target, table: UnitTable, f: Any, unit: str, row: UnitRow, sheet_row: int, what: str) -> list:
    changes = []
    for key in row.changed:
        if key not in target.found:
            continue
        new = row.values.get(key)
        if _same(target.cell(sheet_row, key).value, new):
            continue
        cell, old = _write(target, sheet_row, key, new, table.spec.column(key).kind)
        changes.append(
            Change(f.unit, f.fil, unit, what, table.spec.column(key).header, target.ws.title, cell, old, new)
        )
    return changes


def _add(target: Target, table: UnitTable, f: Any, unit: str, row: UnitRow, what: str, note: str) -> list:
    target.last_row += 1
    sheet_row = target.last_row
    area_cell, _ = _write(target, sheet_row, table.area, unit, "")
    changes = [
        Change(
            f.unit,
            f.fil,
            unit,
            what,
            table.spec.column(table.area).header,
            target.ws.title,
            area_cell,
            None,
            unit,
            note,
        )
    ]
    for key in table.inputs:
        new = row.values.get(key)
        if new is None or key not in target.found:
            continue
        cell, _ = _write(target, sheet_row, key, new, table.spec.column(key).kind)
        changes.append(
            Change(f.unit, f.fil, unit, what, table.spec.column(key).header, target.ws.title, cell, None, new, note)
        )
    return changes


def _grow(target: Target, table: UnitTable) -> None:
    """The Excel Table spans the rows added (a new sheet gets its Table)."""
    if target.table is not None:
        extend_table(target.ws, target.table, target.last_col, target.last_row)
        return
    if target.created:
        ref = f"A1:{get_column_letter(target.last_col)}{max(2, target.last_row)}"
        new = Table(displayName=table.spec.name, name=table.spec.name, ref=ref)
        new.tableStyleInfo = TableStyleInfo(name=palette.TABLE_STYLE, showRowStripes=True)
        target.ws.add_table(new)
