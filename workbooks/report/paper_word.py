"""The economic section as a Word document (python-docx), from ``workbooks.report.paper``.

Made to be pasted into a municipality's own report template: Swedish (sv-SE) as the proofing
language of the defaults, every style and every run; built-in heading styles (Rubrik 1/2/3 in
Swedish Word) that keep with the next paragraph, and no forced page breaks; tables with the
built-in "Table Grid" style *and* explicit borders (so the lines survive a template without
that style), columns as wide as their content needs (``workbooks.report.table_layout``),
numbers right-aligned and written the Swedish way as text; each chart a native Word chart
(``workbooks.report.charts.word_charts``) with a caption "Diagram N. …" in the section it
illustrates; page numbers as fields in the footer.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from udfs.forecasting.engine import Report
from udfs.forecasting.sentences import period_text
from udfs.language.vocabulary import printable
from udfs.section.own_words import bullet_text, is_bullet
from validation.findings import Finding, sort_key
from validation.raw_table import UnusableInput
from workbooks.books import palette
from workbooks.books.atomic import write_atomically
from workbooks.books.sheet_spec import SheetSpec
from workbooks.report.charts.word_charts import add_chart
from workbooks.report.paper import NUMBER, PERCENT, TEXT, Section, Table, format_cell, report_name
from workbooks.report.text_layout import TABLE_FONT_PT, column_widths

FONT = "Calibri"
LANGUAGE = "sv-SE"
BORDER_COLOR = palette.BORDER
HEADER_FILL = palette.HEADER_FILL
GROUP_FILL = palette.GROUP_FILL
TEXT_WIDTH_CM = 16.5  # A4 portrait less 2,25 cm margins
TWIPS_PER_CM = 567
HEADING_STYLES = {2: "Heading 2", 3: "Heading 3"}


def title_text(report: Report) -> str:
    return f"Ekonomi – {report.namnd}"


def subtitle_text(report: Report, datum: date) -> str:
    """ "Delårsrapport 1 2023: utfall januari–april och prognos för helåret 2023.\""""
    if report.period >= 12:
        return f"{report_name(report)}: utfall {report.ar}."
    return f"{report_name(report)}: utfall {period_text(report.period)} och prognos för helåret {report.ar}."


def _field(run, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``run``: begin, instruction, separate, result, end."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    run._r.append(instr)
    char("separate")
    text = OxmlElement("w:t")
    text.text = "1"
    run._r.append(text)
    char("end")


# --- tables: one XML string per table (python-docx's cell API is slow on 500 cells) ----------
_BORDERS = "".join(
    f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOR}"/>'
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _run_xml(text: str, bold: bool) -> str:
    props = (
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>{"<w:b/>" if bold else ""}'
        f'<w:sz w:val="{TABLE_FONT_PT * 2}"/><w:lang w:val="{LANGUAGE}"/>'
    )
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(printable(text))}</w:t></w:r>'


def _cell_xml(
    text: str,
    width: int,
    *,
    bold: bool = False,
    right: bool = False,
    fill: str | None = None,
    span: int = 1,
    keep: bool = False,
) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    keep_next = "<w:keepNext/>" if keep else ""
    align = '<w:jc w:val="right"/>' if right else ""
    ppr = f'<w:pPr>{keep_next}<w:spacing w:before="0" w:after="0"/>{align}</w:pPr>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{shade}</w:tcPr>'
        f"<w:p>{ppr}{_run_xml(text, bold) if text else ''}</w:p></w:tc>"
    )


def table_xml(table: Table, width_cm: float = TEXT_WIDTH_CM) -> str:
    """The table as WordprocessingML, columns laid out from their content (elements in the
    schema's order: Word refuses a document whose table properties are out of order)."""
    widths = [int(w * TWIPS_PER_CM) for w in column_widths(table, width_cm)]
    n = len(widths)
    right = [k in (NUMBER, PERCENT) for k in (table.kinds + [TEXT] * n)[:n]]
    rows = [
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            _cell_xml(h, widths[i], bold=True, right=right[i], fill=HEADER_FILL, keep=True)
            for i, h in enumerate(table.headers)
        )
        + "</w:tr>"
    ]
    for r, values in enumerate(table.rows):
        style, keep = table.style(r), r < 2
        if style == "group":
            cells = _cell_xml(str(values[0]), sum(widths), bold=True, fill=GROUP_FILL, span=n, keep=True)
        else:
            cells = "".join(
                _cell_xml(
                    format_cell(values[i] if i < len(values) else None, table.kinds[i], table.decimals),
                    widths[i],
                    bold=style == "bold",
                    right=right[i],
                    keep=keep,
                )
                for i in range(n)
            )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def _caption(doc, text: str) -> None:
    p = doc.add_paragraph(text, style="Caption")
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_after = Pt(2)


