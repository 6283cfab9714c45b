"""The live-book implementation of the workbook interface, on an ``xlwings.Book``.

The macros in ``addin.ribbon.forecast`` are written against four methods (``table``,
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
one conditional format per range, a native chart per ``ChartDef`` (a fixed number of
calls each: type and source, categories, title, legend, axes, one per series). Hyperlinks
to cells are ``HYPERLINK`` formulas in the same formulas write, not one call per link.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Callable, Iterable

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from addin.ribbon.live_charts import add_chart
from validation.contract import TableSpec
from validation.raw_table import RawTable, range_bounds
from workbooks.books import palette
from workbooks.books.cell_text import as_typed_text
from workbooks.books.sheet_spec import FORMATS, Cell, ChartDef, SheetSpec
from workbooks.books.table_cut import read_contract_table

# Excel on the web takes at most 5 MB per response: a derived sheet written into the live
# book over Office.js keeps at most this many rows (about 1–2 MB of actions); a last row
# says how many more there are and where to see them all. Only a Valideringsfel sheet of a
# huge ledger with a warning on every row comes near it.
MAX_REMOTE_ROWS = 5_000

NEGATIVE_FONT = "#" + palette.BAD_TEXT
NEGATIVE_FILL = "#" + palette.BAD_FILL
LINK_COLOR = "#" + palette.LINK


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
        self._tables: list | None = None  # the book's Excel Tables, until a sheet is written or removed

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

    def _named_tables(self) -> list[tuple[str, str, tuple[int, int, int, int]]]:
        """(table name, sheet name, (first row, first column, last row, last column)) of every
        Excel Table, looked up once for all the contract tables a refresh reads."""
        if self._tables is None:
            self._tables = []
            for sheet in self.book.sheets:
                for table in sheet.tables:
                    rng = table.range
                    last_row = rng.row + rng.shape[0] - 1 - (1 if table.show_totals else 0)
                    self._tables.append(
                        (table.name, sheet.name, (rng.row, rng.column, last_row, rng.column + rng.shape[1] - 1))
                    )
        return self._tables

    def _grid(self, sheet: Any, last_row: int, last_col: int) -> list[list[object]]:
        """Values A1:(last_row, last_col) as a 2-D list: one read, however large."""
        # Error values in input cells are read as empty (xlwings' default), as in the file adapter.
        values = sheet.range((1, 1), (max(last_row, 1), max(last_col, 1))).options(ndim=2).value
        if self.remote:  # JSON numbers: whole ones are ints already
            return [list(line) for line in values or [[]]]
        grid: list[list[object]] = []
        for line in values or [[]]:
            row = []
            for v in line:
                if isinstance(v, float) and v.is_integer():
                    v = int(v) if abs(v) < 2**53 else v  # COM gives every number as float
                row.append(v)
            grid.append(row)
        return grid

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    # --- writing -----------------------------------------------------------------
    def remove_sheet(self, name: str) -> None:
        self._tables = None
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
        if self.remote and len(spec.rows) > MAX_REMOTE_ROWS + 1:
            spec = shortened(spec, MAX_REMOTE_ROWS)
        self.remove_sheet(spec.name)
        sheets = self.book.sheets
        sheet = sheets.add(name=spec.name, after=sheets[len(sheets) - 1])
        self.calls += 1
        n_rows = len(spec.rows)
        n_cols = max((len(r) for r in spec.rows), default=0)
        if n_rows == 0 or n_cols == 0:
            return
        cells = list(_cells(spec))  # once: the matrices and every format kind read it
        values, formulas = _matrices(cells, n_rows, n_cols)
        block = sheet.range((1, 1), (n_rows, n_cols))
        if self.remote:
            # Each matrix only over the rectangle that holds its cells: fewer nulls to send
            # (and for xlwings Server to encode, about 5 µs each).
            box = _bounding_box(values)
            if box is not None:
                r1, c1, r2, c2 = box
                # null = untouched, so formula cells stay for the next write
                sheet.range((r1, c1), (r2, c2)).raw_value = [row[c1 - 1 : c2] for row in values[r1 - 1 : r2]]
                self.calls += 1
            box = _bounding_box(formulas)
            if box is not None:
                r1, c1, r2, c2 = box
                # raw: nulls must reach Excel as null
                sheet.range((r1, c1), (r2, c2)).impl.formula = [row[c1 - 1 : c2] for row in formulas[r1 - 1 : r2]]
                self.calls += 1
        else:
            merged = [[f if f is not None else v for v, f in zip(vr, fr)] for vr, fr in zip(values, formulas)]
            block.formula = merged  # COM: constants and formulas in one call
            self.calls += 1
        self._formats(sheet, cells)
        if spec.table is not None:
            rng = sheet.range(spec.table.ref)
            sheet.tables.add(source=rng, name=spec.table.name, table_style_name=spec.table.style, has_headers=True)
            self.calls += 1
        for ref in spec.negative_red:
            sheet.range(ref).conditional_formats.add_cell_value(
                "less_than", 0, fill_color=NEGATIVE_FILL, font_color=NEGATIVE_FONT
            )
            self.calls += 1
        for ref, across in merge_calls(getattr(spec, "merges", [])):
            sheet.range(ref).merge(across=across)
            self.calls += 1
        for (r1, r2), height in _runs_of_widths(getattr(spec, "row_heights", {})):
            sheet.range((r1, 1), (r2, 1)).row_height = height
            self.calls += 1
        for chart in getattr(spec, "charts", []):
            self._chart(sheet, chart)
        for col, width in _runs_of_widths(spec.widths):
            rng = sheet.range((1, col[0]), (1, col[1]))
            rng.column_width = _points(width) if self.remote else width
            self.calls += 1
        if spec.freeze:
            frozen = _freeze_range(spec.freeze)
            if frozen:
                sheet.freeze_panes.freeze_at(frozen)
                self.calls += 1

    def _chart(self, sheet: Any, chart: ChartDef) -> None:
        self.calls += add_chart(sheet, chart)

    def _formats(self, sheet: Any, cells: list[tuple[int, int, Cell]]) -> None:
        kinds = _format_kinds(cells)
        for (r1, c1, r2, c2), value in rectangles(kinds["fmt"]):
            sheet.range((r1, c1), (r2, c2)).number_format = value
            self.calls += 1
        for (r1, c1, r2, c2), _v in rectangles(kinds["bold"]):
            sheet.range((r1, c1), (r2, c2)).font.bold = True
            self.calls += 1
        for (r1, c1, r2, c2), _v in rectangles(kinds["italic"]):
            sheet.range((r1, c1), (r2, c2)).font.italic = True
            self.calls += 1
        for (r1, c1, r2, c2), value in rectangles(kinds["size"]):
            sheet.range((r1, c1), (r2, c2)).font.size = value
            self.calls += 1
        for (r1, c1, r2, c2), _v in rectangles(kinds["wrap"]):
            sheet.range((r1, c1), (r2, c2)).wrap_text = True
            self.calls += 1
        for (r1, c1, r2, c2), value in rectangles(kinds["fill"]):
            sheet.range((r1, c1), (r2, c2)).color = f"#{value.lstrip('#')}"
            self.calls += 1
        for (r1, c1, r2, c2), value in rectangles(kinds["align"]):
            sheet.range((r1, c1), (r2, c2)).horizontal_alignment = value
            self.calls += 1
        for (r1, c1, r2, c2), value in rectangles(kinds["border"]):
            rng = sheet.range((r1, c1), (r2, c2))
            if value == "bottom":  # a line to write on
                rng.borders["edge_bottom"].line_style = "continuous"
            else:  # a printed table: edges and inside lines
                rng.borders.line_style = "continuous"
            self.calls += 1
        for (r1, c1, r2, c2), _v in rectangles(kinds["link"]):
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


def shortened(spec: SheetSpec, keep: int) -> SheetSpec:
    """The first ``keep`` rows of a sheet and a row that says how many more there are."""
    more = len(spec.rows) - keep
    note = Cell(
        value=(
            f"… och {more} rader till, som inte visas här: Excel på webben tar emot högst 5 MB åt "
            f"gången. Hela listan får du med kommandot prognos validera eller prognos uppdatera "
            f"på arbetsboken (fråga den som förvaltar Prognos)."
        )
    )
    table = spec.table
    if table is not None and table.last_row > keep:
        table = dataclasses.replace(table, last_row=max(keep, table.first_row + 1))
    return dataclasses.replace(
        spec,
        rows=spec.rows[:keep] + [[note]],
        table=table,
        negative_red=[_clip(ref, keep) for ref in spec.negative_red if _first_row(ref) <= keep],
        merges=[ref for ref in spec.merges if _last_row(ref) <= keep],
        row_heights={r: h for r, h in spec.row_heights.items() if r <= keep + 1},
    )


def _first_row(ref: str) -> int:
    return coordinate_from_string(ref.split(":")[0])[1]


def _last_row(ref: str) -> int:
    return coordinate_from_string(ref.split(":")[-1])[1]


def _clip(ref: str, last: int) -> str:
    start, _sep, end = ref.partition(":")
    if not end:
        return ref
    letters, row = coordinate_from_string(end)
    return f"{start}:{letters}{min(row, last)}"


def _cells(spec: SheetSpec) -> Iterable[tuple[int, int, Cell]]:
    for r, line in enumerate(spec.rows, start=1):
        for c, cell in enumerate(line, start=1):
            if cell is not None:
                yield r, c, cell


def _format_kinds(cells: list[tuple[int, int, Cell]]) -> dict[str, dict[tuple[int, int], Any]]:
    """Per format kind, the cells that have it and its value (a number format as Excel's
    format string; a link, shown in the link colour, as True)."""
    return {
        "fmt": {(r, c): FORMATS[cell.fmt] for r, c, cell in cells if cell.fmt},
        "bold": {(r, c): True for r, c, cell in cells if cell.bold},
        "italic": {(r, c): True for r, c, cell in cells if cell.italic},
        "size": {(r, c): cell.size for r, c, cell in cells if cell.size},
        "wrap": {(r, c): True for r, c, cell in cells if cell.wrap},
        "fill": {(r, c): cell.fill for r, c, cell in cells if cell.fill},
        "align": {(r, c): cell.align for r, c, cell in cells if cell.align},
        "border": {(r, c): cell.border for r, c, cell in cells if cell.border},
        "link": {(r, c): True for r, c, cell in cells if cell.link},
    }


def _excel_value(value: Any) -> Any:
    """A cell value as Excel takes it in a values write."""
    if value is None:
        return None
    kind = type(value)
    if kind is int or kind is bool:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if kind is str:
        return as_typed_text(value)
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
    return as_typed_text(str(value))


def _link_formula(cell: Cell) -> str:
    link = cell.link if "://" in cell.link or cell.link.startswith("file:") else f"#{cell.link}"
    target = link.replace('"', '""')
    shown = "" if cell.value is None else str(cell.value).replace('"', '""')
    return f'=HYPERLINK("{target}","{shown}")'


def _matrices(cells: list[tuple[int, int, Cell]], n_rows: int, n_cols: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """(values, formulas): every cell in exactly one of them, ``None`` elsewhere."""
    values: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)]
    formulas: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)]
    for r, c, cell in cells:
        if cell.formula:
            formulas[r - 1][c - 1] = cell.formula
        elif cell.link:
            formulas[r - 1][c - 1] = _link_formula(cell)
        else:
            values[r - 1][c - 1] = _excel_value(cell.value)
    return values, formulas


def _bounding_box(matrix: list[list[Any]]) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column), 1-based, of the non-null cells."""
    rows = [i for i, row in enumerate(matrix, start=1) if row.count(None) < len(row)]
    if not rows:
        return None
    first_col = min(next(j for j, v in enumerate(matrix[i - 1]) if v is not None) for i in rows)
    last_col = max(
        len(row) - next(j for j, v in enumerate(reversed(row)) if v is not None)
        for row in (matrix[i - 1] for i in rows)
    )
    return rows[0], first_col + 1, rows[-1], last_col


