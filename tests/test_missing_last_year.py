"""Missing is not zero (issue 12): a workbook whose last year is only a full-year row, or has no
last year at all, never shows 0 for last year or a sentence comparing with it; a warning says
what is missing. The written formulas still equal the engine's values in LibreOffice."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import recalc, same_value
from workbook_factory import AR, minimal_rows, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from workbooks.books.xlsx_book import XlsxBook


def refresh(path, out):
    book = XlsxBook(path)
    result = uppdatera_prognos(book, file=path.name)
    book.save(out)
    return result


def summary_texts(wb) -> str:
    return " ".join(str(c.value) for row in wb["Sammanfattning"].iter_rows() for c in row if isinstance(c.value, str))


def with_last_year(kind: str):
    tables = minimal_rows()
    headers, rows = tables["Utfall"]
    this = [r for r in rows if r[2] == AR]
    if kind == "helar":  # the natural way to type a bokslut: one December row with the whole year
        full = {}
        for r in rows:
            if r[2] == AR - 1:
                full[(r[0], r[1])] = full.get((r[0], r[1]), 0) + r[4]
        rows = [[a, t, AR - 1, 12, v] for (a, t), v in full.items()] + this
    elif kind == "inget":
        rows = this
    tables["Utfall"] = (headers, rows)
    return tables


@pytest.mark.parametrize("kind", ["helar", "inget"])
def test_unknown_last_year_stays_empty(kind, tmp_path):
    source = write_workbook(tmp_path / f"{kind}.xlsx", with_last_year(kind))
    out = tmp_path / f"{kind}_ut.xlsx"
    result = refresh(source, out)
    assert result.report is not None
    warnings = [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    assert len(warnings) == 1 and warnings[0].blad == "Utfall"
    assert str(AR - 1) in warnings[0].meddelande
    assert ("januari" in warnings[0].meddelande) == (kind == "helar")  # says which months are missing
    wb = openpyxl.load_workbook(out)
    ws = wb["Avvikelse"]
    headers = [c.value for c in ws[1]]
    period = f"jan–mar {AR - 1}"  # minimal_rows: period 3
    fg, change, full = (
        headers.index(h) + 1 for h in (f"Utfall {period}", f"Förändring mot {period}", f"Bokslut {AR - 1}")
    )
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, fg).value is None and ws.cell(r, change).value is None, r
        if kind == "inget":
            assert ws.cell(r, full).value is None
    text = summary_texts(wb)
    assert "föregående år" not in text and "oförändrad" not in text
    bokslut = [c.value for c in wb["Sammanfattning"]["B"][4:7]]
    if kind == "inget":
        assert bokslut == [None, None, None]  # not 0,0
    else:
        assert all(isinstance(v, str) and v.startswith("=ROUND") for v in bokslut)
    office = openpyxl.load_workbook(recalc(out, tmp_path / "lo"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            got = office[spec.name][ref].value
            assert same_value(value, got), f"{spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
    if kind == "helar":
        row = next(
            r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Totalt" and ws.cell(r, 2).value == "Netto"
        )
        assert office["Avvikelse"].cell(row, full).value not in (None, 0)


def test_full_last_year_still_compares(tmp_path):
    source = write_workbook(tmp_path / "full.xlsx", minimal_rows())
    result = refresh(source, tmp_path / "full_ut.xlsx")
    assert not [f for f in result.findings if f.regel == "utfall_fg_saknas"]
    assert "föregående år" in summary_texts(openpyxl.load_workbook(tmp_path / "full_ut.xlsx"))
