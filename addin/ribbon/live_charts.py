"""Native Excel charts in the live book, from the same ``ChartDef`` the file adapter draws
(``workbooks/report/charts/excel_charts.py``): what the live adapter (``addin.ribbon.live_book``)
asks Excel for, on COM and on xlwings Server's remote engine."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from validation.raw_table import range_bounds
from workbooks.books import palette
from workbooks.books.sheet_spec import ChartDef


def add_chart(sheet: Any, chart: ChartDef) -> int:
    """A native Excel chart from the same ``ChartDef`` the file adapter draws
    (``workbooks/report/charts/excel_charts.py``), over the cells just written, so it follows the
    economist's edits. xlwings makes it on both engines (COM; Office.js through
    xlwings Server's chart actions, xlwings >= 0.37.3). What the remote engine cannot
    set (see ``chart_plan`` and docs/performance.md) is left out or approximated. Returns the
    number of Excel calls made."""
    plan = chart_plan(chart)
    native = sheet.charts.add(
        chart_type=plan["type"],
        source=sheet.range(plan["source"]),
        plot_by="columns",
        name=chart.name,
        anchor=sheet.range(chart.anchor),
        width=plan["width"],
        height=plan["height"],
    )
    native.set_x_axis_values(sheet.range(chart.categories))
    native.title = chart.title
    if chart.legend:
        native.legend.position = "bottom"
    else:
        native.legend.visible = False
    if chart.y_title:
        native.value_axis.title = chart.y_title
    native.value_axis.number_format = VALUE_FORMAT
    if chart.kind == "barh":
        native.category_axis.reverse_order = True  # first category on top, as in the table
    for index, look in enumerate(plan["series"], start=1):
        _series(native, index, len(plan["series"])).set(**look)
    return 5 + (1 if chart.kind == "barh" else 0) + (1 if chart.y_title else 0) + len(plan["series"])


POINTS_PER_CM = 72 / 2.54
VALUE_FORMAT = "#,##0.0"
# The remote engine has no transparent fill: the invisible base of a bridge (waterfall)
# is drawn in the plot's background colour.
BACKGROUND = "#" + palette.WHITE
CHART_TYPES = {
    ("bar", False): "column_clustered",
    ("bar", True): "column_stacked",
    ("barh", False): "bar_clustered",
    ("barh", True): "bar_stacked",
    ("line", False): "line_markers",
    ("line", True): "line_markers_stacked",
}


def chart_plan(chart: ChartDef) -> dict[str, Any]:
    """What the live adapter asks Excel for: the chart type, one source block of the
    series' value columns (they are adjacent columns over the same rows in every
    ChartDef; categories come apart through ``set_x_axis_values``), size in points, and
    per series its name and colours."""
    blocks = [range_bounds(s.values) for s in chart.series]
    first_col, first_row, _c, last_row = blocks[0]
    for i, (c1, r1, c2, r2) in enumerate(blocks):
        if (c1, c2, r1, r2) != (first_col + i, first_col + i, first_row, last_row):
            raise ValueError(f"{chart.name}: the series must be adjacent columns over the same rows")
    source = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(first_col + len(blocks) - 1)}{last_row}"
    series = []
    for s in chart.series:
        look: dict[str, Any] = {"name": s.title}
        color = BACKGROUND if s.invisible else (f"#{s.color}" if s.color else None)
        if color and chart.kind == "line":
            look.update(
                line_color=color,
                marker_style="circle",
                marker_size=5,
                marker_foreground_color=color,
                marker_background_color=color,
            )
        elif color:
            look.update(fill_color=color, line_color=color)
        series.append(look)
    return {
        "type": CHART_TYPES[(chart.kind, chart.stacked)],
        "source": source,
        "series": series,
        "width": round(chart.width_cm * POINTS_PER_CM, 1),
        "height": round(chart.height_cm * POINTS_PER_CM, 1),
    }


def _series(native: Any, index: int, count: int) -> Any:
    """Series ``index`` (1-based) of a chart just made from ``count`` value columns.

    On COM xlwings reads the series from Excel. xlwings Server's remote engine does not
    know a new chart's series count until Excel has made it (``ChartSeriesCollection``
    raises), but the series are exactly the source block's columns: their count is set
    from the source. (An xlwings internal, pinned with xlwings in pyproject.toml and
    exercised by tests/test_addin_live_book.py.)"""
    collection = native.series
    impl = collection.impl
    if getattr(impl, "_count", 0) is None:
        impl._count = count
    return collection[index - 1]
