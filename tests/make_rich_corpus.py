"""A workbook carrying what real budget workbooks carry and openpyxl would drop or simplify.

Built at test time from the bundled example: openpyxl adds a legacy comment, conditional
formatting, data validation and defined names (global, sheet-local, print titles); then,
byte-level from minimal known-good XML, the Budget sheet gets a drawing with a shape and a text
box, sparklines, conditional formatting and data validation in ``x14`` extensions, a form
control, a slicer and a threaded comment; the workbook gets a pivot table with its cache on a
sheet of its own, an external link, a custom XML part, Excel's ``docProps/app.xml`` with the
sheet titles, a ``calcChain.xml`` and (``.xlsm``) a VBA project.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from conftest import EXAMPLE
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CT = {
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "ctrl": "application/vnd.ms-excel.controlproperties+xml",
    "slicer": "application/vnd.ms-excel.slicer+xml",
    "slicerCache": "application/vnd.ms-excel.slicerCache+xml",
    "threaded": "application/vnd.ms-excel.threadedcomments+xml",
    "person": "application/vnd.ms-excel.person+xml",
    "pcd": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    "pcr": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml",
    "pt": "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",
    "ext": "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
    "props": "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    "calc": "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
    "vba": "application/vnd.ms-office.vbaProject",
    "ws": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MSREL = "http://schemas.microsoft.com/office/"

DRAWING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}"><xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Rektangel 1"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="1F4E78"/></a:solidFill></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Budgeten beslutad i KF</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor><xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>9</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Textruta 2"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="571500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:r><a:t>Anteckning: kontrollera hyrorna</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"""

SHEET_EXT = f"""<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" id="{{00000000-000E-0000-0000-000001000000}}"><x14:dataBar minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule><xm:sqref>C2:C10</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Prognos!$B$2:$B$3</xm:f></x14:formula1><xm:sqref>F2:F10</xm:sqref></x14:dataValidation></x14:dataValidations></ext><ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/><x14:sparklines><x14:sparkline><xm:f>Budget!C2:C10</xm:f><xm:sqref>G2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext><ext uri="{{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}}" xmlns:x14="{X14}"><x14:slicerList><x14:slicer r:id="rIdSlicer"/></x14:slicerList></ext></extLst>"""

PIVOT_SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{M}" xmlns:r="{R}"><dimension ref="A3:A6"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>Radetiketter</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>Intäkter</t></is></c></row><row r="5"><c r="A5" t="inlineStr"><is><t>Kostnader</t></is></c></row><row r="6"><c r="A6" t="inlineStr"><is><t>Totalsumma</t></is></c></row></sheetData></worksheet>"""
PIVOT_CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheDefinition xmlns="{M}" xmlns:r="{R}" r:id="rId1" refreshOnLoad="1" recordCount="2" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3"><cacheSource type="worksheet"><worksheetSource ref="B1:B3" sheet="Budget"/></cacheSource><cacheFields count="1"><cacheField name="Typ" numFmtId="0"><sharedItems count="2"><s v="Intäkter"/><s v="Kostnader"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"""
PIVOT_RECORDS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotCacheRecords xmlns="{M}" count="2"><r><x v="0"/></r><r><x v="1"/></r></pivotCacheRecords>"""
PIVOT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<pivotTableDefinition xmlns="{M}" name="Pivottabell1" cacheId="7" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Värden" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" indent="0" outline="1" outlineData="1"><location ref="A3:A6" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/><pivotFields count="1"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField></pivotFields><rowFields count="1"><field x="0"/></rowFields><rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems></pivotTableDefinition>"""
SLICER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<slicers xmlns="{X14}" xmlns:mc="{MC}"><slicer name="Typ" cache="Utsnitt_Typ" caption="Typ" rowHeight="241300"/></slicers>"""
SLICER_CACHE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<slicerCacheDefinition xmlns="{X14}" name="Utsnitt_Typ" sourceName="Typ"><pivotTables><pivotTable tabId="8" name="Pivottabell1"/></pivotTables><data><tabular pivotCacheId="7"><items count="2"><i x="0" s="1"/><i x="1" s="1"/></items></tabular></data></slicerCacheDefinition>"""
CTRL = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox" checked="Checked" lockText="1"/>"""
THREADED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="D2" dT="2023-05-02T10:00:00.00" personId="{11111111-2222-3333-4444-555555555555}" id="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}"><text>Stämmer beloppet med KF-beslutet?</text></threadedComment></ThreadedComments>"""
PERSONS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Ekonom Ett" id="{11111111-2222-3333-4444-555555555555}" userId="ekonom@example.invalid" providerId="None"/></personList>"""
EXTERNAL = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<externalLink xmlns="{M}" xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Blad1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>42</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"""
CUSTOM_ITEM = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<kommun xmlns="urn:example:prognos"><diarienummer>KS 2023/17</diarienummer></kommun>"""
CUSTOM_PROPS = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<ds:datastoreItem ds:itemID="{6D4A3E8C-2B1F-4E3A-9F00-1A2B3C4D5E6F}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>"""
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # opaque to everyone but Excel


