"""The live-book implementation of the workbook interface, on an ``xlwings.Book``.

The macros in ``addin.macros`` are written against four methods (``table``,
``write_sheet``, ``remove_sheet``, ``set_active``); ``XlwingsBook`` implements them on
an open Excel workbook, so the same macros run:

- in the Office.js add-in, where xlwings Server hands the script a book built from
  the JSON Excel sent (the *remote* engine: every write becomes an action that Excel
  applies after the script returns), and
- in desktop Excel through classic xlwings (COM), where every write is a call into
  Excel.

Either way the cost of a refresh must not grow with the workbook: a sheet is written
with a constant number of calls however many rows it has: one 2-D ``values`` write,
one 2-D ``formulas`` write (Office.js ignores ``null`` cells in both, so the two do
not overwrite each other; COM gets a single mixed write), one number-format call per
column run, one font/wrap call per rectangle of equally formatted cells, one table,
one conditional format per range. Hyperlinks to cells are ``HYPERLINK`` formulas in
the same formulas write, not one call per link.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Callable, Iterable

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from validation.contract import TableSpec
from validation.tables import RawTable
from workbooks.pictures import png
from workbooks.sheets import FORMATS, Cell, SheetSpec
from workbooks.tables import read_contract_table

NEGATIVE_FONT = "#9C0006"
NEGATIVE_FILL = "#FFC7CE"
LINK_COLOR = "#0563C1"


def is_remote(book: Any) -> bool:
    """True for a book that xlwings Server built from Office.js JSON (writes are actions)."""
    return hasattr(getattr(book, "impl", None), "append_json_action")


def _a1(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


class XlwingsBook:
    """A live Excel workbook (``xw.Book``) behind the macros' book interface."""

    def __init__(self, book: Any, progress: Callable[[str], None] | None = None):
        self.book = book
        self.remote = is_remote(book)
        self.calls = 0  # writes issued (Excel round trips on COM, actions on Office.js)
        self._progress = progress

    # --- reading -----------------------------------------------------------------
    def table(self, spec: TableSpec) -> RawTable | None:
        """The contract table, with the same lookup as ``XlsxBook.table``."""
        sheets = {sheet.name: sheet for sheet in self.book.sheets}

        def grid(name: str, last_row: int | None, last_col: int | None) -> list[list[object]]:
            sheet = sheets[name]
            if last_row is None:
                last = sheet.used_range.last_cell
                last_row, last_col = last.row, last.column
            return self._grid(sheet, last_row, last_col)

        return read_contract_table(spec, self._named_tables(), list(sheets), grid)

    def _named_tables(self):
        for sheet in self.book.sheets:
            for table in sheet.tables:
                rng = table.range
                last_row = rng.row + rng.shape[0] - 1 - (1 if table.show_totals else 0)
                yield table.name, sheet.name, (rng.row, rng.column, last_row, rng.column + rng.shape[1] - 1)

    def _grid(self, sheet: Any, last_row: int, last_col: int) -> list[list[object]]:
        """Values A1:(last_row, last_col) as a 2-D list: one read, however large."""
        # Error values in input cells are read as empty (xlwings' default), as in the file adapter.
        values = sheet.range((1, 1), (max(last_row, 1), max(last_col, 1))).options(ndim=2).value
        grid: list[list[object]] = []
        for line in values or [[]]:
            row = []
            for v in line:
                if isinstance(v, float) and v.is_integer() and not self.remote:
                    v = int(v) if abs(v) < 2**53 else v  # COM gives every number as float
                row.append(v)
            grid.append(row)
        return grid

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    # --- writing -----------------------------------------------------------------
    def remove_sheet(self, name: str) -> None:
        for sheet in self.book.sheets:
            if sheet.name == name:
                sheet.delete()
                self.calls += 1
                return

    def set_active(self, name: str) -> None:
        for sheet in self.book.sheets:
            if sheet.name == name:
                sheet.activate()
                self.calls += 1
                return

    def write_sheet(self, spec: SheetSpec) -> None:
        self.remove_sheet(spec.name)
        sheets = self.book.sheets
        sheet = sheets.add(name=spec.name, after=sheets[len(sheets) - 1])
        self.calls += 1
        n_rows = len(spec.rows)
        n_cols = max((len(r) for r in spec.rows), default=0)
        if n_rows == 0 or n_cols == 0:
            return
        values, formulas = _matrices(spec, n_rows, n_cols)
        block = sheet.range((1, 1), (n_rows, n_cols))
        if self.remote:
            block.raw_value = values  # null = untouched, so formula cells stay for the next write
            self.calls += 1
            if any(f is not None for row in formulas for f in row):
                block.impl.formula = formulas  # raw: nulls must reach Excel as null
                self.calls += 1
        else:
            merged = [[f if f is not None else v for v, f in zip(vr, fr)] for vr, fr in zip(values, formulas)]
            block.formula = merged  # COM: constants and formulas in one call
            self.calls += 1
        self._formats(sheet, spec)
        if spec.table is not None:
            rng = sheet.range(spec.table.ref)
            sheet.tables.add(source=rng, name=spec.table.name, table_style_name=spec.table.style, has_headers=True)
            self.calls += 1
        for ref in spec.negative_red:
            sheet.range(ref).conditional_formats.add_cell_value(
                "less_than", 0, fill_color=NEGATIVE_FILL, font_color=NEGATIVE_FONT)
            self.calls += 1
        for ref in getattr(spec, "merges", []):
            sheet.range(ref).merge()
            self.calls += 1
        for (r1, r2), height in _runs_of_widths(getattr(spec, "row_heights", {})):
            sheet.range((r1, 1), (r2, 1)).row_height = height
            self.calls += 1
        for chart in getattr(spec, "charts", []):
            self._picture(sheet, spec, chart)
        for col, width in _runs_of_widths(spec.widths):
            rng = sheet.range((1, col[0]), (1, col[1]))
            rng.column_width = _points(width) if self.remote else width
            self.calls += 1
        if spec.freeze:
            frozen = _freeze_range(spec.freeze)
            if frozen:
                sheet.freeze_panes.freeze_at(frozen)
                self.calls += 1

    def _picture(self, sheet: Any, spec: SheetSpec, chart: Any) -> None:
        """A chart as a picture (Office.js cannot make native charts from Python): the
        same ChartDef the file adapter draws natively, drawn by ``workbooks.pictures``."""
        import tempfile


        # The PNG drawn once (xlwings' own figure handling renders a figure several times).
        with tempfile.TemporaryDirectory(prefix="prognos_bild_") as tmp:
            path = Path(tmp) / f"{chart.name}.png"
            path.write_bytes(png(chart, spec))
            sheet.pictures.add(str(path), name=chart.name, update=True, anchor=sheet[chart.anchor])
        self.calls += 1

    def _formats(self, sheet: Any, spec: SheetSpec) -> None:
        fmt = {(r, c): FORMATS[cell.fmt] for r, c, cell in _cells(spec) if cell.fmt}
        for (r1, c1, r2, c2), value in rectangles(fmt):
            sheet.range((r1, c1), (r2, c2)).number_format = value
            self.calls += 1
        bold = {(r, c): True for r, c, cell in _cells(spec) if cell.bold}
        for (r1, c1, r2, c2), _v in rectangles(bold):
            sheet.range((r1, c1), (r2, c2)).font.bold = True
            self.calls += 1
        italic = {(r, c): True for r, c, cell in _cells(spec) if cell.italic}
        for (r1, c1, r2, c2), _v in rectangles(italic):
            sheet.range((r1, c1), (r2, c2)).font.italic = True
            self.calls += 1
        size = {(r, c): cell.size for r, c, cell in _cells(spec) if cell.size}
        for (r1, c1, r2, c2), value in rectangles(size):
            sheet.range((r1, c1), (r2, c2)).font.size = value
            self.calls += 1
        wrap = {(r, c): True for r, c, cell in _cells(spec) if cell.wrap}
        for (r1, c1, r2, c2), _v in rectangles(wrap):
            sheet.range((r1, c1), (r2, c2)).wrap_text = True
            self.calls += 1
        fill = {(r, c): cell.fill for r, c, cell in _cells(spec) if getattr(cell, "fill", None)}
        for (r1, c1, r2, c2), value in rectangles(fill):
            sheet.range((r1, c1), (r2, c2)).color = f"#{value.lstrip('#')}"
            self.calls += 1
        align = {(r, c): cell.align for r, c, cell in _cells(spec) if getattr(cell, "align", None)}
        for (r1, c1, r2, c2), value in rectangles(align):
            sheet.range((r1, c1), (r2, c2)).horizontal_alignment = value
            self.calls += 1
        borders = {(r, c): cell.border for r, c, cell in _cells(spec) if getattr(cell, "border", False)}
        for (r1, c1, r2, c2), value in rectangles(borders):
            rng = sheet.range((r1, c1), (r2, c2))
            if value == "bottom":  # a line to write on
                rng.borders["edge_bottom"].line_style = "continuous"
            else:  # a printed table: edges and inside lines
                rng.borders.line_style = "continuous"
            self.calls += 1
        links = {(r, c): True for r, c, cell in _cells(spec) if cell.link}
        for (r1, c1, r2, c2), _v in rectangles(links):
            sheet.range((r1, c1), (r2, c2)).font.color = LINK_COLOR
            self.calls += 1

    # --- messages ----------------------------------------------------------------
    def progress(self, step: str) -> None:
        if self._progress is not None:
            self._progress(step)

    def alert(self, text: str, title: str = "Prognos", mode: str = "info") -> None:
        """An xlwings alert (a dialog in Excel). On Office.js the action goes to this
        book directly: ``book.app.alert`` would queue it on whichever book the shared
        remote app opened last, which is another user's under concurrent requests."""
        if self.remote:
            self.book.impl.append_json_action(func="alert", args=[text, title, "ok", mode, ""])
        else:
            self.book.app.alert(text, title=title, buttons="ok", mode=mode)
        self.calls += 1


