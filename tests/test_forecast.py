"""Forecast methods and the explainable automatic choice (Metodval)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.forecasting import candidates as cand
from udfs.forecasting import methods as fc
from udfs.forecasting.engine import compute
from validation.forecast_tables.inputs import Inputs
from validation.models import Settings
from workbooks.report.method_sheet import metodval_sheet

SEASON = np.array([1.0, 0.95, 1.02, 0.98, 1.0, 1.03, 0.6, 0.92, 1.02, 1.03, 1.0, 1.45])


def test_linjar():
    assert fc.linjar(-400, 4) == pytest.approx(-1200)
    assert fc.linjar(np.array([100.0, -50.0]), np.array([2, 5])).tolist() == [600.0, -120.0]


def test_sasong_uses_last_years_cumulative_share():
    last = np.array([10.0] * 11 + [30.0])  # December heavy: 140 in all
    share = fc.sasongsandel(last, 4)
    assert share == pytest.approx(40 / 140)
    assert fc.sasong(44.0, share) == pytest.approx(44 / (40 / 140))


def test_sasong_unusable_profile_is_nan():
    assert math.isnan(fc.sasongsandel(np.zeros(12), 4))
    assert math.isnan(fc.sasong(10.0, fc.sasongsandel(np.array([-5.0] * 4 + [10.0] * 8), 4)))


def test_budgetprofil():
    months = np.array([1.0] * 12) * -100
    months[11] = -300
    assert fc.budget_till_period(-1400.0, months, 4) == pytest.approx(-400)
    assert fc.budget_till_period(-1200.0, np.full(12, np.nan), 4) == pytest.approx(-400)
    assert fc.budgetprofil(-450.0, -1400 - (-400)) == pytest.approx(-1450)


def test_helarsprognos_single_series():
    assert fc.helarsprognos([-100, -100, -100, None], "Linjär") == pytest.approx(-1200)
    last = [-10.0] * 11 + [-30.0]
    assert fc.helarsprognos([-10, -10, -10, -10], "Säsong", fg_ar=last) == pytest.approx(-140)
    assert fc.helarsprognos([-10, -10], "Budgetprofil", budget=-240) == pytest.approx(-20 - 200)
    assert fc.helarsprognos([-10], "Manuell", manuell=-999) == -999
    with pytest.raises(ValueError, match="Säsong kräver"):
        fc.helarsprognos([-10], "Säsong")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=1, max_value=12))
def test_linjar_of_a_flat_year_is_exact(monthly, period):
    assert fc.linjar(monthly * period, period) == pytest.approx(monthly * 12, rel=1e-9, abs=1e-6)


def _inputs(seasonal_area_years: int, period: int = 4, prognos_rows=None) -> Inputs:
    """Two areas of costs: 'Säsongsrik' follows SEASON, 'Jämn' is flat."""
    rows = []
    year = 2025
    for area, profile, level in (("Säsongsrik", SEASON, -1000.0), ("Jämn", np.ones(12), -500.0)):
        for back in range(seasonal_area_years, -1, -1):
            months = 12 if back else period
            for m in range(1, months + 1):
                rows.append((area, None, "Kostnader", year - back, m, level * profile[m - 1]))
    utfall = pd.DataFrame(rows, columns=["omrade", "verksamhet", "typ", "ar", "manad", "belopp"])
    budget = pd.DataFrame(
        [("Säsongsrik", None, "Kostnader", -12500.0), ("Jämn", None, "Kostnader", -6000.0)],
        columns=["omrade", "verksamhet", "typ", "budget"],
    )
    for i in range(1, 13):
        budget[f"m{i}"] = np.nan
    prognos = pd.DataFrame(
        prognos_rows or [], columns=["omrade", "typ", "metod", "manuell", "foregaende", "kommentar", "cell"]
    )
    settings = Settings(namnd="Testnämnden", ar=year, period=period)
    return Inputs(settings, budget, utfall, prognos, ["Säsongsrik", "Jämn"], False)


def test_auto_choice_picks_seasonal_when_it_would_have_forecast_last_year_best():
    report = compute(_inputs(seasonal_area_years=2))
    line = report.line("Säsongsrik", "Kostnader")
    assert line.metod == "Säsong (auto)"
    expected = -1000 * SEASON[:4].sum() / (SEASON[:4].sum() / SEASON.sum())
    assert line.prognos == pytest.approx(expected)  # = last year's full year
    chosen = [e for e in report.evidence if e.omrade == "Säsongsrik" and e.typ == "Kostnader" and e.vald]
    assert [e.metod for e in chosen] == ["Säsong"]
    assert chosen[0].fel == pytest.approx(0)
    linear = next(
        e for e in report.evidence if e.omrade == "Säsongsrik" and e.typ == "Kostnader" and e.metod == "Linjär"
    )
    assert linear.fel > 100


def test_flat_area_ties_go_to_linear():
    report = compute(_inputs(seasonal_area_years=2))
    assert report.line("Jämn", "Kostnader").metod == "Linjär (auto)"
    assert report.line("Jämn", "Kostnader").prognos == pytest.approx(-6000)


def test_without_history_linear_is_used_and_explained():
    report = compute(_inputs(seasonal_area_years=0))
    line = report.line("Säsongsrik", "Kostnader")
    assert line.metod == "Linjär (auto)"
    chosen = next(e for e in report.evidence if e.omrade == "Säsongsrik" and e.typ == "Kostnader" and e.vald)
    assert "Ingen historik" in chosen.skal


def test_manual_always_wins_and_named_method_is_used():
    rows = [
        ("Säsongsrik", "Kostnader", "Linjär", -9999.0, None, "Egen bedömning", "Prognos!C2"),
        ("Jämn", "Kostnader", "Budgetprofil", None, None, None, "Prognos!C3"),
    ]
    report = compute(_inputs(seasonal_area_years=2, prognos_rows=rows))
    assert report.line("Säsongsrik", "Kostnader").prognos == -9999
    assert report.line("Säsongsrik", "Kostnader").metod == "Manuell"
    assert report.line("Säsongsrik", "Kostnader").kommentar == "Egen bedömning"
    jamn = report.line("Jämn", "Kostnader")
    assert jamn.metod == "Budgetprofil"
    assert jamn.prognos == pytest.approx(-500 * 4 + (-6000 - (-6000 * 4 / 12)))


def test_named_seasonal_without_history_falls_back_with_warning():
    rows = [("Säsongsrik", "Kostnader", "Säsong", None, None, None, "D2")]
    report = compute(_inputs(seasonal_area_years=0, prognos_rows=rows))
    assert report.line("Säsongsrik", "Kostnader").metod == "Linjär"
    assert report.warnings and report.warnings[0].cell == "D2"


def test_metodval_sheet_explains_every_method():
    report = compute(_inputs(seasonal_area_years=2))
    sheet = metodval_sheet(report)
    values = sheet.values()
    first = sheet.table.first_row
    header = values[first - 1]
    assert header[:5] == ["Verksamhetsområde", "Typ", "Metod", "Prognos helår 2025", "Testade år"]
    assert header[5:7] == ["Fel 2023", "Fel 2024"]  # one column per earlier year
    rows = values[first : sheet.table.last_row]
    # 2 areas × 2 types × every candidate of the automatic choice
    assert len(rows) == 4 * len(cand.METHODS)
    budgetprofil = [r for r in rows if r[2] == "Budgetprofil"]
    assert all("Kan inte testas" in r[-1] for r in budgetprofil)
    assert sum(1 for r in rows if r[-2] == "Ja") == 4
    smoothing = [r for r in rows if r[2] == cand.UTJAMNING and r[1] == "Kostnader"]
    # two whole years give a season for 2025, but none before 2024 to test it on
    assert all(r[3] is not None and r[4] == 0 and "Kan inte testas" in r[-1] for r in smoothing)
    seasonal = next(r for r in rows if r[0] == "Säsongsrik" and r[1] == "Kostnader" and r[2] == "Säsong")
    assert seasonal[4] == 1 and seasonal[5] is None and seasonal[6] == pytest.approx(0)  # tested on 2024 only


def test_metodval_names_the_manual_figure_as_chosen():
    rows = [("Säsongsrik", "Kostnader", None, -9999.0, None, None, "Prognos!D2")]
    report = compute(_inputs(seasonal_area_years=2, prognos_rows=rows))
    chosen = [e for e in report.evidence if e.omrade == "Säsongsrik" and e.typ == "Kostnader" and e.vald]
    assert [(e.metod, e.prognos, e.skal) for e in chosen] == [("Manuell", -9999.0, "Manuell prognos ifylld")]
    # every area and type has exactly one chosen method
    assert sum(e.vald for e in report.evidence) == 4


def test_metodval_lists_the_volume_method_for_costs():
    from conftest import EXAMPLE

    from addin.ribbon.forecast import uppdatera_prognos
    from workbooks.books.xlsx_book import XlsxBook

    report = uppdatera_prognos(XlsxBook(EXAMPLE)).report
    volym = [e for e in report.evidence if e.metod == "Volym"]
    assert volym and all(e.typ == "Kostnader" for e in volym)
    bistand = next(e for e in volym if e.omrade == "Ekonomiskt bistånd")
    assert bistand.prognos is not None and "Kan inte testas" in bistand.skal
