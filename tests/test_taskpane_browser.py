"""The task pane in a real browser (issue 22, item 7): headless Chromium (Debian's
``chromium``) opens the pane from the running server (xlwings Server with Prognos' project
directory, real HTTP, real socket.io) with Office.js replaced by the fake Excel the Node tests
use (``tests/js/fake_excel.cjs``, over the bundled example as xlwings' book JSON), and every
state a user can meet is checked at the task pane's width: ready, a refresh with its result, a
validation with findings and links to the cells, the server not answering, Office.js not
attached to Excel. In each state every visible text and label is Swedish, nothing is wider than
the pane, and the screenshot (PNG, also shown in docs/deployment.md: set PROGNOS_SKARMBILDER=docs
to write them there) has nothing drawn at its right edge.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import fill, make_master, run_cli, run_json
from chromium import chromium_page
from conftest import EXAMPLE, require_tool
from officejs import REPO, apply_actions, book_payload, running_server
from PIL import Image
from workbook_factory import AR, AREAS

from validation.contract import PROGNOSHISTORIK
from validation.round.register import REGISTER, read_register
from workbooks.books.xlsx_book import XlsxBook

pytest.importorskip("xlwings_server")

JS = REPO / "tests" / "js"
WIDTHS = (320, 350)
# English a user could meet in xlwings Server's page and its request code.
ENGLISH = re.compile(
    r"\b(Reload|Cancel|Close|Error|Failed|didn't|No response|Unknown|Network|timed out|Task pane|"
    r"Loading|Submit|Browse|No file chosen|add-in)\b"
)
VISIBLE_TEXT = """(() => {
  const out = [];
  const walk = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.textContent.trim()) out.push(node.textContent.trim());
      else if (node.nodeType === 1) walk(node);
    }
  };
  walk(document.body);
  out.push(document.title);
  // a native file input shows the browser's own English button and "No file chosen"
  for (const input of document.querySelectorAll('input[type=file]')) {
    if (input.getBoundingClientRect().width > 1 && getComputedStyle(input).display !== 'none') out.push('No file chosen');
  }
  return out;
})()"""
BANNER_ROWS = """[...document.querySelectorAll('#global-error-alert, #global-status-alert')]
  .filter((el) => !el.classList.contains('d-none'))
  .map((el) => { const r = el.getBoundingClientRect(); return [Math.floor(r.top) - 1, Math.ceil(r.bottom) + 1]; })"""
OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && getComputedStyle(el).display !== 'none' && r.right > width + 0.5;
  }).map((el) => `${el.tagName}#${el.id}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`);
  return {scroll: document.documentElement.scrollWidth, width, wide};
})()"""


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = require_tool("chromium", "chromium")
    with chromium_page(executable, WIDTHS[0]) as page:
        yield page


def fake_office(payload: dict, host: str | None = "Excel") -> bytes:
    """What Chromium gets in place of office.js: the fake Excel over ``payload`` and the
    runPython that sends it to the server."""
    options = {"host": host}
    return (
        f"globalThis.prognosTestPayload = {json.dumps(payload)};\n"
        f"globalThis.prognosTestOptions = {json.dumps(options)};\n"
        + (JS / "fake_excel.cjs").read_text()
        + "\n"
        + (JS / "fake_runpython.js").read_text()
    ).encode()


def open_pane(page, url: str, payload: dict, *, host: str | None = "Excel", refuse_calls: bool = False) -> None:
    body = base64.b64encode(fake_office(payload, host)).decode()

    def paused(params):
        request_url = params["request"]["url"]
        if "custom-scripts-call" in request_url and refuse_calls:
            page.send("Fetch.failRequest", requestId=params["requestId"], errorReason="ConnectionRefused")
        elif request_url.split("?")[0].endswith("office.js"):
            page.send(
                "Fetch.fulfillRequest",
                requestId=params["requestId"],
                responseCode=200,
                body=body,
                responseHeaders=[{"name": "Content-Type", "value": "text/javascript; charset=utf-8"}],
            )
        else:
            page.send("Fetch.continueRequest", requestId=params["requestId"])

    page.on("Fetch.requestPaused", paused)
    page.call("Fetch.enable", patterns=[{"urlPattern": "*office.js*"}, {"urlPattern": "*custom-scripts-call*"}])
    page.evaluate("delete globalThis.prognosTest, true")  # the previous page's, if any
    page.call("Page.navigate", url=f"{url}/taskpane")
    # prognos.js has run once it has listed the functions (or said it could not)
    page.wait_for(
        "document.readyState === 'complete' && !!globalThis.prognosTest"
        " && document.querySelectorAll('#prognos-funktioner dd').length > 0"
    )
    if host:  # the server reports progress and the result to this pane over socket.io
        page.wait_for("!!globalThis.socket && globalThis.socket.connected")


