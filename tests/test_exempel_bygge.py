"""Tests for the bundled example workbook builder (workbooks/exempel/bygg_exempel.py)."""

from __future__ import annotations

import csv
import datetime
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SCRIPT = REPO / "workbooks" / "exempel" / "bygg_exempel.py"
COMMITTED = REPO / "workbooks" / "exempel" / "botkyrka_sn_2023_delar1.xlsx"

EXPECTED_HEADERS = {
    ("Inställningar", "Installningar"): ["Parameter", "Värde", "Förklaring"],
    ("Budget", "Budget"): ["Verksamhetsområde", "Typ", "Budget"],
    ("Utfall", "Utfall"): ["Verksamhetsområde", "Typ", "År", "Månad", "Belopp"],
    ("Prognos", "Prognos"): [
        "Verksamhetsområde",
        "Typ",
        "Metod",
        "Manuell prognos",
        "Föregående prognos",
        "Kommentar",
    ],
}
RENAMES = {
    "Ledning och administration": "Gemensam verksamhet",
    "Vuxna, med psykisk funktionsnedsättning": "Vuxna, psykisk funktionsnedsättning",
}


def _load_builder():
    # Imported by path: the packages may not exist yet.
    spec = importlib.util.spec_from_file_location("bygg_exempel_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bygg_exempel = _load_builder()


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _drift() -> list[dict[str, str]]:
    return [
        r
        for r in _csv("botkyrka_sn_2023_delar1_drift_tkr.csv")
        if r["verksamhetsomrade"] != "Totalt" and r["typ"] in ("Intäkter", "Kostnader")
    ]


def _table_rows(wb, sheet: str, table: str) -> list[dict]:
    ws = wb[sheet]
    ref = ws.tables[table].ref
    rows = [list(r) for r in ws[ref]]
    headers = [c.value for c in rows[0]]
    return [dict(zip(headers, (c.value for c in r))) for r in rows[1:]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    ut = tmp_path_factory.mktemp("exempel") / "exempel.xlsx"
    assert bygg_exempel.build_example(DATA, ut) == ut
    return ut


@pytest.fixture(scope="module")
def wb(built):
    return load_workbook(built)


def test_default_paths():
    assert bygg_exempel.DEFAULT_DATA == DATA
    assert bygg_exempel.DEFAULT_UT == COMMITTED


def test_tables_exist_with_headers_and_style(wb):
    assert wb.sheetnames[0] == "Om exemplet"
    assert wb.properties.creator == "Prognos"
    for (sheet, name), headers in EXPECTED_HEADERS.items():
        ws = wb[sheet]
        assert name in ws.tables, f"{sheet} saknar tabellen {name}"
        table = ws.tables[name]
        assert table.displayName == name
        assert table.ref.startswith("A1:")
        assert table.ref.endswith(str(ws.max_row))
        assert table.tableStyleInfo.name == "TableStyleMedium2"
        assert [c.value for c in ws[1]] == headers
        assert ws.freeze_panes == "A2"


def test_installningar(wb):
    rows = {r["Parameter"]: r["Värde"] for r in _table_rows(wb, "Inställningar", "Installningar")}
    assert rows == {
        "Nämnd": "Socialnämnden, Botkyrka kommun",
        "År": 2023,
        "Period": 4,
        "Enhet": "tkr",
        "Balansgräns": 0.005,
        "Rapport": "Delårsrapport 1 2023",
        "Rapportdatum": datetime.datetime(2023, 5, 10),
    }
    ws = wb["Inställningar"]
    cell = next(r[1] for r in ws.iter_rows(min_row=2) if r[0].value == "Balansgräns")
    assert cell.number_format == "0.0%"
    assert all(r["Förklaring"] for r in _table_rows(wb, "Inställningar", "Installningar"))


def test_budget_rows(wb):
    rows = _table_rows(wb, "Budget", "Budget")
    expected = [(r["verksamhetsomrade"], r["typ"], int(r["budget_helar_2023"])) for r in _drift()]
    assert [(r["Verksamhetsområde"], r["Typ"], r["Budget"]) for r in rows] == expected
    assert all(isinstance(r["Budget"], int) for r in rows)


def test_utfall_sums_exact(wb):
    rows = _table_rows(wb, "Utfall", "Utfall")
    months = defaultdict(dict)
    for r in rows:
        assert isinstance(r["Belopp"], int)
        key = (r["Verksamhetsområde"], r["Typ"], r["År"])
        assert r["Månad"] not in months[key]
        months[key][r["Månad"]] = r["Belopp"]
    drift = _drift()
    assert len(rows) == len(drift) * 16
    for d in drift:
        area, typ = d["verksamhetsomrade"], d["typ"]
        m22, m23 = months[(area, typ, 2022)], months[(area, typ, 2023)]
        assert sorted(m22) == list(range(1, 13))
        assert sorted(m23) == [1, 2, 3, 4]
        assert sum(m22[m] for m in range(1, 5)) == int(d["utfall_jan_apr_2022"]), (area, typ)
        assert sum(m22[m] for m in range(5, 13)) == int(d["utfall_helar_2022"]) - int(d["utfall_jan_apr_2022"]), (
            area,
            typ,
        )
        assert sum(m23.values()) == int(d["utfall_jan_apr_2023"]), (area, typ)


def test_utfall_order(wb):
    rows = _table_rows(wb, "Utfall", "Utfall")
    areas = list(dict.fromkeys(r["verksamhetsomrade"] for r in _drift()))
    keys = [
        (areas.index(r["Verksamhetsområde"]), ("Intäkter", "Kostnader").index(r["Typ"]), r["År"], r["Månad"])
        for r in rows
    ]
    assert keys == sorted(keys)


def test_sign_reversing_remainder_goes_to_december(wb):
    rows = _table_rows(wb, "Utfall", "Utfall")
    ovr = {
        r["Månad"]: r["Belopp"]
        for r in rows
        if r["Verksamhetsområde"] == "Övriga verksamheter" and r["Typ"] == "Kostnader" and r["År"] == 2022
    }
    assert sum(ovr[m] for m in range(1, 5)) == -22
    assert all(ovr[m] == 0 for m in range(5, 12))
    assert ovr[12] == 22


def test_prognos_netto_total_and_march(wb):
    rows = _table_rows(wb, "Prognos", "Prognos")
    assert all(r["Metod"] is None for r in rows)
    assert sum(r["Manuell prognos"] for r in rows) == -682_051  # the paper prints -682 050

    netto_prev = defaultdict(int)
    for r in rows:
        if r["Föregående prognos"] is not None:
            netto_prev[r["Verksamhetsområde"]] += r["Föregående prognos"]
    march = {
        RENAMES.get(r["verksamhetsomrade"], r["verksamhetsomrade"]): int(r["prognos_mars_netto"])
        for r in _csv("botkyrka_sn_2023_prognosforandring_tkr.csv")
        if r["verksamhetsomrade"] != "Totalt"
    }
    assert dict(netto_prev) == march

    by_key = {(r["Verksamhetsområde"], r["Typ"]): r for r in rows}
    for d in _drift():
        row = by_key[(d["verksamhetsomrade"], d["typ"])]
        assert row["Manuell prognos"] == int(d["prognos_helar_2023"])
    # Revenue assumed unchanged since March.
    assert by_key[("Barn och unga", "Intäkter")]["Föregående prognos"] == 6874
    assert by_key[("Övriga verksamheter", "Intäkter")]["Föregående prognos"] is None
    assert by_key[("Övriga verksamheter", "Kostnader")]["Föregående prognos"] is None
    assert "843" in by_key[("Ekonomiskt bistånd", "Kostnader")]["Kommentar"]
    assert "Migrationsverket" in by_key[("Flyktingmottagande", "Intäkter")]["Kommentar"]


def test_om_exemplet_text(wb):
    text = " ".join(str(c.value) for c in wb["Om exemplet"]["A"] if c.value)
    for needle in (
        "SN/2023:00129",
        "2023-05-10",
        "tkr",
        "Ledning och administration",
        "Gemensam verksamhet",
        "38\u00a0278",
        "38\u00a0279",
    ):
        assert needle in text, needle


def _values(path: Path) -> dict:
    book = load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_committed_workbook_matches_fresh_build(built):
    assert COMMITTED.exists(), "kör python workbooks/exempel/bygg_exempel.py"
    assert _values(COMMITTED) == _values(built)


def test_build_is_byte_deterministic(built, tmp_path):
    again = bygg_exempel.build_example(DATA, tmp_path / "igen.xlsx")
    assert again.read_bytes() == built.read_bytes()


@given(
    total=st.integers(min_value=-(10**9), max_value=10**9),
    start=st.integers(min_value=0, max_value=11),
    length=st.integers(min_value=1, max_value=12),
)
def test_distribute_exact_and_same_sign(total, start, length):
    weights = bygg_exempel.SEASONAL_WEIGHTS[start : start + length]
    parts = bygg_exempel.distribute(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts) == total
    assert all(p * total >= 0 for p in parts)
    # Largest remainder: each part within 1 of its exact quota.
    wsum = sum(weights)
    for p, w in zip(parts, weights):
        assert abs(p * wsum - total * w) < wsum
