"""A whole forecast round as files, through the command line (issue 22):

utskick (with the register) → units fill in (one on time, adding a cause with an amount and an
action; one with an error; one late, its workbook typed in and saved by LibreOffice) →
status (who to remind) → decisions in the register → feedback workbook for the unit sent
back → --sammanstall (approved only) → the unit returns the corrected feedback workbook →
status → approved → --sammanstall → uppdatera (surgical writer) → faststall (and the same
round refused) → next year: Prognossäkerhet from the stored history.

At every step the change log's earlier rows are compared with the rows before (append-only),
and every changed cell the consolidation reports is a row of the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import zipfile

import openpyxl
import pytest
from batch_hjalp import fill, hashes, make_master, run_cli, run_json
from libreoffice_hjalp import edit_in_libreoffice
from openpyxl.utils import range_boundaries
from workbook_factory import AR, AREAS, PERIOD, monthly_outcome

from validation.contract import ATGARDER, ORSAKER, PROGNOS, PROGNOSHISTORIK
from validation.round.audit_log import LOG, read_log
from validation.round.register import REGISTER, read_register
from workbooks.books.xlsx_book import XlsxBook

IFO, VUXNA, LEDNING = AREAS
DEADLINE = dt.date(AR, 4, 20)
CAUSE = ("Fler placeringar i jourhem än budgeterat", -1_500)
ACTION = ("Genomgång av alla externa placeringar", 600, "Pågår")
LO_TYPED = -9_800  # what Ledning types in LibreOffice


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register(path) -> dict[str, object]:
    book = XlsxBook(path)
    return {r.omrade: r for r in read_register(book.table(REGISTER))}


def log_rows(path) -> list[list[object]]:
    raw = XlsxBook(path).table(LOG)
    return [] if raw is None else [list(r) for r in raw.rows]


def set_decision(path, out, decisions: dict[str, tuple[str, str]]) -> None:
    """The economist chooses in the register's drop-down (as in Excel: the cells only)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Omgång"]
    table = ws.tables["Omgang"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
    for r in range(min_row + 1, max_row + 1):
        unit = ws.cell(r, headers["Verksamhetsområde"]).value
        if unit in decisions:
            beslut, kommentar = decisions[unit]
            ws.cell(r, headers["Beslut"]).value = beslut
            ws.cell(r, headers["Ekonomens kommentar"]).value = kommentar
            ws.cell(r, headers["Beslutsdatum"]).value = dt.datetime(AR, 4, 23)
    wb.save(out)


def arrive(source, folder, when: dt.datetime):
    """A unit's file arrives in the folder at ``when`` (its modification time)."""
    folder.mkdir(exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    stamp = when.timestamp()
    os.utime(target, (stamp, stamp))
    return target


def test_a_whole_round(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    sent = tmp_path / "utskick"
    inbox = tmp_path / "inkommet"
    m1 = tmp_path / "m1_utskick.xlsx"

    # 1. Send out, with the register in a new master.
    done = run_cli(
        "utskick",
        master,
        "-o",
        sent,
        "--master-ut",
        m1,
        "--senast",
        DEADLINE.isoformat(),
        "--omgang",
        f"Delår 1 {AR}",
        "--anvandare",
        "Eva Ekonom",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    files = {p.name: p for p in sent.glob("*.xlsx")}
    reg = register(m1)
    assert set(reg) == set(AREAS)
    for unit, row in reg.items():
        assert row.svar_senast == DEADLINE and row.omgang == f"Delår 1 {AR}"
        assert row.skickad_summa == sha(files[row.skickad_fil]), unit  # the checksum of the file sent
    first_log = log_rows(m1)
    assert [r[3] for r in first_log] == ["Utskick"] * 3 and {r[1] for r in first_log} == {"Eva Ekonom"}

    # 2. The units fill in: IFO on time, Vuxna with an error, Ledning late.
    by_unit = {row.omrade: files[row.skickad_fil] for row in reg.values()}
    fill(
        by_unit[IFO], {"Kostnader": {"Metod": "Manuell", "Manuell prognos": -61_000, "Kommentar": "Fler placeringar."}}
    )
    fill(by_unit[VUXNA], {"Kostnader": {"Manuell prognos": "ca 40 000"}})  # words in an amount cell
    own_words(by_unit[IFO])  # a cause with an amount, and an action
    fill(by_unit[LEDNING], {"Intäkter": {"Metod": "Budgetprofil"}})
    in_libreoffice(by_unit[LEDNING], tmp_path)  # Ledning types its figure in LibreOffice and saves as .xlsx
    arrive(by_unit[IFO], inbox, dt.datetime(AR, 4, 18, 9, 30))
    arrive(by_unit[VUXNA], inbox, dt.datetime(AR, 4, 19, 15, 0))

    # 3. Status before the deadline's end: Ledning missing, Vuxna with errors -> exit 1.
    code, data = run_json("status", inbox, "--master", m1, "--datum", f"{AR}-04-21")
    assert code == 1
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[LEDNING]["lage"] == "Saknas" and data["paminn"] == [LEDNING]
    assert states[VUXNA]["lage"] == "Fel" and states[IFO]["lage"] == "Väntar på beslut"
    assert data["svar_senast"] == DEADLINE.isoformat()
    text = run_cli("status", inbox, "--master", m1, "--datum", f"{AR}-04-21")
    assert "Påminn" in text.stdout and LEDNING in text.stdout and "passerad för 1 dag sedan" in text.stdout

    arrive(by_unit[LEDNING], inbox, dt.datetime(AR, 4, 22, 8, 0))  # two days late
    m2 = tmp_path / "m2_status.xlsx"
    before = hashes(tmp_path)
    code, data = run_json(
        "status", inbox, "--master", m1, "-o", m2, "--datum", f"{AR}-04-22", "--anvandare", "Eva Ekonom"
    )
    assert code == 1  # Vuxna still has errors
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[LEDNING]["dagar_sen"] == 2 and states[IFO]["dagar_sen"] == 0
    for name, digest in before.items():
        assert hashes(tmp_path)[name] == digest  # no input written
    reg2 = register(m2)
    assert reg2[VUXNA].status == "Fel" and reg2[VUXNA].inkommen_summa == sha(inbox / by_unit[VUXNA].name)
    assert reg2[LEDNING].inkommen == dt.datetime(AR, 4, 22, 8, 0)
    assert log_rows(m2)[: len(first_log)] == first_log

    # 4. Decisions: IFO and Ledning approved, Vuxna sent back with a comment.
    m2d = tmp_path / "m2_beslut.xlsx"
    set_decision(
        m2,
        m2d,
        {
            IFO: ("Godkänd", ""),
            LEDNING: ("Godkänd", "Sen men bra."),
            VUXNA: ("Åter till enheten", "Skriv beloppet som ett tal."),
        },
    )

    # 5. The feedback workbook: the unit's own file plus the sheet Återkoppling with the findings.
    back = tmp_path / "aterkoppling"
    done = run_cli("aterkoppling", inbox, "--master", m2d, "-o", back)
    assert done.returncode == 0, done.stdout + done.stderr
    feedback = back / by_unit[VUXNA].name
    wb = openpyxl.load_workbook(feedback)
    assert wb.sheetnames[-1] == "Återkoppling"
    sheet = wb["Återkoppling"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Skriv beloppet som ett tal." in texts
    links = [c.hyperlink.location for row in sheet.iter_rows() for c in row if c.hyperlink is not None]
    assert (
        f"'Prognos'!{_cell_of(original_path := inbox / by_unit[VUXNA].name, 'Kostnader', 'Manuell prognos')}" in links
    )
    assert openpyxl.load_workbook(original_path)["Prognos"][links[0].split("!")[1]].value == "ca 40 000"
    original = openpyxl.load_workbook(inbox / by_unit[VUXNA].name)
    assert [[c.value for c in r] for r in wb["Prognos"].iter_rows()] == [
        [c.value for c in r] for r in original["Prognos"].iter_rows()
    ]  # their inputs intact
    assert wb["Prognos"].protection.sheet  # still protected

    # 6. Consolidate: the approved only.
    m3 = tmp_path / "m3_sammanstalld.xlsx"
    code, data = run_json("validera", inbox, "--sammanstall", m2d, "-o", m3, "--anvandare", "Eva Ekonom")
    assert code == 1  # Vuxna's file has errors
    changed = data["sammanstallning"]["andringar"]
    assert {c["enhet"] for c in changed} == {IFO, LEDNING}
    left = {x["enhet"]: x["orsak"] for x in data["sammanstallning"]["ej_sammanstallda"]}
    assert set(left) == {VUXNA}
    log3 = log_rows(m3)
    assert log3[: len(log_rows(m2d))] == log_rows(m2d)
    logged = {(r[4], r[7], _v(r[9]), _v(r[10])) for r in log3 if r[3] == "Sammanställning"}
    for c in changed:
        assert (c["enhet"], c["cell"], _v(c["fore"]), _v(c["efter"])) in logged
    assert any(r[3] == "Ej sammanställd" and r[4] == VUXNA and r[11] == "Åter till enheten" for r in log3)
    assert register(m3)[IFO].sammanstalld
    # IFO's cause and action are the master's now (it had no Orsaker or Åtgärder: they were added), and logged
    assert [(r["Verksamhetsområde"], r["Orsak"], r["Belopp"]) for r in _records(m3, ORSAKER)] == [(IFO, *CAUSE)]
    plan = [(r["Verksamhetsområde"], r["Åtgärd"], r["Effekt helår"], r["Status"]) for r in _records(m3, ATGARDER)]
    assert plan == [(IFO, *ACTION)]
    for value in (*CAUSE, *ACTION):
        assert any(r[3] == "Sammanställning" and r[4] == IFO and _v(r[10]) == value for r in log3), value
    assert _prognos(m3)[(LEDNING, "Kostnader")] == LO_TYPED  # typed in LibreOffice, consolidated

    # 7. Vuxna corrects the feedback workbook and returns it: a new file, the decision waits again.
    fill(feedback, {"Kostnader": {"Manuell prognos": -40_000}})
    arrive(feedback, inbox, dt.datetime(AR, 4, 25, 10, 0))
    m4 = tmp_path / "m4_status.xlsx"
    code, data = run_json("status", inbox, "--master", m3, "-o", m4, "--datum", f"{AR}-04-25")
    assert code == 0, data  # every unit has a file without errors, none sent back
    states = {u["verksamhetsomrade"]: u for u in data["enheter"]}
    assert states[VUXNA]["lage"] == "Väntar på beslut" and "Ny fil" in states[VUXNA]["anmarkning"]
    assert register(m4)[VUXNA].beslut == "Väntar"
    assert log_rows(m4)[: len(log3)] == log3

    # 8. Approved; consolidated; the earlier log rows survive.
    m4d = tmp_path / "m4_beslut.xlsx"
    set_decision(m4, m4d, {VUXNA: ("Godkänd", "Rättat.")})
    m5 = tmp_path / "m5_sammanstalld.xlsx"
    code, data = run_json("validera", inbox, "--sammanstall", m4d, "-o", m5)
    assert code == 0
    assert {c["enhet"] for c in data["sammanstallning"]["andringar"]} == {VUXNA}
    prognos = _prognos(m5)
    assert prognos[(VUXNA, "Kostnader")] == -40_000 and prognos[(IFO, "Kostnader")] == -61_000
    log5 = log_rows(m5)
    assert log5[: len(log_rows(m4d))] == log_rows(m4d)

    # 9. The refresh (surgical writer) keeps the register and the log as they are.
    m5u = tmp_path / "m5_uppdaterad.xlsx"
    done = run_cli("uppdatera", m5, "-o", m5u)
    assert done.returncode == 0, done.stdout + done.stderr
    assert log_rows(m5u) == log5
    assert read_log(XlsxBook(m5u).table(LOG)).broken_at is None

    # 10. Fastställ: the committee's forecast per area and type into Prognoshistorik; not twice.
    m6 = tmp_path / "m6_faststalld.xlsx"
    done = run_cli("faststall", m5u, "-o", m6, "--omgang", "Delår 1", "--datum", f"{AR}-05-20")
    assert done.returncode == 0, done.stdout + done.stderr
    history = _history(m6)
    engine = _avvikelse(m5u)  # what uppdatera wrote (the engine's forecast)
    assert engine[(IFO, "Kostnader")] == -61_000  # the unit's manual forecast wins
    for area in AREAS:
        for typ in ("Intäkter", "Kostnader", "Netto"):
            assert history[(AR, "Delår 1", area, typ)] == pytest.approx(engine[(area, typ)]), (area, typ)
    again = run_cli("faststall", m6, "-o", tmp_path / "m7.xlsx", "--omgang", f"Delår 1 {AR}")
    assert again.returncode == 1 and "redan fastställd" in again.stdout and "Traceback" not in again.stderr
    assert not (tmp_path / "m7.xlsx").exists()
    log6 = log_rows(m6)
    assert log6[: len(log5)] == log5 and sum(1 for r in log6 if r[3] == "Fastställd") == 9

    # 11. Next year: the year's outcome is in; Prognossäkerhet scores the stored forecast.
    nxt = tmp_path / "next.xlsx"
    _next_year(m6, nxt)
    nxt_u = tmp_path / "next_uppdaterad.xlsx"
    done = run_cli("uppdatera", nxt, "-o", nxt_u)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    scored = _accuracy(nxt_u)
    for area in AREAS:
        for typ in ("Intäkter", "Kostnader", "Netto"):
            types = ("Intäkter", "Kostnader") if typ == "Netto" else (typ,)
            outcome = sum(monthly_outcome(area, t, AR, m) for t in types for m in range(1, 13))
            got = scored[(AR, "Delår 1", area, typ)]
            assert got["Utfall helår"] == pytest.approx(outcome)  # the year's outcome, summed here
            assert got["Prognos"] == pytest.approx(history[(AR, "Delår 1", area, typ)])  # as kept, not typed


def own_words(path) -> None:
    """IFO writes a cause with its amount and an action in the free rows, as in Excel."""
    wb = openpyxl.load_workbook(path)
    causes, plan = wb["Orsaker"], wb["Åtgärder"]
    assert causes["A2"].value == IFO and causes["B2"].value is None  # the master has none: a free row
    causes["B2"], causes["C2"] = CAUSE
    plan["A2"], plan["D2"], plan["G2"] = ACTION
    wb.save(path)


def in_libreoffice(path, tmp_path) -> None:
    """The unit opens its workbook in LibreOffice, types Manuell prognos (Kostnader), saves as .xlsx."""
    cell = _cell_of(path, "Kostnader", "Manuell prognos")
    saved = edit_in_libreoffice(path, tmp_path / "lo_sparad.xlsx", "Prognos", cell, LO_TYPED, tmp_path / "lo_profil")
    with zipfile.ZipFile(saved) as package:
        assert b"LibreOffice" in package.read("docProps/app.xml")  # saved by LibreOffice, not openpyxl
    shutil.move(saved, path)


def _cell_of(path, typ: str, header: str) -> str:
    """Where the unit's workbook has ``header`` on the row of ``typ`` (read from the file itself)."""
    ws = openpyxl.load_workbook(path)["Prognos"]
    for row in ws.iter_rows():
        cells = {c.value: c for c in row}
        if header in cells:
            column = cells[header].column_letter
        if typ in cells:
            return f"{column}{row[0].row}"
    raise AssertionError(f"{typ} / {header} finns inte i {path.name}")


def _v(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _prognos(path) -> dict:
    return {(r["Verksamhetsområde"], r["Typ"]): r["Manuell prognos"] for r in _records(path, PROGNOS)}


def _records(path, spec) -> list[dict]:
    raw = XlsxBook(path).table(spec)
    return [dict(zip([str(h) for h in raw.headers], row)) for row in raw.rows]


def _history(path) -> dict:
    return {
        (int(r["År"]), r["Omgång"], r["Verksamhetsområde"], r["Typ"]): r["Prognos"]
        for r in _records(path, PROGNOSHISTORIK)
    }


def _avvikelse(path) -> dict:
    """The forecast uppdatera wrote per area and type (values; Netto as the sum of the two)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Avvikelse"]
    headers = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        rec = dict(zip(headers, row))
        if rec["Typ"] in ("Intäkter", "Kostnader") and rec["Verksamhetsområde"] in AREAS:
            out[(rec["Verksamhetsområde"], rec["Typ"])] = rec[f"Prognos helår {AR}"]
    for area in AREAS:
        out[(area, "Netto")] = out[(area, "Intäkter")] + out[(area, "Kostnader")]
    return out


def _next_year(source, target) -> None:
    """The same master a year later: År + 1, the rest of last year's outcome and this year's first months."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Inställningar"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "År":
            row[1].value = AR + 1
    ws = wb["Utfall"]
    table = ws.tables["Utfall"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    r = max_row
    for year, months in ((AR, range(PERIOD + 1, 13)), (AR + 1, range(1, PERIOD + 1))):
        for area in AREAS:
            for typ in ("Intäkter", "Kostnader"):
                for month in months:
                    r += 1
                    for c, value in enumerate([area, typ, year, month, monthly_outcome(area, typ, year, month)]):
                        ws.cell(r, min_col + c, value)
    table.ref = f"A{min_row}:{openpyxl.utils.get_column_letter(max_col)}{r}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    wb.save(target)


def _accuracy(path) -> dict:
    """Prognossäkerhet's rows per (År, Omgång, area, Typ): the values the engine wrote."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Prognossäkerhet"]
    table = ws.tables["Prognossakerhet"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    out = {}
    for r in range(min_row + 1, max_row + 1):
        rec = dict(zip(headers, [ws.cell(r, c).value for c in range(min_col, max_col + 1)]))
        out[(rec["År"], rec["Omgång"], rec["Verksamhetsområde"], rec["Typ"])] = rec
    return out
