"""The print-ready ``Rapport`` sheet: the economic section laid out like the committee paper.

The same sections as the Word document (``workbooks.report.paper``) on six columns A:F:
headings, text merged and wrapped over the table width, the committee table in mnkr with
real year headings, the per-area table grouped under area headings, borders and right-
aligned number headers, and the Diagram sheet's charts (their data copied beside the print
area, outside it). A4 portrait, fitted to the page width, a page per section, header
(nämnd, rapport, datum) and footer (sida x av y).
"""

from __future__ import annotations

from copy import copy
from datetime import date

from udfs.language.sheet_names import RAPPORT
from udfs.forecasting.engine import Report
from udfs.language.rounding import avrunda
from workbooks.report.paper import NUMBER, PERCENT, TEXT, Section, Table, period_heading, sections
from workbooks.report.print_setup import page_furniture, text_height
from workbooks.books.sheet_spec import Cell, ChartDef, SheetSpec
from workbooks.report.volume_sheets import DIAGRAM
from workbooks.books import palette

WIDTHS = {1: 30, 2: 13, 3: 13, 4: 13, 5: 13, 6: 13}
LAST_COL = "F"
HEADER_FILL = palette.HEADER_FILL
GROUP_FILL = palette.GROUP_FILL


def _text_row(spec: SheetSpec, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None) -> int:
    r = spec.add(Cell(text, wrap=True, bold=bold, italic=italic, size=size))
    spec.merges.append(f"A{r}:{LAST_COL}{r}")
    spec.row_heights[r] = text_height(text, sum(WIDTHS.values()), size or 11)
    return r


def _fmt(kind: str, table: Table) -> str | None:
    if kind == PERCENT:
        return "procent"
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


def _table(spec: SheetSpec, table: Table) -> None:
    if table.caption:
        spec.add(Cell(table.caption, bold=True))
    n = min(len(table.headers), len(WIDTHS))
    r = spec.add(*[Cell(h, bold=True, border=True, fill=HEADER_FILL, wrap=True,
                        align="right" if table.kinds[i] != TEXT else None)
                   for i, h in enumerate(table.headers[:n])])
    longest = max(len(h) for h in table.headers[:n])
    spec.row_heights[r] = 30 if longest > 13 else 16
    for i, values in enumerate(table.rows):
        style = table.style(i)
        if style == "group":
            r = spec.add(*[Cell(values[0] if c == 0 else None, bold=True, border=True, fill=GROUP_FILL)
                           for c in range(n)])
            spec.merges.append(f"A{r}:{LAST_COL}{r}")
            continue
        cells = []
        for c in range(n):
            kind = table.kinds[c] if c < len(table.kinds) else TEXT
            value = values[c] if c < len(values) else None
            cells.append(Cell(_shown(value, kind, table), fmt=_fmt(kind, table), bold=style == "bold", border=True))
        spec.add(*cells)
    spec.add()


def _charts(spec: SheetSpec, names: list[str], diagram: SheetSpec | None) -> None:
    """The Diagram sheet's charts, their data copied to the same cells here (beside the
    print area), each chart anchored under the previous one in A:F."""
    if diagram is None:
        return
    for r, line in enumerate(diagram.rows, start=1):
        for c, cell in enumerate(line, start=1):
            if cell is None or c <= len(WIDTHS) + 1:
                continue
            while len(spec.rows) < r:
                spec.rows.append([])
            row = spec.rows[r - 1]
            while len(row) < c:
                row.append(None)
            row[c - 1] = cell
    for col, width in diagram.widths.items():
        if col > len(WIDTHS) + 1:
            spec.widths[col] = width
    charts = {c.name: c for c in diagram.charts}
    for n, name in enumerate(n for n in names if n in charts):
        chart = charts[name]
        if n and n % 2 == 0:  # two charts a page
            spec.row_breaks.append(len(spec.rows))
        r = len(spec.rows) + 1
        placed: ChartDef = copy(chart)
        placed.anchor = f"A{r}"
        placed.width_cm = 17.0
        spec.charts.append(placed)
        for _ in range(int(placed.height_cm / 0.53) + 2):  # rows of 15 pt under the chart
            spec.add()


def rapport_sheet(report: Report, sections: list[Section], diagram: SheetSpec | None = None,
                  datum: date | None = None) -> SheetSpec:
    """The Rapport sheet of ``sections`` (see ``workbooks.report.paper.sections``)."""
    spec = SheetSpec(RAPPORT, landscape=False, tab_color=palette.DARK_BLUE, print_title_rows="1:2")
    dag = datum or date.today()
    _text_row(spec, f"Ekonomi – {report.namnd}", bold=True, size=14)
    _text_row(spec, f"Prognos {report.ar} efter {period_heading(report.period)} (period {report.period}). "
                    f"Belopp i mnkr och tkr, avrundade.", italic=True)
    spec.add()
    for i, section in enumerate(sections):
        if section.new_page and i > 0:
            spec.row_breaks.append(len(spec.rows))
        _text_row(spec, section.title, bold=True, size=12)
        for text in section.paragraphs:
            _text_row(spec, text)
        if section.paragraphs:
            spec.add()
        for table in section.tables:
            _table(spec, table)
        if section.charts:
            _charts(spec, section.charts, diagram)
    spec.widths.update(WIDTHS)
    spec.print_areas = [f"A1:{LAST_COL}{len(spec.rows)}"]
    page_furniture(spec, report.namnd, f"Ekonomisk rapport {report.ar}", dag)
    return spec


def rapport_for(report: Report, derived: list[SheetSpec], datum: date | None = None) -> SheetSpec:
    """The Rapport sheet of a refresh, with the charts of its Diagram sheet (in ``derived``)."""
    diagram = next((s for s in derived if s.name == DIAGRAM), None)
    names = [c.name for c in diagram.charts] if diagram is not None else []
    return rapport_sheet(report, sections(report, names), diagram, datum)
