"""The Volymer table: rules, Swedish messages with sheet and cell, placeholders never zero."""

from __future__ import annotations

import pytest
from volym_hjalp import cell, set_value, sheet_row, volym_tables, write
from workbook_factory import setting

from addin.commands.cli import main
from addin.ribbon.forecast import uppdatera_prognos
from validation.forecast_tables.inputs import read_inputs
from workbooks.books.xlsx_book import XlsxBook


def _run(tmp_path, tables):
    return uppdatera_prognos(XlsxBook(write(tmp_path, tables)))


def _finding(result, rule):
    return [f for f in result.findings if f.regel == rule]


def test_valid_volume_table_reads_all_rows(tmp_path):
    inputs, findings = read_inputs(XlsxBook(write(tmp_path, volym_tables())))
    assert inputs is not None, [f.one_line() for f in findings if f.is_error]
    assert [r.matt for r in inputs.volymer] == ["HVB, årsplatser", "varav LVM", "varav SoL", "Andel återaktualiserade"]
    hvb = inputs.volymer[0]
    assert (hvb.budget_volym, hvb.prognos_volym, hvb.budget_styck, hvb.per, hvb.kostnad_i) == (
        20,
        24,
        1500,
        "år",
        "tkr",
    )
    assert inputs.volymer[1].del_av == "HVB, årsplatser"


def test_placeholders_never_become_zero(tmp_path):
    tables = volym_tables()
    set_value(tables, "HVB, årsplatser", "Prognos volym", "Anges vid årsbokslut")
    result = _run(tmp_path, tables)
    assert result.ok
    warnings = _finding(result, "platshallare")
    assert {(f.blad, f.cell) for f in warnings} >= {
        ("Volymer", cell(tables, "HVB, årsplatser", "Prognos volym")),
        ("Volymer", cell(tables, "varav LVM", "Budget volym")),
    }
    assert all("inte som noll" in f.meddelande for f in warnings)
    sheet = next(s for s in result.sheets if s.name == "Volymanalys")
    header = [c.value for c in sheet.rows[3]]
    row = sheet_row(sheet, "HVB, årsplatser")
    values = {h: c.value for h, c in zip(header, row)}
    assert values["Prognos volym"] is None
    for key in ("Kostnad prognos", "Avvikelse", "Volymeffekt", "Priseffekt"):
        assert values[key] is None, key  # empty, not 0
    assert values["Kostnad budget"] == -30_000
    lvm = sheet_row(sheet, "varav LVM")
    assert lvm[header.index("Budget volym")].value is None
    # the per-area figure is unknown too, not zero
    area = sheet_row(sheet, "Vuxna", col=0, width=8)
    assert area[2].value is None and area[6].value is None
    assert "saknar budget eller prognos" in area[7].value


def test_sub_rows_must_add_up(tmp_path):
    tables = volym_tables()
    set_value(tables, "varav SoL", "Utfall volym", 14)  # 12 + 14 ≠ 22
    result = _run(tmp_path, tables)
    assert not result.ok
    [f] = _finding(result, "delar_summerar_inte")
    assert (f.blad, f.cell) == ("Volymer", cell(tables, "HVB, årsplatser", "Utfall volym"))
    assert "summerar till 26" in f.meddelande and "är 22" in f.meddelande


def test_sub_rows_tolerate_one_in_the_last_digit(tmp_path):
    tables = volym_tables()
    set_value(tables, "varav SoL", "Utfall volym", 11)
    set_value(tables, "HVB, årsplatser", "Utfall volym", 22)  # 23 vs 22: one in the last digit is rounding
    set_value(tables, "varav SoL", "Utfall volym fg år", 10.5)  # 9 + 10,5 = 19,5 vs 19: off by 5 tenths
    result = _run(tmp_path, tables)
    rules = [f.cell for f in _finding(result, "delar_summerar_inte")]
    assert rules == [cell(tables, "HVB, årsplatser", "Utfall volym fg år")]


