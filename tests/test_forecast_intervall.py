"""Issue 23 end to end: a workbook with five years of monthly outcome gets an automatic choice
tested at every earlier year, 80 % intervals in Avvikelse (values LibreOffice keeps), the
committee's sentence, a band in the cumulative chart, a warning for a manual forecast far
outside its interval, and known grant revenue counted with its amount."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pytest
from conftest import recalc, same_value
from workbook_factory import write_workbook

from addin.commands.uppdatera import run_uppdatera
from udfs.language.number_format import format_tal

YEAR, PERIOD = 2025, 8
AREAS = {
    "Barn och unga": (8_000.0, -40_000.0),
    "Vuxna": (2_000.0, -20_000.0),
    "Ekonomiskt bistånd": (500.0, -15_000.0),
    "Ledning": (100.0, -5_000.0),
}
SEASON = np.array([1.0, 0.95, 1.02, 0.98, 1.0, 1.03, 0.6, 0.92, 1.02, 1.03, 1.0, 1.45])
MANUAL_AREA = "Vuxna"
GRANT_AREA = "Barn och unga"


def _outcome(rng: np.random.Generator, yearly: float, first: int) -> dict[int, np.ndarray]:
    out = {}
    for year in range(first, YEAR + 1):
        level = yearly / SEASON.sum() * 1.03 ** (year - first)
        out[year] = np.round(level * SEASON * (1 + rng.normal(0, 0.03, 12)), 1)
    return out


def tables(first: int = 2020) -> dict:
    rng = np.random.default_rng(23)
    utfall, budget, prognos = [], [], []
    for area, (inc, cost) in AREAS.items():
        for typ, yearly in (("Intäkter", inc), ("Kostnader", cost)):
            months = _outcome(rng, yearly, first)
            for year, values in months.items():
                for m in range(1, (PERIOD if year == YEAR else 12) + 1):
                    utfall.append([area, typ, year, m, float(values[m - 1])])
            budget.append([area, typ, round(yearly * 1.03 ** (YEAR - first), 0)])
            manual = round(cost * 3, 0) if (area, typ) == (MANUAL_AREA, "Kostnader") else None
            prognos.append([area, typ, None, manual, None, None])
    return {
        "Installningar": (
            ["Parameter", "Värde"],
            [["Nämnd", "Testnämnden"], ["År", YEAR], ["Period", PERIOD], ["Enhet", "tkr"]],
        ),
        "Budget": (["Verksamhetsområde", "Typ", "Budget"], budget),
        "Utfall": (["Verksamhetsområde", "Typ", "År", "Månad", "Belopp"], utfall),
        "Prognos": (
            ["Verksamhetsområde", "Typ", "Metod", "Manuell prognos", "Föregående prognos", "Kommentar"],
            prognos,
        ),
        "Bidragsintakter": (
            ["Källa", "Post", "Verksamhetsområde", "Prognos", "Utfall period"],
            [["Migrationsverket", "Schablonersättning", GRANT_AREA, 3_000.0, 0.0]],
        ),
    }


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("intervall")
    source = write_workbook(tmp / "in.xlsx", tables())
    written = tmp / "ut.xlsx"
    result = run_uppdatera(source, written, show_progress=False)
    assert result.report is not None
    return result, written, tmp


def _rows(ws) -> tuple[list, dict]:
    header = [c.value for c in ws[1]]
    rows = {(r[0], r[1]): r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    return header, rows


def test_every_row_has_an_interval_around_the_automatic_forecast(refreshed):
    result, written, _tmp = refreshed
    header, rows = _rows(openpyxl.load_workbook(written)["Avvikelse"])
    low, high, prognos = header.index("Prognos låg"), header.index("Prognos hög"), header.index(f"Prognos helår {YEAR}")
    report = result.report
    for (area, typ), row in rows.items():
        band = report.band(area, typ)
        assert band.shown, (area, typ, band.reason)
        assert row[low] == pytest.approx(band.low) and row[high] == pytest.approx(band.high)
        assert band.low < band.center < band.high
        if (area, typ) != (MANUAL_AREA, "Kostnader") and typ != "Netto" and area != "Totalt":
            assert row[low] <= row[prognos] <= row[high]  # the automatic forecast lies in its interval
    # five years of outcome: every method tested at August of 2021–2024 (2020 has no year before it)
    chosen = [e for e in report.evidence if e.vald and e.metod != "Manuell"]
    assert all(e.years_tested >= 3 for e in chosen)


def test_committee_sentence_gives_the_netto_interval_in_mnkr(tmp_path):
    """Without the manual forecast the committee's Netto is the automatic one, inside its interval."""
    data = tables()
    data["Prognos"][1][3][3] = None  # Vuxna / Kostnader: no manual forecast
    source = write_workbook(tmp_path / "in.xlsx", data)
    result = run_uppdatera(source, tmp_path / "ut.xlsx", show_progress=False)
    band = result.report.band("Totalt", "Netto")
    expected = (
        f"Med 80 % sannolikhet hamnar nettokostnaden mellan {format_tal(-band.high / 1000, 1)} och "
        f"{format_tal(-band.low / 1000, 1)} miljoner kronor."
    )
    assert expected in result.report.summary.committee
    sheet = next(s for s in result.sheets if s.name == "Sammanfattning")
    assert any(expected in str(r[0]) for r in sheet.values() if r)
    assert not [f for f in result.findings if f.regel == "manuell_utanfor_intervall"]
    assert _band_series(result) == ["Intervall 80 %, lägre kostnad", "Intervall 80 %, högre kostnad"]
    diagram = next(s for s in result.sheets if s.name == "Diagram").values()
    head = next(i for i, r in enumerate(diagram) if r and "Intervall 80 %, lägre kostnad" in r)
    col = diagram[head].index("Intervall 80 %, lägre kostnad")
    december = diagram[head + 12]
    assert december[col] == pytest.approx(-band.high / 1000) and december[col + 1] == pytest.approx(-band.low / 1000)


