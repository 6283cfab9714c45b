"""Build a corpus of hostile and broken "submissions" for ``prognos validera``.

    python tests/make_hostile_corpus.py MAPP      # writes the files and prints them

Each file comes with the rule its first finding must have (``CORPUS``). Most are variants of
a real unit workbook made by ``prognos utskick`` from a small master; the rest are written
byte by byte (zip bombs, XML entity attacks, other formats under an .xlsx name). Nothing in
here is ever executed by Prognos: macros are fake bytes, links point nowhere.
"""

from __future__ import annotations

import io
import random
import re
import struct
import sys
import tempfile
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import openpyxl  # noqa: E402
from openpyxl.worksheet.table import Table  # noqa: E402
from workbook_factory import minimal_rows, write_workbook  # noqa: E402

# --- a real submission to start from ---------------------------------------------------------
_BASE: dict[str, bytes] = {}


def base() -> bytes:
    """A valid unit workbook for "Vuxna", made by prognos utskick and filled in."""
    if "xlsx" not in _BASE:
        from workbooks.round.send_out import write_send_out

        with tempfile.TemporaryDirectory() as tmp:
            master = write_workbook(Path(tmp) / "master.xlsx", minimal_rows())
            path = write_send_out(master, Path(tmp) / "ut", units=["Vuxna"]).files["Vuxna"]
            wb = openpyxl.load_workbook(path)
            wb["Prognos"]["I3"] = "Manuell"  # Metod
            wb["Prognos"]["J3"] = -61_000  # Manuell prognos
            wb.save(path)
            _BASE["xlsx"] = path.read_bytes()
    return _BASE["xlsx"]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet_part(members: dict[str, bytes], sheet: str) -> str:
    """The zip path of a sheet's XML, by sheet name."""
    import re

    workbook = members["xl/workbook.xml"].decode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(rId\d+)"', workbook).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    target = target.group(1).lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def variant(edit: Callable[[dict[str, bytes]], None]) -> bytes:
    members = parts(base())
    edit(members)
    return zip_bytes(members)


def with_openpyxl(edit: Callable[[openpyxl.Workbook], None], keep_vba: bool = False) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(base()), keep_vba=keep_vba)
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the builders --------------------------------------------------------------------------------
def text_file(_: Path) -> bytes:
    return "Det här är ingen arbetsbok, bara anteckningar.\nMvh Enheten\n".encode()


def csv_file(_: Path) -> bytes:
    return "Verksamhetsområde;Typ;Manuell prognos\nVuxna;Kostnader;-61000\nVuxna;Intäkter;6000\n".encode("cp1252")


def html_file(_: Path) -> bytes:
    return b"<html><body><table><tr><td>Vuxna</td><td>-61000</td></tr></table></body></html>"


def pdf_file(_: Path) -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"


def xml2003_file(_: Path) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Budget"/></Workbook>'
    )


def empty_file(_: Path) -> bytes:
    return b""


def truncated(_: Path) -> bytes:
    data = base()
    return data[: len(data) // 2]


def random_bytes(_: Path) -> bytes:
    rng = random.Random(20231117)
    return bytes([0x81, 0x8D]) + bytes(rng.randrange(256) for _ in range(3000))


def zip_bomb_ratio(_: Path) -> bytes:
    """An entry of 120 MB of zeros, compressed about 1000 to 1."""
    members = parts(base())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with archive.open("xl/media/image1.png", "w") as handle:
            block = bytes(1 << 20)
            for _ in range(120):
                handle.write(block)
    return buffer.getvalue()


def zip_bomb_claim(_: Path) -> bytes:
    """An entry whose central-directory record claims 4 GB."""
    data = bytearray(base())
    end = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<I", data, end + 16)[0]
    pos = cd_offset
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        name = bytes(data[pos + 46 : pos + 46 + name_len])
        if name.startswith(b"xl/worksheets/sheet"):
            struct.pack_into("<I", data, pos + 24, 0xFFFFFF00)  # uncompressed size
            break
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)


def entity_bomb(_: Path) -> bytes:
    def edit(members):
        part = sheet_part(members, "Prognos")
        xml = members[part]
        body = xml[xml.index(b"<worksheet") :]
        members[part] = BILLION_LAUGHS + body.replace(b"<v>-61000</v>", b"<v>&lol9;</v>", 1)

    return variant(edit)


def external_entity(_: Path) -> bytes:
    def edit(members):
        xml = members["xl/workbook.xml"]
        body = xml[xml.index(b"<workbook") :]
        members["xl/workbook.xml"] = (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            + body.replace(b'name="Prognos"', b'name="&xxe;"', 1)
        )

    return variant(edit)


