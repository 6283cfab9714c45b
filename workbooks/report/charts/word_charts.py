"""Charts in the Word document as native Word charts (DrawingML), not pictures.

The same ``ChartDef`` the workbook draws natively
(``workbooks.report.charts.excel_charts.build_chart``) becomes a chart part of the document whose
series carry their values (the chart's own cache, as Word stores it), so the chart is sharp at
any zoom, takes the document's font, can be restyled in Word and pasted into the municipality's
template like any Word chart. Nothing is drawn here: building the XML takes milliseconds, where
pictures took most of a report's time.
"""

from __future__ import annotations

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from lxml import etree
from openpyxl import Workbook
from openpyxl.chart.data_source import NumData, NumVal, StrData, StrRef, StrVal
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

from workbooks.books.sheet_spec import ChartDef, SheetSpec, range_values
from workbooks.report.charts.excel_charts import build_chart, empty_series

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
EMU_PER_CM = 360_000
FONT = "Calibri"

_INLINE = (
    '<wp:inline distT="0" distB="0" distL="0" distR="0" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{id}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>'
)


def _numbers(values: list) -> NumData:
    points = [
        NumVal(idx=i, v=float(v))
        for i, v in enumerate(values)
        if isinstance(v, (int, float)) and not isinstance(v, bool)
    ]
    return NumData(formatCode="General", ptCount=len(values), pt=points)


def _labels(values: list) -> StrData:
    return StrData(ptCount=len(values), pt=[StrVal(idx=i, v="" if v is None else str(v)) for i, v in enumerate(values)])


def _font() -> RichText:
    """The chart's text in the document's font (the chart's own default is the theme's)."""
    props = CharacterProperties(latin=Font(typeface=FONT), cs=Font(typeface=FONT), lang="sv-SE")
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def chart_xml(chart: ChartDef, spec: SheetSpec) -> bytes:
    """The chart part: the workbook's chart with each series' values and the category labels
    cached in it (Word and LibreOffice draw from the cache)."""
    ws = Workbook().active
    ws.title = spec.name
    native = build_chart(ws, chart, empty_series(chart, spec))
    native.title = None  # the caption above it names the chart ("Diagram 1. …")
    labels = range_values(spec, chart.categories)
    for series, definition in zip(native.series, chart.series):
        series.val.numRef.numCache = _numbers(range_values(spec, definition.values))
        ref = series.cat.numRef.f if series.cat.numRef is not None else series.cat.strRef.f
        series.cat.numRef = None
        series.cat.strRef = StrRef(f=ref, strCache=_labels(labels))
    tree = native._write()
    tree.append(_font().to_tree("txPr", namespace="http://schemas.openxmlformats.org/drawingml/2006/chart"))
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_chart(run, chart: ChartDef, spec: SheetSpec, width_cm: float) -> None:
    """``chart`` as a native Word chart in ``run``, ``width_cm`` wide (height in proportion)."""
    document_part = run.part
    package = document_part.package
    number = sum(1 for p in package.iter_parts() if p.content_type == CHART_TYPE) + 1
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_TYPE, chart_xml(chart, spec), package)
    rid = document_part.relate_to(part, CHART_REL)
    height_cm = chart.height_cm * width_cm / chart.width_cm
    title = chart.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    inline = parse_xml(
        _INLINE.format(
            cx=int(width_cm * EMU_PER_CM),
            cy=int(height_cm * EMU_PER_CM),
            id=1000 + number,
            name=f"Diagram {number}",
            descr=title,
            rid=rid,
        )
    )
    drawing = parse_xml('<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    drawing.append(inline)
    run._r.append(drawing)
