"""The units' own words (issue 22, item 5): a unit workbook carries its area's rows of the
master's ``Orsaker``, ``Åtgärder`` and ``Texter`` open for input, with free rows; ``validera``
checks what the unit changed (findings at file, sheet and cell); ``--sammanstall`` updates the
master's rows by their label as sent, adds the unit's new rows and keeps a row the unit
emptied (named in ``Ändringar``); a unit never writes another area's rows; the paper prints
the consolidated causes."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import openpyxl
import pytest
from batch_hjalp import by_file, run_json, utskick
from conftest import EXAMPLE
from pdf_hjalp import tool_phrases

from addin.ribbon.paper import skapa_rapport
from validation.contract import ATGARDER, ORSAKER, TEXTER
from workbooks.books.xlsx_book import XlsxBook
from workbooks.report.paper_word import save

EB = "Ekonomiskt bistånd"
FLYKT = "Flyktingmottagande"
BOU = "Barn och unga"
OLD_CAUSE = "Färre hushåll med försörjningsstöd än budgeterat"  # the start of EB's cause in the example
NEW_CAUSE = "Lägre hyror för lokaler efter omförhandling"
NEW_ACTION = "Gemensam genomgång av alla hushåll med långvarigt bistånd"
NEW_TEXT = "Färre hushåll söker bistånd.\n- Arbetsmarknaden är stark."


def rows(path, sheet: str) -> list[list[object]]:
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def records(path, spec) -> list[dict]:
    raw = XlsxBook(path).table(spec)
    return [dict(zip([str(h) for h in raw.headers], r)) for r in raw.rows]


def first_free(ws, label_col: int) -> int:
    """The first row of the unit's table whose label cell is empty (a free row)."""
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, label_col).value is None)


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("egna_ord")
    master = tmp / "master.xlsx"
    shutil.copyfile(EXAMPLE, master)
    return tmp, master, utskick(master, tmp / "ut")


def test_the_area_rows_are_sent_open_with_free_rows(sent):
    _tmp, master, files = sent
    wb = openpyxl.load_workbook(files[EB])
    assert wb.sheetnames[wb.sheetnames.index("Prognos") + 1 :][:3] == ["Orsaker", "Åtgärder", "Texter"]
    in_master = [r for r in records(master, ORSAKER) if r["Verksamhetsområde"] == EB]
    ws = wb["Orsaker"]
    got = [r for r in rows(files[EB], "Orsaker")[1:] if r[1] is not None]
    assert [(r[0], r[1], r[2]) for r in got] == [(EB, r["Orsak"], r["Belopp"]) for r in in_master]
    assert ws.max_row - 1 - len(in_master) == 8  # free rows for the unit's own causes
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, 1).value == EB and ws.cell(r, 1).protection.locked  # the area: written, locked
        assert all(not ws.cell(r, c).protection.locked for c in (2, 3, 4))  # Orsak, Belopp, Kommentar open
    assert ws.protection.sheet
    texts = rows(files[EB], "Texter")[1:]
    assert texts[0][0] == EB and texts[0][1].startswith("Den övergripande analysen")
    assert all(t[0] == EB for t in texts)  # only the area's own texts, not the committee's
    plan = wb["Åtgärder"]
    status = [dv for dv in plan.data_validations.dataValidation if dv.type == "list"]
    assert len(status) == 1 and "Genomförd" in status[0].formula1
    assert not any(r[0] for r in rows(files[EB], "Åtgärder")[1:])  # EB has no action in the example
    instructions = "\n".join(str(c.value) for c in wb["Instruktioner"]["A"] if c.value)
    assert "Orsaker" in instructions and "tas inte bort" in instructions


