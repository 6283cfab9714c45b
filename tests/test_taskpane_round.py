"""The forecast round in the task pane (issue 22, item 7), in headless Chromium against the running
server as ``tests/test_taskpane_browser.py`` (its fake Office.js workbook, now writable): the section
Omgången shows the register of a master the command line made (utskick, units returning, ``status
-o``) per unit as ``prognos status`` says it; Godkänn and Skicka tillbaka write Beslut, Ekonomens
kommentar and Beslutsdatum into the register's cells, and ``prognos status`` reads them there;
Fastställ appends the rows ``prognos faststall`` appends, and refuses the same round; every failure
is Swedish. Each state at 320 and 350 px: Swedish only, nothing wider than the pane (screenshots
``aktivitetsfonster_omgang_*.png``, shown in docs/deployment.md). The pure parts of
``addin/static/js/omgang.js`` run in Node (``tests/js/omgang.mjs``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import fill, make_master, run_cli, run_json
from conftest import EXAMPLE, require_tool
from officejs import REPO, apply_actions, book_payload
from test_taskpane_browser import JS, browser, check_state, open_pane, server  # noqa: F401 (fixtures)
from workbook_factory import AR, AREAS

from validation.contract import PROGNOSHISTORIK
from validation.round.register import REGISTER, read_register
from workbooks.books.xlsx_book import XlsxBook

pytest.importorskip("xlwings_server")

IFO, VUXNA, LEDNING = AREAS
ROUND = f"Delår 1 {AR}"


@pytest.fixture(scope="module")
def round_files(tmp_path_factory):
    """A master after utskick and ``status -o``: IFO returned a clean file, Vuxna one with an
    error, Ledning nothing yet (the command line writes the register the pane reads)."""
    tmp = tmp_path_factory.mktemp("omgang")
    master, sent, inbox, m1, m2 = (tmp / n for n in ("master.xlsx", "utskick", "inkommet", "m1.xlsx", "m2.xlsx"))
    make_master(master)
    done = run_cli("utskick", master, "-o", sent, "--master-ut", m1, "--senast", f"{AR}-04-20", "--omgang", ROUND)
    assert done.returncode == 0, done.stdout + done.stderr
    files = {row.omrade: sent / row.skickad_fil for row in read_register(XlsxBook(m1).table(REGISTER))}
    fill(files[IFO], {"Kostnader": {"Metod": "Manuell", "Manuell prognos": -61_000, "Kommentar": "Fler placeringar."}})
    fill(files[VUXNA], {"Kostnader": {"Manuell prognos": "ca 40 000"}})  # words in an amount cell: an error
    inbox.mkdir()
    for unit in (IFO, VUXNA):
        shutil.copyfile(files[unit], inbox / files[unit].name)
    code, _data = run_json("status", inbox, "--master", m1, "-o", m2, "--datum", f"{AR}-04-21")
    assert code == 1 and m2.exists()
    return {"master": m2, "inbox": inbox, "tmp": tmp}


def cli_states(inbox: Path, master: Path) -> dict[str, dict]:
    """The oracle: what ``prognos status`` says per unit, from the files and the register."""
    _code, data = run_json("status", inbox, "--master", master, "--datum", f"{AR}-04-21")
    return {u["verksamhetsomrade"]: u for u in data["enheter"]} | {"": {"paminn": data["paminn"]}}


def register_cells(path: Path, unit: str) -> dict[str, str]:
    """Where the register's Beslut, Ekonomens kommentar and Beslutsdatum of ``unit`` are (openpyxl)."""
    ws = openpyxl.load_workbook(path)["Omgång"]
    first = ws[ws.tables["Omgang"].ref.split(":")[0]].row  # the table's header row (a title sits above)
    headers = {c.value: c.column_letter for c in ws[first]}
    row = next(c.row for c in ws["A"] if c.value == unit)
    return {h: f"{headers[h]}{row}" for h in ("Beslut", "Ekonomens kommentar", "Beslutsdatum")}


def with_writes(source: Path, writes: list[dict], target: Path) -> Path:
    """The workbook as Excel would have it after the pane's Office.js writes."""
    wb = openpyxl.load_workbook(source)
    for w in writes:
        wb[w["sheet"]][w["address"]] = w["values"][0][0]
    wb.save(target)
    return target


def show_round(page) -> list[dict]:
    page.evaluate("document.getElementById('prognos-visa-omgang').click(), true")
    page.wait_for("document.querySelectorAll('#prognos-enheter li.prognos-enhet').length > 0", timeout=300)
    return units_shown(page)


