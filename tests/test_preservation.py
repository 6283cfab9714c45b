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


SHAPE = "Ekonomens egen pil"


def _with_shape(path, tmp_path):
    """The master with a chart and a picture on Budget (openpyxl) and a shape with text in the
    same drawing (added to the drawing part by hand: openpyxl can write no shape, and drops one)."""
    import re
    import zipfile

    from openpyxl.chart import BarChart, Reference
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    wb = openpyxl.load_workbook(path)
    ws = wb["Budget"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(chart, "H2")
    logo = tmp_path / "logga.png"
    PILImage.new("RGB", (40, 20), (31, 78, 120)).save(logo)
    ws.add_image(Image(str(logo)), "H20")
    staged = tmp_path / "utan_form.xlsx"
    wb.save(staged)
    shape = (
        "<xdr:twoCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>"
        "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff>"
        '<xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink="">'
        '<xdr:nvSpPr><xdr:cNvPr id="99" name="Pil 1"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="700000"/></a:xfrm>'
        '<a:prstGeom prst="rightArrow"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/>'
        f"<a:p><a:r><a:t>{SHAPE}</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    )
    with zipfile.ZipFile(staged) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if re.fullmatch(r"xl/drawings/drawing\d+\.xml", info.filename):
                root = '<wsDr xmlns:xdr="%s" xmlns:a="%s" ' % (
                    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
                    "http://schemas.openxmlformats.org/drawingml/2006/main",
                )
                text = data.decode().replace("<wsDr ", root, 1)
                data = text.replace("</wsDr>", shape + "</wsDr>").encode()
            dst.writestr(info, data)
    return path


def _parts(path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_a_shape_picture_and_chart_in_the_master_stay_byte_identical_through_the_round(tmp_path):
    """``utskick --master-ut`` and ``status -o`` graft only Omgång and Ändringslogg: the user's
    sheets, drawing (with the shape), chart and picture are the master's bytes."""
    from batch_hjalp import make_master

    master = _with_shape(make_master(tmp_path / "master.xlsx"), tmp_path)
    before = _parts(master)
    owned = [n for n in before if n.startswith(("xl/drawings/", "xl/charts/", "xl/media/", "xl/worksheets/"))]
    assert any(SHAPE.encode() in before[n] for n in owned if n.startswith("xl/drawings/drawing"))
    assert any(n.startswith("xl/media/") for n in owned) and any(n.startswith("xl/charts/") for n in owned)
    m1, m2 = tmp_path / "m1.xlsx", tmp_path / "m2.xlsx"
    assert (
        main(["utskick", str(master), "-o", str(tmp_path / "in"), "--master-ut", str(m1), "--omgang", "Delår 1"]) == 0
    )
    assert main(["status", str(tmp_path / "in"), "--master", str(m1), "-o", str(m2)]) in (0, 1)
    for out in (m1, m2):
        after = _parts(out)
        assert {n: after.get(n) for n in owned} == {n: before[n] for n in owned}, out.name
        wb = openpyxl.load_workbook(out)
        assert {"Omgång", "Ändringslogg"} <= set(wb.sheetnames)
        assert len(wb["Budget"]._charts) == 1 and len(wb["Budget"]._images) == 1
