"""Backend-neutral raw tables: what a workbook adapter hands to validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@lru_cache(maxsize=4096)
def column_letters(col: int) -> str:
    """1 -> "A", 27 -> "AA" (here rather than openpyxl's, so that this module, which the
    command line's start imports for ``UnusableInput``, stays light)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def column_number(letters: str) -> int:
    """ "A" -> 1, "AA" -> 27."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def range_bounds(ref: str) -> tuple[int, int, int, int]:
    """ "B2:D10" (or "B2", "$B$2:$D$10", any letter case) -> (min_col, min_row, max_col, max_row),
    1-based as openpyxl's ``range_boundaries`` gives them for a cell range; ValueError for
    anything else. Here so that reading a submitted workbook needs no openpyxl."""
    m = _RANGE.fullmatch(ref.upper())
    if m is None:
        raise ValueError(f"{ref} is not a valid cell range")
    first_col, first_row, last_col, last_row = m.groups()
    if last_col is None:
        last_col, last_row = first_col, first_row
    return column_number(first_col), int(first_row), column_number(last_col), int(last_row)


class UnusableInput(Exception):
    """The input cannot be read at all (exit code 2). The message is Swedish, one line."""


@dataclass
class RawTable:
    """A table as found in a workbook: header plus data rows, with their positions.

    ``first_row``/``first_col`` are the 1-based sheet coordinates of the header's first
    cell; ``row_numbers[i]`` is the sheet row of ``rows[i]`` (empty rows are dropped).
    """

    name: str
    sheet: str
    first_row: int
    first_col: int
    headers: list[object]
    rows: list[list[object]]
    row_numbers: list[int]
    from_table: bool = True
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, col) without a cached value
    # When no row of a sheet had the table's columns: which rows were looked at and what the
    # best candidate lacked (Swedish, for the missing-column message).
    header_note: str = ""

    def address(self, row_number: int, pos: int) -> str:
        return f"{column_letters(self.first_col + pos)}{row_number}"

    def header_address(self, pos: int = 0) -> str:
        return self.address(self.first_row, pos)
