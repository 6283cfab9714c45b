"""Drop-downs and protection that survive (issue 22, item 6): a unit workbook opened in
LibreOffice, a value typed, saved as .xlsx (headless, by a small Basic macro in a private
profile), still has its Metod drop-down (a classic data validation), its protected sheets
and its unlocked input cells, and ``prognos validera`` recognises all of it: no warning, the
typed value read and consolidated. A file whose drop-down was removed gets ``rullista_saknas``;
one whose drop-down is only Excel's x14 extension is recognised as well."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import by_file, rules, run_cli, run_json, utskick
from conftest import EXAMPLE
from libreoffice_hjalp import edit_in_libreoffice

UNIT = "Ekonomiskt bistånd"
TYPED = -171234  # what the manager types into Manuell prognos (Kostnader) in LibreOffice


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """The sent-out folder with the unit's workbook replaced by its LibreOffice round trip."""
    tmp = tmp_path_factory.mktemp("lo")
    master = tmp / "master.xlsx"
    shutil.copyfile(EXAMPLE, master)
    files = utskick(master, tmp / "ut")
    sent = files[UNIT]
    headers = [c.value for c in openpyxl.load_workbook(sent)["Prognos"][1]]
    cell = f"{openpyxl.utils.get_column_letter(headers.index('Manuell prognos') + 1)}3"  # Kostnader
    saved = edit_in_libreoffice(sent, tmp / "sparad.xlsx", "Prognos", cell, TYPED, tmp / "profil")
    shutil.move(saved, sent)
    return master, files, cell


def test_drop_down_protection_and_inputs_survive_libreoffice(round_trip):
    _master, files, cell = round_trip
    wb = openpyxl.load_workbook(files[UNIT])
    ws = wb["Prognos"]
    assert ws[cell].value == TYPED
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]  # classic, not only x14
    assert [str(dv.sqref) for dv in lists] == ["I2:I3"]
    assert lists[0].formula1 == '"Linjär,Säsong,Budgetprofil,Manuell"'
    assert all(s.protection.sheet for s in wb.worksheets if s.title != "_Utskick")
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == {"I2", "J2", "M2", "I3", "J3", "M3"}
    volymer = wb["Volymer"]
    assert {c.coordinate for row in volymer.iter_rows() for c in row if not c.protection.locked} == {
        f"{col}{r}" for col in "JM" for r in (2, 3, 4)
    }


def test_validera_recognises_the_libreoffice_file_and_consolidates_the_typed_value(round_trip, tmp_path):
    master, files, _cell = round_trip
    code, data = run_json("validera", files[UNIT].parent, "--master", master)
    entry = by_file(data)[files[UNIT].name]
    assert code == 0 and entry["status"] == "OK", entry["fynd"]
    new_master = tmp_path / "ny.xlsx"
    done = run_cli("validera", files[UNIT].parent, "--sammanstall", master, "-o", new_master)
    assert done.returncode == 0, done.stdout + done.stderr
    ws = openpyxl.load_workbook(new_master)["Prognos"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == UNIT and r[1] == "Kostnader")
    assert row[3] == TYPED  # Manuell prognos in the master


def _without_list(source: Path, target: Path, x14: bool) -> Path:
    """``source`` with the Prognos sheet's classic list validation removed (``x14``: moved into
    Excel 2010's extension, as Excel writes a list taken from another sheet)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        workbook = zin.read("xl/workbook.xml").decode()
        rid = re.search(r'<sheet [^>]*name="Prognos"[^>]*r:id="(rId\d+)"', workbook).group(1)
        rels = zin.read("xl/_rels/workbook.xml.rels").decode()
        part = "xl/" + re.search(
            rf'Id="{rid}"[^>]*Target="/?(?:xl/)?([^"]+)"|Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid}"', rels
        ).group(1 if re.search(rf'Id="{rid}"[^>]*Target', rels) else 2)
        for name in names:
            data = zin.read(name)
            if name == part:
                xml = data.decode()
                classic = re.search(r'<dataValidation [^>]*type="list".*?</dataValidation>', xml, re.S).group(0)
                sqref = re.search(r'sqref="([^"]+)"', classic).group(1)
                xml = xml.replace(classic, "")
                if x14:
                    ext = (
                        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                        'xmlns:x14="http://schemas.microsoft.com'
                        '/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.'
                        'microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1">'
                        '<x14:formula1><xm:f>"Linjär,Säsong,Budgetprofil,Manuell"</xm:f></x14:formula1>'
                        f"<xm:sqref>{sqref}</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
                    )
                    xml = xml.replace("</worksheet>", ext + "</worksheet>")
                data = xml.encode()
            zout.writestr(zin.getinfo(name), data)
    return target


@pytest.mark.parametrize("x14", [False, True])
def test_a_removed_drop_down_is_found_and_an_x14_one_recognised(round_trip, tmp_path, x14):
    master, files, _cell = round_trip
    folder = tmp_path / "tillbaka"
    shutil.copytree(files[UNIT].parent, folder)
    target = folder / files[UNIT].name
    _without_list(files[UNIT], tmp_path / "utan.xlsx", x14)
    shutil.move(tmp_path / "utan.xlsx", target)
    code, data = run_json("validera", folder, "--master", master)
    entry = by_file(data)[files[UNIT].name]
    if x14:
        assert "rullista_saknas" not in rules(entry) and code == 0, entry["fynd"]
    else:
        finding = next(f for f in entry["fynd"] if f["regel"] == "rullista_saknas")
        assert (finding["allvarlighet"], finding["blad"], finding["cell"]) == ("varning", "Prognos", "I2")
