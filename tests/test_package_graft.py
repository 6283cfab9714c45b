"""The surgical writer of `prognos uppdatera`: everything of the user's package that is not a
derived sheet stays byte for byte; the output is sound, idempotent and read by every reader."""

from __future__ import annotations

import re
import struct
import zipfile

import openpyxl
import pytest
import python_calamine
from conftest import EXAMPLE, recalc, same_value, sha256

from addin.commands.cli import main
from addin.commands.uppdatera import run_uppdatera

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
from make_rich_corpus import build
from package_check import check_package

UPDATED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "docProps/app.xml"}
DERIVED = [
    "Sammanfattning",
    "Rapport",
    "Avvikelse",
    "Investeringsredovisning",
    "Intäkter och kostnader",
    "Prognosförändring",
    "Förklaringsposter",
    "Handlingsplan",
    "Bidrag och ersättningar",
    "Metodval",
    "Volymanalys",
    "Prognossäkerhet",
    "Diagram",
    "Valideringsfel",
]


def raw_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    """The compressed bytes of an entry as stored in the zip."""
    info = archive.getinfo(name)
    archive.fp.seek(info.header_offset)
    header = archive.fp.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    archive.fp.seek(info.header_offset + 30 + name_len + extra_len)
    return archive.fp.read(info.compress_size)


def selected_sheet_part(path) -> str:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            head = archive.read(name)[:4096]
            if name.startswith("xl/worksheets/sheet") and (b'tabSelected="1"' in head or b'tabSelected="true"' in head):
                return name
    raise AssertionError("no selected sheet")


