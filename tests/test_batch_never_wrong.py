"""Never a wrong number in the master (issue 12): each class of the issue through the real
command line and the worker, with the message naming file, sheet and cell; the batch goes on,
inputs stay byte-identical, and what is consolidated is exactly what the visible sheet shows."""

from __future__ import annotations

import decimal
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from batch_hjalp import REPO, by_file, fill, hashes, make_master, run_cli, run_json, utskick
from workbook_factory import find_row, minimal_rows, setting, write_workbook

from udfs.language.rounding import avrunda, format_tal
from validation.rules import RULES
from workbooks.round.send_out import write_send_out
from workbooks.round.submissions import validate_file
from workbooks.round.worker_pool import WorkerContext

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_hostile_corpus as corpus  # noqa: E402

ERROR_VALUES = [
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
]


def check(path: Path, **ctx):
    res = validate_file(str(path), path.name, WorkerContext(**ctx))
    return res, {(f["regel"], f["blad"], f["cell"]): f for f in res.findings}


def build(tmp_path: Path, name: str) -> Path:
    builder, _rule = corpus.CORPUS[name]
    path = tmp_path / name
    path.write_bytes(builder(tmp_path))
    return path


@pytest.mark.parametrize("error", ERROR_VALUES)
def test_every_excel_error_value_is_a_finding_at_its_cell(tmp_path, error):
    path = tmp_path / "fel.xlsx"
    path.write_bytes(
        corpus.variant(
            lambda m: corpus.set_manuell(m, b'<c r="J3" s="9" t="e"><f>1/0</f><v>' + error.encode() + b"</v></c>")
        )
    )
    res, found = check(path)
    finding = found[("formelfel", "Prognos", "J3")]
    assert finding["allvarlighet"] == "fel" and error in finding["meddelande"]
    assert "tekniskt fel" not in json.dumps(res.findings, ensure_ascii=False)
    assert res.usable and not res.valid


def test_new_error_values_in_a_master_do_not_stop_uppdatera(tmp_path):
    """The file path (openpyxl + calamine) reads #SPILL! as the error it is, at its cell."""
    master = write_workbook(tmp_path / "m.xlsx", minimal_rows())
    members = corpus.parts(master.read_bytes())
    part = corpus.sheet_part(members, "Budget")
    xml = members[part]
    start = xml.index(b'<c r="C2"')
    end = xml.index(b"</c>", start) + 4
    members[part] = xml[:start] + b'<c r="C2" t="e"><f>SEQUENCE(2)</f><v>#SPILL!</v></c>' + xml[end:]
    source = tmp_path / "spill.xlsx"
    source.write_bytes(corpus.zip_bytes(members))
    done = run_cli("uppdatera", source, "-o", tmp_path / "ut.xlsx")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Oväntat" not in done.stdout + done.stderr
    rows = list(openpyxl.load_workbook(tmp_path / "ut.xlsx")["Valideringsfel"].iter_rows(values_only=True))
    assert any(r[1] == "Budget" and r[2] == "C2" and "#SPILL!" in str(r[4]) for r in rows), rows


