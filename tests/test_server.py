"""The Office.js add-in's server: xlwings Server with ``addin/`` as project directory,
started with uvicorn on 127.0.0.1, called with request bodies shaped as Excel sends them."""

from __future__ import annotations

import json
import re
import struct
import sys
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import defusedxml.ElementTree as ET  # noqa: E402
import httpx  # noqa: E402

from addin.commands.cli import main  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402
from tests.officejs import apply_actions, book_payload, function_body, running_server  # noqa: E402
from udfs.forecasting import deviation  # noqa: E402
from udfs.worksheet.functions import FUNCTIONS  # noqa: E402
from workbooks.books.xlsx_book import XlsxBook  # noqa: E402

NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


@pytest.fixture(scope="module")
def cli_output(tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("cli") / "uppdaterad.xlsx"
    assert main(["uppdatera", str(EXAMPLE), "-o", str(out)]) == 0
    return openpyxl.load_workbook(out)


# --- manifest ------------------------------------------------------------------------


def test_manifest_has_the_prognos_tab_buttons_and_namespace(server):
    response = server.get("/manifest.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iterfind(".//bt:ShortStrings/bt:String", NS)}
    assert root.find("o:DefaultLocale", NS).text == "sv-SE"
    assert root.find("o:DisplayName", NS).get("DefaultValue") == "Prognos"
    tab = root.find(".//v:CustomTab", NS)
    assert strings[tab.find("v:Label", NS).get("resid")] == "Prognos"
    controls = tab.findall(".//v:Control", NS)
    labels = [strings[c.find("v:Label", NS).get("resid")] for c in controls]
    assert labels == [
        "Uppdatera prognos",
        "Validera",
        "Återrapportering",
        "Skapa rapport",
        "Validera inskickade",
        "Fastställ",
        "Visa aktivitetsfönstret",
    ]
    functions = [
        c.findtext(".//v:FunctionName", namespaces=NS)
        for c in controls
        if c.find("v:Action", NS).get(XSI_TYPE) == "ExecuteFunction"
    ]
    assert functions == [
        "prognos-uppdatera",
        "prognos-validera",
        "prognos-aterrapportering",
        "prognos-rapport",
        "prognos-inskickade",
        "prognos-faststall",
    ]
    assert all(len(i) <= 32 for i in [*strings, *(c.get("id") for c in controls)])
    assert [c.find("v:Action", NS).get(XSI_TYPE) for c in controls][-1] == "ShowTaskpane"
    namespace = root.find(".//v:ExtensionPoint[@xsi:type='CustomFunctions']/v:Namespace", NS)
    assert strings[namespace.get("resid")] == "PROGNOS"
    # every button has a 16, 32 and 80 px icon, served as a PNG of that size
    images = {i.get("id"): i.get("DefaultValue") for i in root.iterfind(".//bt:Images/bt:Image", NS)}
    for control in controls:
        icons = {int(i.get("size")): images[i.get("resid")] for i in control.iterfind("v:Icon/bt:Image", NS)}
        assert sorted(icons) == [16, 32, 80]
        for size, url in icons.items():
            png = server.get(httpx.URL(url).path)
            assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", png.content[16:24]) == (size, size)


def test_taskpane_is_swedish(server):
    html = server.get("/prognos/aktivitetsfonster.html").text
    for text in (
        "Uppdatera prognos",
        "Validera",
        "Återrapportering",
        "Inskickade arbetsböcker",
        "Validera filerna",
        "prognos.js",
    ):
        assert text in html
    assert server.get("/static/js/prognos.js").status_code == 200


# --- custom functions ----------------------------------------------------------------


def test_meta_lists_every_function_with_swedish_descriptions(server):
    meta = server.get("/xlwings/custom-functions-meta.json").json()
    by_id = {f["id"]: f for f in meta["functions"]}
    assert set(by_id) == {f.name for f in FUNCTIONS}
    for spec in FUNCTIONS:
        f = by_id[spec.name]
        assert f["name"] == spec.name  # shown as PROGNOS.<name> through the manifest namespace
        assert f["description"] == spec.description
        assert [p["name"] for p in f["parameters"]] == [a.name for a in spec.arguments]
        assert [p["description"] for p in f["parameters"]] == [a.help for a in spec.arguments]
        assert [bool(p.get("optional")) for p in f["parameters"]] == [a.optional for a in spec.arguments]
        assert f["result"]["dimensionality"] == "matrix"
    assert meta["allowErrorForDataTypeAny"] is True
    assert "Budgetavvikelse" in by_id["AVVIKELSE"]["description"]


def test_functions_code_associates_every_function(server):
    js = server.get("/xlwings/custom-functions-code.js").text
    for spec in FUNCTIONS:
        assert f'CustomFunctions.associate("{spec.name}"' in js


def call(server, name, *args):
    response = server.post("/xlwings/custom-functions-call", json=function_body(name.lower(), *args))
    return response


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("AVVIKELSE", (-720329, -682050), 38279),
        ("AVVIKELSEPROCENT", (-720329, -682050), 38279 / 720329),
        ("AVRUNDA", (-682.05, 1), -682.1),
        ("AVRUNDA", (2.5, None), 3),  # an empty optional argument takes its default
        ("KVARSTAENDE", (325000, 97924), 227076),
        ("KVARSTAENDE", (615251, 624580), 0),
        ("SMATAL", (2,), 3),
        ("SMATAL", (0,), 0),
        ("ARSPLATSER", (7300, 365), 20),
        ("VOLYMKOSTNAD", (843, 11000, 12), 843 * 11000 * 12),
        ("HELARSPROGNOS", ([10, 20, 30, 40, None, None, None, None, None, None, None, None], "Linjär"), 300),
        ("AVVIKELSE", ("−12 000", "1 234,5"), 13234.5),  # Swedish number text
    ],
)
def test_function_call_single_cells(server, name, args, expected):
    response = call(server, name, *args)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result == [[pytest.approx(expected)]]


