"""``prognos utskick``: one protected, contract-following workbook per area."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from batch_hjalp import AREAS, hashes, make_master, minimal_rows, run_cli, utskick, write_workbook

from udfs.language.vocabulary import slug
from validation.forecast_tables.inputs import read_inputs
from validation.round.submission import UTSKICK_SHEET
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.send_out import default_omgang, file_name


@pytest.fixture
def sent(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "ut", svar_senast=dt.date(2023, 4, 20), kontakt="Eva Ekonom, eva@kommun.se")
    return master, files


def test_one_file_per_area_named_after_the_unit(sent):
    _master, files = sent
    assert list(files) == list(AREAS)
    for unit, path in files.items():
        assert path.name == file_name(2023, 3, unit)
        assert slug(unit) in path.stem
    assert files["Individ- och familjeomsorg"].name == "prognos_2023_p03_individ-och-familjeomsorg.xlsx"


def test_unit_workbook_follows_the_contract_and_holds_only_its_rows(sent):
    _master, files = sent
    path = files["Vuxna"]
    inputs, findings = read_inputs(XlsxBook(path), path.name)
    assert inputs is not None and not [f for f in findings if f.is_error], findings
    assert inputs.areas == ["Vuxna"]
    assert set(inputs.utfall["omrade"]) == {"Vuxna"}
    assert len(inputs.utfall) == 2 * (12 + 3)
    assert inputs.budget.set_index("typ")["budget"].to_dict() == {"Intäkter": 6000.0, "Kostnader": -60000.0}
    wb = openpyxl.load_workbook(path)
    settings = {r[0]: r[1] for r in wb["Inställningar"].iter_rows(min_row=2, values_only=True)}
    assert settings["Verksamhetsområde"] == "Vuxna"
    assert settings["Omgång"] == default_omgang(2023, 3) == "Prognos mars 2023"
    assert settings["Svar senast"].date() == dt.date(2023, 4, 20)
    assert settings["Nämnd"] == "Testnämnden" and settings["Enhet"] == "tkr"


def test_protection_unlocked_inputs_and_drop_down(sent):
    _master, files = sent
    wb = openpyxl.load_workbook(files["Vuxna"])
    assert wb.sheetnames[0] == "Instruktioner"
    assert wb.security.lockStructure
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
    ws = wb["Prognos"]
    headers = [c.value for c in ws[1]]
    # budget, outcome and what each method gives left of the inputs; the forecast and its deviation beside them
    assert headers == [
        "Verksamhetsområde",
        "Typ",
        "Budget 2023",
        "Utfall jan–mar 2023",
        "Föregående prognos",
        "Linjär",
        "Säsong",
        "Budgetprofil",
        "Metod",
        "Manuell prognos",
        "Helårsprognos",
        "Avvikelse mot budget",
        "Kommentar",
    ]
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == {"I2", "J2", "M2", "I3", "J3", "M3"}
    formulas = {c.coordinate for row in ws.iter_rows(min_row=2) for c in row if str(c.value).startswith("=")}
    assert formulas == {f"{col}{r}" for col in "FGHKL" for r in (2, 3)}
    for name in ("Inställningar", "Budget", "Utfall"):
        assert all(c.protection.locked for row in wb[name].iter_rows() for c in row), name
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and "I2:I3" in str(lists[0].sqref)
    assert lists[0].formula1 == '"Linjär,Säsong,Budgetprofil,Manuell"'
    assert wb[UTSKICK_SHEET].sheet_state == "veryHidden"


def test_instructions_are_swedish_and_name_the_unit(sent):
    _master, files = sent
    ws = openpyxl.load_workbook(files["Vuxna"])["Instruktioner"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    assert "Prognos mars 2023: prognos för Vuxna" in text
    assert "gula cellerna" in text and "minustecken" in text
    assert "2023-04-20" in text and "eva@kommun.se" in text


def test_master_prefills_and_hidden_originals(tmp_path):
    tables = minimal_rows()
    tables["Prognos"][1][3][2:6] = ["Säsong", -61000, -60500, "Fler placeringar\nän budgeterat"]
    master = write_workbook(tmp_path / "master.xlsx", tables)
    before = hashes(tmp_path)
    files = utskick(master, tmp_path / "ut")
    assert hashes(tmp_path)["master.xlsx"] == before["master.xlsx"]  # the master is never written
    ws = openpyxl.load_workbook(files["Vuxna"])["Prognos"]
    row = {c.value: v.value for c, v in zip(ws[1], ws[3])}
    assert (row["Verksamhetsområde"], row["Typ"], row["Metod"], row["Kommentar"], row["Föregående prognos"]) == (
        "Vuxna",
        "Kostnader",
        "Säsong",
        "Fler placeringar\nän budgeterat",
        -60500,
    )
    # the master's Manuell prognos is not sent: a filled amount would make the chosen Metod meaningless
    assert row["Manuell prognos"] is None
    assert row["Budget 2023"] == -60000
    hidden = openpyxl.load_workbook(files["Vuxna"])[UTSKICK_SHEET]
    meta = {r[0]: r[1] for r in hidden.iter_rows(min_row=2, max_row=12, values_only=True)}
    assert json.loads(meta["Enheter"]) == list(AREAS)
    assert meta["Verksamhetsområde"] == "Vuxna" and len(meta["Kontrollsumma"]) == 20


def test_fresh_workbooks_validate_without_findings(sent, tmp_path):
    _master, files = sent
    code, data = _validate(tmp_path / "ut")
    assert code == 0
    assert data["sammanfattning"]["ok"] == 3
    assert all(f["fynd"] == [] for f in data["filer"])
    assert {f["enhet"] for f in data["filer"]} == set(AREAS)


def _validate(folder, *extra):
    from batch_hjalp import run_json

    return run_json("validera", folder, *extra)


def test_cli_utskick_and_refusals(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    done = run_cli("utskick", master, "-o", tmp_path / "ut", "--senast", "2023-04-20")
    assert done.returncode == 0, done.stderr
    assert "skrev 3 arbetsböcker" in done.stdout
    again = run_cli("utskick", master, "-o", tmp_path / "ut")
    assert again.returncode == 2 and "finns redan" in again.stderr and "Traceback" not in again.stderr
    assert run_cli("utskick", master, "-o", tmp_path / "ut", "--skriv-over").returncode == 0
    bad_date = run_cli("utskick", master, "-o", tmp_path / "ut2", "--senast", "25-01-17")
    assert bad_date.returncode == 2 and "ÅÅÅÅ-MM-DD" in bad_date.stderr
    only = run_cli("utskick", master, "-o", tmp_path / "ut3", "--enhet", "Vuxna")
    assert only.returncode == 0 and len(list((tmp_path / "ut3").iterdir())) == 1


def test_invalid_master_sends_nothing(tmp_path):
    tables = minimal_rows()
    tables["Budget"][1][0][2] = "mycket"
    master = write_workbook(tmp_path / "master.xlsx", tables)
    done = run_cli("utskick", master, "-o", tmp_path / "ut")
    assert done.returncode == 1
    assert "valideringsfel" in done.stdout and "Budget!C2" in done.stdout
    assert not (tmp_path / "ut").exists()
