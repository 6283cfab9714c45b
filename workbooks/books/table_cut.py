"""Cutting a contract table out of a sheet's values grid, the same for every adapter.

The result is a ``validation.raw_table.RawTable``, what validation reads."""

from __future__ import annotations

from typing import Callable, Iterable

from udfs.language.vocabulary import normalize
from validation.contract import DERIVED_SHEETS, TableSpec, match_columns
from validation.raw_table import RawTable


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def table_from_grid(
    name: str,
    sheet: str,
    grid: list[list[object]],
    first_row: int,
    first_col: int,
    last_row: int,
    last_col: int,
    from_table: bool,
    owned: bool = False,
) -> RawTable:
    """Cut a table out of a 0-based values grid given 1-based inclusive bounds.

    ``owned``: the grid is the caller's to consume (read for this table and not kept), so a
    table starting in column A takes the grid's row lists themselves instead of copies (a
    256 000-row table would otherwise be held twice).
    """

    width = last_col - first_col + 1
    reuse = owned and first_col == 1

    def line(r: int) -> list[object]:
        if r - 1 >= len(grid):
            return [None] * width
        row = grid[r - 1]
        if reuse:
            if len(row) > width:
                del row[width:]
            values = row
        else:
            values = row[first_col - 1 : last_col]
        # calamine gives "" for an empty cell; the membership test runs in C, most rows have none.
        if "" in values:
            values[:] = [None if v == "" else v for v in values]
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        return values

    headers = line(first_row)
    rows: list[list[object]] = []
    numbers: list[int] = []
    add_row, add_number = rows.append, numbers.append
    # ``line`` and ``blank`` written out for the body: no Python call per row (a third of the
    # time on a 256 000-row table).
    for r in range(first_row, min(last_row, len(grid))):  # grid index r is sheet row r + 1
        values = grid[r]
        if reuse:
            if len(values) > width:
                del values[width:]
        else:
            values = values[first_col - 1 : last_col]
        if "" in values:
            values[:] = [None if v == "" else v for v in values]
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        first = values[0] if values else None
        if first is None or (type(first) is str and not first.strip()):  # usually decided by the first cell
            if all(v is None or (type(v) is str and not v.strip()) for v in values):
                continue
        add_row(values)
        add_number(r + 1)
    return RawTable(name, sheet, first_row, first_col, headers, rows, numbers, from_table)


HEADER_SEARCH_ROWS = 15  # how far down a sheet a table's header row is looked for


def sheet_fallback_bounds(grid: list[list[object]], spec: TableSpec | None = None) -> tuple[int, int, int, int] | None:
    """Bounds of a sheet used as a table.

    The header is the first non-empty row, or, when ``spec`` is given and that row lacks the
    table's required columns (a title or a note above the table, as economists' sheets
    often have), the first of the next rows that has them all.
    """
    first: tuple[int, int, int, int] | None = None
    seen = 0
    for r, line in enumerate(grid, start=1):
        cols = [c for c, v in enumerate(line, start=1) if not is_empty(v)]
        if not cols:
            continue
        # Columns without a header are not part of the table (they are kept untouched).
        bounds = (r, cols[0], len(grid), cols[-1])
        if first is None:
            first = bounds
        if spec is None or _has_required(spec, line):
            return bounds
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return first


def _match(spec: TableSpec, line: list[object]) -> tuple[int, list[str]]:
    """(how many of the shape's columns the row has, the required ones it lacks)."""
    found, months = match_columns(spec, list(line))
    return len(found) + len(months), [c.header for c in spec.columns if c.required and c.key not in found]


def _has_required(spec: TableSpec, line: list[object]) -> bool:
    """The row has every required column of the table, or of one of its other shapes (a ledger)."""
    return any(not _match(s, line)[1] for s in (spec, *spec.alternatives))


def header_diagnosis(grid: list[list[object]], spec: TableSpec) -> str:
    """Why no header row was found: the rows looked at and the columns the best candidate
    (the row with the most of a shape's columns) lacked."""
    looked: list[int] = []
    best: tuple[int, int, list[str]] | None = None  # (-found, row, missing)
    for r, line in enumerate(grid, start=1):
        if all(is_empty(v) for v in line):
            continue
        looked.append(r)
        for shape in (spec, *spec.alternatives):
            count, missing = _match(shape, line)
            candidate = (-count, r, missing)
            if best is None or candidate[0] < best[0]:
                best = candidate
        if len(looked) >= HEADER_SEARCH_ROWS:
            break
    if not looked or best is None:
        return ""
    rows = f"rad {looked[0]}" if len(looked) == 1 else f"raderna {looked[0]}–{looked[-1]}"
    shapes = " eller ".join(", ".join(c.header for c in s.columns if c.required) for s in (spec, *spec.alternatives))
    if best[0] == 0 or not best[2]:
        return f"Ingen rubrikrad hittades på bladet ({rows} lästes); rubrikraden ska ha kolumnerna {shapes}."
    return (
        f"Ingen rubrikrad med alla kolumner hittades ({rows} lästes). Närmast är rad {best[1]}, som saknar "
        f"{' och '.join(repr(m) for m in best[2])}. Rubrikraden ska ha kolumnerna {shapes}."
    )


# A contract table's place, as an adapter knows it: (table name, sheet, (first_row, first_col,
# last_row, last_col)), 1-based, header row first, totals row excluded.
NamedTable = tuple[str, str, tuple[int, int, int, int]]


def read_contract_table(
    spec: TableSpec,
    named: Iterable[NamedTable],
    sheets: Iterable[str],
    grid: Callable[[str, int | None, int | None], list[list[object]]],
    owned: bool = False,
) -> RawTable | None:
    """The contract's lookup, the same for every adapter (file, calamine, live Excel book):
    an Excel Table with the table's name on any sheet, else a sheet with its name (accent-
    and case-insensitive) used as a table; derived sheets are never input.

    ``named`` lists the workbook's Excel Tables in sheet order, ``sheets`` the sheet names in
    order, and ``grid(sheet, last_row, last_col)`` reads a sheet's values from A1 (bounded by
    the table when the bounds are given, the used range when they are None); ``owned``: each
    grid it returns is fresh and not kept by the adapter (see ``table_from_grid``).
    """
    wanted = normalize(spec.name)
    for name, sheet, (first_row, first_col, last_row, last_col) in named:
        if sheet not in DERIVED_SHEETS and normalize(name) == wanted:
            values = grid(sheet, last_row, last_col)
            return table_from_grid(spec.name, sheet, values, first_row, first_col, last_row, last_col, True, owned)
    names = {normalize(n) for n in (spec.sheet, spec.name, *spec.extra_sheet_names)}
    for sheet in sheets:
        if sheet in DERIVED_SHEETS or normalize(sheet) not in names:
            continue
        values = grid(sheet, None, None)
        bounds = sheet_fallback_bounds(values, spec)
        if bounds is None:
            return RawTable(spec.name, sheet, 1, 1, [], [], [], False)
        raw = table_from_grid(spec.name, sheet, values, *bounds, False, owned)
        if spec.alternatives and not _has_required(spec, raw.headers):
            raw.header_note = header_diagnosis(values, spec)
        return raw
    return None