def _rels(entries: list[tuple[str, str, str]], external: set[str] = frozenset()) -> bytes:
    body = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="{target}"'
        + (' TargetMode="External"' if i in external else "")
        + "/>"
        for i, t, target in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PR}">{body}</Relationships>'.encode()


def _add_rels(parts: dict[str, bytes], name: str, entries: list[tuple[str, str, str]]) -> None:
    extra = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in entries)
    parts[name] = parts[name].replace(b"</Relationships>", extra.encode() + b"</Relationships>")


def _openpyxl_base(path: Path) -> None:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Budget"]
    ws["C2"].comment = Comment("Beslutad budget enligt KF 2022-11-24", "Ekonom")
    ws.conditional_formatting.add(
        "C2:C20", CellIsRule(operator="lessThan", formula=["0"], fill=PatternFill(bgColor="FFEB9C"))
    )
    dv = DataValidation(type="list", formula1='"Intäkter,Kostnader"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B2:B40")
    wb.defined_names["Budgetsumma"] = DefinedName("Budgetsumma", attr_text="Budget!$C$2:$C$40")
    ws.defined_names["Lokalt"] = DefinedName("Lokalt", attr_text="Budget!$A$1")
    ws.print_title_rows = "1:1"
    wb.active = wb.sheetnames.index("Budget")
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == "Budget"
    wb.save(path)


def build(folder: Path, macros: bool = False) -> Path:
    """The rich workbook in ``folder``; ``.xlsm`` with a VBA project when ``macros``."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "bas.xlsx"
    _openpyxl_base(base)
    with zipfile.ZipFile(base) as archive:
        order = archive.namelist()
        parts = {n: archive.read(n) for n in order}
    wb_xml = parts["xl/workbook.xml"].decode()
    budget_rid = re.search(r'<sheet [^>]*name="Budget"[^>]*r:id="(rId\d+)"', wb_xml).group(1)
    target = re.search(rf'<Relationship[^>]*Id="{budget_rid}"[^>]*/>', parts["xl/_rels/workbook.xml.rels"].decode())
    sheet_part = "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', target.group(0)).group(1)
    sheet_rels = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    types = []

    # The Budget sheet: drawing, form control, extensions (x14 CF and DV, sparklines, slicer).
    sheet = parts[sheet_part].decode()
    sheet = (
        sheet.replace("<worksheet ", f'<worksheet xmlns:mc="{MC}" xmlns:x14="{X14}" ', 1)
        if "xmlns:x14=" not in sheet
        else sheet
    )
    if 'xmlns:r="' not in sheet[:300]:
        sheet = sheet.replace("<worksheet ", f'<worksheet xmlns:r="{R}" ', 1)
    sheet = re.sub(r"(<legacyDrawing |<tableParts)", r'<drawing r:id="rIdDrawing"/>\1', sheet, count=1)
    sheet = re.sub(
        r"(<tableParts)",
        r'<controls><control shapeId="1025" r:id="rIdCtrl" name="Kryssruta '
        r'1"/></controls>\1',
        sheet,
        count=1,
    )
    sheet = sheet.replace("</worksheet>", SHEET_EXT + "</worksheet>")
    parts[sheet_part] = sheet.encode()
    _add_rels(
        parts,
        sheet_rels,
        [
            ("rIdDrawing", REL + "drawing", "/xl/drawings/drawing9.xml"),
            ("rIdCtrl", REL + "ctrlProp", "/xl/ctrlProps/ctrlProp1.xml"),
            ("rIdSlicer", MSREL + "2007/relationships/slicer", "/xl/slicers/slicer1.xml"),
            (
                "rIdThreaded",
                MSREL + "2017/10/relationships/threadedComment",
                "/xl/threadedComments/threadedComment1.xml",
            ),
        ],
    )
    parts["xl/drawings/drawing9.xml"] = DRAWING.encode()
    parts["xl/ctrlProps/ctrlProp1.xml"] = CTRL.encode()
    parts["xl/slicers/slicer1.xml"] = SLICER.encode()
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED.encode()
    types += [
        ("xl/drawings/drawing9.xml", CT["drawing"]),
        ("xl/ctrlProps/ctrlProp1.xml", CT["ctrl"]),
        ("xl/slicers/slicer1.xml", CT["slicer"]),
        ("xl/threadedComments/threadedComment1.xml", CT["threaded"]),
    ]

    # A pivot sheet with its table and cache; slicer cache, persons, external link, custom XML.
    parts["xl/worksheets/sheet90.xml"] = PIVOT_SHEET.encode()
    parts["xl/worksheets/_rels/sheet90.xml.rels"] = _rels(
        [("rId1", REL + "pivotTable", "/xl/pivotTables/pivotTable1.xml")]
    )
    parts["xl/pivotTables/pivotTable1.xml"] = PIVOT_TABLE.encode()
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = _rels(
        [("rId1", REL + "pivotCacheDefinition", "/xl/pivotCache/pivotCacheDefinition1.xml")]
    )
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = PIVOT_CACHE.encode()
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = _rels(
        [("rId1", REL + "pivotCacheRecords", "pivotCacheRecords1.xml")]
    )
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = PIVOT_RECORDS.encode()
    parts["xl/slicerCaches/slicerCache1.xml"] = SLICER_CACHE.encode()
    parts["xl/persons/person.xml"] = PERSONS.encode()
    parts["xl/externalLinks/externalLink1.xml"] = EXTERNAL.encode()
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = _rels(
        [("rId1", REL + "externalLinkPath", "file:///C:/Budget/Kommunstyrelsen.xlsx")], external={"rId1"}
    )
    parts["customXml/item1.xml"] = CUSTOM_ITEM.encode()
    parts["customXml/itemProps1.xml"] = CUSTOM_PROPS.encode()
    parts["customXml/_rels/item1.xml.rels"] = _rels([("rId1", REL + "customXmlProps", "itemProps1.xml")])
    parts["xl/calcChain.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="{M}"><c r="C2" i="3"/></calcChain>'
    ).encode()
    types += [
        ("xl/worksheets/sheet90.xml", CT["ws"]),
        ("xl/pivotTables/pivotTable1.xml", CT["pt"]),
        ("xl/pivotCache/pivotCacheDefinition1.xml", CT["pcd"]),
        ("xl/pivotCache/pivotCacheRecords1.xml", CT["pcr"]),
        ("xl/slicerCaches/slicerCache1.xml", CT["slicerCache"]),
        ("xl/persons/person.xml", CT["person"]),
        ("xl/externalLinks/externalLink1.xml", CT["ext"]),
        ("customXml/itemProps1.xml", CT["props"]),
        ("xl/calcChain.xml", CT["calc"]),
    ]
    wb_rels = [
        ("rIdPivotSheet", REL + "worksheet", "worksheets/sheet90.xml"),
        ("rIdPivotCache", REL + "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml"),
        ("rIdSlicerCache", MSREL + "2007/relationships/slicerCache", "slicerCaches/slicerCache1.xml"),
        ("rIdPersons", MSREL + "2017/10/relationships/person", "persons/person.xml"),
        ("rIdExternal", REL + "externalLink", "externalLinks/externalLink1.xml"),
        ("rIdCustom", REL + "customXml", "../customXml/item1.xml"),
        ("rIdCalc", REL + "calcChain", "calcChain.xml"),
    ]
    if macros:
        parts["xl/vbaProject.bin"] = VBA
        wb_rels.append(("rIdVba", MSREL + "2006/relationships/vbaProject", "vbaProject.bin"))
        types.append(("xl/vbaProject.bin", CT["vba"]))
    _add_rels(parts, "xl/_rels/workbook.xml.rels", wb_rels)

    if 'xmlns:r="' not in wb_xml[:300]:
        wb_xml = wb_xml.replace("<workbook ", f'<workbook xmlns:r="{R}" ', 1)
    wb_xml = wb_xml.replace(
        "</sheets>",
        '<sheet name="Pivot" sheetId="90" r:id="rIdPivotSheet"/></sheets>'
        "<externalReferences><externalReference "
        'r:id="rIdExternal"/></externalReferences>',
    )
    wb_xml = wb_xml.replace("</definedNames>", '<definedName name="Extern">[1]Blad1!$A$1</definedName></definedNames>')
    wb_xml = re.sub(
        r"(<calcPr[^>]*/>)",
        r'\1<pivotCaches><pivotCache cacheId="7" '
        r'r:id="rIdPivotCache"/></pivotCaches>',
        wb_xml,
    )
    wb_xml = wb_xml.replace(
        "</workbook>",
        f'<extLst><ext uri="{{BBE1A952-AA13-448e-AADC-164F8A28A991}}" '
        f'xmlns:x14="{X14}"><x14:slicerCaches><x14:slicerCache '
        'r:id="rIdSlicerCache"/>'
        f"</x14:slicerCaches></ext></extLst></workbook>",
    )
    parts["xl/workbook.xml"] = wb_xml.encode()

    content = parts["[Content_Types].xml"].decode()
    overrides = "".join(f'<Override PartName="/{p}" ContentType="{t}"/>' for p, t in types)
    content = content.replace("</Types>", overrides + "</Types>")
    if macros:
        content = content.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    parts["[Content_Types].xml"] = content.encode()

    names = [s for s in re.findall(r'<sheet name="([^"]+)"', wb_xml)]
    titles = "".join(f"<vt:lpstr>{n}</vt:lpstr>" for n in names)
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel'
        '</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="4" '
        'baseType="variant"><vt:variant><vt:lpstr>Kalkylblad</vt:lpstr></vt:variant><vt:variant><vt:i4>'
        f"{len(names)}</vt:i4></vt:variant><vt:variant><vt:lpstr>Namngivna områden</vt:lpstr></vt:variant><vt:variant>"
        f'<vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{len(names) + 1}" '
        f'baseType="lpstr">{titles}<vt:lpstr>Budgetsumma</vt:lpstr></vt:vector></TitlesOfParts><AppVersion>16.0300'
        "</AppVersion></Properties>"
    ).encode()

    out = folder / ("rik.xlsm" if macros else "rik.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order + [n for n in parts if n not in order]:
            archive.writestr(name, parts[name])
    base.unlink()
    return out
