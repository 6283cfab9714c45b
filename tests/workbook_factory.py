"""Write contract workbooks from Python data, so tests can make variants quickly.

    tables = minimal_rows()                      # {"Budget": (headers, rows), ...}
    tables["Budget"][1][0][2] = 250              # mutate a cell (row 0, column 2)
    path = write_workbook(tmp_path / "in.xlsx", tables)

By default every table is a real Excel Table (ListObject) named as the key, on a sheet
of the contract's name ("Inställningar" for Installningar), header in row 1 and column A,
so data row ``i`` (0-based) is sheet row ``i + 2``. Options:

- ``as_tables=False`` (or a set of names) writes plain sheets instead, read through the
  sheet-name fallback; ``rows_above`` puts empty rows (or a dict of name -> count) above
  the header, ``cols_left`` empty columns to its left;
- ``sheet_names`` moves a table onto another sheet (any name); two tables mapped to the
  same sheet are placed side by side with one empty column between them;
- ``extra_sheets`` adds sheets with arbitrary cells ({sheet: {"A1": value}}).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

Rows = list[list[object]]
Tables = dict[str, tuple[list[object], Rows]]

DEFAULT_SHEETS = {"Installningar": "Inställningar"}
MONTHS_SV = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]

# The minimal committee: numbers chosen so every sum is easy to check by hand (tkr).
AR = 2023
PERIOD = 3
AREAS = ("Individ- och familjeomsorg", "Vuxna", "Ledning och administration")
BUDGET = {
    # area: (Intäkter, Kostnader) full-year budget
    "Individ- och familjeomsorg": (12_000.0, -120_000.0),
    "Vuxna": (6_000.0, -60_000.0),
    "Ledning och administration": (1_200.0, -24_000.0),
}


def monthly_outcome(area: str, typ: str, year: int, month: int) -> float:
    """The outcome of the minimal committee: a twelfth of the budget, nudged per month/year."""
    inc, cost = BUDGET[area]
    base = inc if typ == "Intäkter" else cost
    factor = 1.0 + 0.01 * (month - 6) + (0.02 if year == AR - 1 else 0.0)
    return round(base / 12 * factor, 1)


def minimal_rows() -> Tables:
    """A small valid committee: Installningar, Budget, Utfall (long form) and Prognos.

    Budget rows are area × (Intäkter, Kostnader) in AREAS order (data row i = sheet row
    i + 2). Utfall holds 2022 months 1–12 then 2023 months 1–3 for every area and type.
    Prognos has one row per area and type with Metod, Manuell prognos, Föregående
    prognos and Kommentar (all methods empty, so the engine chooses).
    """
    settings = (
        ["Parameter", "Värde"],
        [
            ["Nämnd", "Testnämnden"],
            ["År", AR],
            ["Period", PERIOD],
            ["Enhet", "tkr"],
            ["Balansgräns", 0.005],
        ],
    )
    budget_rows: Rows = []
    for area in AREAS:
        inc, cost = BUDGET[area]
        budget_rows.append([area, "Intäkter", inc])
        budget_rows.append([area, "Kostnader", cost])
    utfall_rows: Rows = []
    for year, last in ((AR - 1, 12), (AR, PERIOD)):
        for area in AREAS:
            for typ in ("Intäkter", "Kostnader"):
                for month in range(1, last + 1):
                    utfall_rows.append([area, typ, year, month, monthly_outcome(area, typ, year, month)])
    prognos_rows: Rows = []
    for area in AREAS:
        for typ in ("Intäkter", "Kostnader"):
            prognos_rows.append([area, typ, None, None, None, None])
    return {
        "Installningar": settings,
        "Budget": (["Verksamhetsområde", "Typ", "Budget"], budget_rows),
        "Utfall": (["Verksamhetsområde", "Typ", "År", "Månad", "Belopp"], utfall_rows),
        "Prognos": (
            ["Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"],
            prognos_rows,
        ),
    }


def utfall_wide(tables: Tables, month_headers: Iterable[str] = MONTHS_SV) -> tuple[list[object], Rows]:
    """The long-form Utfall of ``tables`` turned into wide form: Område, Typ, År, <12 months>."""
    headers, rows = tables["Utfall"]
    idx = {h: i for i, h in enumerate(headers)}
    wide: dict[tuple, list[object]] = {}
    for row in rows:
        key = (row[idx["Verksamhetsområde"]], row[idx["Typ"]], row[idx["År"]])
        line = wide.setdefault(key, [*key, *([None] * 12)])
        line[3 + int(row[idx["Månad"]]) - 1] = row[idx["Belopp"]]
    return ["Verksamhetsområde", "Typ", "År", *month_headers], list(wide.values())


def setting(tables: Tables, name: str, value: object) -> None:
    """Set (or add) an Installningar row."""
    rows = tables["Installningar"][1]
    for row in rows:
        if row[0] == name:
            row[1] = value
            return
    rows.append([name, value])


def drop_setting(tables: Tables, name: str) -> None:
    headers, rows = tables["Installningar"]
    tables["Installningar"] = (headers, [r for r in rows if r[0] != name])


def find_row(tables: Tables, table: str, **match: object) -> int:
    """0-based index of the first data row whose named columns equal ``match``.

    Keys are header texts with spaces as underscores, e.g. Verksamhetsområde=..., År=2023.
    """
    headers, rows = tables[table]
    pos = {str(h).replace(" ", "_"): i for i, h in enumerate(headers)}
    for i, row in enumerate(rows):
        if all(row[pos[k]] == v for k, v in match.items()):
            return i
    raise KeyError(f"{table}: no row with {match}")


def write_workbook(
    path: Path,
    tables: Tables,
    *,
    as_tables: bool | Iterable[str] = True,
    sheet_names: dict[str, str] | None = None,
    rows_above: int | dict[str, int] = 0,
    cols_left: int | dict[str, int] = 0,
    extra_sheets: dict[str, dict[str, object]] | None = None,
    table_names: dict[str, str] | None = None,
) -> Path:
    """Write ``tables`` ({name: (headers, rows)}) to ``path`` and return the path.

    ``table_names`` renames the Excel Table (e.g. {"Budget": "BUDGET"}) without renaming
    the sheet. Header cells are written as given; ``None`` headers stay empty (only on
    plain sheets: Excel Tables need a text header in every column).
    """
    path = Path(path)
    sheet_names = {**DEFAULT_SHEETS, **(sheet_names or {})}
    table_names = table_names or {}
    if isinstance(as_tables, bool):
        real = set(tables) if as_tables else set()
    else:
        real = set(as_tables)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    next_col: dict[str, int] = {}
    for name, (headers, rows) in tables.items():
        sheet = sheet_names.get(name, name)
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        above = rows_above.get(name, 0) if isinstance(rows_above, dict) else rows_above
        left = cols_left.get(name, 0) if isinstance(cols_left, dict) else cols_left
        first_col = next_col.get(sheet, 1) + left
        first_row = 1 + above
        for c, header in enumerate(headers):
            ws.cell(row=first_row, column=first_col + c, value=header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is not None:
                    ws.cell(row=first_row + r, column=first_col + c, value=value)
        last_col = first_col + len(headers) - 1
        next_col[sheet] = last_col + 2
        if name in real:
            ref = (
                f"{get_column_letter(first_col)}{first_row}:"
                f"{get_column_letter(last_col)}{first_row + max(len(rows), 1)}"
            )
            table = Table(displayName=table_names.get(name, name), ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            ws.add_table(table)
    for sheet, cells in (extra_sheets or {}).items():
        ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        for address, value in cells.items():
            ws[address] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