def test_avvikelsetext_single_cell(server):
    result = call(server, "AVVIKELSETEXT", -720329, -682050, "tkr").json()["result"]
    assert result == [
        [
            "Prognosen för helåret visar ett överskott på 38,3 miljoner kronor, "
            "vilket motsvarar en positiv budgetavvikelse på 5,3 procent."
        ]
    ]


def test_function_call_ranges_array_in_array_out(server, cli_output):
    # The budget and forecast columns of the Avvikelse sheet, as whole columns.
    ws = cli_output["Avvikelse"]
    header = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] != "Netto" and r[0] != "Totalt"]
    budget = [[r[header.index("Budget 2023")]] for r in rows]
    prognos = [[r[header.index("Prognos helår 2023")]] for r in rows]
    response = call(server, "AVVIKELSE", budget, prognos)
    assert response.status_code == 200
    expected = deviation.avvikelse([b[0] for b in budget], [p[0] for p in prognos])
    assert response.json()["result"] == [[pytest.approx(v)] for v in expected]
    # a column against a single cell, and a row against a column (broadcast to a table)
    assert call(server, "AVVIKELSE", [[1], [2], [3]], 10).json()["result"] == [[9], [8], [7]]
    assert call(server, "AVVIKELSE", [[1], [2]], [[10, 20, 30]]).json()["result"] == [[9, 19, 29], [8, 18, 28]]
    assert call(server, "SMATAL", [[0, 1, 3, 4, 17]]).json()["result"] == [[0, 3, 3, 4, 17]]
    forecasts = call(
        server, "HELARSPROGNOS", [[1, 2, None], [3, 4, None]], [["Linjär"], ["Budgetprofil"]], None, [[120], [240]]
    )
    assert forecasts.json()["result"] == [[pytest.approx(18)], [pytest.approx(7 + 240 - 40)]]


def test_bad_elements_give_excel_errors_not_a_failed_batch(server):
    result = call(server, "AVVIKELSEPROCENT", [[0], [100], ["abc"], [None], ["Anges vid årsbokslut"]], 50).json()[
        "result"
    ]
    assert result[0] == [{"type": "Error", "errorType": "Div0"}]
    assert result[1] == [pytest.approx(-0.5)]
    assert result[2] == [{"type": "Error", "errorType": "Value"}]
    assert result[3] == [{"type": "Error", "errorType": "Div0"}]  # an empty cell is 0, as in Excel
    assert result[4] == [{"type": "Error", "errorType": "NotAvailable"}]  # not known yet, never 0
    # an error value in an input cell is passed on
    error_in = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    assert call(server, "AVVIKELSE", [[error_in], [1]], 2).json()["result"] == [
        [{"type": "Error", "errorType": "NotAvailable"}],
        [1],
    ]


