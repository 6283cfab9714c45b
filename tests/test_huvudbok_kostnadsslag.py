"""Intäkter och kostnader from the ledger (issue 11 on issue 10): without a typed Kostnadsslag
table, a ledger-shaped Utfall gives the section through ``Huvudbok.per_kostnadsslag``. On the
bundled ledger example the sheet, recalculated by LibreOffice, has the committee's sums."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from conftest import EXAMPLE, SHARED_DATA, recalc, same_value

from addin.commands.uppdatera import run_uppdatera
from workbooks.exempel import bygg_huvudbok

LEDGER = EXAMPLE.with_name("botkyrka_sn_2023_delar1_huvudbok.xlsx")
SHEET = "Intäkter och kostnader"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("huvudbok_slag")
    result = run_uppdatera(LEDGER, tmp / "ut.xlsx", show_progress=False)
    assert result.ok, [f.one_line() for f in result.errors]
    office = openpyxl.load_workbook(recalc(tmp / "ut.xlsx", tmp / "lo"), data_only=True)
    return result, office


def _printed() -> dict[str, dict[str, int]]:
    with (SHARED_DATA / "botkyrka_sn_2023_kostnadsslag_tkr.csv").open(encoding="utf-8") as fh:
        return {
            r["kostnadsslag"]: {k: int(v) for k, v in r.items() if k.startswith("utfall")} for r in csv.DictReader(fh)
        }


def _rows(office) -> dict[str, list]:
    ws = office[SHEET]
    return {row[0]: list(row[1:]) for row in ws.iter_rows(values_only=True) if isinstance(row[0], str)}


def test_the_ledger_gives_the_section_without_a_kostnadsslag_table(ledger):
    result, office = ledger
    assert SHEET in office.sheetnames
    section = next(s for s in result.report.sections if s.key == "kostnadsslag")
    assert section.rows and all(r.values["kostnadsslag"] for r in section.rows)


def test_the_sheets_sums_are_the_committees_figures(ledger):
    """Botkyrka delår 1 2023: kostnader −242 462 tkr, finansiella poster −13, netto as
    Avvikelse −223 073 with the financial items shown apart; each kind as printed."""
    _result, office = ledger
    rows = _rows(office)
    printed = _printed()
    assert rows["Summa kostnader"][0] == printed["Summa kostnader"]["utfall_jan_apr_2023"] == -242_462
    financial = rows.get("Summa finansiella poster", rows.get("Finansiella poster"))  # one kind: its own sum
    assert financial[0] == printed["Finansiella poster"]["utfall_jan_apr_2023"] == -13
    # The operating statement's Intäkter (19 389 = the paper's 19 402 less the 13 tkr of
    # financial items it nets in): the ledger keeps those in class 8.
    assert rows["Summa intäkter"][0] == 19_389
    assert rows["Netto enligt Avvikelse"][0] == printed["Netto"]["utfall_jan_apr_2023"] == -223_073
    for kind, values in printed.items():
        if kind.startswith("Summa") or kind in ("Netto", "Finansiella poster") or values["utfall_jan_apr_2023"] == 0:
            continue
        expected = values["utfall_jan_apr_2023"] + bygg_huvudbok.JUSTERING_2023.get(kind, 0)
        assert rows[kind][0] == expected, kind


def test_the_sheets_formulas_equal_libreoffice(ledger):
    result, office = ledger
    spec = next(s for s in result.sheets if s.name == SHEET)
    expected = spec.formula_values()
    assert len(expected) > 10
    for ref, value in expected.items():
        got = office[SHEET][ref].value
        assert same_value(value, got), f"{SHEET}!{ref}: motorn {value!r}, LibreOffice {got!r}"


def test_a_typed_table_wins_over_the_ledger(ledger):
    """The contract example has its own Kostnadsslag table: that one is used (paper's 19 402)."""
    from datetime import date

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    report = uppdatera_prognos(XlsxBook(EXAMPLE), file=EXAMPLE.name, today=date(2023, 5, 15)).report
    section = next(s for s in report.sections if s.key == "kostnadsslag")
    summa = next(r for r in section.rows if r.values["kostnadsslag"] == "Summa intäkter")
    assert summa.values["utfall"] == 19_402