def rectangles(cells: dict[tuple[int, int], Any]) -> list[tuple[tuple[int, int, int, int], Any]]:
    """Cover cells with equal values by few rectangles: runs along each row, then runs
    of identical column spans down consecutive rows. A column of 10 000 equally
    formatted cells is one rectangle."""
    row_runs: dict[int, list[list[Any]]] = {}  # row -> [first column, last column, value], rows ascending
    for (r, c), value in sorted(cells.items()):
        runs = row_runs.get(r)
        if runs is None:
            row_runs[r] = [[c, c, value]]
        elif runs[-1][1] == c - 1 and runs[-1][2] == value:
            runs[-1][1] = c
        else:
            runs.append([c, c, value])
    open_: dict[tuple[int, int, Any], list[int]] = {}  # (c1, c2, value) -> [r1, r2]
    done: list[tuple[tuple[int, int, int, int], Any]] = []
    for r, runs in row_runs.items():
        current = {(c1, c2, v) for c1, c2, v in runs}
        for key in [k for k, (_r1, r2) in open_.items() if r2 != r - 1 or k not in current]:
            r1, r2 = open_.pop(key)
            done.append(((r1, key[0], r2, key[1]), key[2]))
        for key in current:
            span = open_.get(key)
            if span is None:
                open_[key] = [r, r]
            else:
                span[1] = r
    for key, (r1, r2) in open_.items():
        done.append(((r1, key[0], r2, key[1]), key[2]))
    return sorted(done, key=lambda item: item[0])


def merge_calls(merges: list[str]) -> list[tuple[str, bool]]:
    """The merges as few calls: one-row merges over the same columns in consecutive rows
    become one range merged row by row (Excel's *merge across*); others stay as they are."""
    calls: list[tuple[str, bool]] = []
    runs: list[list[int]] = []  # [first col, last col, first row, last row]
    for ref in merges:
        c1, r1, c2, r2 = range_bounds(ref)
        if r1 != r2:
            calls.append((ref, False))
            continue
        for run in runs:
            if run[0] == c1 and run[1] == c2 and run[3] == r1 - 1:
                run[3] = r1
                break
        else:
            runs.append([c1, c2, r1, r1])
    for c1, c2, r1, r2 in runs:
        ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
        calls.append((ref, r2 > r1))
    return calls


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
