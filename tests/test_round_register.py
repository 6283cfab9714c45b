"""The round register, approval and the change log, command by command (issue 22):
automatic approval of clean files, a decision that cannot be understood, the log's chain
finding a row edited by hand, the first consolidation of a master without a register, and
Fastställ refusing a master with errors. The whole round is ``tests/test_round_whole.py``."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import openpyxl
from batch_hjalp import REPO, fill, make_master
from openpyxl.utils import range_boundaries
from workbook_factory import AREAS, minimal_rows, setting

from addin.commands.cli import main
from validation.round.audit_log import LOG, read_log
from validation.round.register import REGISTER, read_register
from workbooks.books.xlsx_book import XlsxBook
from workbooks.ooxml.safe_read import scan

IFO, VUXNA, LEDNING = AREAS


def register(path) -> dict:
    return {r.omrade: r for r in read_register(XlsxBook(path).table(REGISTER))}


def log_rows(path) -> list[list]:
    raw = XlsxBook(path).table(LOG)
    return [list(r) for r in raw.rows] if raw is not None else []


def decide(path, out, decisions: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Omgång"]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables["Omgang"].ref)
    headers = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
    for r in range(min_row + 1, max_row + 1):
        unit = ws.cell(r, headers["Verksamhetsområde"]).value
        if unit in decisions:
            ws.cell(r, headers["Beslut"]).value = decisions[unit]
    wb.save(out)


def sent_round(tmp_path, tables=None):
    """utskick --master-ut; every unit fills in and returns its workbook."""
    master = make_master(tmp_path / "master.xlsx", tables)
    m1 = tmp_path / "m1.xlsx"
    assert (
        main(
            [
                "utskick",
                str(master),
                "-o",
                str(tmp_path / "in"),
                "--master-ut",
                str(m1),
                "--omgang",
                "Delår 1 2023",
                "--anvandare",
                "Test",
            ]
        )
        == 0
    )
    for i, path in enumerate(sorted((tmp_path / "in").glob("*.xlsx"))):
        fill(path, {"Kostnader": {"Manuell prognos": -1000 * (i + 1), "Kommentar": f"Enhet {i}"}})
    return m1


def status_json(capsys, *args) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["status", *map(str, args), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_clean_files_are_approved_automatically_when_the_master_says_so(tmp_path, capsys):
    tables = minimal_rows()
    setting(tables, "Godkänn automatiskt", "Ja")
    m1 = sent_round(tmp_path, tables)
    m1d = tmp_path / "m1_beslut.xlsx"
    decide(m1, m1d, {VUXNA: "Åter till enheten"})  # an explicit decision wins over the setting
    code, data = status_json(capsys, tmp_path / "in", "--master", m1d)
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[IFO]["lage"] == "Godkänd" and states[IFO]["automatiskt"] is True
    assert states[VUXNA]["lage"] == "Åter till enheten" and data["paminn"] == [VUXNA]
    assert code == 1  # a unit sent back is not done
    out = tmp_path / "m2.xlsx"
    assert (
        main(["validera", str(tmp_path / "in"), "--sammanstall", str(m1d), "-o", str(out), "--anvandare", "Test"]) == 0
    )
    reg = register(out)
    assert reg[IFO].beslut == "Godkänd" and "automatiskt" in reg[IFO].kommentar
    assert reg[VUXNA].beslut == "Åter till enheten" and not reg[VUXNA].sammanstalld
    log = log_rows(out)
    assert {r[4] for r in log if r[3] == "Sammanställning"} == {IFO, LEDNING}
    assert {r[11] for r in log if r[3] == "Sammanställning"} == {"Godkänd automatiskt"}
    assert [r[4] for r in log if r[3] == "Ej sammanställd"] == [VUXNA]


def test_a_decision_that_cannot_be_understood_waits(tmp_path, capsys):
    m1 = sent_round(tmp_path)
    m1d = tmp_path / "m1_beslut.xlsx"
    decide(m1, m1d, {IFO: "Kanske", VUXNA: "godkänd", LEDNING: "Godkänd"})
    code, data = status_json(capsys, tmp_path / "in", "--master", m1d)
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[IFO]["lage"] == "Väntar på beslut" and "'Kanske' förstås inte" in states[IFO]["anmarkning"]
    assert states[VUXNA]["lage"] == "Godkänd"  # case and accents do not matter
    assert code == 0 and data["komplett"] is True  # all returned without errors, none sent back
    out = tmp_path / "m2.xlsx"
    assert main(["validera", str(tmp_path / "in"), "--sammanstall", str(m1d), "-o", str(out)]) == 0
    assert {r[4] for r in log_rows(out) if r[3] == "Sammanställning"} == {VUXNA, LEDNING}
    assert register(out)[IFO].beslut_text == "Kanske"  # kept as typed, never silently replaced


def test_the_chain_finds_a_log_row_edited_by_hand_and_nothing_is_repaired(tmp_path, capsys):
    m1 = sent_round(tmp_path)
    edited = tmp_path / "m1_andrad.xlsx"
    wb = openpyxl.load_workbook(m1)
    wb["Ändringslogg"]["B6"] = "Någon annan"  # the second row's user
    wb.save(edited)
    assert read_log(XlsxBook(m1).table(LOG)).broken_at is None
    assert read_log(XlsxBook(edited).table(LOG)).broken_at == 6
    capsys.readouterr()
    main(["status", str(tmp_path / "in"), "--master", str(edited)])
    assert "Ändringsloggen har ändrats i efterhand: raden 6" in capsys.readouterr().out
    out = tmp_path / "m2.xlsx"
    decide(edited, tmp_path / "m1_beslut.xlsx", dict.fromkeys(AREAS, "Godkänd"))
    main(["validera", str(tmp_path / "in"), "--sammanstall", str(tmp_path / "m1_beslut.xlsx"), "-o", str(out)])
    rows = log_rows(out)
    assert rows[:3] == log_rows(edited)  # the edited row stays as it was found
    assert rows[1][1] == "Någon annan" and len(rows) > 3
    assert read_log(XlsxBook(out).table(LOG)).broken_at == 6  # still said, never hidden


def test_first_consolidation_without_a_register_consolidates_every_valid_file(tmp_path, capsys):
    master = make_master(tmp_path / "master.xlsx")
    assert main(["utskick", str(master), "-o", str(tmp_path / "in")]) == 0
    for path in (tmp_path / "in").glob("*.xlsx"):
        fill(path, {"Intäkter": {"Metod": "Linjär"}})
    out = tmp_path / "ny.xlsx"
    capsys.readouterr()
    assert main(["validera", str(tmp_path / "in"), "--sammanstall", str(master), "-o", str(out)]) == 0
    assert "Mastern hade inget omgångsregister" in capsys.readouterr().out
    reg = register(out)
    assert set(reg) == set(AREAS) and all(r.beslut == "Godkänd" and r.sammanstalld for r in reg.values())
    assert len([r for r in log_rows(out) if r[3] == "Sammanställning"]) == 3  # one Metod cell per unit


def test_faststall_refuses_a_master_with_errors(tmp_path, capsys):
    tables = minimal_rows()
    tables["Prognos"][1][0][2] = "Gissning"  # not a method
    master = make_master(tmp_path / "master.xlsx", tables)
    capsys.readouterr()
    assert main(["faststall", str(master), "-o", str(tmp_path / "ut.xlsx"), "--omgang", "Mars"]) == 1
    text = capsys.readouterr().out
    assert "valideringsfel; ingen prognos fastställs" in text and "Prognos!C2" in text
    assert not (tmp_path / "ut.xlsx").exists()


def test_faststall_without_a_history_table_creates_it(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    out = tmp_path / "ut.xlsx"
    assert main(["faststall", str(master), "-o", str(out), "--omgang", "Mars", "--datum", "2023-04-10"]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Prognoshistorik"]
    assert [c.value for c in ws[1]] == ["År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget", "Fastställd"]
    assert ws["G2"].value == dt.datetime(2023, 4, 10) and ws["B2"].value == "Mars"
    assert "Prognoshistorik" in ws.tables
    assert main(["faststall", str(out), "-o", str(tmp_path / "igen.xlsx"), "--omgang", "mars"]) == 1


def _rows(path, sheet: str) -> list[list[object]]:
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True)]


def test_the_demo_shows_the_round(tmp_path, capsys):
    from addin.commands.base import out
    from addin.commands.demo import EXEMPEL_DIR
    from addin.commands.demo_round import COMMENT, SENT_BACK, demo_round

    folder = tmp_path / "omgang"
    assert demo_round(EXEMPEL_DIR / "botkyrka_sn_2023_delar1.xlsx", folder, out, main) == 0
    text = capsys.readouterr().out.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Påminn (svar senast 2023-05-15, passerad för 1 dag sedan): Övriga verksamheter." in text
    reg = register(folder / "master_3_sammanstalld.xlsx")
    assert reg[SENT_BACK].beslut == "Åter till enheten" and reg[SENT_BACK].kommentar == COMMENT
    assert reg["Barn och unga"].beslut == "Godkänd" and reg["Barn och unga"].sammanstalld
    assert reg["Vuxna med beroendeproblematik"].inkommen == dt.datetime(2023, 5, 17, 8, 15)  # late, and said
    feedback = openpyxl.load_workbook(folder / "aterkoppling" / "prognos_2023_p04_ekonomiskt-bistand.xlsx")
    assert "Återkoppling" in feedback.sheetnames and feedback["Återkoppling"]["B3"].value == COMMENT
    assert re.search(
        r"Ändringsloggen har \d+ rader: 10 utskick, 9 inkommen, \d+ sammanställning, 1 ej sammanställd", text
    )
    assert "→ −276 100 [Godkänd]" in text
    assert "  Fler familjehemsplaceringar än budgeterat under våren (−4 200)" in text  # the unit's own cause
    causes = [r for r in _rows(folder / "master_3_sammanstalld.xlsx", "Orsaker") if r[0] == "Barn och unga"]
    assert causes[-1] == ["Barn och unga", "Fler familjehemsplaceringar än budgeterat under våren", -4200, None]
    assert "är redan fastställd" in text  # the example keeps delår 1 2023 already


def test_decisions_from_the_validation_report(tmp_path, capsys):
    """The economist decides in the report's Översikt (the column Beslut) instead of the register;
    a decision binds to the file it was made on."""
    m1 = sent_round(tmp_path)
    report = tmp_path / "rapport.xlsx"
    assert main(["validera", str(tmp_path / "in"), "--master", str(m1), "-o", str(report)]) == 0
    wb = openpyxl.load_workbook(report)
    ws = wb["Översikt"]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables["Oversikt"].ref)
    headers = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
    assert ws.data_validations.dataValidation[0].formula1 == '"Godkänd,Åter till enheten,Väntar"'
    for r in range(min_row + 1, max_row + 1):
        unit = ws.cell(r, headers["Enhet"]).value
        ws.cell(r, headers["Beslut"]).value = "Åter till enheten" if unit == VUXNA else "Godkänd"
        if unit == VUXNA:
            ws.cell(r, headers["Ekonomens kommentar"]).value = "Förklara ökningen."
    wb.save(report)
    code, data = status_json(capsys, tmp_path / "in", "--master", m1, "--beslut", report)
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[VUXNA]["lage"] == "Åter till enheten" and states[VUXNA]["kommentar"] == "Förklara ökningen."
    assert states[IFO]["lage"] == "Godkänd" and code == 1
    out = tmp_path / "m2.xlsx"
    assert (
        main(["validera", str(tmp_path / "in"), "--sammanstall", str(m1), "-o", str(out), "--beslut", str(report)]) == 0
    )
    log = log_rows(out)
    assert {r[4] for r in log if r[3] == "Sammanställning"} == {IFO, LEDNING}
    assert register(out)[VUXNA].beslut == "Åter till enheten"
    # Vuxna returns another file: the report's decision was about the old one.
    fill(next((tmp_path / "in").glob("*vuxna*")), {"Kostnader": {"Kommentar": "Förklarat."}})
    code, data = status_json(capsys, tmp_path / "in", "--master", m1, "--beslut", report)
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[VUXNA]["lage"] == "Väntar på beslut" and "Ny fil" in states[VUXNA]["anmarkning"]


STATUS_PROBE = r"""
import json, sys
from addin.commands import cli
code = cli.main(["status", sys.argv[1], "--master", sys.argv[2], "--json", "--jobb", "0"])
print(json.dumps({"exit": code, "heavy": sorted(m for m in ("pandas", "openpyxl", "matplotlib", "xlwings", "numpy")
                                                if m in sys.modules)}))
