"""How far a sheet's cells reach, from its XML (``workbooks.sheet_xml.bounds``): the number
calamine's rectangle is checked against before it is allocated."""

from __future__ import annotations

import re

from workbooks.sheet_xml import bounds, greater_than


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
