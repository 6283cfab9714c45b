"""LibreOffice headless recalculates the written workbook: every formula must equal
the value the Python engine computed."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import recalc, same_value
from package_check import check_package

from addin.commands.uppdatera import run_uppdatera


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    from conftest import EXAMPLE

    tmp = tmp_path_factory.mktemp("lo")
    written = tmp / "uppdaterad.xlsx"
    result = run_uppdatera(EXAMPLE, written, show_progress=False)
    assert result.ok
    assert check_package(written) == []
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
    for name in (
        "Avvikelse 2023",
        "Avvikelse %",
        "Avvikelse jan–apr 2023",
        "Förändring mot jan–apr 2022",
        "Prognosförändring",
    ):
        col = header.index(name) + 1
        for row in range(2, ws.max_row + 1):
            assert ws.cell(row=row, column=col).data_type == "f", (name, row)
    # Netto and Totalt rows are formulas in every amount column
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=2).value == "Netto" or ws.cell(row=row, column=1).value == "Totalt":
            assert ws.cell(row=row, column=header.index("Prognos helår 2023") + 1).data_type == "f"
    assert "Avvikelse" in ws.tables


@pytest.mark.parametrize("enhet", ["kr", "mnkr"])
def test_formulas_in_other_units(enhet, tmp_path):
    """The mnkr conversions (÷ 1 000 000 from kr, none from mnkr) as LibreOffice reads them."""
    from conftest import EXAMPLE

    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Inställningar"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Enhet")
    ws.cell(row, 2).value = enhet
    source = tmp_path / f"exempel_{enhet}.xlsx"
    wb.save(source)
    written = tmp_path / f"uppdaterad_{enhet}.xlsx"
    result = run_uppdatera(source, written, show_progress=False)
    assert result.ok
    office = openpyxl.load_workbook(recalc(written, tmp_path / "lo"), data_only=True)
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            got = office[spec.name][ref].value
            assert same_value(value, got), f"{enhet}: {spec.name}!{ref}: motorn {value!r}, LibreOffice {got!r}"