def units_shown(page) -> list[dict]:
    return page.evaluate(
        """[...document.querySelectorAll('#prognos-enheter li.prognos-enhet')].map((li) => ({
        enhet: li.dataset.enhet, lage: li.querySelector('.prognos-lage').textContent,
        fakta: Object.fromEntries([...li.querySelectorAll('dt')]
          .map((dt) => [dt.textContent, dt.nextSibling.textContent])),
        knappar: li.querySelectorAll('.prognos-beslut button:not([type=submit])').length,
        godkann: ((b) => !!b && !b.disabled)(li.querySelector('.prognos-beslut button')),
        text: li.textContent}))"""
    )


def click_in_unit(page, unit: str, selector: str) -> None:
    page.evaluate(f"document.querySelector('li[data-enhet={json.dumps(unit)}] {selector}').click(), true")


def wait_for_refresh(page) -> str:
    return page.wait_for(
        "/läst på nytt|kunde inte/.test(document.getElementById('prognos-omgang-meddelande').textContent)"
        " && document.getElementById('prognos-omgang-meddelande').textContent",
        timeout=300,
    )


def test_round_status_per_unit_as_the_command_line_says(server, browser, round_files, tmp_path):
    open_pane(browser, server, book_payload(round_files["master"]))
    units = show_round(browser)
    oracle = cli_states(round_files["inbox"], round_files["master"])
    assert [u["enhet"] for u in units] == list(AREAS)
    for u in units:
        assert u["lage"] == oracle[u["enhet"]]["lage"], u
    assert {u["enhet"]: u["lage"] for u in units} == {IFO: "Väntar på beslut", VUXNA: "Fel", LEDNING: "Saknas"}
    by_unit = {u["enhet"]: u for u in units}
    assert by_unit[LEDNING]["fakta"]["Inlämnad"] == "Inte inlämnad än"
    assert "Ingen fil att besluta om än." in by_unit[LEDNING]["text"] and by_unit[LEDNING]["knappar"] == 0
    assert by_unit[VUXNA]["fakta"]["Validering"].startswith("Fel (") and not by_unit[VUXNA]["godkann"]
    assert by_unit[IFO]["fakta"]["Beslut"] == "Väntar" and by_unit[IFO]["godkann"]
    summary = browser.evaluate("document.getElementById('prognos-omgang-sammanfattning').textContent")
    assert f"Påminn: {', '.join(oracle['']['paminn'])}" in summary and f"Svar senast: {AR}-04-20" in summary
    assert browser.evaluate("document.getElementById('prognos-omgang-namn').value") == ROUND
    assert browser.evaluate("prognosTest.writes") == []  # showing writes nothing
    check_state(browser, "omgang_status", tmp_path, must_show=("Omgången", "Påminn", "Väntar på beslut", "Fastställ"))


def test_approve_writes_the_decision_into_the_register(server, browser, round_files, tmp_path):
    master = round_files["master"]
    open_pane(browser, server, book_payload(master))
    show_round(browser)
    click_in_unit(browser, IFO, ".prognos-beslut button")  # Godkänn
    assert "läst på nytt" in wait_for_refresh(browser)
    cells = register_cells(master, IFO)
    writes = browser.evaluate("prognosTest.writes")
    today = dt.date.today().isoformat()
    assert {w["address"]: w["values"] for w in writes} == {
        cells["Beslut"]: [["Godkänd"]],
        cells["Beslutsdatum"]: [[today]],
    }  # the comment is left as it was
    assert {w["sheet"] for w in writes} == {"Omgång"}
    units = {u["enhet"]: u for u in units_shown(browser)}  # the list read anew after the write
    assert units[IFO]["lage"] == "Godkänd" and units[IFO]["fakta"]["Beslut"] == f"Godkänd ({today})"
    assert not units[IFO]["godkann"]  # approved: only Skicka tillbaka is left
    # the command line reads the decision where the pane wrote it: the register is the one source
    written = with_writes(master, writes, tmp_path / "beslut.xlsx")
    assert cli_states(round_files["inbox"], written)[IFO]["lage"] == "Godkänd"
    check_state(browser, "omgang_godkand", tmp_path, must_show=(f"{IFO}: Godkänd är skrivet", "Godkänd"))


