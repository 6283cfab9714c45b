"""The paper as the committee and the agency read it (issue 20): the Word section, the Rapport
sheet and the Återrapportering sheet of the bundled examples printed by LibreOffice and read
back with pdftotext.

What is checked: no phrase of the tool's own (checks, reconciliations, statuses: the list is
``pdf_hjalp.TOOL_PHRASES``) on any printed page; the Word document in Swedish (sv-SE on the
defaults, every style and every run, and LibreOffice reads it as Swedish); no forced page
breaks beyond one, so the page count is within one page of the same document with every break
taken out; every table column at least 1,2 cm and as wide as its longest word in Carlito (the
installed font file measured here, independently of the layout code), and no word of a table
broken in print; every chart captioned "Diagram N." and placed in its section; the report's
name and date from Inställningar.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE, require_tool
from docx.oxml.ns import qn
from pdf_hjalp import TOOL_PHRASES, pages, sheet_pdf, to_pdf, tool_phrases
from workbook_factory import minimal_rows, setting, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from addin.ribbon.grants import aterrapportering
from addin.ribbon.paper import skapa_rapport
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper_sheet import RAPPORT
from workbooks.report.paper_word import save

GRANTS = EXAMPLE.with_name("botkyrka_statsbidrag_2022.xlsx")
CARLITO = Path("/usr/share/fonts/truetype/crosextra")
TABLE_PT = 9
MARGINS_CM = 2 * 0.19  # Word's default left and right cell margins
TWIPS_PER_CM = 567


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("papper_word")
    made = skapa_rapport(XlsxBook(EXAMPLE), file=EXAMPLE.name)
    out = save(made.document, tmp / "ekonomi.docx")
    pdf = to_pdf(out, tmp / "pdf")
    return out, pdf, pages(pdf), made


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("papper_blad")
    book = XlsxBook(EXAMPLE)
    result = uppdatera_prognos(book, file=EXAMPLE.name)
    out = tmp / "ut.xlsx"
    book.save(out)
    pdf = sheet_pdf(out, RAPPORT, tmp / "rapport")
    return out, pages(pdf), result


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("papper_bidrag")
    book = XlsxBook(GRANTS)
    result = aterrapportering(book, file=GRANTS.name)
    out = tmp / "ut.xlsx"
    book.save(out)
    return pages(sheet_pdf(out, "Återrapportering", tmp / "aterrapport")), result


def test_the_phrase_list_catches_what_the_tool_used_to_print():
    """The oracle itself: each of the phrases seen in the paper and on the forms is caught."""
    seen = [
        "Utfall jan–apr 2022: nettot enligt tabellen Kostnadsslag är −227 703 tkr, men Avvikelse … "
        "kontrollera vilket som gäller",
        "Netto enligt Avvikelse   −223 073",
        "Skillnad   0   3 657",
        "Posten 'Sjuka och funktionshindrade' (Migrationsverket) finns under 2 verksamheter",
        "Övriga verksamheter saknar föregående prognos och ingår inte i jämförelsen.",
        "Verksamheten anger: Färre hushåll",
        "Status   Varning   1 anmärkning: se bladet Valideringsfel",
        "Antal tecken   187   OK",
        "Skillnad mot radernas summa   4 442",
        "4 442 kr saknar underlag och blir kvarstående",
        "Prognos                                   Sida 1 av 4",
    ]
    for text in seen:
        assert tool_phrases(text), text
    assert not tool_phrases("Prognos helår 2023 visar ett överskott. Budget i balans. Sida 1 av 4")
    assert len(TOOL_PHRASES) >= 10


def test_no_tool_phrase_in_the_word_section(word):
    _out, _pdf, texts, made = word
    for i, text in enumerate(texts, start=1):
        assert tool_phrases(text) == [], f"sida {i}: {tool_phrases(text)}"
    # what was printed before is now a finding, with its rule, on Valideringsfel
    codes = {f.regel for f in made.result.findings}
    assert {"kostnadsslag_avviker", "post_flera_verksamheter", "foregaende_prognos_saknas"} <= codes


def test_no_tool_phrase_on_the_rapport_sheet(sheet):
    _out, texts, _result = sheet
    for i, text in enumerate(texts, start=1):
        assert tool_phrases(text) == [], f"sida {i}: {tool_phrases(text)}"


def test_no_tool_phrase_on_the_grant_forms(forms):
    texts, result = forms
    for i, text in enumerate(texts, start=1):
        assert tool_phrases(text) == [], f"sida {i}: {tool_phrases(text)}"
    # the typed total that differs from the rows is a finding, not a line of the form
    assert any(f.regel == "inskriven_summa" and "4 442" in f.meddelande.replace("\u00a0", " ") for f in result.findings)


def _langs(xml: bytes) -> list[str]:
    return [v.decode() for v in re.findall(rb'<w:lang [^>]*w:val="([^"]+)"', xml)]


def test_word_is_swedish_in_the_file_and_for_libreoffice(word, tmp_path):
    out, _pdf, _texts, _made = word
    with zipfile.ZipFile(out) as z:
        styles, body = z.read("word/styles.xml"), z.read("word/document.xml")
    assert _langs(styles) and set(_langs(styles)) == {"sv-SE"}
    document = docx.Document(str(out))
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr is not None and r._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "sv-SE" for r in runs)
    assert b'w:val="en-US"' not in body + styles
    # LibreOffice's own reading: the document as flat ODF, its default language
    exe = require_tool("soffice", "libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="lo_lang_") as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "fodt",
                "--outdir",
                str(tmp_path),
                str(out),
            ],
            capture_output=True,
            timeout=240,
            check=True,
        )
    odf = (tmp_path / "ekonomi.fodt").read_text(encoding="utf-8")
    default = re.search(r"<style:default-style style:family=\"paragraph\">.*?</style:default-style>", odf, re.S).group(
        0
    )
    assert 'fo:language="sv"' in default and 'fo:country="SE"' in default
    assert 'fo:language="en"' not in odf


def _without_breaks(src: Path, dst: Path) -> Path:
    """The same document with every forced page break taken out: its natural length."""
    document = docx.Document(str(src))
    body = document.element.body
    for br in body.iter(qn("w:br")):
        if br.get(qn("w:type")) == "page":
            br.getparent().remove(br)
    for el in list(body.iter(qn("w:pageBreakBefore"))):
        el.getparent().remove(el)
    document.save(str(dst))
    return dst


def test_word_flows_without_forced_page_breaks(word, tmp_path):
    out, _pdf, texts, _made = word
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert xml.count('w:type="page"') + xml.count("<w:pageBreakBefore") <= 1
    natural = pages(to_pdf(_without_breaks(out, tmp_path / "flyt.docx"), tmp_path / "pdf"))
    assert len(texts) <= len(natural) + 1
    document = docx.Document(str(out))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(
        p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next for p in headings
    )


def _carlito():
    """Advance widths (cm per point of size) measured from the installed Carlito files."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    fonts = {}
    for bold, name in ((False, "Carlito-Regular.ttf"), (True, "Carlito-Bold.ttf")):
        path = CARLITO / name
        if not path.exists():
            pytest.skip("fonts-crosextra-carlito saknas")
        font = ttlib.TTFont(str(path))
        cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        fonts[bold] = lambda ch, cmap=cmap, hmtx=hmtx, upm=upm: (
            hmtx[cmap.get(ord(ch), cmap[ord(" ")] if ch == "\u00a0" else cmap[ord("n")])][0] / upm / 72 * 2.54
        )
    return fonts


