"""The surgical writer refuses what it must not copy and keeps its own names apart (issue 21, 4):
a DTD in any XML part of the input, a user's sheet named like a derived sheet but for letter case
or spacing, a big but well-formed part (not "skadad"), external link targets (named on
Valideringsfel). Workbooks of our own making: the bundled example with zip edits."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, recalc, same_value, sha256
from lxml import etree
from package_check import check_package

from addin.commands.cli import main
from workbooks.ooxml.dtd import dtd_in

XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LAUGHS = (
    b'<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)
CUSTOM = b'<r xmlns="urn:prognos:test"><v>1</v></r>'


def zip_edit(source: Path, target: Path, edit) -> Path:
    """A copy of ``source`` whose parts ``edit(parts, types)`` changed: ``parts`` maps name to
    bytes (in zip order), ``types`` is a list of (part name, content type) overrides to add."""
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    types: list[tuple[str, str]] = []
    edit(parts, types)
    if types:
        ct = parts["[Content_Types].xml"].decode()
        extra = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in types)
        parts["[Content_Types].xml"] = ct.replace("</Types>", extra + "</Types>").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    workbook = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', workbook).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', rels).group(0)
    return "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', target).group(1)


def with_prolog(data: bytes, prolog: bytes) -> bytes:
    """The part with ``prolog`` between its XML declaration and its root element."""
    body = data[data.index(b"?>") + 2 :].lstrip() if data.startswith(b"<?xml") else data
    return XML_DECL + prolog + body


def refresh(source: Path, tmp_path: Path, capsys) -> tuple[int, str, Path]:
    target = tmp_path / "ut.xlsx"
    code = main(["uppdatera", str(source), "-o", str(target)])
    return code, capsys.readouterr().err, target


# --- DTDs ------------------------------------------------------------------------------------------
def _custom_part(dtd: bytes):
    def edit(parts, types):
        parts["customXml/item1.xml"] = XML_DECL + dtd + CUSTOM
        types.append(("customXml/item1.xml", "application/xml"))

    return edit


def _theme(dtd: bytes):
    def edit(parts, _types):
        parts["xl/theme/theme1.xml"] = with_prolog(parts["xl/theme/theme1.xml"], dtd)

    return edit


def _unread_sheet(dtd: bytes):
    def edit(parts, _types):
        part = sheet_part(parts, "Om exemplet")
        parts[part] = with_prolog(parts[part], dtd)

    return edit


def _utf16(dtd: bytes):
    def edit(parts, types):
        text = '<?xml version="1.0" encoding="UTF-16"?>\n' + dtd.decode() + CUSTOM.decode()
        parts["customXml/item2.xml"] = text.encode("utf-16")  # with its byte-order mark
        types.append(("customXml/item2.xml", "application/xml"))

    return edit


def _after_long_comment(dtd: bytes):
    def edit(parts, _types):
        comment = b"<!-- " + b"ett -- inte, men > och <! och ?> " * 1500 + b"-->\n"  # ~50 kB: many pieces
        parts["docProps/core.xml"] = with_prolog(parts["docProps/core.xml"], comment.replace(b" -- ", b" - ") + dtd)

    return edit


def _xml_by_content_type(dtd: bytes):
    def edit(parts, types):
        parts["customXml/item3.dat"] = XML_DECL + dtd + CUSTOM
        types.append(("customXml/item3.dat", "application/xml"))

    return edit


CASES = {
    "customXml/item1.xml": (_custom_part, LAUGHS, "entitetsbomb"),
    "xl/theme/theme1.xml": (
        _theme,
        b'<!DOCTYPE a:theme SYSTEM "http://example.invalid/t.dtd">\n',
        "extern XML-entitet",
    ),
    "oläst blad": (_unread_sheet, b"<!DOCTYPE worksheet>\n", "DTD"),
    "customXml/item2.xml": (_utf16, '<!DOCTYPE r [<!ENTITY x "x">]>\n'.encode(), "entitetsbomb"),
    "docProps/core.xml": (_after_long_comment, b"<!DOCTYPE cp:coreProperties>\n", "DTD"),
    "customXml/item3.dat": (_xml_by_content_type, LAUGHS, "entitetsbomb"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_dtd_in_any_part_is_refused_before_anything_is_copied(case, tmp_path, capsys):
    make, dtd, words = CASES[case]
    control = zip_edit(EXAMPLE, tmp_path / "utan_dtd.xlsx", make(b""))  # the same part without a DTD
    code, err, target = refresh(control, tmp_path, capsys)
    assert code == 0, err
    assert openpyxl.load_workbook(target).sheetnames[-1] == "Valideringsfel"

    source = zip_edit(EXAMPLE, tmp_path / "med_dtd.xlsx", make(dtd))
    before = sha256(source)
    target = tmp_path / "ut_dtd.xlsx"
    assert main(["uppdatera", str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    with zipfile.ZipFile(source) as archive:
        part = next(n for n in archive.namelist() if dtd_in((archive.read(n),)) is not None)
    assert case == part or case == "oläst blad"
    assert f"delen {part} innehåller" in err and words in err and "med_dtd.xlsx" in err, err
    assert "Traceback" not in err and not target.exists()
    assert main(["rapport", str(source), "-o", str(tmp_path / "r.docx")]) == 2
    assert f"delen {part}" in capsys.readouterr().err
    assert sha256(source) == before


def _oracle_has_dtd(xml: bytes) -> bool:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    return bool(etree.fromstring(xml, parser).getroottree().docinfo.doctype)


def test_the_prolog_reader_agrees_with_lxml_however_the_part_is_cut():
    """Random prologs (comments, processing instructions, spaces, with or without a DTD) fed in
    pieces of random sizes: the verdict equals lxml's own reading of the whole part."""
    rng = random.Random(21)
    bits = [b"<!-- a comment with <!DOCTYPE x> inside -->", b"<?pi some > text ?>", b"\n  ", b"<!---->", b"<?x?>"]
    for _ in range(400):
        prolog = b"".join(rng.choice(bits) for _ in range(rng.randint(0, 6)))
        dtd = rng.random() < 0.5
        xml = (
            XML_DECL
            + prolog
            + (b'<!DOCTYPE r [<!ENTITY e "1">]>' if dtd else b"")
            + b"".join(rng.choice(bits) for _ in range(rng.randint(0, 3)))
            + b"<r>&amp;</r>"
        )
        cuts = sorted(rng.sample(range(1, len(xml)), min(len(xml) - 1, rng.randint(0, 12))))
        pieces = [xml[a:b] for a, b in zip([0, *cuts], [*cuts, len(xml)])]
        assert (dtd_in(iter(pieces)) is not None) == _oracle_has_dtd(xml) == dtd, (pieces, dtd)


