"""Last year known only when it is known (issue 21, item 5): at Period 12 a last year typed as
one full-year row per area is the whole period, so the comparison with last year is made; a
last year with months missing is no bokslut: "Bokslut" is left empty with a warning naming
the months. Formulas recalculated by LibreOffice equal the engine's values."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import recalc, same_value
from workbook_factory import AR, minimal_rows, monthly_outcome, setting, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from workbooks.books.xlsx_book import XlsxBook


def year_end_tables(last_year: str):
    """The minimal committee at Period 12 (this year's twelve months typed); last year as
    ``full_row`` (one December row per area and type with the year's sum), ``partial``
    (January–October only) or ``months`` (all twelve)."""
    tables = minimal_rows()
    setting(tables, "Period", 12)
    headers, rows = tables["Utfall"]
    areas = list(dict.fromkeys(r[0] for r in rows))
    out = []
    for area in areas:
        for typ in ("Intäkter", "Kostnader"):
            full = sum(monthly_outcome(area, typ, AR - 1, m) for m in range(1, 13))
            if last_year == "full_row":
                out.append([area, typ, AR - 1, 12, round(full, 1)])
            else:
                last = 10 if last_year == "partial" else 12
                out += [[area, typ, AR - 1, m, monthly_outcome(area, typ, AR - 1, m)] for m in range(1, last + 1)]
            out += [[area, typ, AR, m, monthly_outcome(area, typ, AR, m)] for m in range(1, 13)]
    tables["Utfall"] = (headers, out)
    return tables


def refresh(tmp_path, kind):
    path = write_workbook(tmp_path / f"{kind}.xlsx", year_end_tables(kind))
    out = tmp_path / f"{kind}_ut.xlsx"
    book = XlsxBook(path)
    result = uppdatera_prognos(book, file=path.name)
    book.save(out)
    assert result.report is not None
    return result, out


def netto_total(report, key):
    return (
        sum(getattr(line, key) for line in report.lines)
        if all(getattr(row, key) is not None for row in report.lines)
        else None
    )


def test_full_year_row_at_period_12_is_the_whole_period(tmp_path):
    result, out = refresh(tmp_path, "full_row")
    assert not [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    expected = {
        (a, t): sum(monthly_outcome(a, t, AR - 1, m) for m in range(1, 13))
        for a in {row.omrade for row in result.report.lines}
        for t in ("Intäkter", "Kostnader")
    }
    for line in result.report.lines:
        assert line.utfall_period_fg == pytest.approx(expected[(line.omrade, line.typ)], abs=0.1)
        assert line.utfall_helar_fg == pytest.approx(expected[(line.omrade, line.typ)], abs=0.1)
    wb = openpyxl.load_workbook(out)
    text = " ".join(str(c.value) for row in wb["Sammanfattning"].iter_rows() for c in row if isinstance(c.value, str))
    assert "föregående år" in text or str(AR - 1) in text
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}"


def test_months_missing_is_no_bokslut(tmp_path):
    result, out = refresh(tmp_path, "partial")
    warnings = [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert "november och december" in warnings[0].meddelande and f"Bokslut {AR - 1}" in warnings[0].meddelande
    for line in result.report.lines:
        assert line.utfall_helar_fg is None and line.utfall_period_fg is None
    ws = openpyxl.load_workbook(out)["Avvikelse"]
    headers = [c.value for c in ws[1]]
    full = headers.index(f"Bokslut {AR - 1}") + 1
    assert all(ws.cell(r, full).value is None for r in range(2, ws.max_row + 1))
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), f"{spec.name}!{ref}"


def test_months_missing_early_in_the_year_keeps_the_period_comparison(tmp_path):
    """Period 3 with last year January–October: the period is known, the bokslut is not."""
    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    tables["Utfall"] = (headers, [r for r in rows if not (r[2] == AR - 1 and r[3] > 10)])
    path = write_workbook(tmp_path / "p3.xlsx", tables)
    book = XlsxBook(path)
    result = uppdatera_prognos(book, file=path.name)
    warnings = [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    assert len(warnings) == 1 and "november och december" in warnings[0].meddelande
    for line in result.report.lines:
        assert line.utfall_period_fg is not None and line.utfall_helar_fg is None


def test_all_twelve_months_are_a_bokslut(tmp_path):
    result, _out = refresh(tmp_path, "months")
    assert not [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    assert all(line.utfall_helar_fg is not None for line in result.report.lines)
