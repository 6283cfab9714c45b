"""Zip-level checks of a submitted workbook that decide *which bytes* are the workbook, and
whether a file is a workbook at all (``check_file``: empty, encrypted, .xls, .ods, .xlsb, a
zip bomb; one Swedish line each). No spreadsheet library here: every reader runs these first.

A spreadsheet reader given an ambiguous package picks one reading silently; these checks
refuse the file instead (``UnusableInput``, one Swedish line), before any XML is parsed:

- bytes before the first zip entry (a self-extracting stub, an executable or anything
  glued in front): a workbook saved by Excel starts with its first entry;
- two entries under the same part name (part names are case-insensitive in Open XML),
  so two readers could see two different sheets;
- entries whose declared size is a lie: every part a reader parses is inflated here as a
  stream, in bounded chunks, and a part that inflates to more than it declares (or to
  more than the per-file limit) is refused before calamine would inflate it in memory.

``check_sizes`` is what bounds the memory of ``prognos validera`` on a zip whose declared
sizes lie: nothing a reader parses inflates beyond the declared total (which the pre-scan
bounds, ``Limits.max_uncompressed``) plus at most ``UNCHECKED_MB`` of small parts.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import CLASSIC_ERROR_VALUES
from validation.raw_table import UnusableInput

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED = 1_000_000_000  # 1 GB of XML is not a budget workbook
MAX_RATIO = 200  # compression ratio beyond which an entry is a zip bomb
CALAMINE_ERRORS = frozenset(CLASSIC_ERROR_VALUES)  # the ones calamine reads

CHUNK = 1 << 16  # compressed bytes read at a time
DEFLATE_MAX_RATIO = 1032  # deflate never inflates one byte to more than 1 032
UNCHECKED_MB = 64  # parts whose worst case fits in this much together are not inflated twice
INFLATE_STEP = 1 << 20  # at most this much inflated output held at a time

# Parts that python-calamine (or openpyxl) parses: every XML part and every .rels.
_PARSED = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)


def check_start(name: str, path: Path) -> None:
    """Refuse a zip that does not start at byte 0 (zipfile accepts a stub in front)."""
    with Path(path).open("rb") as handle:
        head = handle.read(4)
    if head != b"PK\x03\x04":
        raise UnusableInput(
            f"{name}: filen börjar inte som en arbetsbok: det ligger andra data före zip-arkivet (t.ex. ett "
            "självuppackande program). Sådana filer läses aldrig; be avsändaren spara arbetsboken som .xlsx i Excel."
        )


def check_names(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse two entries with the same part name (compared case-insensitively, as Open XML does)."""
    seen: dict[str, str] = {}
    for info in infos:
        key = info.filename.lstrip("/").lower()
        if key in seen:
            other = seen[key]
            same = other == info.filename
            raise UnusableInput(
                f"{name}: zip-arkivet har två delar som heter {info.filename!r}"
                f"{'' if same else f' (och {other!r})'}; olika program skulle läsa olika innehåll. Filen läses inte. "
                "Be avsändaren öppna arbetsboken i Excel och spara den på nytt."
            )
        seen[key] = info.filename


def _raw_data_offset(handle, info: zipfile.ZipInfo) -> int:
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len


def inflated_size(handle, info: zipfile.ZipInfo, cap: int) -> int:
    """The real inflated size of one entry, stopping as soon as it exceeds ``cap``."""
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size  # other methods: zipfile itself stops at the declared size
    handle.seek(_raw_data_offset(handle, info))
    inflater = zlib.decompressobj(-15)
    left = info.compress_size
    total = 0
    while left > 0 and not inflater.eof:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        data = chunk
        while data and not inflater.eof:
            total += len(inflater.decompress(data, INFLATE_STEP))
            if total > cap:
                return total
            data = inflater.unconsumed_tail
    while not inflater.eof and total <= cap:
        out = inflater.decompress(b"", INFLATE_STEP)
        if not out:
            break
        total += len(out)
    return total


def check_sizes(
    name: str,
    path: Path,
    infos: list[zipfile.ZipInfo],
    max_total: int,
    deferred: Callable[[str], bool] = lambda _part: False,
) -> None:
    """Every parsed part inflates to at most what it declares; the whole to at most ``max_total``.

    Deflate cannot inflate a byte to more than 1 032, so a part whose compressed size bounds
    its worst case below its declared size needs no check, and small parts are left unchecked
    while their worst cases together stay under ``UNCHECKED_MB`` (a unit's workbook: all of
    them, so the check costs nothing there). Everything else is inflated as a stream.

    ``deferred`` parts are not inflated here: the caller reads each of them with
    ``read_checked`` (the same check, on the one inflation that reads it) before any reader
    parses it, and a part it never reads is never parsed."""
    total = 0
    unchecked = 0
    with Path(path).open("rb") as handle:
        for info in infos:
            if info.is_dir() or not _PARSED.search(info.filename):
                continue
            if deferred(info.filename):
                total += info.file_size
                continue
            worst = info.compress_size * (DEFLATE_MAX_RATIO if info.compress_type == zipfile.ZIP_DEFLATED else 1)
            if worst <= info.file_size:
                total += worst
                continue
            if unchecked + worst <= UNCHECKED_MB * 1024 * 1024:
                unchecked += worst
                total += info.file_size
                continue
            try:
                real = inflated_size(handle, info, min(info.file_size, max_total - total) + 1)
            except (zlib.error, zipfile.BadZipFile, struct.error, OSError):
                raise UnusableInput(
                    f"{name}: delen {info.filename} i zip-arkivet är skadad och går inte att "
                    "packa upp. "
                    "Spara arbetsboken på nytt i Excel."
                ) from None
            if real > info.file_size:
                raise _lying_size(name, info, real)
            total += real