def test_send_back_writes_the_decision_and_the_comment(server, browser, round_files, tmp_path):
    master = round_files["master"]
    open_pane(browser, server, book_payload(master))
    show_round(browser)
    click_in_unit(browser, VUXNA, ".prognos-beslut button.btn-outline-danger")  # Skicka tillbaka …
    form = f"li[data-enhet={json.dumps(VUXNA)}] form.prognos-ater"
    assert browser.evaluate(f"!document.querySelector('{form}').classList.contains('d-none')")
    browser.evaluate(f"document.querySelector('{form} button[type=submit]').click(), true")
    assert "Skriv en kommentar" in browser.evaluate(
        f"document.querySelector('li[data-enhet={json.dumps(VUXNA)}] .prognos-beslut-fel').textContent"
    )
    assert browser.evaluate("prognosTest.writes") == []  # nothing without a comment
    comment = "Manuell prognos för Kostnader är text (ca 40 000): skriv beloppet i kronor."
    browser.evaluate(
        f"(() => {{ const t = document.querySelector('{form} textarea'); t.value = {json.dumps(comment)};"
        " t.dispatchEvent(new Event('input')); return true; })()"
    )
    check_state(browser, "omgang_skicka_tillbaka", tmp_path, must_show=("Kommentar till enheten", "Skicka tillbaka"))
    browser.evaluate(f"document.querySelector('{form} button[type=submit]').click(), true")
    assert "läst på nytt" in wait_for_refresh(browser)
    cells = register_cells(master, VUXNA)
    writes = browser.evaluate("prognosTest.writes")
    assert {w["address"]: w["values"][0][0] for w in writes} == {
        cells["Beslut"]: "Åter till enheten",
        cells["Ekonomens kommentar"]: comment,
        cells["Beslutsdatum"]: dt.date.today().isoformat(),
    }
    units = {u["enhet"]: u for u in units_shown(browser)}
    assert units[VUXNA]["lage"] == "Åter till enheten" and units[VUXNA]["fakta"]["Kommentar"] == comment
    oracle = cli_states(round_files["inbox"], with_writes(master, writes, tmp_path / "ater.xlsx"))
    assert oracle[VUXNA]["lage"] == "Åter till enheten" and VUXNA in oracle[""]["paminn"]


def test_a_register_changed_since_it_was_shown_is_not_written(server, browser, round_files, tmp_path):
    master = round_files["master"]
    open_pane(browser, server, book_payload(master))
    show_round(browser)
    row = int(re.sub(r"\D", "", register_cells(master, IFO)["Beslut"]))
    # someone sorted the register in Excel after the status was shown: IFO's row is another unit's
    browser.evaluate(
        f"prognosTest.payload.sheets.find((s) => s.name === 'Omgång').values[{row - 1}][0] = 'Vuxna', true"
    )
    click_in_unit(browser, IFO, ".prognos-beslut button")
    text = browser.wait_for(
        f"document.querySelector('li[data-enhet={json.dumps(IFO)}] .prognos-beslut-fel').textContent", timeout=60
    )
    assert text.startswith("Registret har ändrats sedan statusen visades") and "Inget skrevs" in text
    assert browser.evaluate("prognosTest.writes") == []
    check_state(browser, "omgang_andrat", tmp_path, must_show=("Registret har ändrats",))

    # the sheet renamed since: Office.js cannot find it (its English message is not shown)
    browser.evaluate(
        "Excel.run(async (c) => { c.workbook.worksheets.items.find((s) => s.name === 'Omgång').name = 'Omgång 2'; })"
        ".then(() => true)"
    )
    click_in_unit(browser, VUXNA, ".prognos-beslut button.btn-outline-danger")
    form = f"li[data-enhet={json.dumps(VUXNA)}] form.prognos-ater"
    browser.evaluate(f"document.querySelector('{form} textarea').value = 'Rätta beloppet.', true")
    browser.evaluate(f"document.querySelector('{form} button[type=submit]').click(), true")
    text = browser.wait_for(
        f"document.querySelector('li[data-enhet={json.dumps(VUXNA)}] .prognos-beslut-fel').textContent", timeout=60
    )
    assert text.startswith("Bladet Omgång finns inte längre i arbetsboken") and "Inget skrevs" in text
    assert browser.evaluate("prognosTest.writes") == []
    check_state(browser, "omgang_bladet_borta", tmp_path, must_show=("finns inte längre",))


