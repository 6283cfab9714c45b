"""Plausibility checks as a controller makes them (issue 21, item 1): unit slips between the
ledger, the typed tables and the settings, signs flipped against the budget, a committee
deviation no committee reports, explanation items that explain more than the deviation. Each
names the setting or the cells to look at; the bundled real examples stay clean. The
workbooks are built here with openpyxl; every path is run: the engine's reader (the CLI and
the live book share it), the ribbon macro, ``prognos uppdatera`` and ``prognos validera``."""

from __future__ import annotations

import json
from pathlib import Path

import huvudbok_hjalp as hb
import openpyxl
import pytest
from batch_hjalp import run_cli
from workbook_factory import AR, minimal_rows, write_workbook

from addin.ribbon.forecast import uppdatera_prognos
from validation.forecast_tables.inputs import read_inputs
from validation.forecast_tables.plausibility import RULES as PLAUSIBILITY
from workbooks.books.xlsx_book import XlsxBook

EXAMPLES = Path(__file__).resolve().parents[1] / "workbooks" / "exempel"


def findings_of(path: Path):
    return read_inputs(XlsxBook(path), path.name)


def plausibility(findings) -> list:
    return [f for f in findings if f.regel in PLAUSIBILITY]


def settings_cell(path: Path, parameter: str) -> str:
    """The Värde cell of a settings row, read back with openpyxl (the oracle)."""
    ws = openpyxl.load_workbook(path)["Inställningar"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == parameter)
    return row[1].coordinate


def row_cell(path: Path, sheet: str, header: str, **match: object) -> str:
    ws = openpyxl.load_workbook(path)[sheet]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if all(row[headers.index(k)].value == v for k, v in match.items()):
            return row[headers.index(header)].coordinate
    raise AssertionError(match)


# --- the real examples stay clean ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["botkyrka_sn_2023_delar1.xlsx", "botkyrka_sn_2023_delar1_huvudbok.xlsx"])
def test_bundled_real_examples_stay_clean(name):
    inputs, findings = findings_of(EXAMPLES / name)
    assert inputs is not None
    assert plausibility(findings) == []


def test_minimal_committee_stays_clean(tmp_path):
    inputs, findings = findings_of(write_workbook(tmp_path / "ren.xlsx", minimal_rows()))
    assert inputs is not None and plausibility(findings) == []


# --- unit slips -------------------------------------------------------------------------------
def ledger_in_tkr_where_setting_says_kr(tmp_path: Path) -> Path:
    """Budget typed in tkr; Utfall a ledger export in tkr pasted where Huvudbok i says kr."""
    tables = hb.tables(enhet="tkr", huvudbok="kr")
    tables["Budget"] = (
        ["Verksamhetsområde", "Typ", "Budget"],
        [
            ["Barn och unga", "Intäkter", 130],
            ["Barn och unga", "Kostnader", -1_450],
            ["Vuxna", "Intäkter", 60],
            ["Vuxna", "Kostnader", -620],
            ["Stab", "Intäkter", 250],
            ["Stab", "Kostnader", -250],
        ],
    )
    headers, rows = tables["Utfall"]
    tables["Utfall"] = (headers, [[*r[:4], round(r[4] / 1000, 3), r[5]] for r in rows])
    return hb.write(tmp_path / "huvudbok_tkr.xlsx", tables)


def test_ledger_in_tkr_under_kr_setting_is_an_error_at_the_setting(tmp_path):
    path = ledger_in_tkr_where_setting_says_kr(tmp_path)
    inputs, findings = findings_of(path)
    assert inputs is None  # an error: no report with a deviation of 99,9 procent
    slip = [f for f in findings if f.regel == "enhetsfel"]
    assert len(slip) == 1 and slip[0].is_error
    assert (slip[0].blad, slip[0].cell) == ("Inställningar", settings_cell(path, "Huvudbok i"))
    assert "Huvudbok i" in slip[0].meddelande and "1 000" in slip[0].meddelande


