"""Test helpers for the volume tests: the minimal committee with a Volymer table."""

from __future__ import annotations

from pathlib import Path

from workbook_factory import find_row, minimal_rows, write_workbook

VOLYM_HEADERS = [
    "Verksamhetsområde",
    "Volymmått",
    "Enhet",
    "Del av",
    "Styckkostnad per",
    "Styckkostnad i",
    "Utfall volym fg år",
    "Budget volym",
    "Utfall volym",
    "Prognos volym",
    "Budget styckkostnad",
    "Utfall styckkostnad",
    "Prognos styckkostnad",
]
COL = {h: i for i, h in enumerate(VOLYM_HEADERS)}


def volym_tables(method: str | None = None):
    """Minimal committee + Volymer rows for Vuxna (hand-checked figures, tkr)."""
    tables = minimal_rows()
    tables["Volymer"] = (
        VOLYM_HEADERS,
        [
            # HVB: budget 20 × 1 500 = 30 000; prognos 24 × 1 550 = 37 200; utfall 22 × 1 500
            ["Vuxna", "HVB, årsplatser", "årsplatser", None, "år", "tkr", 19, 20, 22, 24, 1500, 1500, 1550],
            ["Vuxna", "varav LVM", "årsplatser", "HVB, årsplatser", "år", "tkr", 9, "-", 12, "-", None, None, None],
            ["Vuxna", "varav SoL", "årsplatser", "HVB, årsplatser", "år", "tkr", 10, "-", 10, "-", None, None, None],
            [
                "Vuxna",
                "Andel återaktualiserade",
                "procent",
                None,
                None,
                None,
                0.2,
                0.18,
                "Anges vid årsbokslut",
                "Anges vid årsbokslut",
                None,
                None,
                None,
            ],
        ],
    )
    if method:
        headers, rows = tables["Prognos"]
        rows[find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")][2] = method
    return tables


def cell(tables, matt: str, header: str) -> str:
    """The sheet address of a Volymer cell (Excel Table from A1, data row i = sheet row i + 2)."""
    from openpyxl.utils import get_column_letter

    rows = tables["Volymer"][1]
    index = next(i for i, r in enumerate(rows) if r[1] == matt)
    return f"{get_column_letter(COL[header] + 1)}{index + 2}"


def set_value(tables, matt: str, header: str, value) -> None:
    rows = tables["Volymer"][1]
    next(r for r in rows if r[1] == matt)[COL[header]] = value


def write(tmp_path: Path, tables, name: str = "in.xlsx") -> Path:
    return write_workbook(tmp_path / name, tables)


def sheet_row(sheet, value, col: int = 1, width: int | None = None):
    """The first row of a SheetSpec whose column ``col`` (0-based) holds ``value``."""
    for r in sheet.rows:
        if len(r) > col and r[col] is not None and r[col].value == value and (width is None or len(r) == width):
            return r
    raise KeyError(value)