def encrypted(_: Path) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(base())).encrypt("hemligt", out)
    return out.getvalue()


def xls_file(_: Path) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Prognos")
    sheet.write(0, 0, "Verksamhetsområde")
    sheet.write(1, 0, "Vuxna")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsb_file(_: Path) -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00", "xl/worksheets/sheet1.bin": b"\x00"}
    )


def ods_file(_: Path) -> bytes:
    return zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document-content/>"}
    )


def docx_file(_: Path) -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def zip_without_workbook(_: Path) -> bytes:
    return zip_bytes({"las_mig.txt": b"Prognosen finns i mejlet."})


def empty_workbook(_: Path) -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def far_cell(_: Path) -> bytes:
    def edit(members):
        part = sheet_part(members, "Utfall")
        members[part] = members[part].replace(
            b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    return variant(edit)


def dimension_claim(_: Path) -> bytes:
    import re

    def edit(members):
        part = sheet_part(members, "Utfall")
        members[part] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', members[part])

    return variant(edit)


def merged_header(_: Path) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "m.xlsx", minimal_rows(), as_tables={"Installningar", "Utfall", "Prognos"})
        wb = openpyxl.load_workbook(path)
        wb["Budget"].merge_cells("A1:B1")
        wb.save(path)
        return path.read_bytes()


def hidden_sheet(_: Path) -> bytes:
    def edit(wb):
        wb.security.lockStructure = False
        ws = wb.create_sheet("Gamla siffror")
        ws["A1"] = "Prognos från förra året"
        ws.sheet_state = "hidden"

    return with_openpyxl(edit)


def formula_errors(_: Path) -> bytes:
    def edit(wb):
        wb["Prognos"]["J3"] = "#DIV/0!"
        wb["Prognos"]["J2"] = "#REF!"

    return with_openpyxl(edit)


def external_link(_: Path) -> bytes:
    def edit(members):
        members["xl/externalLinks/externalLink1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Budget"/></sheetNames></externalBook>'
            b"</externalLink>"
        )
        members["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLinkPath" Target="file:///C:/Ekonomi/hemlig_budget.xlsx" TargetMode="External"/>'
            b"</Relationships>"
        )
        rels = members["xl/_rels/workbook.xml.rels"]
        members["xl/_rels/workbook.xml.rels"] = rels.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
        )
        workbook = members["xl/workbook.xml"]
        members["xl/workbook.xml"] = workbook.replace(
            b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rIdX1"/></externalReferences>', 1
        )
        types = members["[Content_Types].xml"]
        members["[Content_Types].xml"] = types.replace(
            b"</Types>",
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
        )

    return variant(edit)


def macros(_: Path) -> bytes:
    def edit(members):
        members["xl/vbaProject.bin"] = (
            b'\xd0\xcf\x11\xe0Attribute VB_Name = "Modul1"\nSub Auto_Open()\nShell "calc"\nEnd Sub'
        )
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
        )

    return variant(edit)


def formula_like_text(_: Path) -> bytes:
    def edit(wb):
        for cell, text in (("M2", '=HYPERLINK("http://exempel.invalid";"Klicka")'), ("M3", "@SUMMA(A1:A9)")):
            wb["Prognos"][cell] = text
            wb["Prognos"][cell].data_type = "s"

    return with_openpyxl(edit)


