"""The round in the add-in, in process on an ``xw.Book`` built from the JSON Excel sends
(as ``tests/test_addin_live_book.py``): the task pane's register JSON (script
``omgangsstatus``) and the ribbon's Fastställ (script ``faststall``) give what the command
line gives on the same master, and the same round is refused with a Swedish alert."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
xw = pytest.importorskip("xlwings")

from batch_hjalp import make_master  # noqa: E402
from workbook_factory import AREAS  # noqa: E402

from addin.commands.cli import main  # noqa: E402
from addin.server import scripts  # noqa: E402
from tests.officejs import apply_actions, book_payload  # noqa: E402
from validation.contract import PROGNOSHISTORIK  # noqa: E402
from validation.round.audit_log import LOG, read_log  # noqa: E402
from validation.round.register import ATER, GODKAND  # noqa: E402
from workbooks.books.xlsx_book import XlsxBook  # noqa: E402


def run(name, path, *args):
    book = xw.Book(json=json.loads(json.dumps(book_payload(path))))
    events = []
    summary = scripts.run_script(name, book, lambda e, d: events.append((e, d)), *args)
    actions = json.loads(json.dumps(book.json()["actions"]))
    book.close()
    return summary, actions, events


def history(path) -> list[tuple]:
    raw = XlsxBook(path).table(PROGNOSHISTORIK)
    headers = [str(h) for h in raw.headers]
    keys = ("År", "Omgång", "Verksamhetsområde", "Typ", "Prognos", "Budget")
    return [tuple(dict(zip(headers, r))[k] for k in keys) for r in raw.rows]


@pytest.fixture(scope="module")
def round_master(tmp_path_factory):
    """A master after utskick --master-ut: the register with three units sent."""
    tmp = tmp_path_factory.mktemp("omgang")
    master = make_master(tmp / "master.xlsx")
    out = tmp / "master_omgang.xlsx"
    assert (
        main(
            [
                "utskick",
                str(master),
                "-o",
                str(tmp / "utskick"),
                "--master-ut",
                str(out),
                "--senast",
                "2023-04-20",
                "--omgang",
                "Delår 1 2023",
            ]
        )
        == 0
    )
    return out


def test_omgangsstatus_gives_the_register_with_its_cells(round_master):
    summary, actions, events = run("omgangsstatus", round_master)
    assert actions == []  # the workbook is not changed
    data = summary["omgang"]
    assert data["omgang"] == "Delår 1 2023" and data["svar_senast"] == "2023-04-20"
    assert [u["verksamhetsomrade"] for u in data["enheter"]] == list(AREAS)
    assert data["paminn"] == list(AREAS)  # nothing has come back
    assert data["beslutsord"] == {"godkann": GODKAND, "skicka_tillbaka": ATER}  # the register's own words
    assert {u["lage_nyckel"] for u in data["enheter"]} == {"saknas"} and not any(u["har_fel"] for u in data["enheter"])
    wb = openpyxl.load_workbook(round_master)
    for unit in data["enheter"]:
        sheet, cell = unit["celler"]["beslut"].split("!")
        assert sheet == "'Omgång'"
        assert wb["Omgång"][cell].value == "Väntar"  # the Beslut cell the pane writes into
        row = wb["Omgång"][cell].row
        assert wb["Omgång"].cell(row, 1).value == unit["verksamhetsomrade"]
    assert events[-1] == ("prognos:klart", summary)


def test_omgangsstatus_without_a_register_says_so_in_swedish(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    summary, actions, events = run("omgangsstatus", master)
    assert summary is None
    assert [a["func"] for a in actions] == ["alert"] and "omgångsregister" in actions[0]["args"][0]


def test_faststall_button_gives_the_rows_of_the_command_line(round_master, tmp_path):
    cli_out = tmp_path / "cli.xlsx"
    assert main(["faststall", str(round_master), "-o", str(cli_out), "--omgang", "Delår 1 2023"]) == 0
    summary, actions, _events = run("faststall", round_master, "Delår 1 2023", "Eva")
    assert summary is not None and summary["faststall"]["rader"] == 9
    book = XlsxBook(round_master)
    assert apply_actions(actions, book.wb) == []
    live = tmp_path / "live.xlsx"
    book.save(live)
    assert history(live) == history(cli_out)  # the same rows, the same numbers
    assert len(history(live)) == 3 * len(AREAS)
    log = XlsxBook(live).table(LOG)
    assert read_log(log).broken_at is None  # the chain holds across the file and the add-in
    assert sum(1 for r in log.rows if "Fastställd" in r) == 9

    # The same round again, on the workbook with the rows: refused, nothing written.
    summary, actions, events = run("faststall", live, "", "Eva")  # the name from the register
    assert summary is None and [a["func"] for a in actions] == ["alert"]
    assert "redan fastställd" in actions[0]["args"][0]


def test_faststall_button_appends_below_an_existing_history_table(round_master, tmp_path):
    first = tmp_path / "first.xlsx"
    assert main(["faststall", str(round_master), "-o", str(first), "--omgang", "Mars"]) == 0
    summary, actions, _events = run("faststall", first, "Delår 1", "Eva")
    book = XlsxBook(first)
    assert apply_actions(actions, book.wb) == []
    live = tmp_path / "live.xlsx"
    book.save(live)
    rows = history(live)
    assert [r[1] for r in rows] == ["Mars"] * 9 + ["Delår 1"] * 9  # the table grew; Mars is untouched
    assert rows[:9] == history(first)
