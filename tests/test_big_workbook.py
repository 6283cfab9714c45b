"""A refresh of a workbook with a 500 000-row outcome sheet within Excel on the web's
limits: no request and no response between the add-in and the server over 5 MB (Microsoft's
limit for Excel on the web), no range read over 5 million cells. The requests are the ones
the task pane sends (tests/officejs.py: ``pieces_of_big_sheets`` mirrors static/js/prognos.js),
over real HTTP; the sheets written equal the command line's on the same figures."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import openpyxl
import pytest

pytest.importorskip("xlwings_server", reason="the [server] extra is not installed")
if sys.version_info < (3, 11):
    pytest.skip("xlwings Server needs Python 3.11", allow_module_level=True)

import httpx  # noqa: E402

from addin.commands.cli import main  # noqa: E402
from addin.server.big_sheets import INLINE_CELLS, LIMIT_BYTES, MAX_PART_BYTES, PART_CELLS  # noqa: E402
from tests.conftest import EXAMPLE, REPO, require_tool  # noqa: E402
from tests.officejs import apply_actions, book_payload, pieces_of_big_sheets, running_server  # noqa: E402
from workbooks.books.xlsx_book import XlsxBook  # noqa: E402

PARTS = 1600  # each outcome row split in 1 600: 320 × 1 600 = 512 000 rows, the same sums
EXCEL_CELLS_PER_RANGE = 5_000_000


def big_payload(parts: int = PARTS) -> dict:
    """The example as Excel sends it, its outcome split over ``parts`` units (a column
    Verksamhet, as a ledger export has): the same sums from ``320 × parts`` rows."""
    payload = book_payload(EXAMPLE)
    sheet = next(s for s in payload["sheets"] if s["name"] == "Utfall")
    header, *rows = sheet["values"]
    amount = header.index("Belopp")
    values = [header + ["Verksamhet"]]
    units = [f"Enhet {k + 1:04d}" for k in range(parts)]
    for row in rows:
        piece = [v / parts if j == amount and isinstance(v, (int, float)) else v for j, v in enumerate(row)]
        values.extend(piece + [unit] for unit in units)
    n, cols = len(values), len(values[0])
    last = f"{chr(64 + cols)}{n}"
    sheet.update(
        {
            "values": values,
            "used_range_address": f"A1:{last}",
            "used_range_row_count": n,
            "used_range_column_count": cols,
        }
    )
    sheet["tables"][0].update(
        {
            "range_address": f"A1:{last}",
            "row_count": n,
            "column_count": cols,
            "columns": values[0],
            "header_row_range_address": f"A1:{chr(64 + cols)}1",
            "data_body_range_address": f"A2:{last}",
        }
    )
    return payload


def numbers_close(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    return a == b


def test_refresh_of_500_000_outcome_rows_stays_under_5_mb(tmp_path):
    payload = big_payload()
    outcome_rows = len(next(s for s in payload["sheets"] if s["name"] == "Utfall")["values"]) - 1
    assert outcome_rows >= 500_000
    assert len(json.dumps(payload).encode()) > LIMIT_BYTES  # xlwings' one request would not pass

    book, meta, parts = pieces_of_big_sheets(payload, INLINE_CELLS, PART_CELLS, MAX_PART_BYTES)
    assert [s["name"] for s in meta["blad"]] == ["Utfall"]
    sizes = []
    with running_server() as url, httpx.Client(base_url=url, timeout=300) as client:
        body = json.dumps(meta).encode()
        sizes.append(len(body))
        announced = client.post("/prognos/stora-blad", content=body, headers={"Content-Type": "application/json"})
        assert announced.status_code == 200, announced.text
        batch = announced.json()["id"]
        for n, part in enumerate(parts):
            body = json.dumps(part).encode()
            sizes.append(len(body))
            assert len(part["values"]) * meta["blad"][0]["columns"] <= PART_CELLS  # one Office.js range read
            response = client.post(
                f"/prognos/stora-blad/{batch}/{n}", content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 204, response.text
        book["args"] = ["", batch]
        body = json.dumps(book).encode()
        sizes.append(len(body))
        response = client.post(
            "/xlwings/custom-scripts-call/uppdatera_prognos", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 200, response.text
        sizes.append(len(response.content))
        actions = response.json()["actions"]
        # a piece is read once: running again with the same id is refused in Swedish
        again = client.post(
            "/xlwings/custom-scripts-call/uppdatera_prognos", content=body, headers={"Content-Type": "application/json"}
        )
        assert [a["func"] for a in again.json()["actions"]] == ["alert"]
        assert "kom inte fram" in again.json()["actions"][0]["args"][0]
        # and the server refuses a request over the limit
        too_big = client.post(f"/prognos/stora-blad/{batch}/0", content=b"[" + b"1," * (LIMIT_BYTES // 2) + b"1]")
        assert too_big.status_code == 413 and "5 MB" in too_big.json()["detail"]

    assert max(sizes) <= LIMIT_BYTES, sizes
    assert all(
        len(s) * len(s[0]) <= EXCEL_CELLS_PER_RANGE for sh in book["sheets"] for s in [sh["values"]] if s and s[0]
    )
    assert [a["func"] for a in actions if a["func"] == "alert"] == []
    # the written sheets equal the command line's on the same figures (320 rows)
    cli = tmp_path / "cli.xlsx"
    assert main(["uppdatera", str(EXAMPLE), "-o", str(cli)]) == 0
    expected = openpyxl.load_workbook(cli)
    live = XlsxBook(EXAMPLE)
    apply_actions(actions, live.wb)
    live.save(tmp_path / "live.xlsx")
    got = openpyxl.load_workbook(tmp_path / "live.xlsx")
    for name in ("Avvikelse", "Sammanfattning"):
        a = {c.coordinate: c.value for row in got[name].iter_rows() for c in row if c.value is not None}
        b = {c.coordinate: c.value for row in expected[name].iter_rows() for c in row if c.value is not None}
        assert a.keys() == b.keys(), name
        assert all(numbers_close(a[k], b[k]) for k in a), name
    print(
        f"\n{outcome_rows} rader, {len(parts)} delar, största begäran/svar {max(sizes) / 1e6:.2f} MB, "
        f"svaret {sizes[-1] / 1e6:.3f} MB, hela boken i en begäran {len(json.dumps(payload).encode()) / 1e6:.1f} MB"
    )


def test_pieces_are_bound_to_the_user_and_checked():
    with running_server() as url, httpx.Client(base_url=url, timeout=60) as client:
        missing = client.post(
            "/prognos/stora-blad/AAAAAAAAAAAAAAAAAAAAAA/0", json={"blad": 0, "start_row": 1, "values": [[1]]}
        )
        assert missing.status_code == 404 and "finns inte" in missing.json()["detail"]
        bad = client.post("/prognos/stora-blad", json={"blad": [{"name": "Utfall", "rows": -1, "columns": 5}]})
        assert bad.status_code == 400 and "Utfall" in bad.json()["detail"]
        # a piece that leaves rows out: a Swedish alert, nothing written
        meta = {"blad": [{"name": "Utfall", "rows": 4, "columns": 2, "tables": []}]}
        batch = client.post("/prognos/stora-blad", json=meta).json()["id"]
        assert (
            client.post(
                f"/prognos/stora-blad/{batch}/0", json={"blad": 0, "start_row": 1, "values": [["a", 1], ["b", 2]]}
            ).status_code
            == 204
        )
        book = book_payload(EXAMPLE)
        book["args"] = ["", batch]
        actions = client.post(
            "/xlwings/custom-scripts-call/uppdatera_prognos",
            content=json.dumps(book),
            headers={"Content-Type": "application/json"},
        ).json()["actions"]
        assert [a["func"] for a in actions] == ["alert"] and "rad 3 och framåt" in actions[0]["args"][0]


def test_a_huge_findings_list_is_shortened_in_the_live_book(monkeypatch):
    # A warning on every row of a huge ledger would not fit in one 5 MB response: the live
    # book gets the first rows and a note where to see them all (the file path has them all).
    import xlwings as xw

    from addin.ribbon import live_book
    from addin.server import scripts

    monkeypatch.setattr(live_book, "MAX_REMOTE_ROWS", 10)
    payload = book_payload(EXAMPLE)
    sheet = next(s for s in payload["sheets"] if s["name"] == "Utfall")
    sheet["values"][2:2] = [list(sheet["values"][1]) for _ in range(300)]  # 300 duplicate rows: one warning each
    n = len(sheet["values"])
    sheet.update(used_range_address=f"A1:E{n}", used_range_row_count=n)
    sheet["tables"][0].update(range_address=f"A1:E{n}", row_count=n, data_body_range_address=f"A2:E{n}")
    book = xw.Book(json=payload)
    summary = scripts.run_script("validera", book)
    assert summary["varningar"] > 10  # the 300 duplicates are one finding since issue 21; the rest stay
    actions = book.json()["actions"]
    sheets = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    position = next(a["args"][0] for a in actions if a["func"] == "addSheet" and a["args"][1] == "Valideringsfel")
    writes = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == position]
    assert sheets == ["Valideringsfel"] and writes[0]["row_count"] == 11
    note = writes[0]["values"][-1][0]
    assert note.startswith(f"… och {summary['varningar'] + 1 - 10} rader till") and "prognos validera" in note


def task_pane_refresh(payload: dict, tmp_path) -> dict:
    """What static/js/prognos.js sends for *Uppdatera prognos* on a fake Excel holding
    ``payload``, run in Node (tests/js/stora_blad.mjs): POSTs, the runPython call, the steps."""
    node = require_tool("node", "nodejs")
    source = tmp_path / "bok.json"
    source.write_text(json.dumps(payload), encoding="utf-8")
    js = REPO / "addin" / "static" / "js" / "prognos.js"
    result = subprocess.run(
        [node, str(REPO / "tests" / "js" / "stora_blad.mjs"), str(source), "uppdatera_prognos", str(js)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_task_pane_js_sends_what_the_tests_assume(tmp_path):
    """static/js/prognos.js run in Node against a fake Excel holding the same workbook:
    the announcement, every piece and the runPython call equal tests/officejs.py's mirror
    (so the 5 MB test above tests what Excel on the web really sends)."""
    payload = big_payload(200)  # 64 000 outcome rows: over the inline limit
    book, meta, parts = pieces_of_big_sheets(payload, INLINE_CELLS, PART_CELLS, MAX_PART_BYTES)
    out = task_pane_refresh(payload, tmp_path)
    urls = [s["url"] for s in out["sent"]]
    assert urls == ["/prognos/stora-blad"] + [f"/prognos/stora-blad/TESTID/{n}" for n in range(len(parts))]
    assert out["sent"][0]["body"] == meta
    assert [s["body"] for s in out["sent"][1:]] == parts
    assert out["runPython"]["scriptName"] == "uppdatera_prognos"
    assert out["runPython"]["args"] == ["", "TESTID"]
    assert out["runPython"]["exclude"] == ",".join(s["name"] for s in meta["blad"])
    assert out["steps"][-1] == "Klart"
    # and the constants agree with the server's
    text = (REPO / "addin" / "static" / "js" / "prognos.js").read_text(encoding="utf-8")
    for name, value in (("INLINE_CELLS", INLINE_CELLS), ("PART_CELLS", PART_CELLS)):
        assert re.search(rf"const {name} = {value};", text), name
    assert "const MAX_PART_BYTES = 4 * 1024 * 1024;" in text and MAX_PART_BYTES == 4 * 1024 * 1024


def test_a_big_sheet_with_a_comma_in_its_name_is_refused_with_a_swedish_step(tmp_path):
    """xlwings' ``exclude`` splits on commas: such a sheet cannot be left out of the book,
    so the pane says what to do instead of sending a request Excel on the web refuses."""
    payload = big_payload(200)
    sheet = next(s for s in payload["sheets"] if s["name"] == "Utfall")
    sheet["name"] = "Utfall, 2023"
    out = task_pane_refresh(payload, tmp_path)
    assert out["sent"] == [] and out["runPython"] is None
    assert (
        'Bladet "Utfall, 2023" är för stort' in out["steps"][-1]
        and 'Byt namn på bladet (t.ex. "Utfall 2023")' in out["steps"][-1]
    )