def _lying_size(name: str, info: zipfile.ZipInfo, real: int) -> UnusableInput:
    return UnusableInput(
        f"{name}: delen {info.filename} påstår sig vara {format_tal(info.file_size)} byte men packas upp till mer "
        f"(minst {format_tal(real)} byte). En fil som ljuger om sina storlekar läses inte; be avsändaren spara "
        "arbetsboken på nytt i Excel."
    )


def read_checked(name: str, archive: zipfile.ZipFile, part: str) -> bytes:
    """A part's bytes, inflated once and at most one byte past its declared size: a part that
    inflates to more than it declares is refused as ``check_sizes`` refuses it; a truncated
    or corrupt one raises ``zipfile.BadZipFile`` (or ``zlib.error``), as ``ZipFile.read`` does."""
    info = archive.getinfo(part)
    if info.compress_type != zipfile.ZIP_DEFLATED or archive.filename is None:
        return archive.read(part)
    with Path(archive.filename).open("rb") as handle:
        handle.seek(_raw_data_offset(handle, info))
        raw = handle.read(info.compress_size)
    data = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
    del raw
    if len(data) > info.file_size:
        raise _lying_size(name, info, len(data))
    if len(data) < info.file_size or zlib.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"{part}: truncated or bad CRC-32")
    return data


_ERROR_CELL = re.compile(
    rb'(<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*(?<!/)>\s*'
    rb"(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?\s*<(?:\w+:)?v>)([^<]*)(</(?:\w+:)?v>)"
)


def sanitized_error_values(path: Path, known: set[str]) -> io.BytesIO:
    """A copy of the package in memory where each error cell the values reader does not know
    ("#SPILL!", "#CALC!", …) is a formula with a text result equal to the error's text, so
    the cell reads as "#SPILL!" at its place. Nothing else changes. (Only for a file already
    pre-scanned or checked: its declared sizes are bounded.)"""
    out = io.BytesIO()

    def fix(match: re.Match) -> bytes:
        value = match.group(2).decode("utf-8", "replace")
        if value in known:
            return match.group(0)
        return match.group(1).replace(b't="e"', b't="str"', 1) + match.group(2) + match.group(3)

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and b't="e"' in data:
                data = _ERROR_CELL.sub(fix, data)
            target.writestr(info, data)
    out.seek(0)
    return out


def check_file(path: Path) -> None:
    """Raise UnusableInput with a Swedish one-liner if the file cannot be a workbook."""
    name = path.name
    if not path.exists():
        raise UnusableInput(f"{name}: filen finns inte. Kontrollera sökvägen.")
    if path.is_dir():
        raise UnusableInput(f"{name}: är en mapp, inte en arbetsbok. Ange en .xlsx-fil.")
    size = path.stat().st_size
    if size == 0:
        raise UnusableInput(f"{name}: filen är tom (0 byte). Spara arbetsboken på nytt i Excel.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE2_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnusableInput(
                f"{name}: arbetsboken är lösenordsskyddad (krypterad). "
                "Ta bort lösenordet i Excel (Arkiv > Info > Skydda arbetsbok) och försök igen."
            )
        raise UnusableInput(f"{name}: filen är i det gamla .xls-formatet. Öppna den i Excel och spara som .xlsx.")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise UnusableInput(
                f"{name}: filen är skadad eller ofullständig (zip-arkivet går inte att läsa). "
                "Hämta eller spara arbetsboken på nytt."
            )
        raise UnusableInput(
            f"{name}: filen är inte en Excel-arbetsbok (.xlsx). Spara den som Excel-arbetsbok och försök igen."
        )
    check_start(name, path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_names(name, archive.infolist())
            names = set(archive.namelist())
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 50_000_000
                ):
                    raise UnusableInput(f"{name}: filen packas upp till orimligt stor storlek och läses inte.")
            if total > MAX_UNCOMPRESSED:
                raise UnusableInput(f"{name}: filen packas upp till över 1 GB och läses inte.")
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise UnusableInput(
                    f"{name}: filen är ett OpenDocument-kalkylark (.ods). Spara den som .xlsx och försök igen."
                )
    except zipfile.BadZipFile as exc:
        raise UnusableInput(f"{name}: filen är skadad ({exc}). Spara arbetsboken på nytt i Excel.") from None
    if "xl/workbook.bin" in names:
        raise UnusableInput(f"{name}: binärt Excel-format (.xlsb) stöds inte. Spara som .xlsx och försök igen.")
    if "xl/workbook.xml" not in names:
        raise UnusableInput(f"{name}: zip-filen innehåller ingen Excel-arbetsbok. Ange en .xlsx-fil.")
