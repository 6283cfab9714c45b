"""The pre-scan of a sheet before calamine reads it: how far its cells reach, from its XML
(``workbooks.ooxml.sheet_xml.bounds``), and its real inflated size (``package_checks.read_checked``)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from make_hostile_corpus import parts, sheet_part
from workbook_factory import minimal_rows, write_workbook

from validation.contract import BUDGET, UTFALL
from validation.raw_table import UnusableInput
from workbooks.books.package_book import PackageBook
from workbooks.ooxml.safe_read import scan
from workbooks.ooxml.sheet_xml import bounds, greater_than


def test_greater_than_matches_exactly_the_greater_numbers():
    for n in (0, 1, 9, 10, 99, 100, 123, 256_001, 999_999, 1_048_576):
        pattern = re.compile(rb"^" + greater_than(n) + rb"$")
        for k in [*range(0, 1200), n - 1, n, n + 1, n * 10, 10**7, 10**12]:
            if k >= 0:
                assert bool(pattern.match(str(k).encode())) == (k > n), (n, k)


def rows(*numbers: int, cells: str = "A") -> bytes:
    return b"".join(b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (n, cells.encode(), n) for n in numbers)


def test_a_short_narrow_sheet_is_bounded_by_its_last_row():
    assert bounds(b"<sheetData>" + rows(1, 2, 3) + b"</sheetData>") == (3, 26)
    assert bounds(b"<sheetData><row><c/></row><row><c/></row></sheetData>") == (2, 26)  # rows without numbers


def test_a_long_sheet_is_bounded_by_any_reference_past_its_last_row():
    body = rows(*range(99_990, 100_010))
    assert bounds(body) == (100_009, 26)
    # a cell placed far below its row, a row out of order, a column past Z
    assert bounds(body + b'<row r="7"><c r="B1048576"/></row>' + rows(100_010)) == (1_048_576, 26)
    assert bounds(rows(5, 250_000, 100_011)) == (250_000, 26)
    assert bounds(body + rows(100_010, cells="AD")) == (100_010, 30)
    assert bounds(body + b'<row r="100010"><c r="XFD100010"/></row>') == (100_010, 16_384)


def lying_about(path: Path, sheet: str, padding_mb: int = 8) -> None:
    """Rewrite ``path`` so that ``sheet`` inflates to ``padding_mb`` MB more than its zip
    records declare (as ``make_hostile_corpus.lying_sizes`` does to a unit's workbook)."""
    members = parts(path.read_bytes())
    part = sheet_part(members, sheet)
    head, tail = members[part].split(b"</sheetData>", 1)
    pieces = [head, *[b" " * (1 << 20)] * padding_mb, b"</sheetData>" + tail]
    packer, crc = zlib.compressobj(9, zlib.DEFLATED, -15), 0
    compressed = b"".join(packer.compress(p) for p in pieces) + packer.flush()
    for p in pieces:
        crc = zlib.crc32(p, crc)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name == part:
                info = zipfile.ZipInfo(name, date_time=(2023, 4, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED  # the raw deflate stream, relabelled below
                archive.writestr(info, compressed)
            else:
                archive.writestr(name, data)
    data, encoded = bytearray(buffer.getvalue()), part.encode()
    for signature, method_at, crc_at, name_at in ((b"PK\x03\x04", 8, 14, 30), (b"PK\x01\x02", 10, 16, 46)):
        pos = 0
        while (pos := data.find(signature, pos)) >= 0:
            if data[pos + name_at : pos + name_at + len(encoded)] == encoded:
                struct.pack_into("<H", data, pos + method_at, zipfile.ZIP_DEFLATED)
                struct.pack_into("<III", data, pos + crc_at, crc, len(compressed), len(members[part]))
            pos += 4
    path.write_bytes(bytes(data))


def test_the_refresh_refuses_a_sheet_that_inflates_past_its_declared_size_when_it_reads_it(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", minimal_rows())
    lying_about(path, "Utfall", padding_mb=70)  # past what check_sizes leaves unchecked (UNCHECKED_MB)
    book = PackageBook(path)  # the refresh's scan defers the worksheets' size check to their reading
    assert book.table(BUDGET) is not None
    with pytest.raises(UnusableInput, match="påstår sig vara .* byte men packas upp till mer"):
        book.table(UTFALL)
    book.close()
    with pytest.raises(UnusableInput, match="påstår sig vara"):  # validating checks every part up front
        scan(path)
