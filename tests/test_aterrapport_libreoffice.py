"""LibreOffice headless: the Återrapportering formulas equal the engine, and the PDF export
gives one A4 page per grant."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date

import openpyxl
import pytest
from conftest import recalc, require_tool, same_value, soffice
from test_aterrapport_exempel import GRANT_EXAMPLE, TODAY
from test_aterrapport_validering import cli, cost, grant, make_book

from addin.ribbon.grants import run_aterrapport
from workbooks.grant_forms.form_sheet import ATERRAPPORTERING


def _check_formulas(result, written_path, tmp_path) -> int:
    office = openpyxl.load_workbook(recalc(written_path, tmp_path / "lo"), data_only=True)
    written = openpyxl.load_workbook(written_path)
    spec = next(s for s in result.sheets if s.name == ATERRAPPORTERING)
    checked = 0
    for ref, value in spec.formula_values().items():
        assert written[ATERRAPPORTERING][ref].data_type == "f", f"{ref} är inte en formel"
        got = office[ATERRAPPORTERING][ref].value
        assert same_value(value, got), f"{ATERRAPPORTERING}!{ref}: motorn {value!r}, LibreOffice {got!r}"
        checked += 1
    return checked


def test_example_formulas_equal_engine(tmp_path):
    out = tmp_path / "aterrapport.xlsx"
    result = run_aterrapport(GRANT_EXAMPLE, out, today=TODAY)
    spec = next(s for s in result.sheets if s.name == ATERRAPPORTERING)
    formulas = [c.formula for line in spec.rows for c in line if c is not None and c.formula]
    for kind in ("=SUM(", "=MAX(0,", "-MIN(", "=ROUND("):  # (the form counts no characters: issue 20)
        assert any(kind in f for f in formulas), kind
    assert _check_formulas(result, out, tmp_path) > 50


def test_edge_cases_formulas_equal_engine(tmp_path):
    """Several categories with costs above the grant (excess taken top-down), rounds, a
    comment over the limit, a typed total and anonymised counts."""
    cats = "Löner; Lokalhyra; Resor, kost och logi; Information"
    path = make_book(
        tmp_path / "kanter.xlsx",
        [
            grant(namn="Överskridet", mottaget=1_000, kategorier=cats, kommentar="å" * 1_005, anonym="Ja"),
            grant(namn="Omgångar", mottaget=300, omrade="Vuxna"),
            grant(namn="Omgångar", mottaget=200, omrade="Vuxna"),
            grant(namn="Tomt", mottaget=750, omrade=None),
        ],
        [
            cost(bidrag="Överskridet", kategori="Löner", belopp=600, antal=2),
            cost(bidrag="Överskridet", kategori="Lokalhyra", belopp=500, antal=12),
            cost(bidrag="Överskridet", kategori="Resor, kost och logi", belopp=900),
            cost(bidrag="Överskridet", kategori="Konsulter", belopp=10),
            cost(bidrag="Omgångar", belopp=480),
            cost(bidrag="Omgångar", aktivitet="Totalt", belopp=500),
        ],
    )
    out = tmp_path / "ut.xlsx"
    result = run_aterrapport(path, out, today=date(2023, 1, 17))
    r = {x.namn: x for x in result.rapporter}
    over = r["Överskridet"]
    assert [k.redovisas for k in over.kategorier] == [0, 90, 900, 0, 10]
    assert (over.redovisade, over.egenfinansiering, over.kvarstaende) == (1_000, 1_010, 0)
    assert r["Omgångar"].kvarstaende == 20 and r["Tomt"].kvarstaende == 750
    assert _check_formulas(result, out, tmp_path) > 40


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _a4(path) -> bool:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    return abs(w - 595.3) < 2 and abs(h - 841.9) < 2


@pytest.fixture
def needs_pdf_tools():
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) saknas i CI: .ci/run ska installera libreoffice-calc-nogui")
        pytest.skip("LibreOffice saknas: installera libreoffice-calc-nogui (make test gör det som root)")
    require_tool("pdfinfo", "poppler-utils")


def test_cli_pdf_one_file_per_grant_one_page_each(tmp_path, needs_pdf_tools):
    pdf_dir = tmp_path / "pdf"
    done = cli(
        "aterrapport",
        str(GRANT_EXAMPLE),
        "-o",
        str(tmp_path / "ut.xlsx"),
        "--pdf",
        str(pdf_dir),
        "--datum",
        "2023-01-17",
    )
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in pdf_dir.glob("*.pdf"))
    assert files == [
        "aterrapportering_bostad_forst_2022.pdf",
        "aterrapportering_kvalitetsutveckling_vald_i_nara_relationer_2022.pdf",
        "aterrapportering_subventioner_av_familjehemsplaceringar_2022.pdf",
    ]
    for name in files:
        assert _pages(pdf_dir / name) == 1, name
        assert _a4(pdf_dir / name), name
    assert done.stdout.count("PDF: ") == 3


def test_pdf_skips_grants_with_errors(tmp_path, needs_pdf_tools):
    path = make_book(
        tmp_path / "fel.xlsx",
        [grant(namn="Rätt"), grant(namn="Fel")],
        [cost(bidrag="Rätt"), cost(bidrag="Fel", belopp=-1)],
    )
    result = run_aterrapport(path, tmp_path / "ut.xlsx", pdf_dir=tmp_path / "pdf", today=TODAY)
    assert [p.name for p in result.pdfer] == ["aterrapportering_ratt.pdf"]
    assert result.utan_pdf == ["Fel"]
    assert _pages(result.pdfer[0]) == 1


def test_whole_sheet_prints_one_page_per_grant(tmp_path, needs_pdf_tools):
    """Print areas and page breaks: the overview, then each grant on its own page."""
    out = tmp_path / "ut.xlsx"
    run_aterrapport(GRANT_EXAMPLE, out, today=TODAY)
    wb = openpyxl.load_workbook(out)
    for name in wb.sheetnames:
        if name != ATERRAPPORTERING:
            del wb[name]
    only = tmp_path / "bara_aterrapportering.xlsx"
    wb.save(only)
    profile = tmp_path / "profil"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(only),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert _pages(tmp_path / "bara_aterrapportering.pdf") == 4