"""


def test_status_loads_neither_pandas_nor_openpyxl(tmp_path):
    """Like validera (tests/test_validera_imports.py): the round's status is a read, in a fresh interpreter."""
    m1 = sent_round(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", STATUS_PROBE, str(tmp_path / "in"), str(m1)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe == {"exit": 0, "heavy": []}, done.stderr


def log_row_xml(path, rows: range) -> list[bytes]:
    """The XML of the log's sheet rows ``rows`` as stored in the file (``<row r="5">…</row>``)."""
    found = scan(path)
    try:
        data = found.archive.read(next(s.part for s in found.sheets if s.name == "Ändringslogg"))
    finally:
        found.close()
    return [re.search(rb'<row r="%d"[ >].*?</row>' % r, data, re.S).group(0) for r in rows]


def test_earlier_log_rows_keep_their_bytes_through_status_and_the_refresh(tmp_path, capsys):
    """The promise at the byte level: status -o and uppdatera re-write no row already in the log,
    not even with the same value (each step's sheet rows compared as stored XML)."""
    m1 = sent_round(tmp_path)
    first = range(5, 5 + len(log_rows(m1)))
    m2, m3 = tmp_path / "m2.xlsx", tmp_path / "m3.xlsx"
    assert main(["status", str(tmp_path / "in"), "--master", str(m1), "-o", str(m2)]) in (0, 1)
    assert len(log_rows(m2)) > len(first)  # status added rows (Inkommen)
    assert log_row_xml(m2, first) == log_row_xml(m1, first)
    assert main(["uppdatera", str(m2), "-o", str(m3)]) == 0
    second = range(5, 5 + len(log_rows(m2)))
    assert log_row_xml(m3, second) == log_row_xml(m2, second)
