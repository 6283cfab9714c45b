"""``--sammanstall`` for the tables a unit fills in besides ``Prognos``
(``validation.round.unit_tables``; today ``Volymer``): each valid submission's changed input
cells are written into the master's table, on the rows whose key matches (Verksamhetsområde
and Volymmått, the n-th row of a key to the n-th), the unit's own area only. These tables
hold the master's rows: a row the master lacks is not added but named in ``Ändringar``. An
input column the master lacks is added at the table's right edge. Every changed cell is a
``Change`` (old → new).
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import TableColumn

from udfs.language.vocabulary import normalize
from validation.contract import match_columns
from validation.raw_table import RawTable
from validation.round.batch import Change
from validation.round.unit_entries import UnitRow
from validation.round.unit_tables import UnitTable
from workbooks.books import palette
from workbooks.books.xlsx_book import XlsxBook

NOT_IN_MASTER = "raden finns inte i mastern och fördes inte in"


def excel_table(ws, name: str):
    """The worksheet's Excel Table of that name (letter case and accents aside), or None."""
    return next((t for t in ws.tables.values() if normalize(t.displayName) == normalize(name)), None)


def add_columns(ws, raw: RawTable, found: dict[str, int], wanted: tuple[tuple[str, str], ...]) -> int:
    """Add each (key, header) of ``wanted`` missing from ``found`` at the right edge (``found``
    updated); returns the table's last column."""
    last_col = raw.first_col + len(raw.headers) - 1
    for key, header in wanted:
        if key not in found:
            last_col += 1
            cell = ws.cell(row=raw.first_row, column=last_col, value=header)
            cell.font = palette.HEADER_FONT
            found[key] = last_col - raw.first_col
    return last_col


def extend_table(ws, table, last_col: int, last_row: int) -> None:
    """Grow an Excel Table to ``last_col`` × ``last_row`` (new columns named by their header)."""
    if table is None:
        return
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    new_ref = (
        f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max(max_col, last_col))}{max(max_row, last_row)}"
    )
    if new_ref == table.ref:
        return
    for i in range(max_col + 1, last_col + 1):
        table.tableColumns.append(
            TableColumn(id=len(table.tableColumns) + 1, name=str(ws.cell(row=min_row, column=i).value))
        )
    table.ref = new_ref
    if table.autoFilter is not None:
        table.autoFilter.ref = new_ref


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    try:
        return abs(float(old) - float(new)) < 1e-9
    except (TypeError, ValueError):
        return str(old).rstrip() == str(new).rstrip()


def _rows_by_key(raw: RawTable, found: dict[str, int], table: UnitTable) -> dict[tuple[str, ...], list[int]]:
    rows: dict[tuple[str, ...], list[int]] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        rows.setdefault(tuple(normalize(values[found[k]]) for k in table.key), []).append(row_number)
    return rows


def carry(book: XlsxBook, table: UnitTable, submissions: list[tuple[Any, str]]) -> list[Change]:
    """Write the valid submissions' changed entries of ``table`` into the master's table.
    ``submissions``: (``SubmissionResult``, the unit's name as the master writes it)."""
    raw = book.table(table.spec)
    entries = [(f, unit, row) for f, unit in submissions for row in f.entries if row.table == table.spec.name]
    if raw is None or not entries:
        return [
            Change(
                f.unit,
                f.fil,
                unit,
                " / ".join(row.key[1:]),
                "",
                table.spec.name,
                "",
                None,
                None,
                f"mastern saknar tabellen {table.spec.name}; värdena fördes inte in",
            )
            for f, unit, row in entries
            if row.changed
        ]
    ws = book.wb[raw.sheet]
    found, _ = match_columns(table.spec, raw.headers)
    last_col = add_columns(ws, raw, found, tuple((k, table.spec.column(k).header) for k in table.inputs))
    extend_table(ws, excel_table(ws, table.spec.name) if raw.from_table else None, last_col, 0)
    rows = _rows_by_key(raw, found, table)
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    changes: list[Change] = []
    for f, unit, row in entries:
        key = tuple(normalize(k) for k in row.key)
        if key[0] != normalize(f.unit) or not row.changed:
            continue  # never another unit's rows; untouched rows keep the master's values
        n = seen[(f.fil, key)] = seen.get((f.fil, key), -1) + 1
        target = rows.get(key, [])
        what = " / ".join(row.key[1:])
        if n >= len(target):
            changes.append(Change(f.unit, f.fil, unit, what, "", raw.sheet, "", None, None, NOT_IN_MASTER))
            continue
        changes += _write_row(ws, raw, found, table, f, unit, row, target[n], what)
    return changes


def _write_row(
    ws,
    raw: RawTable,
    found: dict[str, int],
    table: UnitTable,
    f: Any,
    unit: str,
    row: UnitRow,
    sheet_row: int,
    what: str,
) -> list[Change]:
    changes = []
    for key in row.changed:
        cell = ws.cell(row=sheet_row, column=raw.first_col + found[key])
        old, new = cell.value, row.values.get(key)
        if _same(old, new):
            continue
        cell.value = int(new) if isinstance(new, float) and new.is_integer() and abs(new) < 1e15 else new
        changes.append(
            Change(f.unit, f.fil, unit, what, table.spec.column(key).header, raw.sheet, cell.coordinate, old, new)
        )
    return changes