@pytest.mark.parametrize(
    "name, rule, sheet, cell, words",
    [
        ("tva_tabeller_prognos.xlsx", "tvetydig_tabell", "Prognos", "A1", "'Kopia'"),
        ("prognos_pa_dolt_blad.xlsx", "dold_tabell", "Data", "A1", "mycket dolt"),
        ("extremt_belopp.xlsx", "orimligt_belopp", "Prognos", "J3", "1 000 miljarder kronor"),
        ("oandligt_belopp.xlsx", "orimligt_belopp", "Prognos", "J3", "ändligt tal"),
        ("lang_kommentar.xlsx", "for_lang_text", "Prognos", "M3", "32\u00a0767"),
        ("dde_formel.xlsx", "levande_formel", "Prognos", "J3", "DDE"),
        ("webservice_formel.xlsx", "levande_formel", "Prognos", "J3", "WEBSERVICE"),
        ("lank_till_arbetsbok.xlsx", "levande_formel", "Prognos", "J3", "annan arbetsbok"),
        ("cirkelreferens.xlsx", "levande_formel", "Prognos", "J3", "cirkelreferens"),
        ("dold_rad_med_prognos.xlsx", "dold_inmatning", "Prognos", "I3", "raden är dold"),
        ("exponentform.xlsx", "exponentform", "Prognos", "J3", "−276\u00a0000"),
        ("mnkr_i_tkr_bok.xlsx", "kommentar_i_talcell", "Prognos", "J3", "−275\u00a0000"),
        ("fg_ar_bara_helar.xlsx", "utfall_fg_saknas", "Utfall", "C1", "januari, februari och mars"),
    ],
)
def test_cell_level_findings(tmp_path, name, rule, sheet, cell, words):
    res, found = check(build(tmp_path, name))
    finding = found[(rule, sheet, cell)]
    assert words in finding["meddelande"], finding
    assert "e+" not in finding["meddelande"] and "E+" not in finding["meddelande"]
    if rule not in ("utfall_fg_saknas",):
        assert not res.valid  # never consolidated


@pytest.mark.parametrize(
    "name, words",
    [
        ("dubbla_delar.xlsx", "två delar som heter"),
        ("sjalvuppackande.xlsx", "före zip-arkivet"),
        ("ljugande_storlek.xlsx", "påstår sig vara"),
    ],
)
def test_package_refusals_name_the_file(tmp_path, name, words):
    res, _found = check(build(tmp_path, name))
    assert not res.usable
    assert res.findings[0]["regel"] == "olasbar_fil"
    assert res.findings[0]["meddelande"].startswith(name) and words in res.findings[0]["meddelande"]


