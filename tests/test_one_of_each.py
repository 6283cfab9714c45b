"""Each concept declared once (issue 19): one Swedish number formatter, one month list, one
unit table, one method list, one severity, one set of Excel error values, one list of derived
sheets, one safe-text helper, one atomic write, one palette.

The first test holds the printed figure to an oracle (``decimal``'s ROUND_HALF_UP on the number
as typed): a validation message, the paper's Word/Rapport text and the Rapport sheet's cell all
print the same figure the same way. The others read the sources and fail where a concept is
declared a second time.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.language import vocabulary
from udfs.language.number_format import format_as_typed, format_tal
from udfs.language.sheet_names import DERIVED_SHEETS
from validation.contract import EXTRA_SETTINGS, SETTINGS_ROWS
from workbooks.report.paper import NUMBER, Table, format_cell
from workbooks.report.paper_sheet import _shown

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    p: p.read_text(encoding="utf-8")
    for layer in ("udfs", "validation", "workbooks", "addin")
    for p in (ROOT / layer).rglob("*.py")
    if "exempel" not in p.parts
}


def oracle(value: float, decimals: int) -> str:
    """Swedish text of a number, rounded half away from zero on the number as typed."""
    d = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "\u2212" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", "\u00a0")
    return sign + groups + ("," + frac if frac else "")


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (-682.05, 1, "\u2212682,1"),
        (2.5, 0, "3"),
        (-0.5, 0, "\u22121"),
        (1455042.0, 0, "1\u00a0455\u00a0042"),
        (38.25, 1, "38,3"),
    ],
)
def test_the_issue_s_figures_print_the_same_in_a_message_a_sheet_and_the_paper(value, decimals, text):
    table = Table(headers=["x"], rows=[[value]], kinds=[NUMBER], decimals=decimals)
    assert format_tal(value, decimals) == text  # messages (traps, counts, extremes)
    assert format_cell(value, NUMBER, decimals) == text  # the paper: Word and the Rapport sheet's text
    assert format_tal(_shown(value, NUMBER, table), decimals) == text  # the Rapport sheet's cell value


@given(st.integers(-(10**9), 10**9), st.integers(0, 3))
def test_half_way_figures_round_away_from_zero_everywhere(n, decimals):
    value = float(
        Decimal(n) / (Decimal(10) ** (decimals + 1))
        + (Decimal(5) / (Decimal(10) ** (decimals + 1)) if n >= 0 else -Decimal(5) / Decimal(10) ** (decimals + 1))
    )
    expected = oracle(value, decimals)
    table = Table(headers=["x"], rows=[[value]], kinds=[NUMBER], decimals=decimals)
    assert format_tal(value, decimals) == expected
    assert format_cell(value, NUMBER, decimals) == expected
    assert format_tal(_shown(value, NUMBER, table), decimals) == expected


@pytest.mark.parametrize(
    "value, text",
    [
        (-682.05, "\u2212682,05"),
        (1234.5, "1\u00a0234,5"),
        (1e20, "ett tal med 21 siffror"),
        (0.1, "0,1"),
        (-12000.0, "\u221212\u00a0000"),
    ],
)
def test_a_number_quoted_back_keeps_its_own_decimals(value, text):
    assert format_as_typed(value) == text


def _offenders(pattern: str, allowed: set[str], flags: int = 0) -> list[str]:
    found = []
    for path, text in SOURCES.items():
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed:
            continue
        for m in re.finditer(pattern, text, flags):
            found.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)[:60]}")
    return found


def test_swedish_number_text_is_formatted_in_one_place():
    # a thousands separator by format spec (f"{x:,.1f}") outside the one formatter
    assert _offenders(r"\{[^{}]*:,[^{}]*\}", {"udfs/language/number_format.py"}) == []


def test_one_month_list_one_unit_table_one_method_list_one_severity():
    pairs = "|".join(f'"{a}",\\s*"{b}"' for a, b in zip(vocabulary.MONTH_NAMES, vocabulary.MONTH_NAMES[1:]))
    assert _offenders(pairs, {"udfs/language/vocabulary.py"}) == []  # a month list spelled again
    assert _offenders(r'\{\s*"kr"\s*:\s*[\d.]', {"udfs/language/vocabulary.py"}) == []
    assert (
        _offenders(r'^[A-Z_]+ = "(Linjär|Säsong|Budgetprofil|Manuell|Volym)"', {"udfs/language/vocabulary.py"}, re.M)
        == []
    )
    assert _offenders(r'^(FEL|VARNING) = "', {"udfs/language/vocabulary.py"}, re.M) == []


def test_one_set_of_excel_error_values():
    assert _offenders(r'"#DIV/0!",\s*"|"#NULL!",\s*"|\{"#NULL!"', {"udfs/language/vocabulary.py"}) == []


def test_derived_sheet_names_are_spelled_in_one_place():
    names = "|".join(re.escape(n) for n in DERIVED_SHEETS)
    assert _offenders(rf'^[A-Z_]+ = "({names})"$', {"udfs/language/sheet_names.py"}, re.M) == []
    assert _offenders(rf'SheetSpec\(\s*"({names})"', set()) == []


def test_text_that_would_be_a_formula_is_handled_in_one_place():
    assert _offenders(r'\("=", "\+", "-", "@"\)', {"workbooks/books/cell_text.py"}) == []


def test_files_are_written_atomically_in_one_place():
    assert _offenders(r"with_name\([^)]*\.tmp", {"workbooks/books/atomic.py"}) == []


def test_colours_come_from_the_palette():
    assert _offenders(r'"#?[0-9A-Fa-f]{6}"', {"workbooks/books/palette.py"}) == []


def test_each_settings_row_is_declared_once_and_read_by_one_name():
    rows = [*SETTINGS_ROWS.values(), *EXTRA_SETTINGS.values()]
    displays = [r.display for r in rows]
    synonyms = [s for r in rows for s in r.synonyms]
    assert len(displays) == len(set(displays))
    assert len(synonyms) == len(set(synonyms)), "a synonym read as two settings rows"
