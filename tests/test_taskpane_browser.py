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
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from chromium import chromium_page
from conftest import EXAMPLE, require_tool
from officejs import REPO, book_payload, running_server
from PIL import Image

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
        "process.stdout.write(JSON.stringify(texts.map((t) => m.inSwedish(t))));\n"
    )
    out = json.loads(subprocess.run([node, str(script)], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert out[:-1] == list(cases.values())
    assert out[-1].startswith("Ett fel uppstod i tillägget (Bad Gateway).")