@pytest.fixture(scope="module", params=[False, True], ids=["xlsx", "xlsm"])
def rich(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rik")
    source = build(folder, macros=request.param)
    selected = selected_sheet_part(source)
    before = sha256(source)
    out = folder / f"ut{source.suffix}"
    result = run_uppdatera(source, out, show_progress=False)
    assert result.ok
    assert sha256(source) == before
    return source, out, selected, result


def test_every_other_entry_is_byte_identical(rich):
    source, out, selected, _result = rich
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        names = set(after.namelist())
        kept = 0
        for name in before.namelist():
            if name == "xl/calcChain.xml":
                assert name not in names  # Excel rebuilds it
                continue
            assert name in names, name
            if name in UPDATED:
                continue
            if name == selected:  # the user's selected sheet: only tabSelected cleared
                assert after.read(name) == re.sub(rb'\s+tabSelected="1"', b"", before.read(name), count=1)
                continue
            assert raw_entry(after, name) == raw_entry(before, name), name
            assert after.getinfo(name).CRC == before.getinfo(name).CRC
            kept += 1
        assert kept >= 30
        for part in (
            "xl/vbaProject.bin",
            "xl/slicers/slicer1.xml",
            "xl/pivotCache/pivotCacheRecords1.xml",
            "xl/threadedComments/threadedComment1.xml",
            "customXml/item1.xml",
            "xl/drawings/drawing9.xml",
            "xl/ctrlProps/ctrlProp1.xml",
            "xl/externalLinks/externalLink1.xml",
        ):
            if part in before.namelist():
                assert after.read(part) == before.read(part)
        workbook = after.read("xl/workbook.xml").decode()
        assert "x14:slicerCache " in workbook and "<pivotCaches>" in workbook and "externalReference " in workbook
        assert 'fullCalcOnLoad="1"' in workbook
        types = after.read("[Content_Types].xml").decode()
        assert ("macroEnabled.main+xml" in types) == (source.suffix == ".xlsm")


def test_package_is_sound_and_user_styles_keep_their_indices(rich):
    source, out, _selected, _result = rich
    assert check_package(out) == []
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        old, new = before.read("xl/styles.xml").decode(), after.read("xl/styles.xml").decode()
        for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"):
            old_list = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", old, re.S)
            if old_list:
                assert re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", new, re.S).group(1).startswith(old_list.group(1)), tag
        app = after.read("docProps/app.xml").decode()
        assert "<vt:lpstr>Sammanfattning</vt:lpstr>" in app and "<vt:lpstr>Budgetsumma</vt:lpstr>" in app


def test_every_reader_reads_the_output(rich):
    source, out, _selected, result = rich
    wb = openpyxl.load_workbook(out, keep_vba=out.suffix == ".xlsm")
    assert wb.sheetnames[:14] == [
        "Om exemplet",
        "Inställningar",
        "Budget",
        "Utfall",
        "Prognos",
        "Volymer",
        "Prognoshistorik",
        "Investeringar",
        "Kostnadsslag",
        "Texter",
        "Orsaker",
        "Åtgärder",
        "Bidragsintäkter",
        "Pivot",
    ]
    assert wb.sheetnames[14:] == DERIVED
    assert wb.active.title == "Sammanfattning"
    assert "Avvikelse" in wb["Avvikelse"].tables
    assert wb.defined_names["Budgetsumma"].attr_text == "Budget!$C$2:$C$40"
    assert "Lokalt" in wb["Budget"].defined_names
    assert wb["Avvikelse"].print_title_rows == "$1:$1"
    assert len(wb["Diagram"]._charts) == 4 and len(wb["Rapport"]._charts) == 4  # with the cumulative chart
    calamine = python_calamine.CalamineWorkbook.from_path(str(out))
    assert calamine.sheet_names == wb.sheetnames
    values = calamine.get_sheet_by_name("Avvikelse").to_python()
    assert values[0][:2] == ["Verksamhetsområde", "Typ"]
    spec = next(s for s in result.sheets if s.name == "Avvikelse")
    assert [row[0] for row in values[1:]] == [line[0].value for line in spec.rows[1:]]


def test_libreoffice_recalculates_the_grafted_workbook(rich, tmp_path):
    _source, out, _selected, result = rich
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    checked = 0
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            got = office[spec.name][ref].value
            assert same_value(value, got), f"{spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
            checked += 1
    assert checked > 100
    assert office["Budget"]["A1"].value is not None


def test_same_bytes_every_run_and_on_its_own_output(rich, tmp_path):
    source, out, _selected, _result = rich
    again, twice = tmp_path / f"igen{source.suffix}", tmp_path / f"tva{source.suffix}"
    assert main(["uppdatera", str(source), "-o", str(again)]) == 0
    assert main(["uppdatera", str(out), "-o", str(twice)]) == 0
    assert sha256(again) == sha256(out)
    assert sha256(twice) == sha256(out)  # the previous run's sheets, tables and charts replaced, nothing left over


def test_validation_errors_leave_only_valideringsfel(rich, tmp_path):
    """A refreshed workbook whose input turns invalid: the old report sheets and their parts go."""
    _source, out, _selected, _result = rich
    wb_bytes = {}
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            wb_bytes[name] = archive.read(name)
    # Make Inställningar's År unusable, byte-level (the rest of the package stays as it was).
    broken = tmp_path / f"trasig{out.suffix}"
    wb = openpyxl.load_workbook(out, keep_vba=out.suffix == ".xlsm")
    ws = wb["Inställningar"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "År")
    ws.cell(row, 2).value = "nästa år"
    wb.save(broken)
    target = tmp_path / f"ut{out.suffix}"
    assert main(["uppdatera", str(broken), "-o", str(target)]) == 1
    assert check_package(target) == []
    names = openpyxl.load_workbook(target).sheetnames
    assert "Valideringsfel" in names and "Avvikelse" not in names and "Diagram" not in names
    with zipfile.ZipFile(target) as archive:
        assert not [n for n in archive.namelist() if n.startswith("xl/charts/")]


def test_a_package_the_writer_refuses_is_rewritten_with_a_notice(tmp_path, capsys):
    """A workbook name equal to a derived sheet's table name cannot sit beside it in the package:
    the graft refuses, openpyxl re-writes the copy, and the user is told in one line. (A user
    sheet named like a derived sheet but for letter case is refused outright:
    ``tests/test_writer_refusals.py``.)"""
    from openpyxl.workbook.defined_name import DefinedName

    source = tmp_path / "egen.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb.create_sheet("Anteckningar")["A1"] = "Mina egna anteckningar"
    wb.defined_names["Avvikelse"] = DefinedName("Avvikelse", attr_text="Anteckningar!$A$1")
    wb.save(source)
    target = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(source), "-o", str(target)]) == 0
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Obs: egen.xlsx:"), err
    assert "'avvikelse'" in lines[0]
    assert "openpyxl" in lines[0]
    result = openpyxl.load_workbook(target)
    assert result.sheetnames[-1] == "Valideringsfel"
    assert result["Anteckningar"]["A1"].value == "Mina egna anteckningar"


def test_both_file_books_read_the_same_tables(rich, tmp_path):
    """The surgical writer's reader (calamine, table parts) and the openpyxl book agree on every
    contract table, a totals row and a formula without a cached value included."""
    from validation.contract import INPUT_TABLES
    from workbooks.books.package_book import PackageBook
    from workbooks.books.xlsx_book import XlsxBook

    source = tmp_path / "summarad.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Budget"]
    table = ws.tables["Budget"]
    last = ws.max_row + 1
    ws.cell(last, 1).value = "Summa"
    ws.cell(last, 3).value = f"=SUBTOTAL(109,C2:C{last - 1})"  # no cached value: openpyxl writes none
    table.ref = f"{table.ref.split(':')[0]}:{table.ref.split(':')[1].rstrip('0123456789')}{last}"
    table.totalsRowCount = 1
    prognos = wb["Prognos"]
    prognos.cell(2, 4).value = "=1+1"
    wb.save(source)
    for path in (source, rich[0]):
        package, classic = PackageBook(path), XlsxBook(path)
        for spec in INPUT_TABLES:
            a, b = package.table(spec), classic.table(spec)
            assert (a is None) == (b is None), spec.name
            if a is not None:
                assert (a.sheet, a.first_row, a.first_col, a.headers, a.rows, a.row_numbers, a.formula_cells) == (
                    b.sheet,
                    b.first_row,
                    b.first_col,
                    b.headers,
                    b.rows,
                    b.row_numbers,
                    b.formula_cells,
                ), spec.name
        package.close()


