"""Backend-neutral description of a derived sheet.

The report builders produce ``SheetSpec`` objects; a workbook adapter (openpyxl file or
live xlwings book) renders them. Every formula cell carries the value the Python engine
computed, so tests can check that Excel/LibreOffice agree with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

# Number formats. Excel shows "," as the locale's thousands separator (a space in
# Swedish Excel) and "." as its decimal mark (a comma), so these display "1 234" and
# "38,3" for a Swedish user.
FORMATS = {
    "belopp": "#,##0;-#,##0;0",
    "mnkr": "#,##0.0;-#,##0.0;0.0",
    "procent": "0.0%;-0.0%;0.0%",
    "heltal": "0",
    "text": "@",
    "datum": "yyyy-mm-dd",
}


@dataclass
class Cell:
    value: Any = None  # for a formula: the value the engine computed
    formula: str | None = None  # "=..." in English function names (openpyxl form)
    fmt: str | None = None  # key of FORMATS
    bold: bool = False
    link: str | None = None  # internal target like "'Budget'!C5"
    wrap: bool = False
    italic: bool = False
    size: int | None = None


@dataclass
class TableDef:
    name: str
    first_row: int  # header row, 1-based
    last_row: int
    n_cols: int
    style: str = "TableStyleMedium2"

    @property
    def ref(self) -> str:
        return f"A{self.first_row}:{get_column_letter(self.n_cols)}{self.last_row}"


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Cell | None]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width
    table: TableDef | None = None
    freeze: str | None = None
    negative_red: list[str] = field(default_factory=list)  # ranges like "E2:E40"
    landscape: bool = True
    print_title_rows: str | None = None
    tab_color: str | None = None
    row_heights: dict[int, float] = field(default_factory=dict)  # 1-based row -> points
    merges: list[str] = field(default_factory=list)  # ranges like "A10:F10"

    def add(self, *cells: Cell | None) -> int:
        """Append a row; returns its 1-based row number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def formula_values(self) -> dict[str, Any]:
        """{"A1": value} of every formula cell, for comparison with a recalculation."""
        out: dict[str, Any] = {}
        for r, line in enumerate(self.rows, start=1):
            for c, cell in enumerate(line, start=1):
                if cell is not None and cell.formula:
                    out[f"{get_column_letter(c)}{r}"] = cell.value
        return out

    def values(self) -> list[list[Any]]:
        return [[None if c is None else c.value for c in line] for line in self.rows]


def text(value: Any, **kw: Any) -> Cell:
    return Cell(value=value, **kw)
