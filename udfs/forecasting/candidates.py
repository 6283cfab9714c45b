"""The candidate methods of the automatic choice, over many series and one target year at a time.

Each method gives the full-year forecast of a target year from what was known at the end of
month ``p`` (1–11) of it: the earlier years, the year so far and the year's budget. The hand
rules (``udfs.forecasting.methods``) are candidates beside seasonal naive, exponential
smoothing with a damped trend (``udfs.forecasting.smoothing``) and the outcome's pace on the
budget's profile. Where a method cannot run the value is NaN and ``why_not`` says why.

Known grant revenue (``udfs.forecasting.known_revenue``) is taken out of the outcome before a
method extrapolates it and added back with its known amount for the year; the budget-based
methods use the outcome as booked (the budget holds the grants already).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from udfs.forecasting import methods as fc
from udfs.forecasting.smoothing import MIN_YEARS, damped_year

SASONGSNAIV = "Säsongsnaiv"
UTJAMNING = "Exponentiell utjämning"
BUDGETTAKT = "Budgettakt"


@dataclass
class YearView:
    """What the series (n of them) hold for one target year: ``past`` the complete earlier
    years (n, k, 12), oldest first, and ``this`` the target year (n, 12), both with known grant
    revenue taken out; ``booked`` the target year as booked; ``budget`` the year's budget
    (n,) and ``budget_months`` its periodisation (n, 12, NaN when not periodised);
    ``grants`` the known grant revenue of the whole year (n,)."""

    past: np.ndarray
    this: np.ndarray
    booked: np.ndarray
    budget: np.ndarray
    budget_months: np.ndarray
    grants: np.ndarray

    def so_far(self, p: int, booked: bool = False) -> np.ndarray:
        return np.nansum((self.booked if booked else self.this)[:, :p], axis=1)

    def last_year(self) -> np.ndarray:
        """Last year's twelve months (n, 12); all NaN without one."""
        if self.past.shape[1] == 0:
            return np.full(self.this.shape, np.nan)
        return self.past[:, -1]


Periods = tuple[int, ...]
Values = dict[int, np.ndarray]


def _each(view: YearView, periods: Periods, one: Callable[[YearView, int], np.ndarray]) -> Values:
    return {p: one(view, p) for p in periods}


def _linjar(view: YearView, periods: Periods) -> Values:
    return _each(view, periods, lambda v, p: fc.linjar(v.so_far(p), p))


def _sasong(view: YearView, periods: Periods) -> Values:
    last = view.last_year()
    complete = ~np.isnan(last).any(axis=1)
    return _each(
        view,
        periods,
        lambda v, p: np.where(
            complete, fc.sasong(v.so_far(p), fc.sasongsandel(np.nan_to_num(last), np.full(len(last), p))), np.nan
        ),
    )


def _sasongsnaiv(view: YearView, periods: Periods) -> Values:
    last = view.last_year()
    complete = ~np.isnan(last).any(axis=1)
    return _each(view, periods, lambda v, p: np.where(complete, v.so_far(p) + last[:, p:].sum(axis=1), np.nan))


def _utjamning(view: YearView, periods: Periods) -> Values:
    rest = damped_year(view.past, view.this, periods)
    return {p: view.so_far(p) + rest[p] for p in periods}


def _budgetprofil(view: YearView, periods: Periods) -> Values:
    def one(v: YearView, p: int) -> np.ndarray:
        reached = fc.budget_till_period(v.budget, v.budget_months, np.full(len(v.budget), p))
        return fc.budgetprofil(v.so_far(p, booked=True), v.budget - reached)

    return _each(view, periods, one)


def _budgettakt(view: YearView, periods: Periods) -> Values:
    """The outcome's pace on the budget's profile: outcome so far × budget / budget so far."""

    def one(v: YearView, p: int) -> np.ndarray:
        reached = np.nancumsum(v.budget_months, axis=1)[:, p - 1]
        usable = ~np.isnan(v.budget_months).any(axis=1) & (
            reached * np.sign(v.budget) >= fc.MIN_SHARE * np.abs(v.budget)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(usable & (v.budget != 0), v.so_far(p, booked=True) * v.budget / reached, np.nan)

    return _each(view, periods, one)


@dataclass(frozen=True)
class Method:
    name: str
    run: Callable[[YearView, Periods], Values]
    extrapolates: bool  # True: known grants out of the outcome before, their amount added after
    explained: str  # what it does, for Metodval (Swedish)


METHODS: tuple[Method, ...] = (
    Method(fc.LINJAR, _linjar, True, "utfall hittills / antal månader × 12"),
    Method(fc.SASONG, _sasong, True, "utfall hittills / fjolårets andel av helåret vid samma månad"),
    Method(fc.BUDGETPROFIL, _budgetprofil, False, "utfall hittills + återstående periodiserad budget"),
    Method(SASONGSNAIV, _sasongsnaiv, True, "utfall hittills + fjolårets utfall för årets återstående månader"),
    Method(
        UTJAMNING,
        _utjamning,
        True,
        "exponentiell utjämning med dämpad trend på säsongsrensat månadsutfall (säsong från alla hela år)",
    ),
    Method(
        BUDGETTAKT,
        _budgettakt,
        False,
        "utfall hittills × budget helår / budget hittills (budgetens profil i utfallets takt)",
    ),
)
NAMES = tuple(m.name for m in METHODS)


def forecasts(view: YearView, periods: Periods) -> dict[str, Values]:
    """Every method's full-year forecast at every origin ``p`` of ``periods``."""
    out: dict[str, Values] = {}
    for method in METHODS:
        values = method.run(view, periods)
        if method.extrapolates:
            values = {p: v + view.grants for p, v in values.items()}
        out[method.name] = values
    return out


def why_not(name: str, view: YearView, i: int, p: int, year: int) -> str:
    """Why method ``name`` gives no forecast for series ``i`` at month ``p`` of ``year`` (Swedish)."""
    last = view.last_year()[i]
    if name in (fc.SASONG, SASONGSNAIV) and np.isnan(last).any():
        return f"utfall för alla tolv månader {year - 1} saknas"
    if name == fc.SASONG:
        return f"fjolårets andel av helåret vid månad {p} är noll, för liten eller har fel tecken"
    if name == UTJAMNING:
        complete = int((~np.isnan(view.past[i]).any(axis=1)).sum())
        if complete < MIN_YEARS:
            return (
                f"för kort historik: minst {MIN_YEARS} hela år före {year} behövs för säsongen, "
                f"arbetsboken har {complete}"
            )
        return "luckor i månadsutfallet"
    if name in (fc.BUDGETPROFIL, BUDGETTAKT) and np.isnan(view.budget[i]):
        return f"budget för {year} finns inte i arbetsboken"
    if name == BUDGETTAKT:
        if np.isnan(view.budget_months[i]).any():
            return "budgeten är inte periodiserad (då är metoden densamma som Linjär)"
        return f"budget till och med månad {p} är noll eller har fel tecken"
    return "utfall saknas"
