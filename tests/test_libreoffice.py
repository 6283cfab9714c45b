"""LibreOffice headless recalculates the written workbook: every formula must equal
the value the Python engine computed."""

from __future__ import annotations


import openpyxl
import pytest

from addin.cli import run_uppdatera
from conftest import recalc, same_value


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    from conftest import EXAMPLE

    tmp = tmp_path_factory.mktemp("lo")
    written = tmp / "uppdaterad.xlsx"
    result = run_uppdatera(EXAMPLE, written, show_progress=False)
    assert result.ok
    office = recalc(written, tmp / "lo")
    return result, openpyxl.load_workbook(office, data_only=True), openpyxl.load_workbook(written)


def test_every_formula_equals_engine(recalculated):
    result, office, written = recalculated
    checked = 0
    for spec in result.sheets:
        expected = spec.formula_values()
        ws = office[spec.name]
        for ref, value in expected.items():
            assert written[spec.name][ref].data_type == "f", f"{spec.name}!{ref} är inte en formel"
            got = ws[ref].value
            assert same_value(value, got), f"{spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
            checked += 1
    assert checked > 100  # the Avvikelse table alone has well over a hundred formulas


def test_derived_columns_are_formulas(recalculated):
    _result, _office, written = recalculated
    ws = written["Avvikelse"]
    header = [c.value for c in ws[1]]
    for name in ("Avvikelse", "Avvikelse %", "Avvikelse period", "Förändring mot fg år", "Prognosförändring"):
        col = header.index(name) + 1
        for row in range(2, ws.max_row + 1):
            assert ws.cell(row=row, column=col).data_type == "f", (name, row)
    # Netto and Totalt rows are formulas in every amount column
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == "Netto" or ws.cell(row=row, column=1).value == "Totalt":
            assert ws.cell(row=row, column=header.index("Prognos") + 1).data_type == "f"
    assert "Avvikelse" in ws.tables