# --- big parts are big, not damaged ---------------------------------------------------------------
def test_a_big_well_formed_part_is_read_and_kept(tmp_path, capsys):
    """docProps/app.xml (which the writer re-writes) with a 12 MB text node: libxml2 refuses that
    without ``huge_tree``, which used to be reported as a damaged file."""
    rng = random.Random(21)  # text that does not compress like a zip bomb: 12 MB of it in one node
    company = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzåäö ") for _ in range(12_000_000))

    def edit(parts, _types):
        parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
            b"</Properties>", f"<Company>{company}</Company></Properties>".encode()
        )

    source = zip_edit(EXAMPLE, tmp_path / "stor.xlsx", edit)
    code, err, target = refresh(source, tmp_path, capsys)
    assert code == 0, err
    assert "skadad" not in err
    with zipfile.ZipFile(target) as archive:
        assert company.encode() in archive.read("docProps/app.xml")
    assert check_package(target) == []


def test_a_big_part_the_writer_copies_is_copied_and_openpyxl_does_not_call_it_damaged(tmp_path, capsys):
    """docProps/core.xml with an 11 MB title: copied byte for byte by the writer; the openpyxl
    book (the fallback, utskick, the master) cannot read it, and says big, not damaged."""
    from validation.raw_table import UnusableInput
    from workbooks.books.xlsx_book import XlsxBook

    rng = random.Random(7)
    title = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(11_000_000))

    def edit(parts, _types):
        parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
            b"</cp:coreProperties>",
            f'<dc:description xmlns:dc="http://purl.org/dc/elements/1.1/">{title}</dc:description>'
            "</cp:coreProperties>".encode(),
        )

    source = zip_edit(EXAMPLE, tmp_path / "stor_titel.xlsx", edit)
    code, err, target = refresh(source, tmp_path, capsys)
    assert code == 0, err
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert after.read("docProps/core.xml") == before.read("docProps/core.xml")
    with pytest.raises(UnusableInput) as refused:
        XlsxBook(source)
    assert "skadad" not in str(refused.value).replace("inte skadad", "") and "välformad" in str(refused.value)