def test_a_workbook_libreoffice_wrote(tmp_path):
    """Another producer's package (shared strings, its own app.xml and names): grafted, sound,
    the rest byte for byte, and LibreOffice recalculates the derived formulas to the engine's."""
    source = recalc(EXAMPLE, tmp_path / "lo_in")  # LibreOffice's own xlsx of the example
    out = tmp_path / "ut.xlsx"
    result = run_uppdatera(source, out, show_progress=False)
    assert result.ok
    assert check_package(out) == []
    selected = selected_sheet_part(source)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        for name in before.namelist():
            if name not in UPDATED | {"xl/calcChain.xml", selected}:
                assert raw_entry(after, name) == raw_entry(before, name), name
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo_ut"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}"


def test_a_stale_derived_sheet_between_user_sheets(tmp_path):
    """A derived sheet the user moved between their own sheets: removed, and the names local to
    the sheets after it (print titles, a local name) follow their sheets."""
    source = tmp_path / "flyttad.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    stale = wb.create_sheet("Avvikelse", 1)
    stale["A1"] = "gammal rapport"
    wb["Prognos"].print_title_rows = "1:1"
    wb["Prognos"].defined_names["MinPrognos"] = openpyxl.workbook.defined_name.DefinedName(
        "MinPrognos", attr_text="Prognos!$A$1:$B$3"
    )
    wb.save(source)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(source), "-o", str(out)]) == 0
    assert check_package(out) == []
    result = openpyxl.load_workbook(out)
    assert result.sheetnames.index("Avvikelse") > result.sheetnames.index("Prognoshistorik")
    assert result["Prognos"].print_title_rows == "$1:$1"
    assert result["Prognos"].defined_names["MinPrognos"].attr_text == "Prognos!$A$1:$B$3"
    assert result["Avvikelse"]["A1"].value == "Verksamhetsområde"


def test_style_merge_keeps_the_users_indices_and_adds_nothing_twice():
    """Unit test of the merge on a user styles part without dxfs and with Excel's extra
    namespaces: the user's lists are prefixes of the result, a second merge changes nothing."""
    from lxml import etree

    from workbooks.ooxml.styles import merge_styles, remap_sheet_styles

    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    user = etree.fromstring(
        f'<styleSheet xmlns="{main_ns}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>'
        '<fonts count="1" x14ac:knownFonts="1"><font><sz val="11"/><name val="Arial"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<tableStyles count="0"/></styleSheet>'.encode()
    )
    scratch = etree.fromstring(
        f'<styleSheet xmlns="{main_ns}"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0"/>'
        '<numFmt numFmtId="165" formatCode="0.000"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b val="1"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font></dxf></dxfs></styleSheet>'.encode()
    )
    before = etree.tostring(user)
    maps = merge_styles(user, scratch)
    assert maps.changed
    ns = {"m": main_ns}
    codes = {el.get("numFmtId"): el.get("formatCode") for el in user.findall("m:numFmts/m:numFmt", ns)}
    assert codes == {"164": "0.000", "165": "#,##0"}  # the user's 164 kept, "0.000" reused
    assert len(user.findall("m:fonts/m:font", ns)) == 2 and user.find("m:fonts", ns).get("count") == "2"
    xfs = user.findall("m:cellXfs/m:xf", ns)
    assert maps.xf[0] == 0 and maps.xf[2] == 1  # equal formats are the user's own
    assert xfs[maps.xf[1]].get("numFmtId") == "165" and xfs[maps.xf[1]].get("fontId") == "1"
    assert [etree.QName(c).localname for c in user][-3:] == ["cellStyles", "dxfs", "tableStyles"]
    sheet = etree.fromstring(
        f'<worksheet xmlns="{main_ns}"><sheetData><row r="1"><c r="A1" s="1"/></row></sheetData>'
        '<conditionalFormatting sqref="A1"><cfRule type="cellIs" dxfId="0" priority="1"/>'
        "</conditionalFormatting></worksheet>".encode()
    )
    remap_sheet_styles(sheet, maps)
    assert sheet.find(".//m:c", ns).get("s") == str(maps.xf[1])
    assert sheet.find(".//m:cfRule", ns).get("dxfId") == "0"
    once = etree.tostring(user)
    assert once != before
    again = merge_styles(user, scratch)
    assert not again.changed and etree.tostring(user) == once and again.xf == maps.xf


def test_the_output_keeps_the_inputs_kind_of_workbook(rich, tmp_path, capsys):
    """A macro-enabled workbook written under .xlsx (or the reverse) would not open in Excel."""
    source = rich[0]
    other = ".xlsx" if source.suffix == ".xlsm" else ".xlsm"
    assert main(["uppdatera", str(source), "-o", str(tmp_path / f"ut{other}")]) == 2
    err = capsys.readouterr().err
    assert f"slutar på {source.suffix}" in err and "Traceback" not in err
    assert not (tmp_path / f"ut{other}").exists()