def test_word_table_columns_fit_their_longest_word(word):
    out, _pdf, texts, _made = word
    fonts = _carlito()
    printed = set(re.findall(r"\w+", " ".join(texts).replace("\u00a0", " ")))
    document = docx.Document(str(out))
    checked = 0
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) / TWIPS_PER_CM for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(w >= 1.2 - 1e-6 for w in grid), grid
        columns = {i: [] for i in range(len(grid))}
        for row in table.rows:
            cells = row.cells
            if len({id(c._tc) for c in cells}) < len(cells):
                continue  # a group heading merged over the table
            for i, cell in enumerate(cells):
                for p in cell.paragraphs:
                    for r in p.runs:
                        columns[i] += [(w, bool(r.bold)) for w in r.text.replace("\n", " ").split(" ") if w]
        for i, words in columns.items():
            assert words, f"kolumn {i + 1} är tom: {[c.text for c in table.rows[0].cells]}"
            widest = max(sum(fonts[b](ch) for ch in w) * TABLE_PT for w, b in words)
            assert widest + MARGINS_CM <= grid[i] + 0.02, (table.rows[0].cells[i].text, widest, grid[i])
            checked += 1
            for w, _b in words:  # not broken in the middle in print
                for part in re.findall(r"\w{4,}", w):
                    assert part in printed, part
    assert checked >= 20