def test_no_sentence_when_the_committees_forecast_lies_outside(refreshed):
    """The manual forecast (three times the cost) pulls the committee's Netto outside the
    interval: the committee text gives no interval that contradicts its own forecast."""
    result, _written, _tmp = refreshed
    band = result.report.band("Totalt", "Netto")
    assert band.shown and result.report.totals()["Netto"]["prognos"] < band.low
    assert not any("sannolikhet" in t for t in result.report.summary.committee)


def test_manual_far_outside_is_kept_and_warned(refreshed):
    result, _written, _tmp = refreshed
    line = result.report.line(MANUAL_AREA, "Kostnader")
    assert line.prognos == AREAS[MANUAL_AREA][1] * 3  # the manual forecast stays the forecast
    [finding] = [f for f in result.findings if f.regel == "manuell_utanfor_intervall"]
    assert finding.meddelande.startswith(
        f"{MANUAL_AREA} / Kostnader: Manuell prognos ligger utanför det troliga intervallet"
    )
    assert finding.cell == "C5"  # the row of Prognos (its Metod cell, as the method warnings point)
    metodval = next(s for s in result.sheets if s.name == "Metodval").values()
    row = next(
        r
        for r in metodval
        if r
        and r[0] == MANUAL_AREA
        and r[1] == "Kostnader"
        and r[-2] in ("Under intervallet", "Över intervallet", "Inom intervallet")
    )
    assert row[-2] == "Under intervallet"  # three times the cost: far below the (negative) interval


def test_known_grant_counts_with_its_amount(refreshed):
    result, _written, _tmp = refreshed
    report = result.report
    auto = report.auto
    i = [k for k in ((a, t) for a in AREAS for t in ("Intäkter", "Kostnader"))].index((GRANT_AREA, "Intäkter"))
    linear = auto.value("Linjär", i)
    so_far = report.line(GRANT_AREA, "Intäkter").utfall_period
    assert linear == pytest.approx(so_far / PERIOD * 12 + 3_000.0)  # nothing booked yet: all of it on top
    metodval = [r for r in next(s for s in result.sheets if s.name == "Metodval").values() if r]
    assert any(r[0] == GRANT_AREA and "Räknas in: Schablonersättning" in str(r[2]) for r in metodval)


def _band_series(result) -> list[str]:
    diagram = next(s for s in result.sheets if s.name == "Diagram")
    chart = next(c for c in diagram.charts if c.name == "ackumulerat_mot_budget")
    return [s.title for s in chart.series if s.title.startswith("Intervall")]


def test_libreoffice_agrees_with_every_formula(refreshed):
    result, written, tmp = refreshed
    assert _band_series(result) == []  # the committee's forecast lies outside: no band in its chart
    office = openpyxl.load_workbook(recalc(written, tmp / "lo"), data_only=True)
    checked = 0
    for spec in result.sheets:
        for ref, value in spec.formula_values().items():
            assert same_value(value, office[spec.name][ref].value), (spec.name, ref)
            checked += 1
    assert checked > 100
    header, rows = _rows(office["Avvikelse"])
    band = result.report.band("Totalt", "Netto")
    assert rows[("Totalt", "Netto")][header.index("Prognos hög")] == pytest.approx(band.high)


def test_too_short_history_says_so_and_prints_no_band(tmp_path):
    source = write_workbook(tmp_path / "kort.xlsx", tables(first=YEAR - 1))
    result = run_uppdatera(source, tmp_path / "ut.xlsx", show_progress=False)
    report = result.report
    assert not report.band("Totalt", "Netto").shown
    assert not any("Med 80 % sannolikhet" in t for t in report.summary.committee)
    header, rows = _rows(openpyxl.load_workbook(tmp_path / "ut.xlsx")["Avvikelse"])
    assert all(r[header.index("Prognos låg")] is None for r in rows.values())
    metodval = [r for r in next(s for s in result.sheets if s.name == "Metodval").values() if r]
    assert any(
        re.search(r"för kort historik: \d+ prognosfel att bygga intervallet på .*minst 9 behövs", str(r[-1]))
        for r in metodval
    )