def check_state(page, name: str, tmp_path: Path, *, must_show: tuple[str, ...]) -> list[str]:
    """Swedish, within the pane's width, and a screenshot per width with nothing at its right edge."""
    page.evaluate("document.fonts.ready.then(() => true)")
    texts = page.evaluate(VISIBLE_TEXT)
    english = [t for t in texts if ENGLISH.search(t)]
    assert not english, f"{name}: engelsk text i aktivitetsfönstret: {english}"
    joined = "\n".join(texts)
    for text in must_show:
        assert text in joined, f"{name}: {text!r} syns inte: {joined[:800]}"
    for width in WIDTHS:
        page.set_width(width)
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= width and not overflow["wide"], f"{name} vid {width} px: {overflow}"
        shot = page.screenshot(tmp_path / f"aktivitetsfonster_{name}_{width}.png", width)
        image = Image.open(shot).convert("RGB")
        assert image.width == width and image.height > 200
        # Nothing reaches the right edge, except xlwings' alert boxes, which are as wide as the pane.
        banners = page.evaluate(BANNER_ROWS)
        rows = [y for y in range(image.height) if not any(top <= y <= bottom for top, bottom in banners)]
        background = image.getpixel((width - 1, rows[0]))
        edge = {image.getpixel((x, y)) for x in range(width - 3, width) for y in rows}
        assert edge == {background}, f"{name} vid {width} px: något ritas ända ut i högerkanten"
        if os.environ.get("PROGNOS_SKARMBILDER") and width == WIDTHS[-1]:
            target = Path(os.environ["PROGNOS_SKARMBILDER"])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, target / f"aktivitetsfonster_{name}.png")
    page.set_width(WIDTHS[0])
    return texts


def test_ready_pane_is_swedish_and_fits(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE))
    browser.wait_for("document.querySelectorAll('#prognos-funktioner dt').length >= 9")
    assert browser.evaluate("document.getElementById('xlwings-office-ready-error').classList.contains('d-none')")
    check_state(
        browser,
        "klar",
        tmp_path,
        must_show=("Uppdatera prognos", "Inskickade arbetsböcker", "PROGNOS.AVVIKELSE(budget; prognos)"),
    )
    # xlwings' own prompt is Swedish too, before it is ever shown
    assert browser.evaluate("document.getElementById('xlwings-taskpane-reload-btn').textContent") == "Läs in igen"
    assert browser.evaluate("document.documentElement.lang") == "sv"


def test_refresh_from_the_pane_reaches_the_server_and_shows_the_result(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE))
    browser.evaluate("document.querySelector('[data-prognos-skript=uppdatera_prognos]').click(), true")
    browser.wait_for("!document.getElementById('prognos-resultat').classList.contains('d-none')", timeout=300)
    steps = browser.evaluate("[...document.querySelectorAll('#prognos-steg li')].map((li) => li.textContent)")
    assert steps[0] == "Uppdatera prognos: skickar arbetsboken till servern" and steps[-1] == "Klart"
    calls = browser.evaluate("prognosTest.calls")
    assert [c["script"] for c in calls] == ["uppdatera_prognos"]
    added = [a["args"][1] for a in browser.evaluate("prognosTest.actions") if a["func"] == "addSheet"]
    assert {"Avvikelse", "Sammanfattning", "Rapport"} <= set(added)
    assert browser.evaluate("prognosTest.dialogs") == []
    check_state(browser, "resultat", tmp_path, must_show=("Resultat", "0 fel"))


def test_findings_link_to_their_cells(server, browser, tmp_path):
    broken = tmp_path / "fel.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Budget"]
    ws["C2"] = "ungefär tio"  # an amount as text: an error at Budget!C2
    wb.save(broken)
    open_pane(browser, server, book_payload(broken))
    browser.evaluate("document.querySelector('[data-prognos-skript=validera]').click(), true")
    browser.wait_for("document.querySelectorAll('#prognos-fynd li').length > 0", timeout=300)
    first = browser.evaluate("document.querySelector('#prognos-fynd li.fel button').textContent")
    browser.evaluate("document.querySelector('#prognos-fynd li.fel button').click(), true")
    browser.wait_for("prognosTest.selection.length >= 2")
    sheet, cell = first.split("!")
    assert browser.evaluate("prognosTest.selection") == [f"aktivera {sheet}", f"{sheet}!{cell}"]
    check_state(browser, "valideringsfel", tmp_path, must_show=("Resultat", "Budget!C2"))


