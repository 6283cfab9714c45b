"""Rolling-origin backtest and the automatic choice of method (numpy).

Every candidate (``udfs.forecasting.candidates``) forecasts every earlier year from the end
of every month 1–11 the history allows: an origin is (year, month). The error of an origin
is forecast − the year's outcome. The choice for a series at month ``p`` is the method with
the smallest mean absolute error over the origins at the same month (the same horizon,
12 − p months left) in the earlier years; ties go to the method listed first, so a hand rule
wins over a newer method that is no better.

The errors of the choice itself (``procedure_errors``) are what the 80 % band is built from
(``udfs.forecasting.intervals``): for each earlier year the method is chosen without that
year, as the current choice is made without the current year, so the errors are not made
smaller by the choice having seen them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from udfs.forecasting import candidates as cand
from udfs.forecasting.methods import LINJAR

MONTHS = tuple(range(1, 12))  # origins: the end of January … the end of November


@dataclass
class History:
    """The monthly outcome of n series over Y calendar years ``first_year`` …, the last one the
    year to forecast (its months after the period NaN), with what is known beside it."""

    first_year: int
    months: np.ndarray  # (n, Y, 12), NaN where not in the workbook
    budget: np.ndarray  # (n, Y) each year's budget, NaN where unknown
    budget_months: np.ndarray  # (n, Y, 12) periodised, NaN where not
    grants: np.ndarray  # (n, Y, 12) known grant revenue booked per month, 0 where none is known
    grant_year: np.ndarray  # (n, Y) known grant revenue of each whole year

    @property
    def n(self) -> int:
        return self.months.shape[0]

    @property
    def years(self) -> int:
        return self.months.shape[1]

    def view(self, j: int) -> cand.YearView:
        adjusted = self.months - self.grants
        return cand.YearView(
            adjusted[:, :j],
            adjusted[:, j],
            self.months[:, j],
            self.budget[:, j],
            self.budget_months[:, j],
            self.grant_year[:, j],
        )

    def actual(self) -> np.ndarray:
        """Each year's full-year outcome (n, Y); NaN unless all twelve months are there."""
        return np.where(np.isnan(self.months).any(axis=2), np.nan, np.nansum(self.months, axis=2))

    def scale(self) -> np.ndarray:
        """|The twelve months up to each origin| (n, Y, 12; index p = the end of month p), the
        size errors are measured against; NaN where a month is missing or the sum is nil."""
        n, y, _ = self.months.shape
        flat = self.months.reshape(n, y * 12)
        sums = np.full((n, y * 12), np.nan)
        windows = np.lib.stride_tricks.sliding_window_view(flat, 12, axis=1).sum(axis=2)
        sums[:, 11:] = np.abs(windows)
        out = np.full((n, y, 12), np.nan)
        out[:, :, 1:] = sums.reshape(n, y, 12)[:, :, :11]  # end of month p = flat index 12j + p - 1
        return np.where(out > 1e-9, out, np.nan)


@dataclass
class Backtest:
    history: History
    period: int
    forecast: np.ndarray  # (M, n, Y, 12): method, series, target year, origin month (1–11)
    actual: np.ndarray  # (n, Y)
    scale: np.ndarray  # (n, Y, 12)
    _cache: dict[int | str, np.ndarray] = field(default_factory=dict, repr=False)  # computed once

    def procedure(self, q: int) -> np.ndarray:
        """``procedure_errors`` at month ``q``, computed once."""
        if q not in self._cache:
            self._cache[q] = procedure_errors(self, q)
        return self._cache[q]

    @property
    def errors(self) -> np.ndarray:
        """Forecast − outcome (M, n, Y, 12), computed once."""
        if "errors" not in self._cache:
            self._cache["errors"] = self.forecast - self.actual[None, :, :, None]
        return self._cache["errors"]

    def current(self) -> np.ndarray:
        """Every method's forecast of the current year (M, n)."""
        return self.forecast[:, :, -1, self.period]

    def tested_years(self, i: int, p: int, m: int) -> list[int]:
        """The calendar years whose origin at month ``p`` method ``m`` was tested on for series ``i``."""
        errs = self.errors[m, i, :-1, p]
        return [self.history.first_year + j for j in np.flatnonzero(~np.isnan(errs))]


def run(history: History, period: int, months: tuple[int, ...] = MONTHS) -> Backtest:
    """Forecasts of every method at every origin of ``months`` in the earlier years, and at
    ``period`` of the last (current) year."""
    n, y = history.n, history.years
    out = np.full((len(cand.METHODS), n, y, 12), np.nan)
    for j in range(y):
        wanted = (period,) if j == y - 1 else months
        wanted = tuple(p for p in wanted if 1 <= p <= 11)
        if not wanted:
            continue
        values = cand.forecasts(history.view(j), wanted)
        for m, name in enumerate(cand.NAMES):
            for p in wanted:
                out[m, :, j, p] = values[name][p]
    return Backtest(history, period, out, history.actual(), history.scale())


@dataclass
class Choice:
    chosen: np.ndarray  # (n,) index into candidates.METHODS
    mean_abs: np.ndarray  # (M, n) mean |error| at the same month over the earlier years, NaN untested
    tested: np.ndarray  # (M, n) how many origins
    fallback: np.ndarray  # (n,) True where no method could be tested (Linjär is used)


def _pick(mean_abs: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The index of the smallest mean error per series; ties (within a millionth) to the first."""
    score = np.where(usable, mean_abs, np.inf)
    best = score.min(axis=0)
    tie = score <= best * (1 + 1e-6) + 1e-9
    chosen = np.argmax(tie, axis=0)
    none = ~usable.any(axis=0)
    return np.where(none, NAMES_INDEX[LINJAR], chosen), none


NAMES_INDEX = {name: m for m, name in enumerate(cand.NAMES)}


def choose(bt: Backtest, p: int | None = None) -> Choice:
    """The method per series at month ``p`` (the period) by its errors in the earlier years."""
    p = bt.period if p is None else p
    errs = np.abs(bt.errors[:, :, :-1, p])
    tested = (~np.isnan(errs)).sum(axis=2)
    with np.errstate(invalid="ignore"):
        mean_abs = np.where(tested > 0, np.nansum(errs, axis=2) / np.maximum(tested, 1), np.nan)
    usable = (tested > 0) & ~np.isnan(bt.current())
    chosen, none = _pick(mean_abs, usable)
    return Choice(chosen, mean_abs, tested, none)


def procedure_errors(bt: Backtest, q: int) -> np.ndarray:
    """The signed errors (n, Y) of the choice at origin month ``q`` of each earlier year, the
    method chosen from the other earlier years; NaN where it cannot be told."""
    errs = bt.errors[:, :, :-1, q]  # (M, n, Y-1)
    absolute = np.abs(errs)
    have = ~np.isnan(errs)
    total, count = np.nansum(absolute, axis=2), have.sum(axis=2)
    n, years = errs.shape[1], errs.shape[2]
    out = np.full((n, years + 1), np.nan)
    rows = np.arange(n)
    for j in range(years):
        others = count - have[:, :, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (total - np.nan_to_num(absolute[:, :, j])) / others
        chosen, _none = _pick(mean, (others > 0) & have[:, :, j])
        out[:, j] = errs[chosen, rows, j]
    return out
