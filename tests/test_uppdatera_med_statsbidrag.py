"""One refresh writes every derived sheet: a workbook with both the forecast tables and a
grant register gets Återrapportering too, and one Valideringsfel with both sets of findings."""

from __future__ import annotations

from datetime import date

import openpyxl
from conftest import EXAMPLE, REPO

from addin.commands.cli import main
from addin.ribbon.forecast import uppdatera_prognos
from workbooks.books.xlsx_book import XlsxBook

GRANTS = REPO / "workbooks" / "exempel" / "botkyrka_statsbidrag_2022.xlsx"


def _combined(tmp_path, break_grant: bool = False):
    """The forecast example with the grant example's two tables copied in."""
    wb = openpyxl.load_workbook(EXAMPLE)
    grants = openpyxl.load_workbook(GRANTS)
    for name in ("Statsbidrag", "Bidragskostnader"):
        src = grants[name]
        ws = wb.create_sheet(name)
        for row in src.iter_rows(values_only=True):
            ws.append(list(row))
    if break_grant:
        ws = wb["Bidragskostnader"]
        ws.cell(2, [c.value for c in ws[1]].index("Belopp") + 1).value = -5
    path = tmp_path / "kombinerad.xlsx"
    wb.save(path)
    return path


def test_refresh_writes_forecast_and_grant_sheets(tmp_path):
    path = _combined(tmp_path)
    book = XlsxBook(path)
    result = uppdatera_prognos(book, file=path.name, today=date(2023, 1, 17))
    names = [s.name for s in result.sheets]
    assert names[:3] == ["Sammanfattning", "Rapport", "Avvikelse"] and "Metodval" in names
    assert "Återrapportering" in names and names[-1] == "Valideringsfel"
    assert {r.namn: r.kvarstaende for r in result.rapporter}["Bostad först 2022"] == 227_076
    # the typed total of the familjehem list is flagged in the same Valideringsfel
    assert any(f.blad == "Bidragskostnader" for f in result.warnings)
    assert result.report.totals()["Netto"]["prognos"] == -682_051


def test_grant_errors_do_not_stop_the_forecast_but_give_exit_1(tmp_path, capsys):
    path = _combined(tmp_path, break_grant=True)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(path), "-o", str(out)]) == 1
    wb = openpyxl.load_workbook(out)
    assert {"Sammanfattning", "Avvikelse", "Återrapportering", "Valideringsfel"} <= set(wb.sheetnames)
    rows = list(wb["Valideringsfel"].iter_rows(values_only=True))
    assert any(r[0] == "Fel" and r[1] == "Bidragskostnader" for r in rows)
    printed = capsys.readouterr().out
    assert "fel och" in printed and "Bidragskostnader!" in printed


def test_forecast_only_workbook_gets_no_grant_sheet(tmp_path):
    result = uppdatera_prognos(XlsxBook(EXAMPLE), file=EXAMPLE.name)
    assert "Återrapportering" not in [s.name for s in result.sheets]
    assert result.rapporter == []


def test_template_with_empty_grant_and_volume_tables_refreshes_cleanly(tmp_path):
    """Started from `prognos mall`: the empty Statsbidrag, Volymer, … tables are no errors."""
    from workbooks.template.template import write_template

    path = write_template(tmp_path / "mall.xlsx", 2026)
    wb = openpyxl.load_workbook(path)
    ws = wb["Inställningar"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 2).value = {"Nämnd": "Testnämnden", "Period": 3}.get(ws.cell(r, 1).value, ws.cell(r, 2).value)

    def put(sheet, rows):
        header = [c.value for c in wb[sheet][1]]
        for i, row in enumerate(rows, start=2):
            for key, value in row.items():
                wb[sheet].cell(i, header.index(key) + 1).value = value

    put("Budget", [{"Verksamhetsområde": "Vuxen", "Typ": "Kostnader", "Budget": -1200}])
    put(
        "Utfall",
        [{"Verksamhetsområde": "Vuxen", "Typ": "Kostnader", "År": 2026, "Månad": m, "Belopp": -100} for m in (1, 2, 3)],
    )
    wb.save(path)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(path), "-o", str(out)]) == 0
    sheets = openpyxl.load_workbook(out).sheetnames
    assert "Avvikelse" in sheets and "Återrapportering" not in sheets