def test_word_charts_are_captioned_in_their_sections(word):
    out, _pdf, texts, made = word
    document = docx.Document(str(out))
    body = list(document.element.body.iterchildren())
    charts = [i for i, el in enumerate(body) if el.xpath(".//c:chart")]
    assert len(charts) >= 3
    captions = re.findall(r"Diagram (\d+)\. ", " ".join(texts))
    assert captions == [str(n) for n in range(1, len(charts) + 1)]
    headings = [i for i, el in enumerate(body) if el.xpath("./w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]")]
    last_heading = max(headings)
    assert min(charts) < last_heading, "diagrammen står i sina avsnitt, inte samlade sist"
    for i in charts:  # the caption right before the chart, kept with it
        caption = "".join(body[i - 1].itertext())
        assert re.match(r"Diagram \d+\. \S", caption), caption


def test_report_name_and_date_from_installningar(word, sheet):
    _out, _pdf, texts, made = word
    assert made.result.report.rapport == "Delårsrapport 1 2023"
    head = texts[0].strip().splitlines()[0]
    assert "Delårsrapport 1 2023" in head and "2023-05-10" in head and str(date.today()) not in head
    _xlsx, sheet_texts, _result = sheet
    first = sheet_texts[0].strip().splitlines()[0]
    assert "Delårsrapport 1 2023" in first and "2023-05-10" in first


def test_a_malformed_rapportdatum_is_a_warning(tmp_path):
    tables = minimal_rows()
    setting(tables, "Rapportdatum", "2023-13-45")
    src = write_workbook(tmp_path / "datum.xlsx", tables)
    made = skapa_rapport(XlsxBook(src), file=src.name)
    warnings = [f for f in made.result.findings if f.regel == "ogiltig_installning" and not f.is_error]
    assert warnings and "Rapportdatum" in warnings[0].meddelande and "2023-13-45" in warnings[0].meddelande
    assert made.result.report is not None


def test_rapport_sheet_cuts_no_word(sheet):
    """Every word in the print area is printed whole (no "Vuxna utan bero" cut by its column)."""
    _out, texts, result = sheet
    spec = next(s for s in result.sheets if s.name == RAPPORT)
    last_col, last_row = re.fullmatch(r"A1:([A-Z]+)(\d+)", spec.print_areas[0]).groups()
    width = ord(last_col) - ord("A") + 1
    printed = set(re.findall(r"\w+", " ".join(texts).replace("\u00a0", " ")))
    words = {
        w
        for line in spec.rows[: int(last_row)]
        for c in line[:width]
        if c is not None and isinstance(c.value, str)
        for w in re.findall(r"\w{4,}", c.value)
    }
    assert len(words) > 200
    missing = sorted(w for w in words if w not in printed)
    assert not missing, missing[:10]


def test_a_malformed_rapportdatum_of_the_grants_is_a_warning(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(GRANTS)
    ws = wb["Inställningar"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Rapportdatum")
    row[1].value = "2023-02-30"
    src = tmp_path / "bidrag.xlsx"
    wb.save(src)
    result = aterrapportering(XlsxBook(src), file=src.name)
    warnings = [f for f in result.findings if f.regel == "ogiltig_installning"]
    assert len(warnings) == 1 and not warnings[0].is_error and "2023-02-30" in warnings[0].meddelande
    assert warnings[0].cell == row[1].coordinate and result.idag == date.today()


TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)
TCPR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
)


def test_word_tables_keep_the_schemas_order(word):
    """Word refuses a document whose table or cell properties are out of the schema's order
    (LibreOffice forgives it, so this is checked on the XML itself)."""
    out, _pdf, _texts, _made = word
    document = docx.Document(str(out))
    checked = 0
    for element, order in ((qn("w:tblPr"), TBLPR_ORDER), (qn("w:tcPr"), TCPR_ORDER)):
        for props in document.element.body.iter(element):
            names = [child.tag.split("}")[1] for child in props]
            assert names == sorted(names, key=order.index), names
            checked += 1
    assert checked > 100
