"""Never lose the user's work: inputs untouched, comments and manual figures kept,
running on the tool's own output gives the same workbook."""

from __future__ import annotations

import openpyxl
from conftest import sha256

from addin.commands.cli import main


def _content(path):
    """Everything a user sees: sheet order, values/formulas, number formats, tables."""
    wb = openpyxl.load_workbook(path)
    out = {"order": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = (c.value, c.number_format)
        out[ws.title] = (cells, sorted((t.displayName, t.ref) for t in ws.tables.values()))
    return out


def test_input_file_is_never_modified(example, tmp_path):
    before = sha256(example)
    assert main(["uppdatera", str(example), "-o", str(tmp_path / "ut.xlsx")]) == 0
    assert sha256(example) == before


def test_refresh_of_own_output_is_identical(example, tmp_path):
    first, second = tmp_path / "ett.xlsx", tmp_path / "tva.xlsx"
    assert main(["uppdatera", str(example), "-o", str(first)]) == 0
    assert main(["uppdatera", str(first), "-o", str(second)]) == 0
    assert _content(first) == _content(second)


def test_comments_and_manual_forecasts_carry_through(example, tmp_path):
    wb = openpyxl.load_workbook(example)
    ws = wb["Prognos"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in header}
    target_row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, 1).value == "Barn och unga" and ws.cell(r, 2).value == "Intäkter"
    )
    ws.cell(target_row, col["Kommentar"]).value = "Högre ersättning från Migrationsverket – kontrollera i maj."
    ws.cell(target_row, col["Manuell prognos"]).value = 7_000
    wb.save(example)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(example), "-o", str(out)]) == 0
    result = openpyxl.load_workbook(out)
    # The input table is unchanged in the output ...
    assert result["Prognos"].cell(target_row, col["Kommentar"]).value.startswith("Högre ersättning")
    assert result["Prognos"].cell(target_row, col["Manuell prognos"]).value == 7_000
    # ... and the report carries the comment and uses the manual figure.
    avv = result["Avvikelse"]
    head = [c.value for c in avv[1]]
    row = next(r for r in avv.iter_rows(min_row=2, values_only=True) if r[0] == "Barn och unga" and r[1] == "Intäkter")
    assert row[head.index("Prognos helår 2023")] == 7_000
    assert row[head.index("Metod")] == "Manuell"
    assert row[head.index("Kommentar")].startswith("Högre ersättning")


def test_every_input_cell_survives(example, tmp_path):
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(example), "-o", str(out)]) == 0
    before, after = _content(example), _content(out)
    for sheet in before["order"]:
        assert after[sheet] == before[sheet], sheet
    assert after["order"][: len(before["order"])] == before["order"]


def test_output_may_not_overwrite_input(example, capsys):
    assert main(["uppdatera", str(example), "-o", str(example)]) == 2
    assert "samma fil" in capsys.readouterr().err


def test_users_chart_and_picture_survive_in_the_output(example, tmp_path):
    """The output copy keeps a chart and a picture the user had on an input sheet."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    wb = openpyxl.load_workbook(example)
    ws = wb["Budget"]
    chart = BarChart()
    chart.title = "Min egen budgetbild"
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=8), titles_from_data=True)
    ws.add_chart(chart, "H2")
    logo = tmp_path / "logga.png"
    PILImage.new("RGB", (40, 20), (31, 78, 120)).save(logo)
    ws.add_image(Image(str(logo)), "H20")
    wb.save(example)
    out = tmp_path / "ut.xlsx"
    assert main(["uppdatera", str(example), "-o", str(out)]) == 0
    result = openpyxl.load_workbook(out)
    assert len(result["Budget"]._charts) == 1
    assert len(result["Budget"]._images) == 1