@pytest.mark.parametrize(
    ("matt", "header", "value", "rule", "text"),
    [
        ("HVB, årsplatser", "Budget volym", -3, "negativ_volym", "kan inte vara negativ"),
        ("HVB, årsplatser", "Budget styckkostnad", 0, "styckkostnad_ej_positiv", "positivt belopp"),
        ("HVB, årsplatser", "Prognos styckkostnad", -1550, "styckkostnad_ej_positiv", "positivt belopp"),
        ("HVB, årsplatser", "Enhet", "stycken", "okand_enhet", "årsplatser"),
        ("HVB, årsplatser", "Styckkostnad per", "vecka", "ogiltigt_varde", "år eller månad"),
        ("HVB, årsplatser", "Styckkostnad i", "euro", "ogiltigt_varde", "kr, tkr eller mnkr"),
        ("HVB, årsplatser", "Budget volym", "tjugo", "inte_tal", "inte ett tal"),
        ("Andel återaktualiserade", "Budget styckkostnad", 100, "nyckeltal_med_kostnad", "nyckeltal"),
        ("varav LVM", "Del av", "Institution", "okand_del_av", "ingen rad"),
        ("HVB, årsplatser", "Verksamhetsområde", "Vuxen", "okant_omrade", "Menar du 'Vuxna'"),
    ],
)
def test_rules_name_sheet_and_cell(tmp_path, matt, header, value, rule, text):
    tables = volym_tables()
    set_value(tables, matt, header, value)
    result = _run(tmp_path, tables)
    found = _finding(result, rule)
    assert found, [f.one_line() for f in result.findings]
    assert found[0].blad == "Volymer"
    assert found[0].cell == cell(tables, matt, header)
    assert text in found[0].meddelande
    assert not result.ok


def test_year_on_year_jump_is_a_warning_with_configurable_factor(tmp_path):
    tables = volym_tables()
    set_value(tables, "HVB, årsplatser", "Utfall volym fg år", 8)  # 8 -> 24: a factor 3
    set_value(tables, "varav LVM", "Utfall volym fg år", 4)
    set_value(tables, "varav SoL", "Utfall volym fg år", 4)
    result = _run(tmp_path, tables)
    assert result.ok
    [f] = [x for x in _finding(result, "volymsprang") if x.cell == cell(tables, "HVB, årsplatser", "Prognos volym")]
    assert f.allvarlighet == "varning" and f.blad == "Volymer"
    assert "ökar från 8 förra året till 24" in f.meddelande
    setting(tables, "Volymsprång", 3.5)
    assert not _finding(_run(tmp_path, tables), "volymsprang")


def test_volym_method_needs_volume_rows(tmp_path):
    tables = volym_tables()
    headers, rows = tables["Prognos"]
    rows[0][2] = "Volym"  # Individ- och familjeomsorg / Intäkter
    rows[3][2] = "Volym"  # Vuxna / Kostnader is fine
    rows[1][2] = "Volym"  # Individ- och familjeomsorg / Kostnader: no volume rows
    result = _run(tmp_path, tables)
    messages = {f.cell: f.meddelande for f in _finding(result, "volym_saknas")}
    assert set(messages) == {"C2", "C3"}
    assert "kostnader" in messages["C2"] and "Volymer" in messages["C3"]
    del tables["Volymer"]
    rows[0][2] = rows[1][2] = None
    result = _run(tmp_path, tables)
    [f] = _finding(result, "volym_saknas")
    assert f.cell == "C5" and "tabellen Volymer" in f.meddelande


def test_volym_method_falls_back_to_linjar_when_forecast_unknown(tmp_path):
    tables = volym_tables("Volym")
    set_value(tables, "HVB, årsplatser", "Prognos volym", "-")
    result = _run(tmp_path, tables)
    assert result.ok
    [f] = _finding(result, "metod_ej_beraknad")
    assert "prognos volym eller styckkostnad saknas" in f.meddelande and "Linjär" in f.meddelande
    assert result.report.line("Vuxna", "Kostnader").metod == "Linjär"


def test_missing_forecast_unit_cost_uses_budget_and_says_so(tmp_path):
    tables = volym_tables()
    set_value(tables, "HVB, årsplatser", "Prognos styckkostnad", None)
    result = _run(tmp_path, tables)
    sheet = next(s for s in result.sheets if s.name == "Volymanalys")
    row = sheet_row(sheet, "HVB, årsplatser")
    header = [c.value for c in sheet.rows[3]]
    unit = row[header.index("Prognos styckkostnad")]
    assert unit.value == 1500 and unit.formula == f"={'K'}{sheet.rows.index(row) + 1}"
    assert "budgeterad styckkostnad används" in row[header.index("Anmärkning")].value


def test_bad_volume_table_gives_exit_1_and_no_traceback(tmp_path, capsys):
    tables = volym_tables()
    set_value(tables, "HVB, årsplatser", "Budget volym", "många")
    path = write(tmp_path, tables)
    assert main(["uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx")]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "Volymer" in out.out
