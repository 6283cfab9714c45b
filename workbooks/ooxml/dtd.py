"""DTDs in a workbook package: refused in every XML part, before anything is read or copied.

Open Packaging Conventions forbid a DTD in any part (ECMA-376 Part 2, §8.1.4): Excel never
writes one, and a DTD is what entity expansion ("billion laughs") and external entities
(reading another file when the part is parsed) need. openpyxl refuses a file with one, so a
part copied byte for byte into a refreshed workbook would make the output unreadable there.

XML allows a DTD only before the root element (``<!DOCTYPE …>`` in the prolog), so only the
start of each part is inflated and looked at, as a stream: a part of any size costs a few
kilobytes. A part in UTF-16 or UTF-32 (which XML allows, and Excel never writes) is decoded
first so that its prolog is seen as the parsers would see it. No spreadsheet library here.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from typing import Iterable

from validation.raw_table import UnusableInput

PROLOG_PIECE = 1 << 13  # inflated bytes read at a time while looking for a part's root element

# Wide encodings, by their byte-order mark or by how "<" is spelt without one (XML 1.0, appendix F).
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_XML_NAME = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
_CONTENT_TYPE = re.compile(rb"<(?:\w+:)?(Default|Override)\b([^>]*)>")
_ATTR = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')
CONTENT_TYPES = "[Content_Types].xml"


class _Prolog:
    """The text before a part's root element, fed in pieces. Between pieces only an unfinished
    comment or processing instruction is kept (its opening and its last bytes), so memory stays
    bounded whatever stands there."""

    def __init__(self) -> None:
        self.pending = b""
        self.dtd = b""  # the DTD's first bytes, once found

    def feed(self, data: bytes) -> bool | None:
        """True: a DTD; False: the root element comes first; None: still inside the prolog."""
        buf = self.pending + data
        pos = 0
        while True:
            pos = buf.find(b"<", pos)
            if pos < 0:
                self.pending = b""
                return None
            if len(buf) - pos < 4 and b"<!--".startswith(buf[pos:]):
                self.pending = buf[pos:]
                return None
            opener, closer = (b"<?", b"?>") if buf.startswith(b"<?", pos) else (b"<!--", b"-->")
            if not buf.startswith(opener, pos):
                if buf[pos + 1 : pos + 2] == b"!":  # <!DOCTYPE (or anything declarative) before the root
                    self.dtd = buf[pos:]
                    return True
                return False
            end = buf.find(closer, pos + len(opener))
            if end < 0:
                self.pending = opener + buf[max(pos + len(opener), len(buf) - len(closer) + 1) :]
                return None
            pos = end + len(closer)


def _verdict(pieces: Iterable[bytes]) -> tuple[bool | None, bytes]:
    """(True: a DTD, False: none, None: the pieces end inside the prolog; the DTD's start)."""
    prolog = _Prolog()
    decoder = None
    for index, piece in enumerate(pieces):
        if index == 0:
            codec = next((c for mark, c in _WIDE if piece.startswith(mark)), None)
            if codec is not None:
                decoder = codecs.getincrementaldecoder(codec)("replace")
        if decoder is not None:
            piece = decoder.decode(piece).encode("utf-8")
        verdict = prolog.feed(piece)
        if verdict is not None:
            return verdict, prolog.dtd or b"<!"
    return None, b""


def dtd_in(pieces: Iterable[bytes]) -> bytes | None:
    """The start of the DTD in the XML whose bytes come as ``pieces``, or None when it has none.
    Reads only as far as the root element."""
    verdict, dtd = _verdict(pieces)
    return dtd if verdict else None


def prolog_has_dtd(data: bytes) -> bool:
    """Whether the XML ``data`` (a whole part, or its start) has a DTD."""
    return dtd_in((data,)) is not None


def dtd_message(name: str, part: str, dtd: bytes) -> str:
    """The Swedish line for a part with a DTD, saying what kind of DTD it is."""
    head = dtd[:65536]
    if b"SYSTEM" in head or b"PUBLIC" in head:
        what = (
            "en extern XML-entitet (SYSTEM/PUBLIC), som försöker läsa en annan fil eller adress när filen öppnas. "
            "Den följs aldrig"
        )
    elif b"<!ENTITY" in head:
        what = "XML-entiteter som kan expandera till gigabyte text (en så kallad entitetsbomb). De expanderas aldrig"
    else:
        what = (
            "en DTD (<!DOCTYPE …>), som Open XML inte tillåter i någon del av en arbetsbok och som Excel aldrig "
            "skriver. Den läses aldrig"
        )
    return (
        f"{name}: delen {part} innehåller {what}; filen läses inte av säkerhetsskäl och inget kopieras ur den. "
        "Spara om arbetsboken i Excel (eller be avsändaren göra det) och försök igen."
    )


def xml_parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The package's XML parts: by name (.xml, .rels, .vml) and by the content type the package
    gives them (an XML part may have any name)."""
    defaults: set[str] = set()
    overrides: set[str] = set()
    if CONTENT_TYPES in archive.NameToInfo:
        with archive.open(CONTENT_TYPES) as stream:
            types = stream.read(16 << 20)
        for kind, raw in _CONTENT_TYPE.findall(types):
            attrs = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTR.findall(raw)}
            if not attrs.get("ContentType", "").lower().endswith("xml"):
                continue
            if kind == b"Default":
                defaults.add(attrs.get("Extension", "").lower())
            else:
                overrides.add(attrs.get("PartName", "").lstrip("/").lower())
    return [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and (
            _XML_NAME.search(info.filename)
            or info.filename.lower() in overrides
            or info.filename.rsplit(".", 1)[-1].lower() in defaults
        )
    ]


def _head(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The first inflated bytes of a part, read straight from the archive's file (a stored or
    deflated entry; None for another method or a stream that does not inflate, which the
    caller then reads through ``zipfile``, with its errors)."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        return None
    handle = archive.fp
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        return handle.read(min(info.compress_size, PROLOG_PIECE))
    try:
        return zlib.decompressobj(-15).decompress(handle.read(min(info.compress_size, PROLOG_PIECE)), PROLOG_PIECE)
    except zlib.error:
        return None


def refuse_dtds(name: str, archive: zipfile.ZipFile) -> None:
    """Raise UnusableInput (naming the part) when any XML part of the package has a DTD. Each
    part's first bytes are inflated straight from the file (the root element almost always
    starts within them); a part whose prolog goes on is read on as a stream."""
    for info in xml_parts(archive):
        head = _head(archive, info)
        verdict, dtd = _verdict((head,)) if head is not None else (None, b"")
        if verdict is None and (head is None or len(head) < info.file_size):
            with archive.open(info) as stream:
                verdict, dtd = _verdict(iter(lambda: stream.read(PROLOG_PIECE), b""))
        if verdict:
            raise UnusableInput(dtd_message(name, info.filename, dtd))
