"""The numerical core of issue 23: candidates, exponential smoothing, the rolling-origin
backtest and choice, the split-conformal interval, known grant revenue and the lean over
rounds. Oracles are computed by hand or from the definitions, never by the code under test."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.forecasting import backtest as bt
from udfs.forecasting import candidates as cand
from udfs.forecasting import methods as fc
from udfs.forecasting.accuracy import AccuracyGroup, AccuracyLine
from udfs.forecasting.bias import band_hits, lean, lean_sentence, sign_test
from udfs.forecasting.history import HistoryRow
from udfs.forecasting.intervals import MIN_ERRORS, bands, quantiles, winkler
from udfs.forecasting.known_revenue import known_revenue
from udfs.forecasting.smoothing import damped_year, month_indices
from udfs.grant.report_back import Bidrag, Omgang
from udfs.section.rows import GrantRevenue


def history(months: np.ndarray, first_year: int = 2020) -> bt.History:
    n, y, _ = months.shape
    return bt.History(
        first_year, months, np.full((n, y), np.nan), np.full((n, y, 12), np.nan), np.zeros((n, y, 12)), np.zeros((n, y))
    )


# --- exponential smoothing ----------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    st.floats(-1e6, 1e6).filter(lambda x: abs(x) > 1),
    st.lists(st.floats(-0.5, 0.5), min_size=12, max_size=12),
    st.integers(2, 5),
    st.integers(1, 11),
)
def test_smoothing_forecasts_a_level_with_a_fixed_season_exactly(level, shape, years, p):
    season = np.array(shape) - np.mean(shape)
    year = level * (1 + season)
    past = np.tile(year, (1, years, 1))
    rest = damped_year(past, year[None, :], (p,))[p]
    assert rest[0] == pytest.approx(year[p:].sum(), rel=1e-9, abs=1e-6)


def test_smoothing_needs_two_whole_years_and_no_gaps():
    one = np.full((1, 1, 12), -100.0)
    assert np.isnan(damped_year(one, np.full((1, 12), -100.0), (4,))[4]).all()
    assert np.isnan(month_indices(one)).all()
    gap = np.full((1, 3, 12), -100.0)
    gap[0, 1, 5] = np.nan
    assert np.isnan(damped_year(gap, np.full((1, 12), -100.0), (4,))[4]).all()


def test_smoothing_follows_a_level_shift():
    """A shift in last year's autumn: the smoothed level moves, last year's seasonality does not."""
    year = np.ones(12) * -100.0
    past = np.tile(year, (1, 3, 1))
    past[0, 2, 8:] = -130.0
    this = np.full((1, 12), -130.0)
    rest = damped_year(past, this, (4,))[4][0]
    # near the new level (the shift leaks a little into the month indices), far from the old one (-800)
    assert -130 * 8 * 1.1 < rest < -130 * 8 * 0.9


# --- candidates ---------------------------------------------------------------------------------
def test_candidates_by_hand_with_known_grants():
    """Grants are taken out before extrapolating and added back with their known year amount."""
    last = np.array([10.0] * 11 + [30.0])  # 140
    this = np.array([12.0, 12.0, 12.0, 52.0] + [np.nan] * 8)  # 40 of it a grant booked in April
    grants = np.zeros((1, 2, 12))
    grants[0, 1, 3] = 40.0
    h = bt.History(
        2024,
        np.array([[last, this]]),
        np.array([[np.nan, 150.0]]),
        np.full((1, 2, 12), np.nan),
        grants,
        np.array([[0.0, 100.0]]),
    )
    values = cand.forecasts(h.view(1), (4,))
    assert values[fc.LINJAR][4][0] == pytest.approx(48 / 4 * 12 + 100)
    assert values[fc.SASONG][4][0] == pytest.approx(48 / (40 / 140) + 100)
    assert values[cand.SASONGSNAIV][4][0] == pytest.approx(48 + 100 + 100)  # 8 months of 10, then 30: 100 in all
    assert values[fc.BUDGETPROFIL][4][0] == pytest.approx(88 + 150 - 150 * 4 / 12)  # as booked, not adjusted
    assert math.isnan(values[cand.BUDGETTAKT][4][0])  # not periodised
    assert math.isnan(values[cand.UTJAMNING][4][0])  # one whole year only


def test_why_not_names_the_missing_piece():
    h = history(np.full((1, 2, 12), -10.0))
    h.months[0, 0, 3] = np.nan
    view = h.view(1)
    assert "alla tolv månader 2020" in cand.why_not(fc.SASONG, view, 0, 4, 2021)
    assert "minst 2 hela år" in cand.why_not(cand.UTJAMNING, view, 0, 4, 2021)
    assert "budget för 2021" in cand.why_not(cand.BUDGETTAKT, view, 0, 4, 2021)


# --- backtest and choice --------------------------------------------------------------------
SEASON = np.array([1.0, 0.95, 1.02, 0.98, 1.0, 1.03, 0.6, 0.92, 1.02, 1.03, 1.0, 1.45])


def test_rolling_origin_tests_every_earlier_year_and_month():
    months = np.tile(-100.0 * SEASON, (1, 4, 1))
    months[0, -1, 4:] = np.nan
    test = bt.run(history(months), 4)
    linear = cand.NAMES.index(fc.LINJAR)
    # Linjär is tested from the first year on, at every month: forecast − outcome by hand
    for j in range(3):
        for p in range(1, 12):
            expected = -100 * SEASON[:p].sum() / p * 12 - (-100 * SEASON.sum())
            assert test.errors[linear, 0, j, p] == pytest.approx(expected)
    seasonal = cand.NAMES.index(fc.SASONG)
    assert np.isnan(test.errors[seasonal, 0, 0, 4]) and test.errors[seasonal, 0, 1, 4] == pytest.approx(0)
    choice = bt.choose(test)
    assert cand.NAMES[choice.chosen[0]] == fc.SASONG  # exact, and before Säsongsnaiv (also exact) in the list
    assert test.tested_years(0, 4, seasonal) == [2021, 2022]


def test_procedure_errors_choose_without_the_year_they_score():
    """Three earlier years; method A is best in years 0 and 1, B in year 2. Scoring year 0,
    the choice is made on years 1 and 2."""
    h = history(np.zeros((1, 4, 12)))
    test = bt.run(h, 4)
    test.forecast[:] = np.nan
    test.actual[:] = 0.0
    a, b = 0, 3
    test.forecast[a, 0, :3, 4] = [1.0, 1.0, 9.0]
    test.forecast[b, 0, :3, 4] = [5.0, 5.0, -2.0]
    out = bt.procedure_errors(test, 4)
    # year 0: A's mean on years 1, 2 = 5, B's = 3.5 -> B, error 5; year 1: same -> B, 5;
    # year 2: A's mean on 0, 1 = 1, B's = 5 -> A, error 9
    assert out[0, :3].tolist() == [5.0, 5.0, 9.0]


# --- intervals ------------------------------------------------------------------------------
def test_conformal_quantiles_by_definition():
    assert quantiles(np.arange(1.0, MIN_ERRORS)) is None  # 8 errors: too few
    assert quantiles(np.arange(1.0, 10.0)) == (1.0, 9.0)  # 9: the extremes ((9 + 1) · 0,9 = 9)
    assert quantiles(np.arange(1.0, 20.0)) == (2.0, 18.0)  # 19: the 2nd and the 18th
    assert quantiles(np.array([np.nan] * 5 + list(range(9)))) == (0.0, 8.0)  # NaN are not errors


def test_conformal_interval_covers_eighty_percent_of_new_draws():
    """Split-conformal: for exchangeable errors the coverage is at least 80 % and at most
    80 % + 2 / (n + 1); 4 000 draws of n = 40 from a skewed distribution."""
    rng = np.random.default_rng(5)
    draws = rng.gamma(2.0, 1.0, (4000, 41))
    inside = 0
    for row in draws:
        lo, hi = quantiles(row[:40])
        inside += lo <= row[40] <= hi
    assert 0.78 <= inside / 4000 <= 0.8 + 2 / 41 + 0.02


def test_band_from_pooled_scaled_errors_by_hand():
    """Ten series of a flat −100 a month whose backtest errors are made by hand."""
    months = np.full((10, 3, 12), -100.0)
    months[:, -1, 6:] = np.nan
    test = bt.run(history(months), 6)
    test.forecast[:] = np.nan
    linear = cand.NAMES.index(fc.LINJAR)
    test.forecast[linear, :, 1, 4:9] = -1200.0 + np.arange(10)[:, None] * 12.0  # errors 0, 12, …, 108
    test.forecast[linear, :, 2, 6] = -1200.0
    [band] = bands(test, [[0]], np.array([-1200.0]))
    # pool of series 0 alone: 5 months × error 0 -> too few (5)
    assert not band.shown and "5 prognosfel" in band.reason
    found = bands(test, [[i] for i in range(10)], np.full(10, -1200.0))
    # 50 scaled errors: i · 12 / 1200 = i / 100, five of each i; k = ⌈51 · 0,9⌉ = 46 -> i = 9; ⌊5,1⌋ = 5 -> i = 0
    assert found[3].low == pytest.approx(-1200 - 0.09 * 1200) and found[3].high == pytest.approx(-1200.0)
    assert found[3].errors == 50


def test_winkler_penalises_misses():
    assert winkler(np.array([0.0]), np.array([10.0]), np.array([5.0]))[0] == 10
    assert winkler(np.array([0.0]), np.array([10.0]), np.array([12.0]))[0] == pytest.approx(10 + 2 / 0.2 * 2)


# --- known grant revenue ---------------------------------------------------------------------
def test_register_grant_spread_per_day_and_typed_rows():
    keys = [("Barn", "Intäkter"), ("Barn", "Kostnader"), ("Vuxna", "Intäkter")]
    grant = Bidrag(
        "Bostad först", "Socialstyrelsen", [Omgang(184_000)], dt.date(2024, 7, 1), dt.date(2024, 12, 31), omrade="barn"
    )
    typed = [
        GrantRevenue("Migrationsverket", "Ersättning", "Vuxna", 500.0, utfall=120.0),
        GrantRevenue("Migrationsverket", "Schablon", "Vuxna", 300.0),
    ]
    known = known_revenue(keys, 2023, 2, 8, "tkr", [grant], typed)
    assert known.grant_year[0].tolist() == pytest.approx([0.0, 184.0])  # 1 000 kr a day, in tkr
    assert known.grants[0, 1, 6:8].tolist() == pytest.approx([31.0, 31.0]) and known.grants[0, 1, 8:].sum() == 0
    assert known.grant_year[1].sum() == 0  # costs never
    assert known.grant_year[2, 1] == 500.0 and known.grants[2, 1].sum() == pytest.approx(120.0)
    assert "Schablon" in known.left_out[2][0] and "Utfall period" in known.left_out[2][0]


# --- lean over rounds -----------------------------------------------------------------------
def group(ar: int, omgang: str, fel_share: float, budget: float = -600.0) -> AccuracyGroup:
    outcome = -600.0
    row = HistoryRow(ar, omgang, "Nämnden", "Netto", outcome + fel_share * abs(budget), budget)
    return AccuracyGroup(ar, omgang, "Netto", [AccuracyLine(row, outcome, budget)], 0.01)


def test_sign_test_by_definition():
    assert sign_test(13, 13) == pytest.approx(2 / 2**13)
    assert sign_test(2, 4) == 1.0
    assert sign_test(0, 0) == 1.0


def test_botkyrkas_published_misses_lean_one_way():
    """The issue's figures: April 2021 −3,0 %, April 2022 −15,5 %, August 2022 −6,1 % of net cost
    (every one overstated cost): three of three, too few alone; thirteen of thirteen lean."""
    three = [group(2021, "Delår 1", -0.030), group(2022, "Delår 1", -0.155), group(2022, "Delår 2", -0.061)]
    result = lean(three)
    assert (result.scored, result.cautious, result.hopeful, result.leans) == (3, 3, 0, False)
    assert "för få" in lean_sentence(result)
    many = [group(2010 + i, "Delår 1", -0.02) for i in range(13)]
    result = lean(many)
    assert result.leans and "lutat åt samma håll" in lean_sentence(result)
    assert "2,0 procent av budget under utfallet" in lean_sentence(result)


def test_outcome_inside_kept_intervals():
    g = group(2024, "Delår 1", -0.01)
    g.lines[0].row.prognos_lag, g.lines[0].row.prognos_hog = -620.0, -590.0
    h = group(2024, "Delår 2", -0.01)
    h.lines[0].row.prognos_lag, h.lines[0].row.prognos_hog = -640.0, -610.0
    hits = band_hits([g, h, group(2024, "Mars", 0.0)])
    assert (hits.scored, hits.inside) == (2, 1)


@given(st.lists(st.floats(-1e6, 1e6), min_size=MIN_ERRORS, max_size=200))
def test_conformal_quantiles_are_order_statistics_holding_eighty_percent(values):
    scores = np.array(values)
    lo, hi = quantiles(scores)
    assert lo <= hi and lo in scores and hi in scores
    inside = ((scores >= lo) & (scores <= hi)).mean()
    assert inside >= 0.8 - 1e-9  # the sample itself: at least 80 % inside (ties only add)


def test_interval_withheld_when_it_would_not_have_held():
    """Errors that grow year by year (1, 2, 3 % of the size): an interval built without a year
    misses that year's outcomes two times in three, so none is shown and the reason says so."""
    months = np.full((10, 5, 12), -100.0)
    months[:, -1, 6:] = np.nan
    test = bt.run(history(months), 6)
    test.forecast[:] = np.nan
    linear = cand.NAMES.index(fc.LINJAR)
    for j, error in ((1, 12.0), (2, 24.0), (3, 36.0)):
        test.forecast[linear, :, j, 4:9] = -1200.0 + error
    found = bands(test, [[i] for i in range(10)], np.full(10, -1200.0))
    # held out: year 1 against [2 %, 3 %] misses, year 2 against [1 %, 3 %] holds, year 3 against [1 %, 2 %] misses
    assert (found[0].checked, found[0].inside) == (30, 10)
    assert not found[0].shown and "10 av 30" in found[0].reason