def test_faststall_from_the_pane_and_the_same_round_refused(server, browser, round_files, tmp_path):
    master = round_files["master"]
    cli_out = tmp_path / "cli.xlsx"
    assert run_cli("faststall", master, "-o", cli_out, "--omgang", ROUND).returncode == 0
    open_pane(browser, server, book_payload(master))
    browser.evaluate(f"document.getElementById('prognos-omgang-namn').value = {json.dumps(ROUND)}, true")
    browser.evaluate("document.querySelector('#prognos-faststall button[type=submit]').click(), true")
    done = browser.wait_for(
        "/Fastställde|kunde inte|fel/.test(document.getElementById('prognos-faststall-resultat').textContent)"
        " && document.getElementById('prognos-faststall-resultat').textContent",
        timeout=300,
    )
    assert done.startswith("Fastställde Delår 1 2023: 9 rader i Prognoshistorik"), done
    assert [c["args"][0] for c in browser.evaluate("prognosTest.calls")] == [ROUND]
    book = XlsxBook(master)
    assert apply_actions(browser.evaluate("prognosTest.actions"), book.wb) == []
    settled = tmp_path / "faststalld.xlsx"
    book.save(settled)
    assert settled_rows(settled) == settled_rows(cli_out) and len(settled_rows(settled)) == 9
    check_state(browser, "omgang_faststalld", tmp_path, must_show=("Fastställde Delår 1 2023",))

    open_pane(browser, server, book_payload(settled))  # the same round again, on the settled book
    browser.evaluate("document.querySelector('#prognos-faststall button[type=submit]').click(), true")
    refused = browser.wait_for(
        "/redan|kunde inte/.test(document.getElementById('prognos-faststall-resultat').textContent)"
        " && document.getElementById('prognos-faststall-resultat').textContent",
        timeout=300,
    )
    assert refused.startswith("Omgången 'Delår 1' 2023 är redan fastställd: den finns i Prognoshistorik"), refused
    assert "i fältet Omgångens namn" in refused and "--omgang" not in refused
    assert [a["func"] for a in browser.evaluate("prognosTest.actions")] == ["alert"]  # nothing written
    steps = browser.evaluate("[...document.querySelectorAll('#prognos-steg li')].map((li) => li.textContent)")
    assert steps[-1] == "Fastställ kunde inte köras: se meddelandet." and "Klart" not in steps
    check_state(browser, "omgang_redan_faststalld", tmp_path, must_show=("redan fastställd",))


def settled_rows(path: Path) -> list[tuple]:
    raw = XlsxBook(path).table(PROGNOSHISTORIK)
    headers = [str(h) for h in raw.headers]
    keys = ("År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget")
    return [tuple(dict(zip(headers, r))[k] for k in keys) for r in raw.rows]


def test_a_workbook_without_a_register_is_said_in_swedish(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE))
    browser.evaluate("document.getElementById('prognos-visa-omgang').click(), true")
    text = browser.wait_for(
        "/omgångsregister|kunde inte/.test(document.getElementById('prognos-omgang-meddelande').textContent)"
        " && document.getElementById('prognos-omgang-meddelande').textContent",
        timeout=300,
    )
    assert text.startswith("Arbetsboken har inget omgångsregister (bladet Omgång)"), text
    assert browser.evaluate("document.querySelectorAll('#prognos-enheter li').length") == 0
    check_state(browser, "omgang_inget_register", tmp_path, must_show=("inget omgångsregister",))


def test_faststall_of_a_workbook_with_errors_is_refused_in_swedish(server, browser, tmp_path):
    broken = tmp_path / "fel.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Budget"]["C2"] = "ungefär tio"  # an amount as text: an error at Budget!C2
    wb.save(broken)
    open_pane(browser, server, book_payload(broken))
    browser.evaluate("document.getElementById('prognos-omgang-namn').value = 'Delår 2', true")
    browser.evaluate("document.querySelector('#prognos-faststall button[type=submit]').click(), true")
    text = browser.wait_for(
        "/fel|kunde inte/.test(document.getElementById('prognos-faststall-resultat').textContent)"
        " && document.getElementById('prognos-faststall-resultat').textContent",
        timeout=300,
    )
    assert text.startswith("Tabellerna har 1 fel, så ingen prognos fastställs. Det första: Budget!C2: "), text
    assert text.endswith("Kör Validera och rätta felen först.")
    assert [a["func"] for a in browser.evaluate("prognosTest.actions")] == ["alert"]  # nothing written
    check_state(browser, "omgang_faststall_fel", tmp_path, must_show=("ingen prognos fastställs",))


def test_round_status_with_the_server_down_is_said_in_swedish(server, browser, round_files, tmp_path):
    open_pane(browser, server, book_payload(round_files["master"]), refuse_calls=True)
    browser.evaluate("document.getElementById('prognos-visa-omgang').click(), true")
    text = browser.wait_for(
        "/kunde inte/.test(document.getElementById('prognos-omgang-meddelande').textContent)"
        " && document.getElementById('prognos-omgang-meddelande').textContent",
        timeout=180,
    )
    assert text == "Omgångens status kunde inte hämtas: se meddelandet överst."
    assert browser.evaluate("document.querySelector('#global-error-alert span').textContent").startswith(
        "Servern svarade inte"
    )
    check_state(browser, "omgang_servern_svarar_inte", tmp_path, must_show=("kunde inte hämtas",))


