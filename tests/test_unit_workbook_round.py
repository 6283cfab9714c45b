"""A unit's own entries beyond Prognos (issue 22, item 5): the unit's ``Volymer`` rows are
open for ``Prognos volym`` and ``Prognos styckkostnad``, ``prognos validera`` checks them with
the contract's rules, and ``--sammanstall`` carries them into the master's ``Volymer`` (and the
unit's answer in ``Prognos`` replaces the master's earlier manual figure), every change listed
in ``Ändringar``. On the bundled example (Botkyrka, Ekonomiskt bistånd: 843 households at
11 000 kr a month in the master, whose Prognos has a manual −165 550)."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from batch_hjalp import by_file, fill, hashes, rules, run_cli, run_json, utskick
from conftest import EXAMPLE

UNIT = "Ekonomiskt bistånd"
HOUSEHOLDS = "Genomsnittligt antal biståndshushåll per månad"


def fill_volumes(path, volym, styckkostnad) -> None:
    """The unit types next month's figures into its first Volymer row (as in Excel)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Volymer"]
    headers = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=headers["Prognos volym"], value=volym)
    ws.cell(row=2, column=headers["Prognos styckkostnad"], value=styckkostnad)
    wb.save(path)


def table_rows(path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def round_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("omgang")
    master = tmp / "master.xlsx"
    shutil.copyfile(EXAMPLE, master)
    files = utskick(master, tmp / "ut")
    return master, files


def test_volume_inputs_are_open_and_the_rest_locked(round_folder):
    _master, files = round_folder
    ws = openpyxl.load_workbook(files[UNIT])["Volymer"]
    headers = [c.value for c in ws[1]]
    unlocked = {headers[c.column - 1] for row in ws.iter_rows(min_row=2) for c in row if not c.protection.locked}
    assert unlocked == {"Prognos volym", "Prognos styckkostnad"}
    assert ws.protection.sheet
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "decimal"} == {"J2:J4", "M2:M4"}


def test_volumes_and_answer_reach_the_master(round_folder, tmp_path):
    master, files = round_folder
    folder = tmp_path / "tillbaka"
    shutil.copytree(files[UNIT].parent, folder)
    unit_file = folder / files[UNIT].name
    fill(unit_file, {"Kostnader": {"Metod": "Säsong", "Kommentar": "Fler hushåll i maj."}})
    fill_volumes(unit_file, 870, 11200)
    before = hashes(folder)
    new_master = tmp_path / "ny_master.xlsx"
    done = run_cli("validera", folder, "--sammanstall", master, "-o", new_master)
    assert done.returncode == 0, done.stdout + done.stderr
    assert hashes(folder) == before  # submissions are never written
    volumes = {r["Volymmått"]: r for r in table_rows(new_master, "Volymer") if r["Verksamhetsområde"] == UNIT}
    assert (volumes[HOUSEHOLDS]["Prognos volym"], volumes[HOUSEHOLDS]["Prognos styckkostnad"]) == (870, 11200)
    untouched = "Genomsnittlig biståndstid i månader under perioden"
    assert volumes[untouched]["Prognos volym"] == "Anges vid årsbokslut"  # not answered: the master's value
    prognos = {r["Typ"]: r for r in table_rows(new_master, "Prognos") if r["Verksamhetsområde"] == UNIT}
    # the unit chose Säsong and left Manuell prognos empty: the master's manual −165 550 goes
    assert (prognos["Kostnader"]["Metod"], prognos["Kostnader"]["Manuell prognos"]) == ("Säsong", None)
    assert prognos["Intäkter"]["Manuell prognos"] == 2848  # a row the unit did not answer keeps the master's
    changes = {(r["Typ"], r["Kolumn"]): (r["Före"], r["Efter"]) for r in table_rows(new_master, "Ändringar")}
    assert changes[(HOUSEHOLDS, "Prognos volym")] == (843, 870)
    assert changes[(HOUSEHOLDS, "Prognos styckkostnad")] == (11000, 11200)
    assert changes[("Kostnader", "Manuell prognos")] == (-165550, None)


def test_a_comment_alone_keeps_the_master_s_manual_forecast(round_folder, tmp_path):
    master, files = round_folder
    folder = tmp_path / "kommentar"
    shutil.copytree(files[UNIT].parent, folder)
    fill(folder / files[UNIT].name, {"Kostnader": {"Kommentar": "Fler hushåll i maj."}})
    new_master = tmp_path / "ny_master.xlsx"
    done = run_cli("validera", folder, "--sammanstall", master, "-o", new_master)
    assert done.returncode == 0, done.stdout + done.stderr
    prognos = {r["Typ"]: r for r in table_rows(new_master, "Prognos") if r["Verksamhetsområde"] == UNIT}
    # the unit chose no method: its empty Manuell prognos does not erase the master's −165 550
    assert (prognos["Kostnader"]["Manuell prognos"], prognos["Kostnader"]["Kommentar"]) == (
        -165550,
        "Fler hushåll i maj.",
    )


def test_a_volume_that_is_not_a_number_is_found_and_not_carried(round_folder, tmp_path):
    master, files = round_folder
    folder = tmp_path / "tillbaka"
    shutil.copytree(files[UNIT].parent, folder)
    fill_volumes(folder / files[UNIT].name, "många", 11200)
    code, data = run_json("validera", folder, "--master", master)
    assert code == 1
    entry = by_file(data)[files[UNIT].name]
    finding = next(f for f in entry["fynd"] if f["blad"] == "Volymer")
    assert finding["allvarlighet"] == "fel" and finding["cell"] == "J2" and "många" in finding["meddelande"]
    assert "last_cell_andrad" not in rules(entry)
