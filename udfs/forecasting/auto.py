"""The automatic forecast of a workbook's rows: the monthly history, the known grant revenue,
the rolling-origin backtest, the choice per area and type, and the 80 % intervals of every
row, every area's Netto and the Totalt rows (``udfs.forecasting.engine`` calls ``run``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from udfs.forecasting import backtest as bt
from udfs.forecasting import candidates as cand
from udfs.forecasting.intervals import Band, bands
from udfs.forecasting.known_revenue import KnownRevenue, known_revenue
from udfs.language.vocabulary import TYPER

MAX_YEARS = 6  # the current year and at most five earlier ones (60 months)
NETTO, TOTALT = "Netto", "Totalt"


@dataclass
class AutoForecast:
    first_year: int
    backtest: bt.Backtest
    choice: bt.Choice
    known: KnownRevenue
    bands: dict[tuple[str, str], Band]  # (area or Totalt, Intäkter / Kostnader / Netto)

    def value(self, name: str, i: int) -> float:
        return float(self.backtest.current()[cand.NAMES.index(name), i])

    def chosen(self, i: int) -> str:
        return cand.NAMES[int(self.choice.chosen[i])]

    @functools.cached_property
    def view(self) -> cand.YearView:
        """The current year as the candidates see it."""
        return self.backtest.history.view(self.backtest.history.years - 1)

    def why_not(self, name: str, i: int) -> str:
        """Why method ``name`` gives no forecast for series ``i`` this year (Swedish)."""
        year = self.first_year + self.backtest.history.years - 1
        return cand.why_not(name, self.view, i, self.backtest.period, year)

    def chosen_value(self, i: int) -> float:
        return self.value(self.chosen(i), i)


def years_of(utfall: Any, year: int) -> tuple[int, ...]:
    """The calendar years of the history: the earliest year of Utfall (at most five back) to ``year``."""
    present = [int(y) for y in utfall["ar"].unique()] if len(utfall) else []
    earlier = [y for y in present if y < year]
    first = max(min(earlier), year - MAX_YEARS + 1) if earlier else year
    return tuple(range(first, year + 1))


def run(
    monthly: dict[int, np.ndarray],
    keys: list[tuple[str, str]],
    areas: list[str],
    period: int,
    budget: np.ndarray,
    budget_months: np.ndarray,
    enhet: str,
    register: list | None = None,
    typed: list | None = None,
) -> AutoForecast:
    """``monthly``: per calendar year (oldest first, the current year last) the (n, 12) outcome of
    the ``keys`` series; ``budget`` and ``budget_months`` the current year's."""
    years = sorted(monthly)
    first, n, y = years[0], len(keys), len(years)
    months = np.stack([monthly[year] for year in years], axis=1)
    months[:, -1, period:] = np.nan
    budgets = np.full((n, y), np.nan)
    budgets[:, -1] = budget
    periodised = np.full((n, y, 12), np.nan)
    periodised[:, -1] = budget_months
    known = known_revenue(keys, first, y, period, enhet, register, typed)
    history = bt.History(first, months, budgets, periodised, known.grants, known.grant_year)
    return from_history(history, period, keys, areas, known)


def from_history(
    history: bt.History,
    period: int,
    keys: list[tuple[str, str]],
    areas: list[str],
    known: KnownRevenue,
    months: tuple[int, ...] = bt.MONTHS,
) -> AutoForecast:
    """Backtest at every origin of ``months`` (the intervals need the period and the months
    either side), choose, and build the intervals of every row, Netto and Totalt."""
    test = bt.run(history, period, months)
    choice = bt.choose(test)
    auto = AutoForecast(history.first_year, test, choice, known, {})
    centers = np.array([auto.chosen_value(i) for i in range(history.n)])
    auto.bands = _all_bands(test, keys, areas, centers)
    return auto


def _all_bands(test: bt.Backtest, keys: list[tuple[str, str]], areas: list[str], centers: np.ndarray) -> dict:
    index = {key: i for i, key in enumerate(keys)}
    out: dict[tuple[str, str], Band] = {}
    for typ in TYPER:
        groups = [[index[(a, typ)]] for a in areas]
        _put(out, test, [(a, typ) for a in areas], groups, centers)
        _put(out, test, [(TOTALT, typ)], [[i for g in groups for i in g]], centers)
    netto = [[index[(a, t)] for t in TYPER] for a in areas]
    _put(out, test, [(a, NETTO) for a in areas], netto, centers)
    _put(out, test, [(TOTALT, NETTO)], [list(range(len(keys)))], centers)
    return out


def _put(
    out: dict, test: bt.Backtest, names: list[tuple[str, str]], groups: list[list[int]], centers: np.ndarray
) -> None:
    found = bands(test, groups, np.array([centers[g].sum() for g in groups]))
    out.update(zip(names, found))