def add_table(doc, table: Table, width_cm: float = TEXT_WIDTH_CM) -> None:
    if table.caption:
        _caption(doc, table.caption)
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    element = parse_xml(table_xml(table, width_cm))
    if end is not None:
        end.addprevious(element)
    else:
        body.append(element)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


# --- the document --------------------------------------------------------------------------
def _swedish(doc) -> None:
    """sv-SE as the language of the defaults and of every style."""
    styles = doc.styles.element
    for rpr in [styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))] + [
        style.get_or_add_rPr() for style in styles.findall(qn("w:style"))
    ]:
        _set_language(rpr)


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _every_run_swedish(element) -> None:
    for run in element.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        if rpr.find(qn("w:lang")) is None:
            _set_language(rpr)


def _setup(doc, report: Report, datum: date) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.25))
    section.top_margin = section.bottom_margin = Cm(2.0)
    _swedish(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        doc.styles[name].font.name = FONT
        if name != "Caption":
            doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x78)
            doc.styles[name].paragraph_format.keep_with_next = True
    doc.styles["Caption"].font.size = Pt(9)
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(8)
        doc.styles[name].font.name = FONT
    head = section.header.paragraphs[0]
    head.text = printable(f"{report.namnd}\t{report_name(report)}\t{datum.isoformat()}")
    width = section.page_width - section.left_margin - section.right_margin
    head.paragraph_format.tab_stops.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.CENTER)
    head.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, code in (("Sida ", "PAGE"), (" av ", "NUMPAGES")):
        foot.add_run(text)
        _field(foot.add_run(), code)


def _paragraphs(doc, texts: list[str]) -> None:
    for text in texts:
        lines = [line.strip() for line in str(text).split("\n") if line.strip()]
        for line in lines:
            if is_bullet(line):  # the economist's bullets (issue 20) as a real list
                doc.add_paragraph(printable(bullet_text(line)), style="List Bullet")
            elif line[:2] in ("• ", "- ", "– "):
                doc.add_paragraph(printable(line[2:]), style="List Bullet")
            else:
                doc.add_paragraph(printable(line))


def build_document(report: Report, sections: Iterable[Section], diagram: SheetSpec | None, datum: date):
    """A python-docx Document of the economic section."""
    doc = Document()
    _setup(doc, report, datum)
    doc.add_heading(printable(title_text(report)), level=1)
    doc.add_paragraph(printable(subtitle_text(report, datum))).runs[0].italic = True
    charts = {c.name: c for c in diagram.charts} if diagram is not None else {}
    number = 0
    for section in sections:
        doc.add_heading(printable(section.title), level=3 if section.level >= 3 else 2)
        _paragraphs(doc, section.paragraphs)
        for table in section.tables:
            add_table(doc, table)
        for name in section.charts:
            chart = charts.get(name)
            if chart is None:
                continue
            number += 1
            _caption(doc, f"Diagram {number}. {chart.title}")
            picture = doc.add_paragraph()
            picture.paragraph_format.keep_together = True
            add_chart(picture.add_run(), chart, diagram, width_cm=16.0)
    for part in (doc.element.body, doc.sections[0].header._element, doc.sections[0].footer._element):
        _every_run_swedish(part)
    return doc


def findings_document(findings: list[Finding], file: str):
    """When the tables cannot be used: the validation errors, so the economist knows what to fix."""
    doc = Document()
    _swedish(doc)
    doc.add_heading("Rapporten kunde inte skapas", level=1)
    doc.add_paragraph(f"{file}: tabellerna har fel som måste rättas först. Inga belopp har beräknats.")
    rows = [[f.blad, f.cell, f.meddelande] for f in sorted(findings, key=sort_key) if f.is_error]
    add_table(doc, Table(["Blad", "Cell", "Meddelande"], rows, [TEXT] * 3))
    _every_run_swedish(doc.element.body)
    return doc


def save(doc, path: Path) -> Path:
    """Save through a temporary file, so a failure leaves nothing half written."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise UnusableInput(f"{path.name}: rapporten skrivs som Word-dokument. Ange ett filnamn som slutar på .docx.")
    if path.exists() and path.is_dir():
        raise UnusableInput(f"{path}: är en mapp. Ange ett filnamn, t.ex. {path / 'ekonomi.docx'}.")
    try:
        write_atomically(path, lambda tmp: doc.save(str(tmp)))
    except OSError as exc:
        raise UnusableInput(f"{path}: kunde inte skrivas ({exc.strerror or exc}).") from None
    return path


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(
    report: Report, sections: Iterable[Section], diagram: SheetSpec | None, path: Path, datum: date | None = None
) -> Path:
    """Write the economic section to ``path``."""
    return save(build_document(report, sections, diagram, datum or date.today()), path)
