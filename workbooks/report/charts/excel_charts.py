"""Native Excel charts (openpyxl) from the backend-neutral ``ChartDef`` of a SheetSpec."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.utils import range_boundaries

from workbooks.books import palette
from workbooks.books.sheet_spec import FORMATS, ChartDef, ChartSeries, SheetSpec, range_values

AXIS_FORMAT = FORMATS["mnkr"]
# One decimal, Swedish, zeros left out (a stacked surplus/deficit pair has a zero in each bar).
LABEL_FORMAT = '[$-41D]#,##0.0;[$-41D]"\u2212"#,##0.0;;'


def _ref(ws, ref: str) -> Reference:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row)


def _small_text(size: int = 900) -> RichText:
    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str, size: int = 1100) -> Title:
    """A chart title at 11 pt bold (the default 18 pt takes a third of a small chart)."""
    props = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def empty_series(chart: ChartDef, spec: SheetSpec) -> set[int]:
    """The series of ``chart`` with nothing to draw (every value empty or 0): no legend entry
    for a bar that is not there."""
    return {
        i
        for i, s in enumerate(chart.series)
        if not any(isinstance(v, (int, float)) and v != 0 for v in range_values(spec, s.values))
    }


def build_chart(ws, chart: ChartDef, empty: set[int] | frozenset[int] = frozenset()):
    """An openpyxl chart for ``chart`` whose data lives on ``ws``; ``empty``: the series
    (by index) left out of the legend because they draw nothing (``empty_series``)."""
    if chart.kind == "line":
        native = LineChart()
    else:
        native = BarChart()
        native.type = "bar" if chart.kind == "barh" else "col"
        native.grouping = "stacked" if chart.stacked else "clustered"
        native.overlap = 100 if chart.stacked else None
        native.gapWidth = 60
    native.title = _title(chart.title)
    native.style = 2
    native.width = chart.width_cm
    native.height = chart.height_cm
    _axes(native, chart)
    for s in chart.series:
        native.series.append(_series(ws, chart, s))
    native.set_categories(_ref(ws, chart.categories))
    if chart.legend:
        native.legend.position = "b"
        native.legend.legendEntry = [
            LegendEntry(idx=i, delete=True) for i, s in enumerate(chart.series) if s.invisible or i in empty
        ]
    else:
        native.legend = None
    return native


def _axes(native, chart: ChartDef) -> None:
    """Axis titles, number format, scale and labels: every category named, none hidden."""
    if chart.y_title:
        native.y_axis.title = chart.y_title
    if chart.x_title:
        native.x_axis.title = chart.x_title
    native.y_axis.number_format = AXIS_FORMAT
    native.y_axis.numFmt.sourceLinked = False
    native.x_axis.tickLblSkip = 1  # every category label, also when they are many
    native.x_axis.tickMarkSkip = 1
    if chart.y_min is not None:
        native.y_axis.scaling.min = chart.y_min
    if chart.y_max is not None:
        native.y_axis.scaling.max = chart.y_max
    # openpyxl >= 3.1 writes <c:delete val="1"/> unless told otherwise: axes would be hidden.
    native.x_axis.delete = False
    native.y_axis.delete = False
    native.x_axis.txPr = _small_text(800)
    native.y_axis.txPr = _small_text()
    if chart.kind == "barh":
        native.x_axis.tickLblPos = "low"  # labels left of the plot, also for negative bars
        native.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    if chart.kind == "bar":
        native.x_axis.tickLblPos = "low"  # labels below the plot, also for negative columns


def _series(ws, chart: ChartDef, s: ChartSeries) -> Series:
    """One series over cells of ``ws``: its colour, dashes, data labels and markers."""
    series = Series(_ref(ws, s.values), title=s.title)
    props = GraphicalProperties()
    if s.invisible:
        props.noFill = True
        props.line = LineProperties(noFill=True)
    elif chart.kind == "line":
        props.line = LineProperties(solidFill=s.color or palette.DARK_BLUE, w=28575)
    elif s.color:
        props.solidFill = s.color
        props.line = LineProperties(solidFill=s.color)
    series.graphicalProperties = props
    if s.dashed and chart.kind == "line":
        props.line.prstDash = "dash"
    if chart.data_labels and not s.invisible:
        label_format = f'[$-41D]"{s.label_sign}"#,##0.0;;;' if s.label_sign else LABEL_FORMAT
        series.dLbls = DataLabelList(
            numFmt=label_format,
            showVal=True,
            showSerName=False,
            showCatName=False,
            showLegendKey=False,
            showPercent=False,
            txPr=_small_text(800),
        )
    if chart.kind == "line":
        series.smooth = False
        series.marker.symbol = "circle"
        series.marker.size = 5
        if s.color:
            series.marker.graphicalProperties = GraphicalProperties(solidFill=s.color)
            series.marker.graphicalProperties.line = LineProperties(solidFill=s.color)
    else:
        series.invertIfNegative = False
    return series


def add_charts(ws, spec: SheetSpec) -> None:
    for chart in spec.charts:
        ws.add_chart(build_chart(ws, chart, empty_series(chart, spec)), chart.anchor)


__all__ = ["add_charts", "build_chart"]