def test_ledger_slip_stops_uppdatera_with_exit_1(tmp_path):
    path = ledger_in_tkr_where_setting_says_kr(tmp_path)
    done = run_cli("uppdatera", path, "-o", tmp_path / "ut.xlsx")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Inga fel" not in done.stdout
    wb = openpyxl.load_workbook(tmp_path / "ut.xlsx")
    assert "Sammanfattning" not in wb.sheetnames
    rules = [row[3].value for row in wb["Valideringsfel"].iter_rows(min_row=2)]
    assert "Fel enhet" in rules


def test_budget_typed_in_kronor_is_an_error_at_enhet(tmp_path):
    tables = minimal_rows()
    for row in tables["Budget"][1]:
        row[2] *= 1000
    path = write_workbook(tmp_path / "budget_kr.xlsx", tables)
    inputs, findings = findings_of(path)
    slip = [f for f in plausibility(findings)]
    assert inputs is None and [f.regel for f in slip] == ["enhetsfel"] and slip[0].is_error
    assert (slip[0].blad, slip[0].cell) == ("Inställningar", settings_cell(path, "Enhet"))


def test_one_area_in_kronor_names_its_budget_row(tmp_path):
    tables = minimal_rows()
    for row in tables["Utfall"][1]:
        if row[0] == "Vuxna" and row[1] == "Kostnader":
            row[4] = row[4] * 1000
    path = write_workbook(tmp_path / "vuxna_kr.xlsx", tables)
    inputs, findings = findings_of(path)
    slip = [f for f in plausibility(findings)]
    assert inputs is None and len(slip) == 1 and slip[0].is_error and slip[0].regel == "enhetsfel"
    assert slip[0].cell == row_cell(path, "Budget", "Budget", **{"Verksamhetsområde": "Vuxna", "Typ": "Kostnader"})
    assert "Vuxna / Kostnader" in slip[0].meddelande


def test_manual_forecast_in_kronor_is_an_error_at_its_cell(tmp_path):
    tables = minimal_rows()
    headers, rows = tables["Prognos"]
    row = next(r for r in rows if r[0] == "Vuxna" and r[1] == "Kostnader")
    row[2], row[3] = "Manuell", -61_000_000
    path = write_workbook(tmp_path / "manuell_kr.xlsx", tables)
    _inputs, findings = findings_of(path)
    slip = [f for f in plausibility(findings)]
    assert [f.regel for f in slip] == ["enhetsfel"] and slip[0].is_error
    assert (slip[0].blad, slip[0].cell) == (
        "Prognos",
        row_cell(path, "Prognos", "Manuell prognos", **{"Verksamhetsområde": "Vuxna", "Typ": "Kostnader"}),
    )


# --- signs ------------------------------------------------------------------------------------------
def test_area_with_flipped_signs(tmp_path):
    tables = minimal_rows()
    for row in tables["Utfall"][1]:
        if row[0] == "Vuxna" and row[2] == AR:
            row[4] = -row[4]
    path = write_workbook(tmp_path / "vuxna_tecken.xlsx", tables)
    inputs, findings = findings_of(path)
    flipped = [f for f in plausibility(findings)]
    assert inputs is None and {f.regel for f in flipped} == {"tecken_mot_budget"} and len(flipped) == 2
    assert all(f.is_error and "Vuxna" in f.meddelande for f in flipped)  # both types flipped: strong
    first = row_cell(path, "Utfall", "Belopp", **{"Verksamhetsområde": "Vuxna", "Typ": "Kostnader", "År": AR})
    assert first in {f.cell for f in flipped}


def test_one_type_flipped_in_one_area_is_a_warning(tmp_path):
    tables = minimal_rows()
    for row in tables["Utfall"][1]:
        if row[0] == "Vuxna" and row[1] == "Intäkter" and row[2] == AR:
            row[4] = -row[4]
    inputs, findings = findings_of(write_workbook(tmp_path / "intakt.xlsx", tables))
    flipped = plausibility(findings)
    assert inputs is not None and [(f.regel, f.allvarlighet) for f in flipped] == [("tecken_mot_budget", "varning")]


