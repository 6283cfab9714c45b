"""Hostile and broken files: each gets its own Swedish message in well under 5 s with bounded
memory, the batch goes on, and every input is byte-identical afterwards."""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import hashes, run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_hostile_corpus import build  # noqa: E402

CROSS_FILE = {"dubbel_inlamning", "okand_avsandare", "okand_enhet", "fel_omgang", "annan_enhets_rad"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fientliga") / "inlamningar"
    expected = build(folder)
    return folder, expected


@pytest.fixture(scope="module")
def result(corpus, tmp_path_factory):
    folder, _expected = corpus
    before = hashes(folder)
    report = tmp_path_factory.mktemp("rapport") / "rapport.xlsx"
    started = time.monotonic()
    done = run_cli("validera", folder, "-o", report, "--json")
    wall = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return done, json.loads(done.stdout or "{}"), before, report, wall, peak_mb


def test_corpus_has_at_least_30_files(corpus):
    assert len(corpus[1]) >= 30


def test_every_file_gets_its_own_swedish_message(corpus, result):
    _folder, expected = corpus
    done, data, *_ = result
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr == ""
    entries = {f["fil"]: f for f in data["filer"]}
    assert set(entries) == set(expected)  # the lock file and the .txt are skipped, nothing else
    assert data["hoppade_over"] == ["las_mig.txt"]
    own_messages = {}
    for name, rule in expected.items():
        entry = entries[name]
        own = [f for f in entry["fynd"] if f["regel"] not in CROSS_FILE]
        assert own, name
        assert own[0]["regel"] == rule, (name, own)
        text = own[0]["meddelande"]
        assert re.search(r"[åäöÅÄÖ]|arbetsbok|filen|bladet|cellen|[Ss]para", text), (name, text)  # Swedish
        assert "Traceback" not in text and "Error:" not in text and "is not" not in text
        own_messages[name] = text.replace(name, "")
    # Unreadable files each say what is wrong with them: no two share a message (same-format
    # pairs such as gammal.xls / gammal_omdopt.xlsx aside).
    unreadable = {n: m for n, m in own_messages.items() if expected[n] == "olasbar_fil" and n != "gammal_omdopt.xlsx"}
    assert len(set(unreadable.values())) == len(unreadable), unreadable


@pytest.mark.parametrize(
    "name, words",
    [
        ("csv_omdopt.xlsx", "CSV"),
        ("webbsida.xlsx", "HTML"),
        ("krypterad.xlsx", "lösenord"),
        ("gammal.xls", ".xls"),
        ("binar_xlsb.xlsx", ".xlsb"),
        ("kalkyl_ods.xlsx", ".ods"),
        ("zipbomb_kvot.xlsx", "zip-bomb"),
        ("zipbomb_4gb.xlsx", "MB"),
        ("entitetsbomb.xlsx", "entitetsbomb"),
        ("extern_entitet.xlsx", "extern XML-entitet"),
        ("rad_1048576.xlsx", "1\u00a0048\u00a0576"),
        ("avbruten.xlsx", "skadad"),
        ("tom.xlsx", "tom"),
        ("tom_arbetsbok.xlsx", "Installningar"),
        ("sammanslagna_rubriker.xlsx", "sammanslagna"),
        ("makro.xlsm", "aldrig"),
        ("extern_lank.xlsx", "hemlig_budget.xlsx"),
        ("formelfel.xlsx", "#DIV/0!"),
        ("dolt_blad.xlsx", "dolt"),
    ],
)
def test_specific_messages(result, name, words):
    _done, data, *_ = result
    entry = next(f for f in data["filer"] if f["fil"] == name)
    assert any(words in f["meddelande"] for f in entry["fynd"]), entry["fynd"]


def test_each_file_in_under_five_seconds_and_bounded_memory(result):
    _done, data, _before, _report, wall, peak_mb = result
    for entry in data["filer"]:
        assert entry["tid_s"] < 5, entry
    assert wall < 60
    assert peak_mb < 1500, f"{peak_mb:.0f} MB"


def test_inputs_are_byte_identical_afterwards(corpus, result):
    folder, _ = corpus
    _done, _data, before, *_ = result
    assert hashes(folder) == before


def test_report_writes_formula_like_text_as_text(result):
    _done, _data, _before, report, *_ = result
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["Översikt", "Fel"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    messages = [row[6].value for row in wb["Fel"].iter_rows(min_row=2)]
    assert any("=HYPERLINK" in str(m) for m in messages)


def test_the_batch_goes_on_after_bad_files(corpus, tmp_path):
    """Valid submissions in the same folder as the corpus are still validated as OK."""
    from batch_hjalp import make_master, utskick

    folder, expected = corpus
    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "ut", units=["Individ- och familjeomsorg"])
    mixed = tmp_path / "blandat"
    mixed.mkdir()
    for name in ("zipbomb_4gb.xlsx", "entitetsbomb.xlsx", "avbruten.xlsx", "rad_1048576.xlsx"):
        (mixed / name).write_bytes((folder / name).read_bytes())
    good = files["Individ- och familjeomsorg"]
    (mixed / good.name).write_bytes(good.read_bytes())
    done = run_cli("validera", mixed, "--json")
    data = json.loads(done.stdout)
    status = {f["fil"]: f["status"] for f in data["filer"]}
    assert status[good.name] == "OK"
    assert sum(1 for s in status.values() if s == "Fel") == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_time_bound_kills_a_hanging_read(tmp_path):
    """A named pipe never delivers data: the worker is stopped at the time bound."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "ror_inte.xlsx")
    (folder / "anteckningar.xlsx").write_text("ingen arbetsbok", encoding="utf-8")
    started = time.monotonic()
    done = run_cli("validera", folder, "--json", "--tidsgrans", "1")
    assert time.monotonic() - started < 30
    data = json.loads(done.stdout)
    entries = {f["fil"]: f for f in data["filer"]}
    assert entries["ror_inte.xlsx"]["fynd"][0]["regel"] == "tidsgrans"
    assert "1 s" in entries["ror_inte.xlsx"]["fynd"][0]["meddelande"]
    assert entries["anteckningar.xlsx"]["fynd"][0]["regel"] == "olasbar_fil"  # the batch went on


def _big_sheet_workbook(path: Path, rows: int, cols: int) -> None:
    """A plain, valid-looking workbook with a large Budget sheet, written as raw XML."""
    import zipfile

    def col(i: int) -> str:
        out = ""
        while i:
            i, rem = divmod(i - 1, 26)
            out = chr(65 + rem) + out
        return out

    letters = [col(c) for c in range(1, cols + 1)]
    lines = ['<row r="1">' + "".join(f'<c r="{L}1" t="inlineStr"><is><t>K{L}</t></is></c>' for L in letters) + "</row>"]
    for r in range(2, rows + 1):
        lines.append(f'<row r="{r}">' + "".join(f'<c r="{L}{r}"><v>{r}</v></c>' for L in letters) + "</row>")
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        'main"><sheetData>' + "".join(lines) + "</sheetData></worksheet>"
    )
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def test_memory_bound_stops_a_greedy_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_sheet_workbook(folder / "stor.xlsx", rows=90_000, cols=12)
    (folder / "anteckningar.xlsx").write_text("ingen arbetsbok", encoding="utf-8")
    done = run_cli("validera", folder, "--json", "--minnesgrans", "64", "--tidsgrans", "20")
    data = json.loads(done.stdout)
    entries = {f["fil"]: f for f in data["filer"]}
    assert entries["stor.xlsx"]["fynd"][0]["regel"] in ("minnesgrans", "lasning_avbruten")
    assert "MB" in entries["stor.xlsx"]["fynd"][0]["meddelande"]
    assert entries["anteckningar.xlsx"]["status"] == "Fel"
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_tasks_queued_behind_a_hanging_file_still_run(tmp_path):
    """One worker, a hanging file in the middle: the files sent to that worker after it go
    to the new worker, and every file gets its result."""
    from batch_hjalp import make_master, utskick

    from workbooks.ooxml.safe_read import Limits
    from workbooks.round.submissions import validate_batch

    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "in")
    os.mkfifo(tmp_path / "in" / "b_ror_inte.xlsx")
    batch = validate_batch([tmp_path / "in"], jobs=1, limits=Limits(seconds=1))
    status = {f.fil: (f.status, [d["regel"] for d in f.findings]) for f in batch.files}
    assert status["b_ror_inte.xlsx"] == ("Fel", ["tidsgrans"])
    for path in files.values():
        assert status[path.name] == ("OK", []), status
