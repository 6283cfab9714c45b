"""Tests for the empty template workbook (``prognos mall UT.xlsx``)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import pathlib
import shutil
import subprocess
import sys
import uuid

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from udfs.language.vocabulary import ENHETER, METODER, TYPER
from validation.contract import AMOUNT, DATE, TABLES, VOLYMER

REPO = pathlib.Path(__file__).resolve().parents[1]


def _load_mall():
    """Import workbooks/template/template.py by file path, so the test runs without an install."""
    spec = importlib.util.spec_from_file_location(
        "prognos_mall_under_test", REPO / "workbooks" / "template" / "template.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while building
    spec.loader.exec_module(module)
    return module


mall = _load_mall()

# The contract (validation/contract.py, declared once): sheet -> (table, required columns,
# optional columns). The template must realise every declared table and column.
KONTRAKT = {
    spec.sheet: (
        spec.name,
        [c.header for c in spec.columns if c.required],
        [c.header for c in spec.columns if not c.required],
    )
    for spec in TABLES
}

DATABLAD = [blad for blad in KONTRAKT if blad != "Inställningar"]


@pytest.fixture(scope="module")
def mallfil(tmp_path_factory) -> pathlib.Path:
    ut = tmp_path_factory.mktemp("mall") / "undermapp" / "mall.xlsx"
    resultat = mall.write_template(ut, 2024)
    assert pathlib.Path(resultat) == ut
    return ut


@pytest.fixture(scope="module")
def wb(mallfil):
    return openpyxl.load_workbook(mallfil)


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def _table(ws, namn):
    for tabell in ws.tables.values():
        if tabell.displayName == namn:
            return tabell
    raise AssertionError(f"ingen tabell {namn!r} på bladet {ws.title!r}: {list(ws.tables)}")


def _column_cells(ws, tabell, kolumn) -> list[str]:
    """Coordinates of the data cells of one table column."""
    min_col, min_row, max_col, max_row = range_boundaries(tabell.ref)
    headers = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
    col = get_column_letter(min_col + headers.index(kolumn))
    return [f"{col}{r}" for r in range(min_row + 1, max_row + 1)]


def _validations_covering(ws, coord):
    return [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]


# ---------------------------------------------------------------- structure


def test_file_reopens_with_sheets_in_order(wb):
    assert wb.sheetnames == ["Instruktioner", *KONTRAKT, "Huvudbok"]
    assert wb.active.title == "Instruktioner"


def test_properties(wb):
    assert wb.properties.creator == "Prognos"
    assert wb.properties.title == "Prognos – mall"


@pytest.mark.parametrize("blad", list(KONTRAKT))
def test_table_exists_with_headers(wb, blad):
    namn, obligatoriska, valfria = KONTRAKT[blad]
    ws = wb[blad]
    tabell = _table(ws, namn)
    assert tabell.name == namn
    assert tabell.tableStyleInfo.name == "TableStyleMedium2"
    min_col, min_row, max_col, max_row = range_boundaries(tabell.ref)
    assert (min_col, min_row) == (1, 1)
    headers = _headers(ws)
    assert max_col == len(headers)
    if blad not in ("Budget", "Utfall"):  # those two: see test_exact_column_order_...
        # required columns first, in contract order, then the optional ones
        assert headers == obligatoriska + valfria
    for kolumn in obligatoriska + valfria:
        assert kolumn in headers, kolumn
    assert len(set(headers)) == len(headers)
    assert [c.name for c in tabell.tableColumns] == headers
    assert ws.freeze_panes == "A2"
    for idx, header in enumerate(headers, start=1):
        bredd = ws.column_dimensions[get_column_letter(idx)].width
        assert bredd >= len(header), (blad, header, bredd)
    if blad != "Inställningar":
        assert max_row - min_row >= 200


def test_exact_column_order_budget_and_utfall(wb):
    manader = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
    assert _headers(wb["Budget"]) == ["Verksamhetsområde", "Verksamhet", "Typ", "Budget", "Benämning i text", *manader]
    assert _headers(wb["Utfall"]) == [
        "Verksamhetsområde",
        "Verksamhet",
        "Typ",
        "År",
        "Månad",
        "Belopp",
    ]


def test_installningar_rows(wb):
    ws = wb["Inställningar"]
    rader = {
        ws.cell(row=r, column=1).value: (ws.cell(row=r, column=2), ws.cell(row=r, column=3).value)
        for r in range(2, ws.max_row + 1)
    }
    assert list(rader) == [
        "Nämnd",
        "År",
        "Period",
        "Enhet",
        "Balansgräns",
        "Kostnader",
        "Intäkter",
        "Huvudbok i",
        "Väsentlighetsgräns",
        "Rapport",
        "Rapportdatum",
    ]
    assert rader["Rapport"][0].value is None and "Delårsrapport 1 2023" in rader["Rapport"][1]
    assert rader["Rapportdatum"][0].value is None and "varning" in rader["Rapportdatum"][1]
    assert rader["Väsentlighetsgräns"][0].value is None  # empty: 0,5 miljoner kronor
    assert rader["Kostnader"][0].value == "negativa"
    assert rader["Intäkter"][0].value == "positiva" and rader["Huvudbok i"][0].value == "kr"
    assert rader["Nämnd"][0].value is None
    assert rader["År"][0].value == 2024
    assert rader["Period"][0].value is None
    assert rader["Enhet"][0].value == "tkr"
    assert rader["Balansgräns"][0].value == pytest.approx(0.005)
    assert rader["Balansgräns"][0].number_format == "0.0%"
    for parameter, (_, forklaring) in rader.items():
        assert forklaring and len(forklaring) > 10, parameter
    assert "1–12" in rader["Period"][1]
    assert "budget i balans" in rader["Balansgräns"][1]
    tabell = _table(ws, "Installningar")
    assert tabell.ref == "A1:C12"


def test_default_year_is_current(tmp_path):
    ut = mall.write_template(tmp_path / "mall.xlsx")
    ws = openpyxl.load_workbook(ut)["Inställningar"]
    assert ws["A3"].value == "År"
    assert ws["B3"].value == dt.date.today().year


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("blad", "kolumn", "varden"),
    [
        ("Budget", "Typ", ",".join(TYPER)),
        ("Utfall", "Typ", ",".join(TYPER)),
        ("Prognos", "Typ", ",".join(TYPER)),
        ("Prognos", "Metod", ",".join(METODER)),
        ("Volymer", "Styckkostnad per", ",".join(VOLYMER.column("styckkostnad_per").values)),
        ("Volymer", "Styckkostnad i", ",".join(ENHETER)),
        ("Prognoshistorik", "Typ", ",".join((*TYPER, "Netto"))),
        ("Åtgärder", "Status", "Ej påbörjad,Beslutad,Pågår,Genomförd,Avbruten"),
    ],
)
def test_dropdowns_cover_data_rows(wb, blad, kolumn, varden):
    ws = wb[blad]
    tabell = _table(ws, KONTRAKT[blad][0])
    celler = _column_cells(ws, tabell, kolumn)
    assert len(celler) >= 200
    for coord in celler:
        dvs = _validations_covering(ws, coord)
        assert len(dvs) == 1, (blad, coord)
        dv = dvs[0]
        assert dv.type == "list"
        assert dv.formula1 == f'"{varden}"'
        assert dv.showErrorMessage
        assert dv.allow_blank
        assert dv.errorTitle and dv.error
    # the header is not validated
    assert not _validations_covering(ws, celler[0][:-1] + "1")


def test_manad_is_whole_number_1_to_12(wb):
    ws = wb["Utfall"]
    celler = _column_cells(ws, _table(ws, "Utfall"), "Månad")
    for coord in (celler[0], celler[-1]):
        (dv,) = _validations_covering(ws, coord)
        assert dv.type == "whole"
        assert (dv.operator, dv.formula1, dv.formula2) == ("between", "1", "12")
        assert dv.showErrorMessage and "1–12" in dv.error


def test_installningar_validations(wb):
    ws = wb["Inställningar"]
    (enhet,) = _validations_covering(ws, "B5")
    assert enhet.type == "list" and enhet.formula1 == '"' + ",".join(ENHETER) + '"'
    assert enhet.showErrorMessage and enhet.error
    (period,) = _validations_covering(ws, "B4")
    assert period.type == "whole" and (period.formula1, period.formula2) == ("1", "12")
    assert period.showErrorMessage and period.error


def spec_headers(spec, kind) -> list[str]:
    return [c.header for c in spec.columns if c.kind == kind]


def test_number_formats(wb):
    # from the contract's column kinds: every amount (and Jan…Dec of Budget), every date
    belopp = {
        spec.sheet: [*spec_headers(spec, AMOUNT), *(["Jan", "Dec"] if spec.template_months else [])] for spec in TABLES
    }
    datum = {spec.sheet: spec_headers(spec, DATE) for spec in TABLES}
    assert belopp["Budget"] == ["Budget", "Jan", "Dec"] and belopp["Statsbidrag"] == ["Mottaget"]
    assert datum["Bidragskostnader"] == ["Datum"]
    for formats, fmt in ((belopp, "#,##0"), (datum, "yyyy-mm-dd")):
        for blad, kolumner in formats.items():
            ws = wb[blad]
            tabell = _table(ws, KONTRAKT[blad][0])
            for kolumn in kolumner:
                celler = _column_cells(ws, tabell, kolumn)
                for coord in (celler[0], celler[-1]):
                    assert ws[coord].number_format == fmt, (blad, kolumn, coord)


# ---------------------------------------------------------------- instructions


def test_instruktioner(wb):
    ws = wb["Instruktioner"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for blad in KONTRAKT:
        assert blad in text, blad
    for derived in (
        "Avvikelse",
        "Sammanfattning",
        "Metodval",
        "Volymanalys",
        "Återrapportering",
        "Valideringsfel",
    ):
        assert derived in text, derived
    assert "prognos uppdatera arbetsbok.xlsx -o resultat.xlsx" in text
    assert "Manuell prognos" in text
    assert "positiva" in text and "negativa" in text
    assert "hela kronor" in text
    assert ws.column_dimensions["A"].width >= 60
    assert all(c.alignment.wrap_text for c in ws["A"] if c.value)


def _instruction_paragraphs(wb, heading: str) -> list[str]:
    """The paragraphs under one heading of Instruktioner (up to the next heading)."""
    cells = [c for c in wb["Instruktioner"]["A"] if c.value]
    start = next(i for i, c in enumerate(cells) if c.value == heading and c.font.bold)
    out = []
    for cell in cells[start + 1 :]:
        if cell.font.bold:
            break
        out.append(str(cell.value))
    return out


@pytest.mark.parametrize(
    "blad,words",
    [
        ("Texter", ["Avsnitt", "Nämnden", "ett verksamhetsområde", "Alt+Retur", "punktlista", "Word-rapporten"]),
        (
            "Orsaker",
            [
                "Verksamhetsområde",
                "Orsak",
                "Belopp med avvikelsens tecken",
                "tom",
                "aldrig 0",
                "Förklaringsposter",
                "förklarar 38,2 av 38,3 miljoner kronor",
            ],
        ),
        (
            "Åtgärder",
            [
                "handlingsplan",
                "Beslutsdatum",
                "Effekt helår",
                "Varav personal",
                "Full effekt från",
                "Status",
                "Handlingsplan",
                "Post och Belopp",
                "Orsaker, med en varning",
            ],
        ),
    ],
)
def test_instruktioner_explain_the_own_words(wb, blad, words):
    """Issue 20: each new table is explained under its own heading on Instruktioner."""
    text = " ".join(_instruction_paragraphs(wb, blad))
    for word in words:
        assert word in text, (blad, word)
    general = " ".join(_instruction_paragraphs(wb, "Egna texter i rapporten"))
    assert "Texter" in general and "Orsaker" in general and "Åtgärder" in general


def test_thresholds_explained_by_what_they_decide(wb):
    ws = wb["Inställningar"]
    explained = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)}
    assert 'Avgör när texterna säger "budget i balans"' in explained["Balansgräns"]
    assert "nämns inte bland dem med underskott eller överskott" in explained["Balansgräns"]
    assert "Avgör vilka belopp texterna nämner" in explained["Väsentlighetsgräns"]
    assert '"i samma storleksordning"' in explained["Väsentlighetsgräns"]
    assert "störst förändring" in explained["Väsentlighetsgräns"]
    intro = " ".join(_instruction_paragraphs(wb, "Inställningar"))
    assert "Balansgräns (avgör när texterna säger budget i balans" in intro and "Väsentlighetsgräns avgör" in intro


def test_overwrites_existing_file(tmp_path):
    ut = tmp_path / "mall.xlsx"
    ut.write_bytes(b"not a workbook")
    mall.write_template(ut, 2023)
    assert openpyxl.load_workbook(ut)["Inställningar"]["B3"].value == 2023


# ---------------------------------------------------------------- LibreOffice


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_round_trip(mallfil, tmp_path):
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice saknas men CI är satt")
        pytest.skip("LibreOffice (soffice) is not installed")
    profil = tmp_path / f"lo_profile_{uuid.uuid4().hex}"
    utmapp = tmp_path / "lo"
    utmapp.mkdir()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profil.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(utmapp),
            str(mallfil),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    tur_och_retur = utmapp / mallfil.name
    assert tur_och_retur.exists()
    wb2 = openpyxl.load_workbook(tur_och_retur)
    for blad, (namn, obligatoriska, valfria) in KONTRAKT.items():
        ws = wb2[blad]
        headers = _headers(ws)
        for kolumn in obligatoriska + valfria:
            assert kolumn in headers, (blad, kolumn)
        tabell = _table(ws, namn)
        assert [c.name for c in tabell.tableColumns] == headers
    ws = wb2["Prognos"]
    metod = _column_cells(ws, _table(ws, "Prognos"), "Metod")
    (dv,) = _validations_covering(ws, metod[-1])
    assert dv.type == "list"