def test_whole_table_flipped_names_the_setting(tmp_path):
    tables = minimal_rows()
    for row in tables["Utfall"][1]:
        if row[1] == "Kostnader" and row[2] == AR:
            row[4] = -row[4]
    from workbook_factory import setting

    setting(tables, "Kostnader", "negativa")
    path = write_workbook(tmp_path / "tabell.xlsx", tables)
    _inputs, findings = findings_of(path)
    flipped = plausibility(findings)
    assert [(f.regel, f.is_error) for f in flipped] == [("tecken_mot_budget", True)]
    assert (flipped[0].blad, flipped[0].cell) == ("Inställningar", settings_cell(path, "Kostnader"))


def test_ledger_area_with_flipped_signs(tmp_path):
    rows = hb.utfall_rows()
    for row in rows:
        if row[0] == 4210 and row[3] // 100 == hb.AR:
            row[4] = -row[4]
    _inputs, findings = hb.read(hb.write(tmp_path / "huvudbok_tecken.xlsx", hb.tables(rows)))
    flipped = plausibility(findings)
    assert {f.regel for f in flipped} == {"tecken_mot_budget"} and all("Vuxna" in f.meddelande for f in flipped)


# --- the committee's deviation and the explanations ---------------------------------------------
def test_deviation_no_committee_reports_is_a_warning(tmp_path):
    tables = minimal_rows()
    for row in tables["Budget"][1]:
        if row[1] == "Kostnader":
            row[2] = row[2] / 3
    inputs, findings = findings_of(write_workbook(tmp_path / "avvikelse.xlsx", tables))
    found = plausibility(findings)
    assert inputs is not None and [(f.regel, f.allvarlighet) for f in found] == [("orimlig_avvikelse", "varning")]
    assert "procent av budgetens kostnader" in found[0].meddelande


@pytest.mark.parametrize("total, severity", [(60_000, "varning"), (700_000, "fel")])
def test_explanations_beyond_the_deviation(tmp_path, total, severity):
    tables = minimal_rows()  # a deviation of about +7 000 tkr on 204 000 tkr of costs
    tables["Atgarder"] = (
        ["Post", "Belopp", "Kommentar"],
        [["Vakanser", total // 2, ""], ["Placeringar", total // 2, ""]],
    )
    path = write_workbook(tmp_path / "poster.xlsx", tables, sheet_names={"Atgarder": "Åtgärder"})
    _inputs, findings = findings_of(path)
    found = plausibility(findings)
    assert [(f.regel, f.allvarlighet) for f in found] == [("forklaring_overstiger", severity)]
    assert (found[0].blad, found[0].cell) == ("Åtgärder", "B1")


def test_explanations_near_the_deviation_are_fine(tmp_path):
    tables = minimal_rows()
    tables["Atgarder"] = (["Post", "Belopp", "Kommentar"], [["Vakanser", 4_000, ""], ["Placeringar", 3_000, ""]])
    _inputs, findings = findings_of(write_workbook(tmp_path / "ok.xlsx", tables, sheet_names={"Atgarder": "Åtgärder"}))
    assert plausibility(findings) == []


# --- every path -------------------------------------------------------------------------------------
def test_the_ribbon_macro_reports_the_slip(tmp_path):
    path = ledger_in_tkr_where_setting_says_kr(tmp_path)
    book = XlsxBook(path)
    result = uppdatera_prognos(book, file=path.name)
    assert result.report is None and any(f.regel == "enhetsfel" and f.is_error for f in result.findings)


def test_validera_reports_the_slip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    tables = minimal_rows()
    for row in tables["Budget"][1]:
        row[2] *= 1000
    write_workbook(folder / "enhet.xlsx", tables)
    done = run_cli("validera", folder, "--json")
    data = json.loads(done.stdout)
    found = [d for f in data["filer"] for d in f["fynd"] if d["regel"] == "enhetsfel"]
    assert done.returncode == 1 and found and found[0]["allvarlighet"] == "fel"
