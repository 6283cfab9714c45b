"""The round trip: utskick → units fill in → validera → OK → --sammanstall → the master holds
what the units entered; plus the submission rules across files and the exit codes."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from batch_hjalp import (
    AREAS,
    by_file,
    edit,
    fill,
    hashes,
    make_master,
    rules,
    run_cli,
    run_json,
    utskick,
)

from validation.forecast_tables.inputs import read_inputs
from validation.rules import RULES
from workbooks.books.xlsx_book import XlsxBook

ENTRIES = {
    "Individ- och familjeomsorg": {
        "Intäkter": {"Metod": "Linjär"},
        "Kostnader": {
            "Metod": "Manuell",
            "Manuell prognos": -123_500,
            "Kommentar": "Fler placeringar än budgeterat.\nHVB dyrare.",
        },
    },
    "Vuxna": {"Kostnader": {"Metod": "Säsong", "Kommentar": "=Skulle bli en formel"}},
    "Ledning och administration": {"Intäkter": {"Manuell prognos": 1_150.5}, "Kostnader": {"Metod": "Budgetprofil"}},
}


@pytest.fixture
def round_trip(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "in")
    for unit, entries in ENTRIES.items():
        fill(files[unit], entries)
    return master, files, tmp_path


def _prognos(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Prognos"]
    headers = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        rec = dict(zip(headers, row))
        out[(rec["Verksamhetsområde"], rec["Typ"])] = rec
    return out, ws


def test_round_trip(round_trip):
    master, files, tmp = round_trip
    before = hashes(tmp)
    code, data = run_json("validera", tmp / "in")
    assert code == 0, data
    assert data["sammanfattning"] == {
        **data["sammanfattning"],
        "filer": 3,
        "fel": 0,
        "saknade_enheter": 0,
        "alla_giltiga": True,
    }
    warnings = by_file(data)[files["Vuxna"].name]
    assert rules(warnings) == {"formel_som_text"}  # a warning only: still valid

    code, data = run_json(
        "validera", tmp / "in", "--sammanstall", master, "-o", tmp / "ny_master.xlsx", "--rapport", tmp / "rapport.xlsx"
    )
    assert code == 0
    assert hashes(tmp)["master.xlsx"] == before["master.xlsx"]
    for name, digest in before.items():  # no input file was written
        assert hashes(tmp)[name] == digest

    got, ws = _prognos(tmp / "ny_master.xlsx")
    for unit, by_typ in ENTRIES.items():
        for typ, entries in by_typ.items():
            for header, value in entries.items():
                assert got[(unit, typ)][header] == value, (unit, typ, header)
    # Untouched fields keep the master's value (all empty in this master).
    assert got[("Vuxna", "Intäkter")]["Metod"] is None
    # The comment starting with "=" is text in the new master, never a formula.
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=Skulle bli en formel")
    assert cell.data_type == "s"

    # The new master is a valid workbook whose forecasts are what the units entered.
    inputs, findings = read_inputs(XlsxBook(tmp / "ny_master.xlsx"))
    assert inputs is not None, findings
    p = inputs.prognos.set_index(["omrade", "typ"])
    assert p.loc[("Individ- och familjeomsorg", "Kostnader"), "manuell"] == -123_500
    assert p.loc[("Ledning och administration", "Intäkter"), "manuell"] == 1_150.5
    assert p.loc[("Vuxna", "Kostnader"), "metod"] == "Säsong"

    changes = data["sammanstallning"]["andringar"]
    expected = sum(len(e) for by_typ in ENTRIES.values() for e in by_typ.values())
    assert len(changes) == expected
    assert {
        "enhet": "Individ- och familjeomsorg",
        "kolumn": "Manuell prognos",
        "fore": None,
        "efter": -123500,
    }.items() <= next(
        c for c in changes if c["kolumn"] == "Manuell prognos" and c["enhet"] == "Individ- och familjeomsorg"
    ).items()
    sheet = openpyxl.load_workbook(tmp / "ny_master.xlsx")["Ändringar"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected
    assert all(r[5].startswith("Prognos!") for r in rows)


def test_running_the_consolidation_twice_changes_nothing_more(round_trip):
    master, _files, tmp = round_trip
    assert run_cli("validera", tmp / "in", "--sammanstall", master, "-o", tmp / "ny1.xlsx").returncode == 0
    done = run_cli("validera", tmp / "in", "--sammanstall", tmp / "ny1.xlsx", "-o", tmp / "ny2.xlsx")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 ändrade celler" in done.stdout
    assert _prognos(tmp / "ny1.xlsx")[0] == _prognos(tmp / "ny2.xlsx")[0]


def test_invalid_submission_is_left_out_and_named(round_trip):
    master, files, tmp = round_trip
    fill(files["Vuxna"], {"Kostnader": {"Manuell prognos": "ca 61 000 prel."}})
    code, data = run_json("validera", tmp / "in", "--sammanstall", master, "-o", tmp / "ny.xlsx")
    assert code == 1
    entry = by_file(data)[files["Vuxna"].name]
    assert entry["status"] == "Fel"
    finding = next(f for f in entry["fynd"] if f["regel"] == "kommentar_i_talcell")
    assert finding["blad"] == "Prognos" and finding["cell"] == "J3"  # Manuell prognos
    left = data["sammanstallning"]["ej_sammanstallda"]
    assert [x["fil"] for x in left] == [files["Vuxna"].name]
    got, _ = _prognos(tmp / "ny.xlsx")
    assert got[("Vuxna", "Kostnader")]["Metod"] is None  # nothing from the invalid file
    assert got[("Individ- och familjeomsorg", "Kostnader")]["Manuell prognos"] == -123_500
    rows = list(openpyxl.load_workbook(tmp / "ny.xlsx")["Ändringar"].iter_rows(min_row=2, values_only=True))
    assert any(r[1] == files["Vuxna"].name and str(r[8]).startswith("Ej sammanställd") for r in rows)


def test_locked_cell_changed_is_an_error_at_that_cell(round_trip):
    _master, files, tmp = round_trip
    edit(files["Vuxna"], "Budget", "C3", -1)
    code, data = run_json("validera", files["Vuxna"])
    assert code == 1
    finding = next(f for f in by_file(data)[files["Vuxna"].name]["fynd"] if f["regel"] == "last_cell_andrad")
    assert (finding["blad"], finding["cell"]) == ("Budget", "C3")
    assert "−60 000" in finding["meddelande"].replace("\u00a0", " ") and "−1" in finding["meddelande"]


def test_added_total_row_and_other_units_rows(round_trip):
    _master, files, tmp = round_trip
    wb = openpyxl.load_workbook(files["Vuxna"])
    ws = wb["Prognos"]
    ws["A4"], ws["B4"], ws["J4"] = "Totalt", "Kostnader", -99
    ws["A5"], ws["B5"], ws["J5"] = "Individ- och familjeomsorg", "Kostnader", -1
    ws.tables["Prognos"].ref = "A1:M5"  # Excel grows the table when rows are typed below it
    wb.save(files["Vuxna"])
    code, data = run_json("validera", tmp / "in")
    assert code == 1
    found = {(f["regel"], f["blad"], f["cell"]) for f in by_file(data)[files["Vuxna"].name]["fynd"]}
    assert ("tillagt_innehall", "Prognos", "A4") in found
    assert ("summarad_avviker", "Prognos", "J4") in found
    assert ("annan_enhets_rad", "Prognos", "A5") in found


def test_unit_from_file_name_duplicates_and_missing(round_trip):
    master, files, tmp = round_trip
    shutil.copyfile(files["Vuxna"], tmp / "in" / "vuxna-kopia.xlsx")
    files["Ledning och administration"].unlink()
    code, data = run_json("validera", tmp / "in", "--master", master)
    assert code == 1
    assert data["saknade_enheter"] == ["Ledning och administration"]
    entries = by_file(data)
    assert "dubbel_inlamning" in rules(entries["vuxna-kopia.xlsx"])
    assert "dubbel_inlamning" in rules(entries[files["Vuxna"].name])
    assert "dubbel_inlamning" not in rules(entries[files["Individ- och familjeomsorg"].name])


def test_unit_from_file_name_when_settings_lack_it(tmp_path):
    from batch_hjalp import minimal_rows, write_workbook
    from workbook_factory import drop_setting

    master = make_master(tmp_path / "master.xlsx")
    tables = minimal_rows()
    for name in ("Budget", "Utfall", "Prognos"):
        headers, rows = tables[name]
        tables[name] = (headers, [r for r in rows if r[0] == "Vuxna"])
    drop_setting(tables, "Balansgräns")
    write_workbook(tmp_path / "in" / "Prognos Vuxna mars.xlsx", tables)
    write_workbook(tmp_path / "in" / "okand.xlsx", tables)
    code, data = run_json("validera", tmp_path / "in", "--master", master)
    entries = by_file(data)
    assert entries["Prognos Vuxna mars.xlsx"]["enhet"] == "Vuxna"
    assert entries["Prognos Vuxna mars.xlsx"]["enhet_enligt"] == "filnamn"
    assert "okand_avsandare" in rules(entries["okand.xlsx"])
    assert code == 1


def test_round_from_another_period_is_refused(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "in")
    from batch_hjalp import minimal_rows, write_workbook
    from workbook_factory import setting

    tables = minimal_rows()
    setting(tables, "Period", 2)
    headers, rows = tables["Utfall"]
    tables["Utfall"] = (headers, [r for r in rows if (r[2], r[3]) != (2023, 3)])
    other = write_workbook(tmp_path / "master_feb.xlsx", tables)
    code, data = run_json("validera", files["Vuxna"], "--master", other)
    assert code == 1
    assert "fel_omgang" in rules(by_file(data)[files["Vuxna"].name])


def test_report_workbook(round_trip):
    _master, files, tmp = round_trip
    unit = "Ledning och administration"
    fill(files[unit], {"Kostnader": {"Manuell prognos": 24_000}})  # a cost without its minus sign
    done = run_cli("validera", tmp / "in", "-o", tmp / "rapport.xlsx")
    assert done.returncode == 1
    wb = openpyxl.load_workbook(tmp / "rapport.xlsx")
    assert wb.sheetnames == ["Översikt", "Fel"]
    over = wb["Översikt"]
    header = next(r for r in over.iter_rows() if r[0].value == "Status")
    rows = [r for r in over.iter_rows(min_row=header[0].row + 1)]
    assert [r[0].value for r in rows] == ["Fel", "Varningar", "OK"]  # errors first
    assert rows[0][2].value == unit and rows[0][1].hyperlink.target.startswith("file:///")
    fel = wb["Fel"]
    head = [c.value for c in fel[1]]
    assert head == ["Allvarlighet", "Fil", "Enhet", "Blad", "Cell", "Regel", "Meddelande", "Länk"]
    data = [r for r in fel.iter_rows(min_row=2)]
    assert data[0][0].value == "Fel"
    sign = next(r for r in data if r[5].value == RULES["fel_tecken"].title)  # the rule's Swedish title
    assert (sign[3].value, sign[4].value) == ("Prognos", "J3")
    target = sign[7].hyperlink.target
    assert target.startswith("file:///") and target.endswith(f"{files[unit].name}#'Prognos'!J3")
    formula_like = next(r for r in data if r[5].value == RULES["formel_som_text"].title)
    assert formula_like[6].data_type == "s"
    assert all(c.data_type != "f" for row in fel.iter_rows() for c in row)


def test_exit_codes(round_trip, tmp_path):
    master, files, tmp = round_trip
    assert run_cli("validera", tmp / "in").returncode == 0
    fill(files["Vuxna"], {"Kostnader": {"Metod": "Manuell"}})  # Manuell without an amount
    assert run_cli("validera", tmp / "in").returncode == 1
    usage = [
        run_cli("validera"),
        run_cli("validera", tmp / "finns-inte"),
        run_cli("validera", tmp / "in", "--sammanstall", master),
        run_cli("validera", tmp / "in", "--okänd-flagga"),
        run_cli("validera", tmp / "in", "-o", tmp / "rapport.txt"),
    ]
    for done in usage:
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    empty = tmp_path / "tom_mapp"
    empty.mkdir()
    done = run_cli("validera", empty)
    assert done.returncode == 2 and "Inga arbetsböcker" in done.stderr


def test_output_refuses_to_overwrite_an_input(round_trip):
    master, files, tmp = round_trip
    done = run_cli("validera", tmp / "in", "--sammanstall", master, "-o", master)
    assert done.returncode == 2 and "får inte" in done.stderr
    assert {f.name for f in (tmp / "in").iterdir()} == {p.name for p in files.values()}


def test_quiet_without_a_terminal(round_trip):
    _master, _files, tmp = round_trip
    done = run_cli("validera", tmp / "in")
    assert done.stderr == ""  # no progress bar when not a TTY
    assert "3 filer" in done.stdout


def test_in_process_pool_and_inline_agree(round_trip):
    from workbooks.round.submissions import validate_batch

    _master, _files, tmp = round_trip
    pooled = validate_batch([tmp / "in"], jobs=2)
    inline = validate_batch([tmp / "in"], jobs=0)
    strip = lambda b: sorted((f.fil, f.status, tuple(sorted(map(str, f.findings)))) for f in b.files)  # noqa: E731
    assert strip(pooled) == strip(inline)
    assert set(AREAS) == {f.unit for f in pooled.files}


def test_an_earlier_report_in_the_folder_is_skipped(round_trip):
    _master, _files, tmp = round_trip
    assert run_cli("validera", tmp / "in", "-o", tmp / "in" / "rapport.xlsx").returncode == 0
    code, data = run_json("validera", tmp / "in")
    assert code == 0
    assert data["sammanfattning"]["filer"] == 3
    assert data["hoppade_over"] == ["rapport.xlsx (en rapport från prognos validera)"]
