"""Unusable input through the real command line: exit 2, one Swedish line, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, REPO, sha256

PROGNOS = [sys.executable, "-m", "addin.commands.cli"]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROGNOS_DEBUG", None)
    return subprocess.run([*PROGNOS, *args], capture_output=True, text=True, timeout=120, cwd=REPO, env=env)


def make_not_a_workbook(tmp: Path) -> Path:
    path = tmp / "anteckningar.xlsx"
    path.write_text("Det här är ingen arbetsbok.\n", encoding="utf-8")
    return path


def make_empty(tmp: Path) -> Path:
    path = tmp / "tom.xlsx"
    path.write_bytes(b"")
    return path


def make_encrypted(tmp: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp / "krypterad.xlsx"
    with EXAMPLE.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("hemligt", out)
    return path


def make_xls(tmp: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Budget").write(0, 0, "Verksamhetsområde")
    path = tmp / "gammal.xls"
    book.save(str(path))
    return path


def make_xls_renamed(tmp: Path) -> Path:
    path = make_xls(tmp)
    return path.rename(tmp / "gammal_omdopt.xlsx")


def make_truncated(tmp: Path) -> Path:
    data = EXAMPLE.read_bytes()
    path = tmp / "avbruten.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def make_ods(tmp: Path) -> Path:
    path = tmp / "kalkyl.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    path.write_bytes(buffer.getvalue())
    return path


def make_missing_budget(tmp: Path) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    del wb["Budget"]
    path = tmp / "utan_budget.xlsx"
    wb.save(path)
    return path


def make_blank_workbook(tmp: Path) -> Path:
    path = tmp / "blank.xlsx"
    openpyxl.Workbook().save(path)
    return path


CASES = {
    "not_a_workbook": (make_not_a_workbook, "inte en Excel-arbetsbok"),
    "empty_file": (make_empty, "tom"),
    "encrypted": (make_encrypted, "lösenordsskyddad"),
    "xls": (make_xls, ".xls-formatet"),
    "xls_renamed": (make_xls_renamed, ".xls-formatet"),
    "truncated_zip": (make_truncated, "skadad"),
    "ods": (make_ods, "OpenDocument"),
    "missing_budget": (make_missing_budget, "saknar tabellen 'Budget'"),
    "blank_workbook": (make_blank_workbook, "saknar tabellen"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unusable_input_gives_exit_2_and_one_swedish_line(case, tmp_path):
    maker, phrase = CASES[case]
    path = maker(tmp_path)
    before = sha256(path)
    result = run("uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert phrase in lines[0]
    assert path.name in lines[0]
    assert not (tmp_path / "ut.xlsx").exists()
    assert sha256(path) == before


def test_missing_file(tmp_path):
    result = run("uppdatera", str(tmp_path / "finns_inte.xlsx"), "-o", str(tmp_path / "ut.xlsx"))
    assert result.returncode == 2
    assert "finns inte" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_is_exit_2(tmp_path):
    result = run("uppdatera", str(EXAMPLE))  # -o missing
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_help_is_swedish():
    result = run("--help")
    assert result.returncode == 0
    assert "Validera, beräkna prognoser" in result.stdout
    assert "Skapa en tom mall" in result.stdout


def test_exit_codes_ok_and_validation_errors(tmp_path):
    ok = run("uppdatera", str(EXAMPLE), "-o", str(tmp_path / "ok.xlsx"))
    assert ok.returncode == 0, ok.stderr
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Inställningar"]["B4"] = 13  # Period
    bad = tmp_path / "fel_period.xlsx"
    wb.save(bad)
    result = run("uppdatera", str(bad), "-o", str(tmp_path / "ut.xlsx"))
    assert result.returncode == 1
    out = openpyxl.load_workbook(tmp_path / "ut.xlsx")
    assert "Valideringsfel" in out.sheetnames
    assert "Avvikelse" not in out.sheetnames and "Sammanfattning" not in out.sheetnames


def test_mall_and_demo(tmp_path):
    result = run("mall", str(tmp_path / "mall.xlsx"))
    assert result.returncode == 0 and (tmp_path / "mall.xlsx").exists()
    demo = run("demo", "--utmapp", str(tmp_path / "demo"))
    assert demo.returncode == 0, demo.stderr
    assert "överskott på 38,3 miljoner kronor" in demo.stdout
    said = " ".join(demo.stdout.split())  # the economist's own section, as the paper prints it (issue 20)
    assert (
        "Ur rapporten, Prognosförändring 2023: Prognosavvikelsen från den lämnade prognosen i mars förklaras "
        "främst genom följande: • Fler externa platser inom vuxna med psykisk funktionsnedsättning"
    ) in said
    assert "Prognosen har försämrats med 2,2 miljoner kronor jämfört med prognosen i mars." in said
    assert (tmp_path / "demo" / "botkyrka_sn_2023_delar1_uppdaterad.xlsx").exists()
    assert (tmp_path / "demo" / "botkyrka_sn_2023_delar1_ekonomi.docx").exists()  # the committee paper
    assert "10 filer" in demo.stdout and "10 OK" in demo.stdout  # the unit round trip
    assert (tmp_path / "demo" / "valideringsrapport.xlsx").exists()
    sent = openpyxl.load_workbook(next((tmp_path / "demo" / "utskick").glob("*ekonomiskt-bistand.xlsx")))
    instructions = "\n".join(str(c.value) for c in sent["Instruktioner"]["A"] if c.value)
    assert "senast 2023-05-10" in instructions and "ekonomi@exempel.se" in instructions  # deadline and contact
    again = run("demo", "--utmapp", str(tmp_path / "demo"))  # `make demo` twice
    assert again.returncode == 0, again.stdout + again.stderr


def test_stray_cell_far_out_is_refused_not_allocated(tmp_path):
    """A cell at XFD1048576 would make the values reader allocate 17 billion cells."""
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["Utfall"]
    del ws.tables["Utfall"]  # the sheet fallback reads the whole used range
    ws["XFD1048576"] = "x"
    path = tmp_path / "langt_ut.xlsx"
    wb.save(path)
    result = run("uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx"))
    assert result.returncode == 2, result.stderr
    assert "XFD1048576" in result.stderr and "Ta bort tomma rader" in result.stderr
    assert "Traceback" not in result.stderr


def test_stray_cell_beside_a_table_is_harmless(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["Utfall"]["XFD2"] = "anteckning"
    path = tmp_path / "anteckning.xlsx"
    wb.save(path)
    result = run("uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx"))
    assert result.returncode == 0, result.stderr


def test_help_option_is_swedish_on_every_command():
    for command in ([], ["uppdatera"], ["validera"], ["aterrapport"]):
        result = run(*command, "--help")
        assert result.returncode == 0
        assert "Visa den här hjälpen och avsluta." in result.stdout
        assert "Show this message" not in result.stdout


def test_uppdatera_on_the_hostile_corpus(tmp_path, capsys):
    """Every hostile or broken file of the batch corpus through `uppdatera` too: a Swedish
    line or a report, never a traceback, no English library text, the file unchanged."""
    from make_hostile_corpus import build

    from addin.commands.cli import main

    folder = tmp_path / "korpus"
    names = build(folder)
    assert len(names) >= 30
    for name in names:
        path = folder / name
        before = sha256(path)
        code = main(["uppdatera", str(path), "-o", str(tmp_path / "ut.xlsx")])
        captured = capsys.readouterr()
        assert code in (0, 1, 2), name
        assert "Traceback" not in captured.out + captured.err, name
        if code == 2:
            line = captured.err.strip()
            assert line.startswith(f"Fel: {name}:"), (name, line)
            assert "Please see" not in line and "exception" not in line, (name, line)
        assert sha256(path) == before, name
