"""The pieces of an OOXML package the graft needs: safe XML parsing, relationships, raw zip copy.

Nothing here knows about Prognos' sheets; ``workbooks.ooxml.graft`` composes these.
Part names are zip names without a leading slash ("xl/workbook.xml"); the package's own
relationships are those of the part "" ("_rels/.rels").
"""

from __future__ import annotations

import posixpath
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from workbooks.ooxml.dtd import prolog_has_dtd

Element = Any  # an lxml element

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
REL_WORKSHEET = NS_R + "/worksheet"
REL_CALC_CHAIN = NS_R + "/calcChain"
REL_STYLES = NS_R + "/styles"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # new zip entries: the same bytes on every run

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_blank_text=False
)


class GraftRefused(Exception):
    """The package cannot be grafted; the message (Swedish) says why. The caller falls back
    to re-writing the workbook with openpyxl and tells the user."""


class HostileXml(Exception):
    """A part carries a DTD (entity expansion, external entities): never parsed."""


class BrokenXml(Exception):
    """A part is not well-formed XML: the file is damaged."""


class XmlTooBig(Exception):
    """A well-formed part beyond what the XML parser reads (nesting deeper than libxml2's
    limit even with ``huge_tree``): not damaged, but not read. Carries the part's name."""


XML_FAILURES = (HostileXml, BrokenXml, XmlTooBig)  # what parse_xml raises about a part of the input

# libxml2's words for a limit it met (as opposed to a syntax error): the part is big, not broken.
_LIMIT_WORDS = ("Resource limit exceeded", "Excessive depth", "huge", "too long", "Memory allocation failed")


def parser_limit(exc: BaseException) -> bool:
    """Whether an XML parser's error is a limit it met on a well-formed part (libxml2 without
    ``huge_tree``, as openpyxl runs it: a text node or attribute over 10 MB, nesting past 256),
    not a syntax error."""
    return type(exc).__name__ == "XMLSyntaxError" and any(word in str(exc) for word in _LIMIT_WORDS)


def parse_xml(data: bytes, part: str) -> Element:
    """One part as an lxml tree. A DTD is refused before the parser sees the part (so no entity
    is ever declared, let alone expanded), which is why the parser may read big parts
    (``huge_tree``: text nodes and attributes over 10 MB, nesting past 256): each part's size is
    bounded by the pre-scan (``workbooks.ooxml.safe_read``, ``checks.check_sizes``)."""
    if prolog_has_dtd(data):
        raise HostileXml(part)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if parser_limit(exc):
            raise XmlTooBig(part) from None
        raise BrokenXml(part) from None


def sheet_name_key(name: str) -> str:
    """Two sheet names with the same key are one name to a reader: Excel compares sheet names
    without letter case (in formulas too: ``=AVVIKELSE!A1`` is ``=Avvikelse!A1``), and names that
    differ only in spaces (" Avvikelse", "Avvikelse ", a non-breaking space) look the same on a tab."""
    return "".join(unicodedata.normalize("NFC", name).casefold().split())


def serialize(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def place(parent: Element, el: Element, before: tuple[str, ...]) -> None:
    """Move ``el`` in front of the first child named in ``before`` (schema order)."""
    for child in parent:
        if child is not el and isinstance(child.tag, str) and etree.QName(child).localname in before:
            child.addprevious(el)
            return


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target of ``source`` points at."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@dataclass
class Rel:
    id: str
    type: str
    target: str  # resolved part name, or the literal target when external
    external: bool
    element: Element


def read_rels(data: bytes, source: str, part: str) -> tuple[Element, list[Rel]]:
    root = parse_xml(data, part)
    out = []
    for el in root.iter(q(NS_PR, "Relationship")):
        external = el.get("TargetMode") == "External"
        target = el.get("Target", "")
        out.append(
            Rel(el.get("Id", ""), el.get("Type", ""), target if external else resolve(source, target), external, el)
        )
    return root, out


def next_free(prefix: str, taken: set[str], start: int = 1, suffix: str = "") -> str:
    """The first ``prefix{n}suffix`` not in ``taken`` (compared in lower case: part names and
    relationship ids are case-insensitive in a package; keep ``taken`` in lower case)."""
    n = start
    while f"{prefix}{n}{suffix}".lower() in taken:
        n += 1
    return f"{prefix}{n}{suffix}"


# --- zip ------------------------------------------------------------------------------------------
def raw_copyable(info: zipfile.ZipInfo) -> bool:
    """An entry whose compressed bytes can be copied as they are (no encryption, no zip64)."""
    if info.flag_bits & 0x1:
        return False
    if max(info.file_size, info.compress_size, info.header_offset) >= 0xFFFFFFFF:
        return False
    extra = info.extra
    while len(extra) >= 4:
        kind, size = struct.unpack("<HH", extra[:4])
        if kind == 0x0001:
            return False
        extra = extra[4 + size :]
    return True


def copy_raw(src: zipfile.ZipFile, info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Copy one entry's compressed bytes unchanged (no decompression, no recompression)."""
    fp = src.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    data = fp.read(info.compress_size)
    out = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in (
        "compress_type",
        "CRC",
        "compress_size",
        "file_size",
        "extra",
        "comment",
        "create_system",
        "create_version",
        "extract_version",
        "external_attr",
        "internal_attr",
    ):
        setattr(out, attr, getattr(info, attr))
    out.flag_bits = info.flag_bits & ~0x08  # sizes and CRC go into the local header
    dst.fp.seek(dst.start_dir)
    out.header_offset = dst.fp.tell()
    dst.fp.write(out.FileHeader(False))
    dst.fp.write(data)
    dst.start_dir = dst.fp.tell()
    dst.filelist.append(out)
    dst.NameToInfo[out.filename] = out


def write_part(dst: zipfile.ZipFile, name: str, data: bytes, like: zipfile.ZipInfo | None = None) -> None:
    """A new or changed part, deflated; dated like the entry it replaces, else a fixed date."""
    info = zipfile.ZipInfo(name, like.date_time if like is not None else FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr if like is not None else 0o600 << 16
    dst.writestr(info, data, compresslevel=6)


@dataclass
class TablePart:
    name: str
    display_name: str
    ref: str
    totals: int


def sheet_tables(archive: zipfile.ZipFile, sheet_part: str) -> list[TablePart]:
    """The Excel Tables of one worksheet, read from their (small) table parts."""
    name = rels_name(sheet_part)
    if name not in archive.NameToInfo:
        return []
    out = []
    for rel in read_rels(archive.read(name), sheet_part, name)[1]:
        if rel.external or not rel.type.endswith("/table") or rel.target not in archive.NameToInfo:
            continue
        table = parse_xml(archive.read(rel.target), rel.target)
        display = table.get("displayName") or table.get("name") or ""
        out.append(
            TablePart(
                table.get("name") or display, display, table.get("ref", ""), int(table.get("totalsRowCount") or 0)
            )
        )
    return out
