"""The template's ledger route (issue 10): ``prognos mall`` has Kodplan, Kontoplan and a
Huvudbok sheet whose instructions work as written; the command line's exit codes."""

from __future__ import annotations

import openpyxl
from huvudbok_hjalp import tables, utfall_rows, write

from addin.commands.cli import main
from workbooks.template.template import write_template


def test_the_template_route_as_the_instructions_say(tmp_path):
    mall = write_template(tmp_path / "mall.xlsx", ar=2023)
    wb = openpyxl.load_workbook(mall)
    assert {"Kodplan", "Kontoplan", "Huvudbok"} <= set(wb.sheetnames)
    ws = wb["Huvudbok"]
    header_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "Ansvar")
    assert "döp om det här bladet till Utfall" in " ".join(str(c.value) for c in ws["A"] if c.value)
    settings = wb["Inställningar"]
    for row in settings.iter_rows(min_row=2):
        if row[0].value == "Nämnd":
            row[1].value = "Testnämnden"
        elif row[0].value == "Period":
            row[1].value = 4
        elif row[0].value == "Enhet":
            row[1].value = "kr"
    for i, (code, area) in enumerate([("4100-4199", "Barn och unga"), ("42*", "Vuxna"), ("5000", "Stab")], start=2):
        wb["Kodplan"].cell(row=i, column=1, value=code)
        wb["Kodplan"].cell(row=i, column=2, value=area)
    for i, (area, typ, amount) in enumerate(
        [("Barn och unga", "Kostnader", -1_200_000), ("Vuxna", "Kostnader", -600_000), ("Stab", "Kostnader", -240_000)],
        start=2,
    ):
        wb["Budget"].cell(row=i, column=1, value=area)
        wb["Budget"].cell(row=i, column=3, value=typ)
        wb["Budget"].cell(row=i, column=4, value=amount)
    # as the instructions say: remove Utfall, rename Huvudbok, paste the export under the header
    del wb["Utfall"]
    ws.title = "Utfall"
    for r, line in enumerate(utfall_rows(), start=header_row + 1):
        code, verksamhet, konto, period, amount, text = line
        for c, value in enumerate([code, verksamhet, konto, period, amount, None, None, text], start=1):
            ws.cell(row=r, column=c, value=value)
    filled = tmp_path / "ifylld.xlsx"
    wb.save(filled)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(filled), "-o", str(out)]) == 0
    result = openpyxl.load_workbook(out)
    assert "Avstämning" in result.sheetnames
    areas = {r[0].value for r in result["Avvikelse"].iter_rows(min_row=2)}
    assert {"Barn och unga", "Vuxna", "Stab"} <= areas


def test_uppdatera_with_an_unmapped_code_exits_1_with_the_message(tmp_path):
    rows = utfall_rows() + [[7777, 570, 4610, 202304, -1000, "x"]]
    path = write(tmp_path / "in.xlsx", tables(rows))
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(path), "-o", str(out)]) == 1
    wb = openpyxl.load_workbook(out)
    assert "Avstämning" not in wb.sheetnames and "Avvikelse" not in wb.sheetnames
    messages = [r[4].value for r in wb["Valideringsfel"].iter_rows(min_row=2)]
    assert any("Ansvar 7777" in m and "Kodplan" in m for m in messages)