def test_a_part_beyond_the_parser_is_not_called_damaged_but_a_broken_one_is(tmp_path, capsys):
    deep = b"<x:a>" * 3000 + b"</x:a>" * 3000

    def nested(parts, _types):
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</workbook>",
            b'<extLst><ext uri="{00000000-0000-0000-0000-000000000021}" xmlns:x="urn:t">'
            + deep
            + b"</ext></extLst></workbook>",
        )

    def broken(parts, _types):
        parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(b"</Properties>", b"<Company>")

    code, err, target = refresh(zip_edit(EXAMPLE, tmp_path / "djup.xlsx", nested), tmp_path, capsys)
    assert code == 2 and "delen xl/workbook.xml är välformad" in err and "filen är skadad" not in err, err
    assert not target.exists()
    code, err, target = refresh(zip_edit(EXAMPLE, tmp_path / "trasig.xlsx", broken), tmp_path, capsys)
    assert code == 2 and "docProps/app.xml" in err and "filen är skadad" in err, err


# --- external links ---------------------------------------------------------------------------------
LINK_TARGET = "file:///C:/Ekonomi/Budget%202024/KS%20ramar.xlsx"


def _external_link(parts, types):
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts["xl/externalLinks/externalLink1.xml"] = (
        XML_DECL + b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="' + r.encode() + b'"><externalBook r:id="rId1"><sheetNames><sheetName val="Ramar"/></sheetNames>'
        b'<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>7</v></cell></row></sheetData>'
        b"</sheetDataSet></externalBook></externalLink>"
    )
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        XML_DECL + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="'
        + r.encode()
        + b'/externalLinkPath" Target="'
        + LINK_TARGET.encode()
        + b'" TargetMode="External"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdLank" Type="'
        + r.encode()
        + b'/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
    )
    wb = parts["xl/workbook.xml"]
    marker = b"<definedNames" if b"<definedNames" in wb else b"<calcPr"
    parts["xl/workbook.xml"] = wb.replace(
        marker,
        b'<externalReferences><externalReference xmlns:r="'
        + r.encode()
        + b'" r:id="rIdLank"/></externalReferences>'
        + marker,
        1,
    )
    types.append(
        (
            "xl/externalLinks/externalLink1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
        )
    )