@pytest.fixture(scope="module")
def filled(sent):
    """EB changes its cause's amount, adds a cause with an amount and an action; Flyktingmottagande
    empties one of its two causes."""
    tmp, master, files = sent
    wb = openpyxl.load_workbook(files[EB])
    ws = wb["Orsaker"]
    ws["C2"] = 16_000  # was 15 124
    free = first_free(ws, 2)
    ws.cell(free, 2).value, ws.cell(free, 3).value = NEW_CAUSE, 1_200
    plan = wb["Åtgärder"]
    free_action = first_free(plan, 1)
    for col, value in zip("ACDG", (NEW_ACTION, dt.datetime(2023, 5, 2), 800, "Beslutad")):
        plan[f"{col}{free_action}"] = value
    wb["Texter"]["B2"] = NEW_TEXT  # the text is the row's label: rewritten, it is still the same row
    wb.save(files[EB])
    wb = openpyxl.load_workbook(files[FLYKT])
    ws = wb["Orsaker"]
    emptied = ws["B3"].value
    for col in "BCD":
        ws[f"{col}3"] = None
    wb.save(files[FLYKT])
    return tmp, master, files, free, emptied


def test_validera_is_quiet_on_good_words_and_names_the_cell_of_bad_ones(filled, tmp_path):
    tmp, _master, files, _free, _emptied = filled
    code, data = run_json("validera", tmp / "ut")
    assert code == 0, data
    for name in (files[EB].name, files[FLYKT].name):
        found = by_file(data)[name]["fynd"]
        assert [f for f in found if f["blad"] in ("Orsaker", "Åtgärder", "Texter")] == [], found
    bad = tmp_path / files[EB].name
    shutil.copyfile(files[EB], bad)
    wb = openpyxl.load_workbook(bad)
    wb["Orsaker"]["C2"] = "mycket"
    plan = wb["Åtgärder"]
    plan["G2"] = "Klar"
    wb["Orsaker"].cell(first_free(wb["Orsaker"], 2), 3).value = 300  # an amount without its cause
    wb.save(bad)
    code, data = run_json("validera", bad)
    assert code == 1
    found = {(f["blad"], f["cell"], f["regel"]): f["meddelande"] for f in by_file(data)[bad.name]["fynd"]}
    assert "'mycket' är inte ett tal" in found[("Orsaker", "C2", "inte_tal")]
    assert "'Klar' är ingen status" in found[("Åtgärder", "G2", "ogiltigt_varde")]
    free = first_free(openpyxl.load_workbook(bad)["Orsaker"], 2)
    assert "Orsak saknas" in found[("Orsaker", f"B{free}", "ogiltigt_varde")]


def test_a_unit_cannot_write_another_areas_rows(filled, tmp_path):
    tmp, master, files, _free, _emptied = filled
    folder = tmp_path / "in"
    folder.mkdir()
    other = folder / files[EB].name
    shutil.copyfile(files[EB], other)
    wb = openpyxl.load_workbook(other)
    ws = wb["Orsaker"]
    row = first_free(ws, 2)
    ws.cell(row, 1).value, ws.cell(row, 2).value, ws.cell(row, 3).value = BOU, "Inte vår orsak", 99
    wb.save(other)
    out = tmp_path / "ny.xlsx"
    code, data = run_json("validera", folder, "--sammanstall", master, "-o", out)
    assert code == 1
    assert "last_cell_andrad" in {f["regel"] for f in by_file(data)[other.name]["fynd"]}
    assert data["sammanstallning"]["andringar"] == []  # the file is left out
    assert not any(r["Orsak"] == "Inte vår orsak" for r in records(out, ORSAKER))


@pytest.fixture(scope="module")
def consolidated(filled):
    tmp, master, files, free, emptied = filled
    out = tmp / "ny_master.xlsx"
    code, data = run_json("validera", tmp / "ut", "--sammanstall", master, "-o", out)
    assert code == 0, data
    return master, out, data["sammanstallning"]["andringar"], emptied


