"""The print-ready ``Rapport`` sheet: the economic section laid out like the committee paper.

The same sections as the Word document (``workbooks.report.paper``) on the columns A:G:
headings, text merged and wrapped over the width, each table's columns spread over the
sheet's columns by what they hold (a second text column such as "Verksamhet" spans two or
three, so no word is cut), the Diagram sheet's charts (their data copied beside the print
area, outside it) with a caption "Diagram N. …" in the section each illustrates. A4 portrait,
fitted to the page width; no page break is forced except where a heading, a table's first
rows or a chart would otherwise start at the foot of a page. Header (nämnd, report, date) and
footer (sida x av y).
"""

from __future__ import annotations

import math
from copy import copy
from datetime import date

from openpyxl.utils import get_column_letter

from udfs.forecasting.engine import Report
from udfs.language.rounding import avrunda
from udfs.language.sheet_names import RAPPORT
from workbooks.books import palette
from workbooks.books.sheet_spec import Cell, ChartDef, SheetSpec
from workbooks.report.charts.diagram_sheet import DIAGRAM
from workbooks.report.paper import NUMBER, PERCENT, TEXT, Section, Table, format_cell, report_name, sections
from workbooks.report.paper_word import subtitle_text, title_text
from workbooks.report.print_setup import page_furniture
from workbooks.report.text_layout import line_count, longest_word_cm, text_width_cm

N_COLS = 7
WIDTHS = {1: 30, **{c: 11 for c in range(2, N_COLS + 1)}}
LAST_COL = get_column_letter(N_COLS)
HEADER_FILL = palette.HEADER_FILL
GROUP_FILL = palette.GROUP_FILL
CM_PER_UNIT = 0.185  # an Excel column width unit (Calibri 11: 7 pixels at 96 dpi)
PADDING_CM = 0.2
LINE_PT = 15.0  # a line of 11 pt text
PAGE_PT = 700.0  # the printable height of an A4 page at the fitted scale, in row points
KEEP_ROWS = 4  # a heading or a table's header is not left alone at the foot of a page


class _Pager:
    """Where the page breaks fall, row by row, so a break is put only where needed."""

    def __init__(self, spec: SheetSpec):
        self.spec = spec
        self.used = 0.0
        self.counted = 0

    def _catch_up(self) -> None:
        for r in range(self.counted + 1, len(self.spec.rows) + 1):
            height = self.spec.row_heights.get(r, LINE_PT)
            if self.used + height > PAGE_PT:
                self.used = 0.0
            self.used += height
        self.counted = len(self.spec.rows)

    def keep(self, height: float) -> None:
        """A new page before the next row unless ``height`` points still fit on this one."""
        self._catch_up()
        if self.used and self.used + height > PAGE_PT and height <= PAGE_PT:
            self.spec.row_breaks.append(len(self.spec.rows))
            self.used = 0.0


def _width_cm(first: int, last: int) -> float:
    # a table of more than N_COLS columns (an action plan with every column filled) goes on to the right
    return sum(WIDTHS.get(c, WIDTHS[N_COLS]) for c in range(first, last + 1)) * CM_PER_UNIT - PADDING_CM


def _text_row(spec: SheetSpec, text: str, *, bold: bool = False, italic: bool = False, size: int = 11) -> int:
    r = spec.add(Cell(text, wrap=True, bold=bold, italic=italic, size=size if size != 11 else None))
    spec.merges.append(f"A{r}:{LAST_COL}{r}")
    lines = line_count(text, _width_cm(1, N_COLS), size, bold)
    spec.row_heights[r] = round(lines * LINE_PT * size / 11 + 3, 1)
    return r


def spans(table: Table) -> list[int]:
    """How many sheet columns each table column takes: numbers one, text what it needs."""
    n = len(table.headers)
    out = [1] * n
    kinds = [table.kinds[i] if i < len(table.kinds) else TEXT for i in range(n)]
    wanted = {
        i: max(
            text_width_cm(format_cell(row[i] if i < len(row) else None, kinds[i], table.decimals), 11)
            for row in table.rows
        )
        for i in range(n)
        if kinds[i] == TEXT
    }
    spare = N_COLS - n
    # first every text column as wide as its longest word (no word cut), then the rest by need
    longest = {
        i: max(longest_word_cm(str(v), 11) for v in [table.headers[i], *(r[i] for r in table.rows if i < len(r))] if v)
        for i in wanted
        if any(i < len(r) and r[i] for r in table.rows)
    }
    while spare > 0:
        start = [1 + sum(out[:i]) for i in range(n)]
        short = {i: w - _width_cm(start[i], start[i] + out[i] - 1) for i, w in longest.items()}
        if not short or max(short.values()) <= 0:
            break
        out[max(short, key=lambda k: short[k])] += 1
        spare -= 1
    while spare > 0:
        start = [1 + sum(out[:i]) for i in range(n)]
        deficit = {i: w - _width_cm(start[i], start[i] + out[i] - 1) for i, w in wanted.items()}
        i = max(deficit, key=lambda k: deficit[k]) if deficit and max(deficit.values()) > 0 else 0
        out[i] += 1
        spare -= 1
    return out


def _fmt(kind: str, table: Table) -> str | None:
    if kind == PERCENT:
        return "procent_tecken"  # as format_cell writes it in Word: "+7,7 %"
    if kind == NUMBER:
        return "mnkr" if table.decimals == 1 else "belopp"
    return None