def broken_xml(_: Path) -> bytes:
    def edit(members):
        part = sheet_part(members, "Utfall")
        xml = members[part]
        members[part] = xml[: len(xml) // 2] + b"<row r=<<<"

    return variant(edit)


def missing_sheet(_: Path) -> bytes:
    def edit(members):
        del members[sheet_part(members, "Budget")]

    return variant(edit)


def encrypted_entries(_: Path) -> bytes:
    data = bytearray(base())
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        data[pos + 6] |= 0x01
        pos += 4
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        data[pos + 8] |= 0x01
        pos += 4
    return bytes(data)


def many_entries(_: Path) -> bytes:
    members = parts(base())
    members.update({f"xl/media/bild{i}.bin": b"" for i in range(6000)})
    return zip_bytes(members)


def no_worksheets(_: Path) -> bytes:
    def edit(members):
        import re

        members["xl/workbook.xml"] = re.sub(
            rb"<sheets>.*</sheets>", b"<sheets></sheets>", members["xl/workbook.xml"], flags=re.S
        )

    return variant(edit)


def template_macro_named_xlsx(_: Path) -> bytes:
    """A real xlsm (macros) saved under .xlsx."""
    return macros(_)


# --- issue 12: a number the visible sheet does not show must never reach the master ---------------
def empty_cell(xml: bytes, start: bytes, new: bytes) -> bytes:
    """``xml`` with the empty cell ``start…`` replaced by ``new``. openpyxl writes it as
    ``<c … />`` or, when lxml is installed, ``<c …></c>``."""
    pattern = re.sub(rb's="\d+"', rb's="\\d+"', re.escape(start))  # the style's index is openpyxl's to choose
    out, n = re.subn(pattern + rb"(?:\s*/>|></c>)", lambda _m: new, xml, count=1)
    assert n == 1, start
    return out


def set_manuell(members: dict[str, bytes], cell_xml: bytes) -> None:
    """Replace the unit's Manuell prognos cell (Prognos!J3, −61 000) by ``cell_xml``."""
    part = sheet_part(members, "Prognos")
    old = re.compile(rb'<c r="J3" s="\d+" t="n"><v>-61000</v></c>')  # the style's index is openpyxl's
    members[part], n = old.subn(lambda _m: cell_xml, members[part], count=1)
    assert n == 1


def two_tables_same_name(_: Path) -> bytes:
    """A second Excel Table named Prognos on another sheet, with other numbers."""

    def edit(wb):
        wb.security.lockStructure = False
        ws = wb.create_sheet("Kopia")
        for row in wb["Prognos"].iter_rows(min_row=1, max_row=3, max_col=13, values_only=True):
            ws.append(list(row))
        ws["J3"] = -99_000
        ws.add_table(Table(displayName="PrognosX", name="PrognosX", ref="A1:M3"))

    data = with_openpyxl(edit)
    members = parts(data)
    for name in [n for n in members if n.startswith("xl/tables/")]:
        members[name] = members[name].replace(b'"PrognosX"', b'"Prognos"')
    return zip_bytes(members)


def table_on_hidden_sheet(_: Path) -> bytes:
    """The Prognos table moved to a very hidden sheet (other numbers); a renamed copy stays visible."""

    def edit(wb):
        wb.security.lockStructure = False
        visible = wb["Prognos"]
        table = next(iter(visible.tables.values()))
        del visible.tables[table.name]
        visible.add_table(Table(displayName="PrognosVisad", name="PrognosVisad", ref=table.ref))
        ws = wb.create_sheet("Data")
        for row in visible.iter_rows(min_row=1, max_row=3, max_col=13, values_only=True):
            ws.append(list(row))
        ws["J3"] = -99_000
        ws.add_table(Table(displayName="Prognos", name="Prognos", ref="A1:M3"))
        ws.sheet_state = "veryHidden"

    return with_openpyxl(edit)


def duplicate_part(_: Path) -> bytes:
    """Two zip entries with the Prognos sheet's part name: one shows −61 000, the other −99 000."""
    members = parts(base())
    part = sheet_part(members, "Prognos")
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
            archive.writestr(part, members[part].replace(b"<v>-61000</v>", b"<v>-99000</v>"))
    return buffer.getvalue()


def sfx_stub(_: Path) -> bytes:
    """A self-extracting stub (an executable header) glued in front of a real workbook."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(4080) + base()


def lying_sizes(_: Path, inflated_mb: int = 64) -> bytes:
    """The Prognos sheet inflates to ``inflated_mb`` MB but its zip records claim a few kB."""
    members = parts(base())
    part = sheet_part(members, "Prognos")
    xml = members[part]
    head, tail = xml.split(b"</sheetData>", 1)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    body = [packer.compress(head)]
    block = b" " * (1 << 20)
    for _ in range(inflated_mb):
        body.append(packer.compress(block))
        crc = zlib.crc32(block, crc)
    rest = b"</sheetData>" + tail
    body.append(packer.compress(rest))
    body.append(packer.flush())
    crc = zlib.crc32(rest, crc)
    compressed = b"".join(body)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name == part:
                info = zipfile.ZipInfo(name, date_time=(2023, 4, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED  # written raw below, then relabelled
                archive.writestr(info, compressed)
            else:
                archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    encoded = part.encode()
    declared = len(xml)  # the lie: the size of the sheet without the padding
    for signature, method_at, crc_at, sizes_at, name_at in (
        (b"PK\x03\x04", 8, 14, 18, 30),
        (b"PK\x01\x02", 10, 16, 20, 46),
    ):
        pos = 0
        while (pos := data.find(signature, pos)) >= 0:
            if data[pos + name_at : pos + name_at + len(encoded)] == encoded:
                struct.pack_into("<H", data, pos + method_at, zipfile.ZIP_DEFLATED)
                struct.pack_into("<III", data, pos + crc_at, crc & 0xFFFFFFFF, len(compressed), declared)
            pos += 4
    return bytes(data)


def spill_and_calc(_: Path) -> bytes:
    """#SPILL! and #CALC! (values python-calamine refuses) in the unit's input cells."""

    def edit(members):
        part = sheet_part(members, "Prognos")
        members[part] = empty_cell(
            members[part], b'<c r="J2" s="9" t="n"', b'<c r="J2" s="9" t="e"><f>SEQUENCE(2)</f><v>#SPILL!</v></c>'
        )
        set_manuell(members, b'<c r="J3" s="9" t="e"><f>LAMBDA(x,x)</f><v>#CALC!</v></c>')

    return variant(edit)


def extreme_number(_: Path) -> bytes:
    return variant(lambda members: set_manuell(members, b'<c r="J3" s="9" t="n"><v>-1E308</v></c>'))


def infinite_number(_: Path) -> bytes:
    return variant(lambda members: set_manuell(members, b'<c r="J3" s="9" t="n"><v>-inf</v></c>'))


def long_comment(_: Path) -> bytes:
    """A comment of 1,8 million characters (openpyxl would cut it to 32 767, so raw XML)."""

    def edit(members):
        part = sheet_part(members, "Prognos")
        text = "Kostnaderna ökar. ".encode() * 100_000
        members[part] = empty_cell(
            members[part],
            b'<c r="M3" s="10" t="n"',
            b'<c r="M3" s="10" t="inlineStr"><is><t>' + text + b"</t></is></c>",
        )

    return variant(edit)


def without_utskick_sheet(_: Path) -> bytes:
    def edit(wb):
        wb.security.lockStructure = False
        del wb["_Utskick"]

    return with_openpyxl(edit)


def dde_formula(_: Path) -> bytes:
    return variant(lambda m: set_manuell(m, b'<c r="J3" s="9"><f>cmd|\'/c calc\'!A0</f><v>-61000</v></c>'))


def webservice_formula(_: Path) -> bytes:
    return variant(
        lambda m: set_manuell(
            m, b'<c r="J3" s="9"><f>_xlfn.WEBSERVICE("http://exempel.invalid/prognos")*1</f><v>-61000</v></c>'
        )
    )


def external_workbook_formula(_: Path) -> bytes:
    return variant(lambda m: set_manuell(m, b'<c r="J3" s="9"><f>[1]Budget!C3</f><v>-61000</v></c>'))


def circular_formula(_: Path) -> bytes:
    return variant(lambda m: set_manuell(m, b'<c r="J3" s="9"><f>J3-1</f><v>-61000</v></c>'))


def hidden_input_row(_: Path) -> bytes:
    """The row with the unit's Manuell prognos hidden: the value would be consolidated unseen."""

    def edit(wb):
        wb["Prognos"].row_dimensions[3].hidden = True

    return with_openpyxl(edit)


def scientific_text(_: Path) -> bytes:
    return variant(lambda m: set_manuell(m, b'<c r="J3" s="9" t="inlineStr"><is><t>-2.76E5</t></is></c>'))


def other_unit_in_text(_: Path) -> bytes:
    return variant(lambda m: set_manuell(m, b'<c r="J3" s="9" t="inlineStr"><is><t>ca -275 mnkr</t></is></c>'))


def last_year_as_full_year_row(_: Path) -> bytes:
    """A committee workbook (not from utskick) whose 2022 outcome is one December row per area."""
    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    full: dict[tuple, float] = {}
    for r in rows:
        if r[2] == 2022:
            full[(r[0], r[1])] = full.get((r[0], r[1]), 0) + r[4]
    tables["Utfall"] = (
        headers,
        [[a, t, 2022, 12, v] for (a, t), v in full.items()] + [r for r in rows if r[2] == 2023],
    )
    with tempfile.TemporaryDirectory() as tmp:
        return write_workbook(Path(tmp) / "helar.xlsx", tables).read_bytes()


# name -> (builder, rule of the first finding)
CORPUS: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "anteckningar.xlsx": (text_file, "olasbar_fil"),
    "csv_omdopt.xlsx": (csv_file, "olasbar_fil"),
    "webbsida.xlsx": (html_file, "olasbar_fil"),
    "pdf_omdopt.xlsx": (pdf_file, "olasbar_fil"),
    "xml_kalkylblad_2003.xlsx": (xml2003_file, "olasbar_fil"),
    "tom.xlsx": (empty_file, "olasbar_fil"),
    "avbruten.xlsx": (truncated, "olasbar_fil"),
    "slumpdata.xlsx": (random_bytes, "olasbar_fil"),
    "zipbomb_kvot.xlsx": (zip_bomb_ratio, "olasbar_fil"),
    "zipbomb_4gb.xlsx": (zip_bomb_claim, "olasbar_fil"),
    "entitetsbomb.xlsx": (entity_bomb, "olasbar_fil"),
    "extern_entitet.xlsx": (external_entity, "olasbar_fil"),
    "krypterad.xlsx": (encrypted, "olasbar_fil"),
    "gammal.xls": (xls_file, "olasbar_fil"),
    "gammal_omdopt.xlsx": (xls_file, "olasbar_fil"),
    "binar_xlsb.xlsx": (xlsb_file, "olasbar_fil"),
    "kalkyl_ods.xlsx": (ods_file, "olasbar_fil"),
    "word_dokument.xlsx": (docx_file, "olasbar_fil"),
    "zip_utan_arbetsbok.xlsx": (zip_without_workbook, "olasbar_fil"),
    "tom_arbetsbok.xlsx": (empty_workbook, "saknad_tabell"),
    "rad_1048576.xlsx": (far_cell, "olasbar_fil"),
    "dimension_1048576.xlsx": (dimension_claim, "orimlig_dimension"),
    "sammanslagna_rubriker.xlsx": (merged_header, "sammanslagna_celler"),
    "dolt_blad.xlsx": (hidden_sheet, "dolt_blad"),
    "formelfel.xlsx": (formula_errors, "formelfel"),
    "extern_lank.xlsx": (external_link, "extern_lank"),
    "makro.xlsm": (macros, "makron"),
    "makro_som_xlsx.xlsx": (template_macro_named_xlsx, "makron"),
    "formeltext.xlsx": (formula_like_text, "formel_som_text"),
    "trasig_xml.xlsx": (broken_xml, "olasbar_fil"),
    "saknat_blad.xlsx": (missing_sheet, "olasbar_fil"),
    "krypterade_delar.xlsx": (encrypted_entries, "olasbar_fil"),
    "tusentals_delar.xlsx": (many_entries, "olasbar_fil"),
    "inga_kalkylblad.xlsx": (no_worksheets, "olasbar_fil"),
    # issue 12, one or more per class
    "tva_tabeller_prognos.xlsx": (two_tables_same_name, "tvetydig_tabell"),
    "prognos_pa_dolt_blad.xlsx": (table_on_hidden_sheet, "dold_tabell"),
    "dubbla_delar.xlsx": (duplicate_part, "olasbar_fil"),
    "extremt_belopp.xlsx": (extreme_number, "orimligt_belopp"),
    "oandligt_belopp.xlsx": (infinite_number, "orimligt_belopp"),
    "spill_och_calc.xlsx": (spill_and_calc, "formelfel"),
    "lang_kommentar.xlsx": (long_comment, "for_lang_text"),
    "utan_utskicksblad.xlsx": (without_utskick_sheet, "utskick_saknas"),
    "dde_formel.xlsx": (dde_formula, "levande_formel"),
    "webservice_formel.xlsx": (webservice_formula, "levande_formel"),
    "lank_till_arbetsbok.xlsx": (external_workbook_formula, "levande_formel"),
    "cirkelreferens.xlsx": (circular_formula, "levande_formel"),
    "sjalvuppackande.xlsx": (sfx_stub, "olasbar_fil"),
    "dold_rad_med_prognos.xlsx": (hidden_input_row, "dold_inmatning"),
    "fg_ar_bara_helar.xlsx": (last_year_as_full_year_row, "utfall_fg_saknas"),
    "exponentform.xlsx": (scientific_text, "exponentform"),
    "mnkr_i_tkr_bok.xlsx": (other_unit_in_text, "kommentar_i_talcell"),
    "ljugande_storlek.xlsx": (lying_sizes, "olasbar_fil"),
}


def build(folder: Path) -> dict[str, str]:
    """Write the corpus into ``folder``; returns {file name: expected rule}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (builder, _rule) in CORPUS.items():
        (folder / name).write_bytes(builder(folder))
    (folder / "~$makro.xlsm").write_bytes(b"\x00lock")  # Excel's owner file: skipped
    (folder / "las_mig.txt").write_text("Inte en arbetsbok; hoppas över.", encoding="utf-8")
    return {name: rule for name, (_b, rule) in CORPUS.items()}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "fientliga_filer")
    for name, rule in build(target).items():
        print(f"{name:32} {rule}")
    print(f"{len(CORPUS)} filer i {target}")