def test_bad_single_cell_gives_value_error_with_swedish_message(server):
    response = call(server, "AVVIKELSE", "tolv", 1)
    assert response.status_code == 400  # Excel shows #VALUE! with this text; no retry
    assert response.text == "budget: 'tolv' är inte ett tal."
    response = call(server, "HELARSPROGNOS", [[1, 2]], "Gissning")
    assert response.status_code == 400 and "Okänd metod 'Gissning'" in response.text
    response = call(server, "AVVIKELSE", [[1, 2, 3]], [[1, 2]])
    assert response.status_code == 400 and "olika storlek" in response.text
    # the server is still fine
    assert call(server, "AVVIKELSE", 1, 2).json()["result"] == [[1]]


def test_ten_thousand_cells(server):
    cells = [[float(i)] for i in range(10_000)]
    response = call(server, "AVRUNDA", cells, 0)
    assert response.status_code == 200
    assert len(response.json()["result"]) == 10_000


# --- ribbon scripts ------------------------------------------------------------------


def script(server, name, path: Path, *args):
    payload = book_payload(path)
    if args:
        payload["args"] = list(args)
    response = server.post(
        f"/xlwings/custom-scripts-call/{name}",
        content=json.dumps(payload),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["actions"]


def contents(wb, name):
    link = re.compile(r'^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$')
    out = {}
    for row in wb[name].iter_rows():
        for c in row:
            if c.value is not None:
                m = link.match(c.value) if isinstance(c.value, str) else None
                out[c.coordinate] = m.group(1) if m else c.value
    return out


def applied(actions, source: Path, tmp_path: Path):
    book = XlsxBook(source)
    alerts = apply_actions(actions, book.wb)
    book.save(tmp_path / "efter.xlsx")
    return openpyxl.load_workbook(tmp_path / "efter.xlsx"), alerts


def test_script_uppdatera_prognos_gives_the_cli_sheets(server, cli_output, tmp_path):
    wb, alerts = applied(script(server, "uppdatera_prognos", EXAMPLE), EXAMPLE, tmp_path)
    assert alerts == []
    for name in ("Avvikelse", "Sammanfattning"):
        assert contents(wb, name) == contents(cli_output, name), name
    assert wb.sheetnames == cli_output.sheetnames
    assert wb.active.title == "Sammanfattning"


def test_script_validera(server, cli_output, tmp_path):
    wb, _alerts = applied(script(server, "validera", EXAMPLE), EXAMPLE, tmp_path)
    assert contents(wb, "Valideringsfel") == contents(cli_output, "Valideringsfel")
    assert "Avvikelse" not in wb.sheetnames


def test_script_aterrapportering(server, tmp_path):
    actions = script(server, "aterrapportering", EXAMPLE)
    try:
        import addin.ribbon.grants  # noqa: F401
    except ImportError:
        assert [a["func"] for a in actions] == ["alert"]
        return
    grants = EXAMPLE.parent / "botkyrka_statsbidrag_2022.xlsx"
    wb, _alerts = applied(script(server, "aterrapportering", grants), grants, tmp_path)
    assert "Återrapportering" in wb.sheetnames


def test_upload_and_script_validera_inskickade(server, tmp_path):
    broken = b"PK\x03\x04 inte en arbetsbok"
    files = [("filer", ("enhet_a.xlsx", EXAMPLE.read_bytes())), ("filer", ("enhet_b.xlsx", broken))]
    response = server.post("/prognos/inskickade", files=files)
    assert response.status_code == 200, response.text
    data = response.json()
    assert [f["fil"] for f in data["filer"]] == ["enhet_a.xlsx", "enhet_b.xlsx"]
    assert data["filer"][1]["giltig"] is False and data["filer"][1]["fel"] >= 1
    wb, _alerts = applied(script(server, "validera_inskickade", EXAMPLE, data["uppladdning"], ""), EXAMPLE, tmp_path)
    rows = list(wb["Valideringsfel"].iter_rows(values_only=True))
    assert rows[0][0] == "Fil" and any(r[0] == "enhet_b.xlsx" and r[1] == "Fel" for r in rows[1:])


def test_script_errors_reach_the_user_as_swedish_alerts(server, tmp_path):
    empty = tmp_path / "tom.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Ingen tabell"
    wb.save(empty)
    actions = script(server, "uppdatera_prognos", empty)
    assert [a["func"] for a in actions] == ["alert"]
    assert "saknar tabellen" in actions[0]["args"][0]


def test_scripts_meta(server):
    names = {s["function_name"] for s in server.get("/xlwings/custom-scripts-meta.json").json()}
    assert names == {
        "uppdatera_prognos",
        "validera",
        "aterrapportering",
        "skapa_rapport",
        "validera_inskickade",
        "omgangsstatus",
        "faststall",
    }


def test_script_skapa_rapport_and_its_download(server, tmp_path):
    import io

    import docx

    nyckel = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
    actions = script(server, "skapa_rapport", EXAMPLE, nyckel, "")
    assert not [a for a in actions if a["func"] != "alert"], "arbetsboken ska inte ändras"
    assert not [a for a in actions if a["func"] == "alert"]
    response = server.get(f"/prognos/rapport/{nyckel}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "ekonomi_socialnamnden_botkyrka_kommun_2023.docx" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    netto = [c.text for c in document.tables[0].rows[3].cells]
    assert netto == ["Netto", "−634,7", "−223,1", "−720,3", "−682,1", "38,3"]
    missing = server.get("/prognos/rapport/finnsinteannuabcdef123")
    assert missing.status_code == 404 and "Skapa rapport" in missing.json()["detail"]
    bad = script(server, "skapa_rapport", EXAMPLE, "kort", "")
    assert [a["func"] for a in bad] == ["alert"] and "nyckel" in bad[0]["args"][0]


def _chart_summary(chart, name_of=None):
    def text(title):
        if title is None:
            return None
        return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))

    def rgb(fill):
        value = None if fill is None else fill.srgbClr
        return getattr(value, "val", value)

    def color(props, part):
        if props is None:
            return None
        if part == "fill":
            return rgb(props.solidFill)
        return None if props.line is None else rgb(props.line.solidFill)

    kind = getattr(chart, "tagname", "")
    return {
        "kind": kind,
        "bar_dir": getattr(chart, "barDir", None),
        "grouping": getattr(chart, "grouping", None),
        "title": text(chart.title),
        "y_title": text(chart.y_axis.title),
        "reversed": chart.x_axis.scaling.orientation == "maxMin",
        "legend": None if chart.legend is None else chart.legend.position,
        "series": [
            (
                s.val.numRef.f.replace("$", "").split("!")[-1],
                s.cat.strRef.f.replace("$", "").split("!")[-1]
                if s.cat.strRef is not None
                else s.cat.numRef.f.replace("$", "").split("!")[-1],
                (s.tx.v if s.tx.v is not None else name_of(s.tx.strRef.f)) if s.tx is not None else None,
                (color(s.graphicalProperties, "fill"), color(s.graphicalProperties, "line")),
            )
            for s in chart.series
        ],
    }


def test_diagram_has_native_charts_like_the_file(server, cli_output, tmp_path):
    """The live Diagram sheet gets native Excel charts from the same ChartDefs as the file
    (workbooks/report/charts/excel_charts.py): type, source cells, categories, titles, series names and
    colours agree; no pictures any more."""
    actions = script(server, "uppdatera_prognos", EXAMPLE)
    assert "addPicture" not in {a["func"] for a in actions}
    wb, _alerts = applied(actions, EXAMPLE, tmp_path)
    live_ws = wb["Diagram"]
    file_ws = cli_output["Diagram"]
    assert len(live_ws._charts) == len(file_ws._charts) == 4

    def name_of(ref):
        sheet, cell = ref.replace("$", "").split("!")
        return cli_output[sheet.strip("'")][cell].value

    live = [_chart_summary(c) for c in live_ws._charts]
    files = [_chart_summary(c, name_of) for c in file_ws._charts]
    for a, b in zip(live, files):
        # The invisible base of the bridge: no fill in the file, the background colour live.
        b["series"] = [(v, c, n, ("FFFFFF", "FFFFFF") if n == "Bas" else col) for v, c, n, col in b["series"]]
        assert a == b