def _shown(value, kind: str, table: Table):
    """The number as the paper shows it (rounded half away from zero, so no "−0")."""
    if kind == NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return avrunda(value, table.decimals)
    if kind == PERCENT and isinstance(value, (int, float)) and not isinstance(value, bool):
        return avrunda(value, 3)
    return value


def _row(spec: SheetSpec, cells: list[Cell], widths: list[int]) -> int:
    """One table row: each cell over its span, borders on every covered cell, tall enough."""
    line: list[Cell | None] = []
    for cell, width in zip(cells, widths):
        line.append(cell)
        line += [Cell(None, border=True, fill=cell.fill) for _ in range(width - 1)]
    r = spec.add(*line)
    c = 1
    lines = 1
    for cell, width in zip(cells, widths):
        if width > 1:
            spec.merges.append(f"{get_column_letter(c)}{r}:{get_column_letter(c + width - 1)}{r}")
        if isinstance(cell.value, str) and cell.value:
            lines = max(lines, line_count(cell.value, _width_cm(c, c + width - 1), 11, bool(cell.bold)))
        c += width
    if lines > 1:
        spec.row_heights[r] = lines * LINE_PT + 2
    return r


def _table(spec: SheetSpec, table: Table, pager: _Pager) -> None:
    widths = spans(table)
    n = len(widths)
    pager.keep(LINE_PT * (KEEP_ROWS + 2))
    if table.caption:
        spec.add(Cell(table.caption, bold=True))
    _row(
        spec,
        [
            Cell(
                h,
                bold=True,
                border=True,
                fill=HEADER_FILL,
                wrap=True,
                align="right" if table.kinds[i] != TEXT else None,
            )
            for i, h in enumerate(table.headers)
        ],
        widths,
    )
    for i, values in enumerate(table.rows):
        style = table.style(i)
        if style == "group":
            _row(spec, [Cell(values[0], bold=True, border=True, fill=GROUP_FILL)], [N_COLS])
            continue
        cells = []
        for c in range(n):
            kind = table.kinds[c] if c < len(table.kinds) else TEXT
            value = values[c] if c < len(values) else None
            cells.append(
                Cell(
                    _shown(value, kind, table),
                    fmt=_fmt(kind, table),
                    bold=style == "bold",
                    border=True,
                    wrap=kind == TEXT,
                )
            )
        _row(spec, cells, widths)
    spec.add()


def _copy_chart_data(spec: SheetSpec, diagram: SheetSpec) -> None:
    """The Diagram sheet's chart data to the same cells here, beside the print area."""
    for r, line in enumerate(diagram.rows, start=1):
        for c, cell in enumerate(line, start=1):
            if cell is None or c <= N_COLS + 1:
                continue
            while len(spec.rows) < r:
                spec.rows.append([])
            row = spec.rows[r - 1]
            while len(row) < c:
                row.append(None)
            row[c - 1] = cell
    for col, width in diagram.widths.items():
        if col > N_COLS + 1:
            spec.widths[col] = width


def _chart(spec: SheetSpec, chart: ChartDef, number: int, pager: _Pager) -> None:
    rows = math.ceil(chart.height_cm / (LINE_PT / 72 * 2.54)) + 1
    pager.keep(LINE_PT * (rows + 1))
    spec.add(Cell(f"Diagram {number}. {chart.title}", bold=True))
    placed: ChartDef = copy(chart)
    placed.anchor = f"A{len(spec.rows) + 1}"
    placed.width_cm = 17.0
    spec.charts.append(placed)
    for _ in range(rows):
        spec.add()


def rapport_sheet(
    report: Report, sections: list[Section], diagram: SheetSpec | None = None, datum: date | None = None
) -> SheetSpec:
    """The Rapport sheet of ``sections`` (see ``workbooks.report.paper.sections``)."""
    spec = SheetSpec(RAPPORT, landscape=False, tab_color=palette.DARK_BLUE)
    dag = datum or date.today()
    pager = _Pager(spec)
    _text_row(spec, title_text(report), bold=True, size=14)
    _text_row(spec, subtitle_text(report, dag), italic=True)
    spec.add()
    charts = {c.name: c for c in diagram.charts} if diagram is not None else {}
    number = 0
    for section in sections:
        pager.keep(LINE_PT * KEEP_ROWS)
        _text_row(spec, section.title, bold=True, size=12 if section.level < 3 else 11)
        for text in section.paragraphs:
            _text_row(spec, str(text))
        for table in section.tables:
            _table(spec, table, pager)
        for name in (n for n in section.charts if n in charts):
            number += 1
            _chart(spec, charts[name], number, pager)
    end = len(spec.rows)
    if diagram is not None and spec.charts:
        _copy_chart_data(spec, diagram)
    spec.widths.update(WIDTHS)
    spec.print_areas = [f"A1:{LAST_COL}{end}"]
    page_furniture(spec, report.namnd, report_name(report), dag)
    return spec


def rapport_for(report: Report, derived: list[SheetSpec], datum: date | None = None) -> SheetSpec:
    """The Rapport sheet of a refresh, with the charts of its Diagram sheet (in ``derived``)."""
    diagram = next((s for s in derived if s.name == DIAGRAM), None)
    names = [c.name for c in diagram.charts] if diagram is not None else []
    return rapport_sheet(report, sections(report, names), diagram, datum)