def test_server_not_answering_is_said_in_swedish(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE), refuse_calls=True)
    browser.evaluate("document.querySelector('[data-prognos-skript=validera]').click(), true")
    browser.wait_for("!document.getElementById('global-error-alert').classList.contains('d-none')", timeout=180)
    text = browser.evaluate("document.querySelector('#global-error-alert span').textContent")
    assert text.startswith("Servern svarade inte")
    steps = browser.evaluate("[...document.querySelectorAll('#prognos-steg li')].map((li) => li.textContent)")
    assert steps[-1] != "Klart" and "avbröts" in steps[-1]
    assert browser.evaluate("prognosTest.dialogs") == []
    check_state(browser, "servern_svarar_inte", tmp_path, must_show=("Servern svarade inte",))


def test_office_not_attached_shows_the_swedish_reload_prompt(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE), host=None)
    browser.wait_for("!document.getElementById('xlwings-office-ready-error').classList.contains('d-none')", timeout=180)
    check_state(browser, "inte_laddat", tmp_path, must_show=("Tillägget kunde inte läsas in", "Läs in igen", "Avbryt"))
    browser.evaluate("sessionStorage.clear(), true")


def test_upload_of_submitted_workbooks_in_swedish(server, browser, tmp_path):
    open_pane(browser, server, book_payload(EXAMPLE))
    browser.evaluate("document.querySelector('#prognos-uppladdning button[type=submit]').click(), true")
    assert browser.wait_for("document.getElementById('prognos-inskickade-resultat').textContent") == (
        "Välj först arbetsböckerna som enheterna har skickat in."
    )
    not_a_workbook = tmp_path / "inte_en_arbetsbok.xlsx"
    not_a_workbook.write_text("hej")
    chooser = browser.call("Runtime.evaluate", expression="document.getElementById('prognos-filer')")["result"]
    browser.call("DOM.setFileInputFiles", files=[str(EXAMPLE), str(not_a_workbook)], objectId=chooser["objectId"])
    browser.evaluate("document.getElementById('prognos-filer').dispatchEvent(new Event('change')), true")
    assert browser.evaluate("document.getElementById('prognos-valda-filer').textContent") == "2 arbetsböcker valda"
    browser.evaluate("document.querySelector('#prognos-uppladdning button[type=submit]').click(), true")
    browser.wait_for("document.querySelectorAll('#prognos-inskickade-resultat li').length == 2", timeout=300)
    lines = browser.evaluate(
        "[...document.querySelectorAll('#prognos-inskickade-resultat li')].map((li) => li.textContent)"
    )
    assert any(line.startswith("✗ inte_en_arbetsbok.xlsx: 1 fel") for line in lines), lines
    check_state(browser, "uppladdning", tmp_path, must_show=("2 arbetsböcker valda", "Skriv rapporten i arbetsboken"))


def test_every_message_xlwings_can_show_reads_swedish(tmp_path):
    """svenska.js on the texts xlwings Server's request code and a proxy can put in the pane:
    known ones translated, unknown English with a Swedish sentence first, Swedish kept."""
    node = require_tool("node", "nodejs")
    cases = {
        "No response received from server": "Servern svarade inte. Kontrollera nätverket och försök igen om en stund.",
        "Request timed out": "Servern svarade inte i tid. Försök igen; en stor arbetsbok kan ta några minuter.",
        "Error: Network error": "Servern gick inte att nå. Kontrollera nätverket och försök igen.",
        "Running 'validera' ...": "Kör validera …",
        "Arbetsboken saknar tabellen Budget.": "Arbetsboken saknar tabellen Budget.",
    }
    script = tmp_path / "svenska.mjs"
    script.write_text(
        f"const m = await import({json.dumps((REPO / 'addin/static/js/svenska.js').as_uri())});\n"
        f"const texts = {json.dumps(list(cases) + ['Bad Gateway'])};\n"
        "process.stdout.write(JSON.stringify(texts.map((t) => m.svenska(t))));\n"
    )
    out = json.loads(subprocess.run([node, str(script)], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert out[:-1] == list(cases.values())
    assert out[-1].startswith("Ett fel uppstod i tillägget (Bad Gateway).")


# --- the forecast round in the pane (section Omgången) -----------------------------------------

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
        fakta: Object.fromEntries([...li.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextSibling.textContent])),
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
    assert browser.evaluate("prognosTest.formats")[f"Omgång!{cells['Beslutsdatum']}"] == "yyyy-mm-dd"
    units = {u["enhet"]: u for u in units_shown(browser)}  # the list read anew after the write
    assert units[IFO]["lage"] == "Godkänd" and units[IFO]["fakta"]["Beslut"] == f"Godkänd ({today})"
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
