"""The economic section as a Word document (python-docx), from ``workbooks.report.paper``.

Made to be pasted into a municipality's own report template: built-in heading styles
(Rubrik 1/2 in Swedish Word), tables with the built-in "Table Grid" style *and* explicit
borders on the table (so the lines survive a template without that style), numbers right-
aligned and formatted the Swedish way as text (the same on every machine), charts as
pictures drawn from the Diagram sheet's chart data, page numbers as fields in the footer.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from udfs.forecasting.engine import Report
from udfs.section.own_words import bullet_text, is_bullet
from udfs.language.vocabulary import printable
from validation.findings import Finding, sort_key
from validation.raw_table import UnusableInput
from workbooks.report.chart_pictures import png
from workbooks.report.paper import NUMBER, PERCENT, TEXT, Section, Table, format_cell, period_heading
from workbooks.books.sheet_spec import SheetSpec
from workbooks.books.atomic import write_atomically
from workbooks.books import palette

FONT = "Calibri"
BORDER_COLOR = palette.BORDER
HEADER_FILL = palette.HEADER_FILL
GROUP_FILL = palette.GROUP_FILL


def title_text(report: Report) -> str:
    return f"Ekonomi – {report.namnd}"


def subtitle_text(report: Report, datum: date) -> str:
    return (f"Prognos {report.ar} efter {period_heading(report.period)} (period {report.period}), "
            f"upprättad {datum.isoformat()}")


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


def _borders(table) -> None:
    """Explicit single borders on the whole table (outer and inner lines)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), BORDER_COLOR)
        borders.append(el)
    tbl_pr.append(borders)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def _cell_text(cell, text: str, *, bold: bool = False, right: bool = False, size: float = 9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(printable(text))
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = FONT


def column_widths(table: Table, width_cm: float) -> list:
    """Number columns 2,6 cm each (less when many); text columns share the rest by their
    longest text (header or cell, 8 to 40 characters), so that an empty comment column does
    not squeeze a project's name."""
    n = len(table.headers)
    kinds = [table.kinds[i] if i < len(table.kinds) else TEXT for i in range(n)]
    numbers = sum(1 for k in kinds if k != TEXT)
    number_cm = min(2.6, width_cm / max(n, 1))
    weights = {i: min(40, max(8, len(table.headers[i]), *(len(str(r[i])) for r in table.rows
                                                          if i < len(r) and r[i] is not None)))
               for i in range(n) if kinds[i] == TEXT}
    rest = width_cm - numbers * number_cm
    total = sum(weights.values()) or 1
    return [Cm(number_cm if kinds[i] != TEXT else rest * weights[i] / total) for i in range(n)]


def add_table(doc, table: Table, width_cm: float = 16.5) -> None:
    if table.caption:
        p = doc.add_paragraph()
        r = p.add_run(printable(table.caption))
        r.bold = True
        r.font.size = Pt(10)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.space_after = Pt(2)
    n = len(table.headers)
    grid = doc.add_table(rows=1, cols=n)
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    _borders(grid)
    widths = column_widths(table, width_cm)
    for i, column in enumerate(grid.columns):
        column.width = widths[i]
    header = grid.rows[0]
    _repeat_header(header)
    for i, text in enumerate(table.headers):
        cell = header.cells[i]
        cell.width = widths[i]
        _cell_text(cell, text, bold=True, right=table.kinds[i] != TEXT)
        _shade(cell, HEADER_FILL)
    for r, values in enumerate(table.rows):
        style = table.style(r)
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        if style == "group":
            merged = cells[0].merge(cells[n - 1])
            merged.width = Cm(width_cm)
            _cell_text(merged, str(values[0]), bold=True)
            _shade(merged, GROUP_FILL)
            continue
        for i in range(n):
            value = values[i] if i < len(values) else None
            kind = table.kinds[i] if i < len(table.kinds) else TEXT
            cells[i].width = widths[i]
            _cell_text(cells[i], format_cell(value, kind, table.decimals), bold=style == "bold",
                       right=kind in (NUMBER, PERCENT))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _setup(doc, report: Report, datum: date) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.25))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2", "Title"):
        doc.styles[name].font.name = FONT
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x78)
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(8)
        doc.styles[name].font.name = FONT
    head = section.header.paragraphs[0]
    head.text = printable(f"{report.namnd}\tEkonomi {report.ar}\t{datum.isoformat()}")
    width = section.page_width - section.left_margin - section.right_margin
    head.paragraph_format.tab_stops.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.CENTER)
    head.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    for run in head.runs:
        run.font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, code in (("Sida ", "PAGE"), (" av ", "NUMPAGES")):
        run = foot.add_run(text)
        run.font.size = Pt(8)
        run = foot.add_run()
        run.font.size = Pt(8)
        _field(run, code)


def build_document(report: Report, sections: Iterable[Section], diagram: SheetSpec | None, datum: date):
    """A python-docx Document of the economic section."""
    doc = Document()
    _setup(doc, report, datum)
    doc.add_heading(printable(title_text(report)), level=1)
    p = doc.add_paragraph(printable(subtitle_text(report, datum)))
    p.runs[0].italic = True
    charts = {c.name: c for c in diagram.charts} if diagram is not None else {}
    first = True
    for section in sections:
        if section.new_page and not first:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        heading = doc.add_heading(printable(section.title), level=2)
        heading.paragraph_format.keep_with_next = True
        for text in section.paragraphs:
            if is_bullet(text):  # the economist's bullets (issue 20) as a real list
                doc.add_paragraph(bullet_text(text), style="List Bullet")
                continue
            paragraph = doc.add_paragraph()
            area = next((a for a in report.areas if text.startswith(f"{a}: ")), None)
            if area is not None:  # the area's name in bold, as the papers lead each explanation
                paragraph.add_run(printable(area)).bold = True
                text = text[len(area):]
            paragraph.add_run(printable(text))
        for table in section.tables:
            add_table(doc, table)
        for name in section.charts:
            chart = charts.get(name)
            if chart is None:
                continue
            picture = doc.add_paragraph()
            picture.paragraph_format.keep_together = True
            picture.add_run().add_picture(io.BytesIO(png(chart, diagram)), width=Cm(16.0))
    return doc


def findings_document(findings: list[Finding], file: str):
    """When the tables cannot be used: the validation errors, so the economist knows what to fix."""
    doc = Document()
    doc.add_heading("Rapporten kunde inte skapas", level=1)
    doc.add_paragraph(f"{file}: tabellerna har fel som måste rättas först. Inga belopp har beräknats.")
    rows = [[f.blad, f.cell, f.meddelande] for f in sorted(findings, key=sort_key) if f.is_error]
    add_table(doc, Table(["Blad", "Cell", "Meddelande"], rows, [TEXT] * 3))
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


def write_docx(report: Report, sections: Iterable[Section], diagram: SheetSpec | None, path: Path,
               datum: date | None = None) -> Path:
    """Write the economic section to ``path``."""
    return save(build_document(report, sections, diagram, datum or date.today()), path)
