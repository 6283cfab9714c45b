"""Native Excel charts (openpyxl) from the backend-neutral ``ChartDef`` of a SheetSpec."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.utils import range_boundaries

from workbooks.sheets import ChartDef, SheetSpec


def _ref(ws, ref: str) -> Reference:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def _small_text(size: int = 900) -> RichText:
    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def build_chart(ws, chart: ChartDef):
    """An openpyxl chart for ``chart`` whose data lives on ``ws``."""
    if chart.kind == "line":
        native = LineChart()
    else:
        native = BarChart()
        native.type = "bar" if chart.kind == "barh" else "col"
        native.grouping = "stacked" if chart.stacked else "clustered"
        native.overlap = 100 if chart.stacked else None
        native.gapWidth = 60
    native.title = chart.title
    native.style = 2
    native.width = chart.width_cm
    native.height = chart.height_cm
    if chart.y_title:
        native.y_axis.title = chart.y_title
    if chart.x_title:
        native.x_axis.title = chart.x_title
    native.y_axis.number_format = "#,##0.0"
    # openpyxl >= 3.1 writes <c:delete val="1"/> unless told otherwise: axes would be hidden.
    native.x_axis.delete = False
    native.y_axis.delete = False
    native.x_axis.txPr = _small_text()
    native.y_axis.txPr = _small_text()
    if chart.kind == "barh":
        native.x_axis.tickLblPos = "low"  # labels left of the plot, also for negative bars
        native.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    if chart.kind == "bar":
        native.x_axis.tickLblPos = "low"  # labels below the plot, also for negative columns
    for s in chart.series:
        series = Series(_ref(ws, s.values), title=s.title)
        props = GraphicalProperties()
        if s.invisible:
            props.noFill = True
            props.line = LineProperties(noFill=True)
        elif chart.kind == "line":
            props.line = LineProperties(solidFill=s.color or "1F4E78", w=28575)
        elif s.color:
            props.solidFill = s.color
            props.line = LineProperties(solidFill=s.color)
        series.graphicalProperties = props
        if chart.kind == "line":
            series.smooth = False
            series.marker.symbol = "circle"
            series.marker.size = 5
            if s.color:
                series.marker.graphicalProperties = GraphicalProperties(solidFill=s.color)
                series.marker.graphicalProperties.line = LineProperties(solidFill=s.color)
        else:
            series.invertIfNegative = False
        native.series.append(series)
    native.set_categories(_ref(ws, chart.categories))
    if chart.legend:
        native.legend.position = "b"
    else:
        native.legend = None
    return native


def add_charts(ws, spec: SheetSpec) -> None:
    for chart in spec.charts:
        ws.add_chart(build_chart(ws, chart), chart.anchor)


__all__ = ["add_charts", "build_chart"]