def test_external_link_targets_are_named_on_valideringsfel(tmp_path, capsys):
    source = zip_edit(EXAMPLE, tmp_path / "lankad.xlsx", _external_link)
    code, err, target = refresh(source, tmp_path, capsys)
    assert code == 0, err
    rows = [[c for c in row] for row in openpyxl.load_workbook(target)["Valideringsfel"].iter_rows(values_only=True)]
    texts = [" ".join(str(c) for c in row if c is not None) for row in rows]
    named = [t for t in texts if "file:///C:/Ekonomi/Budget 2024/KS ramar.xlsx" in t]
    assert len(named) == 1 and "Externa länkar" in named[0] and "Bryt länk" in named[0], texts
    sheet = openpyxl.load_workbook(target)["Valideringsfel"]
    row = next(r for r in sheet.iter_rows(min_row=2) if "Externa länkar" in str(r[3].value))
    assert row[1].value is None and row[2].value is None and row[2].hyperlink is None  # no link to nowhere
    plain = tmp_path / "utan"
    plain.mkdir()
    code, _err, target = refresh(EXAMPLE, plain, capsys)
    assert not [
        t
        for row in openpyxl.load_workbook(target)["Valideringsfel"].iter_rows(values_only=True)
        for t in row
        if isinstance(t, str) and "Externa länkar" in t
    ]
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(tmp_path / "ut.xlsx") as after:
        for part in ("xl/externalLinks/externalLink1.xml", "xl/externalLinks/_rels/externalLink1.xml.rels"):
            assert after.read(part) == before.read(part)  # kept as it was, not silently dropped


# --- a user's sheet named like a derived sheet --------------------------------------------------------
def _with_sheet(tmp_path: Path, names: list[str], stem: str) -> Path:
    """The example with user sheets ``names``, each full of decoy numbers where the derived
    formulas read (a formula pointing at one of them would not give the engine's value)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    for name in names:
        ws = wb.create_sheet(name)
        for row in range(1, 80):
            for col in range(1, 20):
                ws.cell(row, col).value = 999_999
    path = tmp_path / f"{stem}.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "user, derived",
    [
        ("AVVIKELSE", "Avvikelse"),
        ("avvikelse ", "Avvikelse"),
        (" Sammanfattning", "Sammanfattning"),
        ("Metod val", "Metodval"),
        ("Avvikelse\u00a0", "Avvikelse"),
        ("valideringsFEL", "Valideringsfel"),
        ("INTÄKTER OCH KOSTNADER", "Intäkter och kostnader"),
    ],
)
def test_a_users_look_alike_sheet_is_refused_and_nothing_written(user, derived, tmp_path, capsys):
    source = _with_sheet(tmp_path, [user], "egen")
    before = sha256(source)
    code, err, target = refresh(source, tmp_path, capsys)
    assert code == 2, err
    assert f"eget blad {user!r}" in err and f"Prognos blad {derived!r}" in err and "Byt namn" in err, err
    assert not target.exists() and sha256(source) == before


def _sheet_refs(formula: str) -> set[str]:
    """Sheet names a formula refers to ('Quoted name'!A1 or Plain!A1)."""
    quoted = {m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')+)'!", formula)}
    plain = set(re.findall(r"(?<!['\w])([A-Za-zÅÄÖåäö_][\wÅÄÖåäö.]*)!", formula))
    return quoted | plain


def test_near_names_are_kept_apart_and_every_formula_points_at_its_sheet(tmp_path):
    """User sheets whose names are close to derived ones but not the same to Excel stay the
    user's (byte for byte), and LibreOffice's recalculation of every derived formula equals the
    engine's value: none reads a decoy sheet."""
    from addin.commands.uppdatera import run_uppdatera

    near = ["Avvikelse (egen)", "Sammanfattning 2022", "Avvikelse_gammal", "Metodval2", "Rapport - utkast"]
    source = _with_sheet(tmp_path, near, "nara")
    out = tmp_path / "ut.xlsx"
    result = run_uppdatera(source, out, show_progress=False)
    assert result.ok and check_package(out) == []
    written = openpyxl.load_workbook(out)
    names = written.sheetnames
    derived = {s.name for s in result.sheets}
    lower = {}
    for name in names:
        lower.setdefault(name.casefold(), []).append(name)
    assert all(len(v) == 1 for v in lower.values()), lower
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    checked = 0
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            formula = written[spec.name][ref].value
            for sheet in _sheet_refs(str(formula)):
                assert sheet in names and sheet not in near, f"{spec.name}!{ref}: {formula}"
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}: {formula}"
            checked += 1
    assert checked > 100
    assert derived <= set(names)
    for name in near:
        assert office[name]["A1"].value == 999_999 and office[name]["S79"].value == 999_999