def test_round_logic_in_node(tmp_path):
    """omgang.js' pure parts (tests/js/omgang.mjs): sheet names with quotes, the local day, every
    empty state of a unit said in Swedish, and a decision's cells or why they cannot be written."""
    node = require_tool("node", "nodejs")
    cells = {
        "omrade": "'Omgång'!A5",
        "beslut": "'Omgång'!L5",
        "kommentar": "'Omgång'!M5",
        "beslutsdatum": "'Omgång'!N5",
    }
    empty = {"verksamhetsomrade": "Vuxna", "lage": "Saknas", "beslut": "Väntar", "celler": cells}
    returned = {
        **empty,
        "inkommen": "2023-04-18 09:30:00",
        "fil": "v.xlsx",
        "valideringsstatus": "Fel",
        "har_fel": True,
        "fel": 2,
        "beslut": "Åter till enheten",
        "beslutsdatum": "2023-04-19",
        "kommentar": "Rätta C5.",
    }
    unchecked = {
        **empty,
        "inkommen": "2023-04-18 09:30:00",
        "celler": {"beslut": cells["beslut"]},
        "beslut_oforstatt": "ok?",
    }
    cases = {
        "celler": ["'Omgång'!L5", "'Pers ''gamla'' blad'!$B$2", "Blad1!C3", None],
        "tider": ["2023-04-18 09:30:00", "2023-04-18", None],
        "enheter": [empty, returned, unchecked, {**unchecked, "lage_nyckel": "godkand"}],
        "beslut": [
            [returned, "Godkänd", None],
            [returned, "Åter till enheten", "Fel belopp."],
            [unchecked, "Godkänd", None],
            [returned, None, None],  # no words from the server: nothing to write
        ],
    }
    done = subprocess.run(
        [node, str(JS / "omgang.mjs"), str(REPO / "addin/static/js/omgang.js"), json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["celler"] == [
        {"sheet": "Omgång", "cell": "L5"},
        {"sheet": "Pers 'gamla' blad", "cell": "B2"},
        {"sheet": "Blad1", "cell": "C3"},
        None,
    ]
    assert out["dag"] == "2023-01-05"  # the computer's own day, not UTC's
    assert out["tid"] == ["2023-04-18 kl. 09.30", "2023-04-18", ""]
    saknas, ater, okand, _godkand = (dict(rows) for rows in out["rader"])
    assert saknas == {
        "Skickad": "Ingen arbetsbok skickad enligt registret",
        "Inlämnad": "Inte inlämnad än",
        "Validering": "Inte kontrollerad (ingen fil har kommit in)",
        "Beslut": "Väntar",
        "Kommentar": "Ingen kommentar",
    }
    assert ater["Validering"] == "Fel (2 fel)" and ater["Beslut"] == "Åter till enheten (2023-04-19)"
    assert ater["Inlämnad"] == "2023-04-18 kl. 09.30 (v.xlsx)" and ater["Kommentar"] == "Rätta C5."
    assert okand["Validering"].startswith("Okänd: kör prognos status")
    assert okand["Beslut"] == "”ok?” förstås inte, så enheten väntar: välj Godkänn eller Skicka tillbaka"
    assert [(k["godkann"], k["ater"]) for k in out["kan"]] == [
        (False, False),
        (False, True),
        (True, True),
        (False, True),
    ]
    approve, back, missing, no_words = out["plan"]
    assert no_words["fel"].startswith("Beslutet kan inte skrivas: statusen saknar registrets beslutsord")
    assert approve["kontroll"] == {"sheet": "Omgång", "cell": "A5"}
    assert [(w["cell"], w["value"]) for w in approve["skriv"]] == [("L5", "Godkänd"), ("N5", "2023-04-23")]
    assert [(w["cell"], w["value"]) for w in back["skriv"]] == [
        ("L5", "Åter till enheten"),
        ("N5", "2023-04-23"),
        ("M5", "Fel belopp."),
    ]
    office = out["officefel"]
    assert office[0].startswith("Bladet Omgång finns inte längre") and office[1].startswith("Excel tillät inte")
    assert office[2] == (
        "Beslutet kunde inte skrivas i arbetsboken, och inget skrevs. Ett fel uppstod i tillägget (Unknown error). "
        "Försök igen, och kontakta den som sköter Prognos om felet kvarstår."
    )
    assert missing["fel"].startswith("Registret på bladet Omgång saknar kolumnen Verksamhetsområde och Beslutsdatum")