def test_changed_rows_are_updated_new_rows_added(consolidated):
    master, out, changes, _emptied = consolidated
    before, after = records(master, ORSAKER), records(out, ORSAKER)
    eb_before = next(i for i, r in enumerate(before) if r["Verksamhetsområde"] == EB)
    assert after[eb_before]["Orsak"].startswith(OLD_CAUSE) and after[eb_before]["Belopp"] == 16_000  # same row
    assert after[: len(before)] == [
        {**r, "Belopp": 16_000} if i == eb_before else r for i, r in enumerate(before)
    ]  # nothing else of the master changed, the emptied row included
    assert after[len(before) :] == [{"Verksamhetsområde": EB, "Orsak": NEW_CAUSE, "Belopp": 1_200, "Kommentar": None}]
    plan = records(out, ATGARDER)
    assert plan[: len(records(master, ATGARDER))] == records(master, ATGARDER)
    added = plan[-1]
    assert (added["Åtgärd"], added["Verksamhetsområde"], added["Effekt helår"], added["Status"]) == (
        NEW_ACTION,
        EB,
        800,
        "Beslutad",
    )
    assert added["Beslutsdatum"] in (dt.date(2023, 5, 2), dt.datetime(2023, 5, 2))  # a date, not a text
    texts = [r if r["Avsnitt"] != EB else {**r, "Text": NEW_TEXT} for r in records(master, TEXTER)]
    assert records(out, TEXTER) == texts  # EB's text rewritten in its place
    wb = openpyxl.load_workbook(out)
    table = wb["Orsaker"].tables["Orsaker"]
    assert table.ref == f"A1:D{len(after) + 1}"  # the Excel Table grew with the rows


def test_every_change_is_listed_and_the_emptied_row_named(consolidated):
    _master, out, changes, emptied = consolidated
    by_cell = {c["cell"]: c for c in changes}
    eb = [c for c in changes if c["enhet"] == EB]
    assert {(c["kolumn"], c["efter"]) for c in eb} >= {
        ("Belopp", 16_000),
        ("Orsak", NEW_CAUSE),
        ("Belopp", 1_200),
        ("Åtgärd", NEW_ACTION),
        ("Effekt helår", 800),
    }
    assert any(c["fore"] == 15_124 and c["efter"] == 16_000 for c in eb)
    flykt = [c for c in changes if c["enhet"] == FLYKT]
    assert len(flykt) == 1 and flykt[0]["typ"] == emptied and flykt[0]["efter"] is None
    listed = [[str(v) for v in r if v is not None] for r in rows(out, "Ändringar")]
    assert any(emptied in r and any("mastern behåller den" in v for v in r) for r in listed)
    assert set(by_cell) >= {"Orsaker!C12"}


def test_the_paper_prints_the_consolidated_causes(consolidated, tmp_path):
    _master, out, _changes, _emptied = consolidated
    made = skapa_rapport(XlsxBook(out), file=out.name)
    document = docx.Document(str(save(made.document, tmp_path / "rapport.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n" + "\n".join("   ".join(c.text for c in row.cells) for t in document.tables for row in t.rows)
    # 1 200 tkr, a surplus: as the paper writes amounts
    assert NEW_CAUSE in text and text.split(NEW_CAUSE, 1)[1].startswith(" (+1,2 miljoner kronor)")
    assert NEW_ACTION in text
    assert tool_phrases(text) == []


def test_consolidating_the_same_files_again_changes_nothing(consolidated, tmp_path):
    _master, out, _changes, emptied = consolidated
    again = tmp_path / "igen.xlsx"
    code, data = run_json("validera", out.parent / "ut", "--sammanstall", out, "-o", again)
    assert code == 0
    changes = data["sammanstallning"]["andringar"]
    assert [(c["enhet"], c["typ"], c["efter"]) for c in changes] == [(FLYKT, emptied, None)]  # only the note
    for spec in (ORSAKER, ATGARDER, TEXTER):
        assert records(again, spec) == records(out, spec), spec.name
