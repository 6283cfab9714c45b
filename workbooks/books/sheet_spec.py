"""Backend-neutral description of a derived sheet.

The report builders produce ``SheetSpec`` objects; a workbook adapter (openpyxl file or
live xlwings book) renders them. Every formula cell carries the value the Python engine
computed, so tests can check that Excel/LibreOffice agree with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from udfs.language.vocabulary import printable
from workbooks.books import palette

# Number formats. "," is the thousands separator and "." the decimal mark in a format code;
# the locale tag [$-41D] (Swedish) makes LibreOffice print "1 234" and "38,3" whatever the
# machine's locale (a server printing PDFs under en_US), and Swedish Excel shows the same.
# Negative numbers get the typographic minus "−" as the committee papers print them.
SV = "[$-41D]"


def swedish(code: str) -> str:
    """A number format with the Swedish locale tag and "−" for negative numbers."""
    return f'{SV}{code};{SV}"\u2212"{code};{SV}{code}'


FORMATS = {
    "belopp": swedish("#,##0"),
    "mnkr": swedish("#,##0.0"),
    # chart data whose zeros are no bar and get no data label (a stacked surplus/deficit pair)
    "mnkr_diagram": '[$-41D]#,##0.0;[$-41D]"\u2212"#,##0.0;;',
    "procent": swedish("0.0%"),
    # a change as the paper prints it: "+7,7 %", "−20,9 %"
    "procent_tecken": '[$-41D]"+"0.0\\ %;[$-41D]"\u2212"0.0\\ %;[$-41D]0.0\\ %',
    "heltal": "0",
    "text": "@",
    "datum": "yyyy-mm-dd",
    "datum_tid": "yyyy-mm-dd hh:mm",
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
    fill: str | None = None  # background colour "RRGGBB"
    align: str | None = None  # horizontal alignment: "right", "center", "left"
    border: bool | str = False  # True: a thin border on every side (printed tables); "bottom": a line to write on
    unlocked: bool = False  # open for input when the sheet is protected (SheetSpec.protected)

    def __post_init__(self) -> None:
        # Every text a sheet gets passes here: none carries a character the file cannot hold.
        if type(self.value) is str:
            self.value = printable(self.value)
        if self.formula is not None:
            self.formula = printable(self.formula)


@dataclass
class TableDef:
    name: str
    first_row: int  # header row, 1-based
    last_row: int
    n_cols: int
    style: str = palette.TABLE_STYLE

    @property
    def ref(self) -> str:
        return f"A{self.first_row}:{get_column_letter(self.n_cols)}{self.last_row}"


@dataclass
class ListValidation:
    """A drop-down list on a range (a classic data validation, which LibreOffice keeps): only
    ``values`` may be typed; a blank is allowed. The title, prompt and error are what Excel shows."""

    ref: str  # cells like "L5:L40"
    values: tuple[str, ...]
    title: str = ""
    prompt: str = ""
    error: str = ""


@dataclass
class ChartSeries:
    """One data series: a column range on the chart's own sheet, e.g. "C5:C14"."""

    title: str
    values: str
    color: str | None = None  # "RRGGBB"
    invisible: bool = False  # no fill/line (the base of a waterfall), and no legend entry
    dashed: bool = False  # a line drawn dashed (a forecast)
    label_sign: str = ""  # "+" or "−" before its data labels (a bridge's higher and lower costs)


@dataclass
class ChartDef:
    """A backend-neutral chart. Ranges refer to cells of the SheetSpec it belongs to, so the
    file adapter (``workbooks.report.charts.excel_charts``) and the live adapter
    (``addin.ribbon.live_book``) both draw a native chart over those cells, and
    ``workbooks.report.charts.word_charts`` draws the same chart natively in the Word document
    from the spec's values."""

    name: str  # unique id on the sheet, e.g. "avvikelse_per_omrade"
    kind: str  # "bar" (columns), "barh" (horizontal bars), "line"
    title: str
    categories: str  # range of category labels
    series: list[ChartSeries]
    anchor: str  # top-left cell, e.g. "A3"
    y_title: str | None = None
    x_title: str | None = None
    stacked: bool = False
    width_cm: float = 16.0
    height_cm: float = 8.0
    legend: bool = True
    # Reading at a glance: every category label, values on the bars in mnkr with one
    # decimal (zeros left out), and a value axis scaled to what changes (a bridge).
    data_labels: bool = False
    y_min: float | None = None
    y_max: float | None = None


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
    charts: list[ChartDef] = field(default_factory=list)  # drawn by the adapter
    # Printing (optional): each print area starts a new page; a page break follows each
    # row in row_breaks; header/footer map "left"/"center"/"right" to Excel header text
    # (codes such as &P allowed, a literal "&" written "&&"); scale is a fixed print scale
    # in percent instead of fitting to the page width; fit_height is the pages tall when
    # fitting (0 = as many as needed).
    print_areas: list[str] = field(default_factory=list)  # ranges like "A1:F40"
    row_breaks: list[int] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    scale: int | None = None
    fit_height: int = 0
    fit_width: int = 1  # pages across when fitting
    print_title_cols: str | None = None  # columns repeated on every page, e.g. "A:B"
    # Input: drop-down lists, and sheet protection without a password (only the cells marked
    # ``unlocked`` open; formatting rows and columns, sorting and filtering stay allowed).
    validations: list[ListValidation] = field(default_factory=list)
    protected: bool = False

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


def range_values(spec: SheetSpec, ref: str) -> list[Any]:
    """The engine values of a one-column or one-row range of ``spec``, e.g. "C5:C14"."""
    from openpyxl.utils import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    out = []
    for r in range(min_row, max_row + 1):
        line = spec.rows[r - 1] if r - 1 < len(spec.rows) else []
        for c in range(min_col, max_col + 1):
            cell = line[c - 1] if c - 1 < len(line) else None
            out.append(None if cell is None else cell.value)
    return out