def test_advice_is_in_the_workbooks_unit_without_scientific_notation(tmp_path):
    tables = minimal_rows()
    setting(tables, "Enhet", "kr")
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = "ca -2,5 mnkr"
    j = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Intäkter")
    tables["Prognos"][1][j][3] = "165 550 tkr"
    _res, found = check(write_workbook(tmp_path / "kr.xlsx", tables))
    assert "−2\u00a0500\u00a0000" in found[("kommentar_i_talcell", "Prognos", f"D{i + 2}")]["meddelande"]
    other = found[("annan_enhet_i_cell", "Prognos", f"D{j + 2}")]
    assert "165\u00a0550\u00a0000" in other["meddelande"] and "e+" not in other["meddelande"]
    k = find_row(tables, "Budget", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = None
    tables["Prognos"][1][j][3] = None
    tables["Budget"][1][k][2] = 165_550_000.0
    _res, found = check(write_workbook(tmp_path / "tecken.xlsx", tables))
    sign = found[("fel_tecken", "Budget", f"C{k + 2}")]
    assert "165\u00a0550\u00a0000" in sign["meddelande"] and "e+" not in sign["meddelande"]


def test_uppdatera_on_a_master_with_extreme_numbers_never_crashes(tmp_path):
    tables = minimal_rows()
    i = find_row(tables, "Prognos", Verksamhetsområde="Vuxna", Typ="Kostnader")
    tables["Prognos"][1][i][3] = -1e308
    source = write_workbook(tmp_path / "extrem.xlsx", tables)
    done = run_cli("uppdatera", source, "-o", tmp_path / "ut.xlsx")
    assert done.returncode == 1 and "Oväntat" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    rows = list(openpyxl.load_workbook(tmp_path / "ut.xlsx")["Valideringsfel"].iter_rows(values_only=True))
    assert any(r[3] == RULES["orimligt_belopp"].title and r[2] == f"D{i + 2}" for r in rows)  # the rule's title


def test_rounding_never_raises_on_any_double():
    context = decimal.Context(prec=1000, Emax=10_000, Emin=-10_000)
    for value in (1e308, -1.7976931348623157e308, 5e-324, 1e-300, 123456789012345678.0, -682.05):
        for decimals in (-20, -3, 0, 1, 10, 400):
            exact = decimal.Decimal(repr(value)).quantize(
                decimal.Decimal(1).scaleb(-decimals, context=context), rounding=decimal.ROUND_HALF_UP, context=context
            )
            assert avrunda(value, decimals) == float(exact)  # half away from zero, never an exception
        assert format_tal(value, 1)


def test_missing_origin_is_an_error_when_consolidating(tmp_path):
    master = make_master(tmp_path / "master.xlsx")
    files = utskick(master, tmp_path / "in", units=["Vuxna"])
    fill(files["Vuxna"], {"Kostnader": {"Metod": "Manuell", "Manuell prognos": -61_000}})
    wb = openpyxl.load_workbook(files["Vuxna"])
    wb.security.lockStructure = False
    del wb["_Utskick"]
    wb.save(files["Vuxna"])
    code, data = run_json("validera", files["Vuxna"])
    finding = next(f for f in by_file(data)[files["Vuxna"].name]["fynd"] if f["regel"] == "utskick_saknas")
    assert finding["allvarlighet"] == "varning" and code == 0
    code, data = run_json("validera", tmp_path / "in", "--sammanstall", master, "-o", tmp_path / "ny.xlsx")
    finding = next(f for f in by_file(data)[files["Vuxna"].name]["fynd"] if f["regel"] == "utskick_saknas")
    assert finding["allvarlighet"] == "fel" and code == 1
    assert data["sammanstallning"]["andringar"] == []


@pytest.mark.parametrize(
    "name",
    [
        "prognos_pa_dolt_blad.xlsx",
        "tva_tabeller_prognos.xlsx",
        "dde_formel.xlsx",
        "dold_rad_med_prognos.xlsx",
        "spill_och_calc.xlsx",
        "dubbla_delar.xlsx",
        "cirkelreferens.xlsx",
        "extremt_belopp.xlsx",
        "lang_kommentar.xlsx",
    ],
)
def test_nothing_doubtful_reaches_the_master(tmp_path, name):
    """The hostile variant of a real Vuxna submission beside the other units' good ones: the
    batch goes on, the good ones are consolidated, the doubtful one changes nothing."""
    master = make_master(tmp_path / "master.xlsx")
    folder = tmp_path / "in"
    files = write_send_out(master, folder).files
    files["Vuxna"].unlink()
    (folder / f"prognos_vuxna_{name}").write_bytes(corpus.CORPUS[name][0](tmp_path))
    other = next(unit for unit in files if unit != "Vuxna")
    fill(files[other], {"Kostnader": {"Kommentar": "Enligt plan"}})
    before = hashes(folder)
    code, data = run_json("validera", folder, "--sammanstall", master, "-o", tmp_path / "ny.xlsx")
    assert code == 1 and hashes(folder) == before
    changes = data["sammanstallning"]["andringar"]
    assert {c["enhet"] for c in changes} == {other}
    left = {e["fil"] for e in data["sammanstallning"]["ej_sammanstallda"]}
    assert f"prognos_vuxna_{name}" in left


def test_lying_sizes_stay_within_the_memory_bound(tmp_path):
    """A sheet declared at a few kB that inflates to 300 MB: refused before any reader inflates it;
    the whole run stays far below the per-file bound."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ljuger.xlsx").write_bytes(corpus.lying_sizes(tmp_path, inflated_mb=300))
    (folder / "anteckningar.xlsx").write_text("ingen arbetsbok", encoding="utf-8")
    code = (
        "import resource, subprocess, sys; "
        "p = subprocess.run([sys.executable, '-m', 'addin.commands.cli', 'validera', sys.argv[1], '--json', "
        "'--minnesgrans', '256'], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(p.stdout)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    peak_kb, _, stdout = done.stdout.partition("\n")
    data = json.loads(stdout)
    entries = by_file(data)
    first = entries["ljuger.xlsx"]["fynd"][0]
    assert first["regel"] == "olasbar_fil" and "påstår sig vara" in first["meddelande"]
    assert entries["anteckningar.xlsx"]["status"] == "Fel"  # the batch went on
    assert int(peak_kb) / 1024 < 256, f"{int(peak_kb) / 1024:.0f} MB"