def _cells(spec: SheetSpec) -> Iterable[tuple[int, int, Cell]]:
    for r, line in enumerate(spec.rows, start=1):
        for c, cell in enumerate(line, start=1):
            if cell is not None:
                yield r, c, cell


def _excel_value(value: Any) -> Any:
    """A cell value as Excel takes it in a values write."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and len(text) > 1:
        return "'" + text  # text that Excel would take for a formula stays text
    return text


def _link_formula(cell: Cell) -> str:
    link = cell.link if "://" in cell.link or cell.link.startswith("file:") else f"#{cell.link}"
    target = link.replace('"', '""')
    shown = "" if cell.value is None else str(cell.value).replace('"', '""')
    return f'=HYPERLINK("{target}","{shown}")'


def _matrices(spec: SheetSpec, n_rows: int, n_cols: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """(values, formulas): every cell in exactly one of them, ``None`` elsewhere."""
    values: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)]
    formulas: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)]
    for r, c, cell in _cells(spec):
        if cell.formula:
            formulas[r - 1][c - 1] = cell.formula
        elif cell.link:
            formulas[r - 1][c - 1] = _link_formula(cell)
        else:
            values[r - 1][c - 1] = _excel_value(cell.value)
    return values, formulas


def rectangles(cells: dict[tuple[int, int], Any]) -> list[tuple[tuple[int, int, int, int], Any]]:
    """Cover cells with equal values by few rectangles: runs along each row, then runs
    of identical column spans down consecutive rows. A column of 10 000 equally
    formatted cells is one rectangle."""
    row_runs: dict[int, list[tuple[int, int, Any]]] = {}
    for (r, c) in sorted(cells):
        value = cells[(r, c)]
        runs = row_runs.setdefault(r, [])
        if runs and runs[-1][1] == c - 1 and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], c, value)
        else:
            runs.append((c, c, value))
    open_: dict[tuple[int, int, Any], list[int]] = {}  # (c1, c2, value) -> [r1, r2]
    done: list[tuple[tuple[int, int, int, int], Any]] = []
    for r in sorted(row_runs):
        current = {(c1, c2, v) for c1, c2, v in row_runs[r]}
        for key in list(open_):
            if key not in current or open_[key][1] != r - 1:
                r1, r2 = open_.pop(key)
                done.append(((r1, key[0], r2, key[1]), key[2]))
        for key in row_runs[r]:
            if key in open_:
                open_[key][1] = r
            else:
                open_[key] = [r, r]
    for key, (r1, r2) in open_.items():
        done.append(((r1, key[0], r2, key[1]), key[2]))
    return sorted(done, key=lambda item: item[0])


def _runs_of_widths(widths: dict[int, float]) -> list[tuple[tuple[int, int], float]]:
    """Consecutive columns (or rows) of equal width (height) as one run."""
    runs: list[tuple[tuple[int, int], float]] = []
    for col in sorted(widths):
        if runs and runs[-1][0][1] == col - 1 and runs[-1][1] == widths[col]:
            runs[-1] = ((runs[-1][0][0], col), widths[col])
        else:
            runs.append(((col, col), widths[col]))
    return runs


def _points(characters: float) -> float:
    """Column width in characters (openpyxl, COM) to points (Office.js): Calibri 11 has
    7 px per character plus 5 px padding, and 1 px is 0.75 pt."""
    return round((characters * 7 + 5) * 0.75, 2)


def _freeze_range(freeze: str) -> str | None:
    """openpyxl's top-left unfrozen cell ("C2") as the frozen range xlwings takes."""
    letters, row = coordinate_from_string(freeze)
    col = column_index_from_string(letters)
    if row > 1 and col > 1:
        return f"A1:{_a1(row - 1, col - 1)}"
    if row > 1:
        return f"1:{row - 1}"
    if col > 1:
        return f"A:{get_column_letter(col - 1)}"
    return None
