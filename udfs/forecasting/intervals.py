"""The 80 % prediction interval from the backtest's own errors (split-conformal, numpy).

For a row at month ``p`` the calibration set is the errors of the automatic choice
(``backtest.procedure_errors``) at the origins of months p − 2 … p + 2 (within January–November) in the
earlier years, each divided by the size of the series at its origin (the twelve months up to it), pooled
over the rows of the same kind: all Intäkter rows, all Kostnader rows, all areas' Netto; a
Totalt row has only its own errors. With the n scaled errors sorted, the interval is

    [prognos − e(⌈(n + 1)·0,9⌉) × size, prognos − e(⌊(n + 1)·0,1⌋) × size]

(e(k) the k-th smallest), the split-conformal quantiles for an 80 % interval whose two tails
hold 10 % each; with fewer than 9 errors no interval is given. Before the interval is shown it
is checked on the history: each earlier year's outcome against an interval built without that
year. Where fewer than ``POOR`` of those outcomes fell inside, the interval is withheld and the
sheet says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from udfs.forecasting.backtest import Backtest

LEVEL = 0.8
MIN_ERRORS = 9  # (n + 1) · 0,9 ≤ n
POOR = 0.65  # held-out coverage under this: no interval
MIN_CHECKED = 5  # held-out outcomes needed to judge the coverage
WINDOW = 2  # months either side of the period whose origins calibrate (more errors, steadier quantiles)


@dataclass
class Band:
    low: float | None
    high: float | None
    center: float | None  # the automatic choice's forecast the interval is built around
    errors: int  # how many backtest errors calibrate it
    checked: int  # held-out outcomes of the coverage check
    inside: int  # of them inside their interval
    reason: str  # why there is no interval ("" when there is one)

    @property
    def shown(self) -> bool:
        return self.low is not None

    @property
    def coverage(self) -> float | None:
        return self.inside / self.checked if self.checked else None


def quantiles(scores: np.ndarray, level: float = LEVEL) -> tuple[float, float] | None:
    """The split-conformal lower and upper error quantiles, or None with too few errors."""
    s = np.sort(scores[~np.isnan(scores)])
    n = len(s)
    tail = (1 - level) / 2
    # rounded first: (9 + 1) · 0,9 is 9.000000000000002 in binary floating point
    k_high, k_low = math.ceil(round((n + 1) * (1 - tail), 9)), math.floor(round((n + 1) * tail, 9))
    if n < MIN_ERRORS or k_high > n or k_low < 1:
        return None
    return float(s[k_low - 1]), float(s[k_high - 1])


@dataclass
class Calibration:
    """The scaled errors of a pool of groups (a group: the rows summed, e.g. an area's Netto)."""

    scores: np.ndarray  # (G, Y-1, W): group, earlier year, origin month
    centre: int  # index of the period in the month axis


def calibrate(bt: Backtest, groups: list[list[int]], window: int = WINDOW) -> Calibration:
    p = bt.period
    months = [q for q in range(p - window, p + window + 1) if 1 <= q <= 11]
    scores = np.full((len(groups), bt.history.years - 1, len(months)), np.nan)
    member = np.zeros((len(groups), bt.history.n))  # group × series: 1 where the series is in the group
    for g, members in enumerate(groups):
        member[g, members] = 1.0
    for w, q in enumerate(months):
        errors = bt.procedure(q)[:, :-1]  # (n, Y-1)
        unknown = np.isnan(errors)
        totals = member @ np.nan_to_num(errors)  # the group's error: NaN when a member's is unknown
        totals[(member @ unknown) > 0] = np.nan
        sizes = np.abs(member @ _trailing(bt.history.months, q)[:, :-1])  # the sum is linear: size of the sum
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[:, :, w] = np.where(sizes > 1e-9, totals / sizes, np.nan)
    return Calibration(scores, months.index(p))


def _trailing(months: np.ndarray, q: int) -> np.ndarray:
    """The twelve months up to the end of month q of each year (n, Y), signed; NaN where one is missing."""
    prev = np.concatenate([np.full(months[:, :1].shape, np.nan), months[:, :-1]], axis=1)
    return months[:, :, :q].sum(axis=2) + prev[:, :, q:].sum(axis=2)


def bands(bt: Backtest, groups: list[list[int]], centers: np.ndarray, window: int = WINDOW) -> list[Band]:
    """One interval per group around ``centers`` (the groups' forecasts), calibrated on the
    pool of all the groups, with its held-out coverage."""
    cal = calibrate(bt, groups, window)
    now = _trailing(bt.history.months, bt.period)[:, -1]
    sizes_now = [abs(float(now[g].sum())) if abs(float(now[g].sum())) > 1e-9 else np.nan for g in groups]
    q = quantiles(cal.scores.ravel())
    checked, inside = _coverage(cal)
    out = []
    for g, size in enumerate(sizes_now):
        count = int((~np.isnan(cal.scores)).sum())
        center = float(centers[g])
        reason = ""
        if q is None:
            reason = (
                f"för kort historik: {count} prognosfel att bygga intervallet på (ett testat år räknas när "
                f"året före det också finns), minst {MIN_ERRORS} behövs"
            )
        elif np.isnan(size) or np.isnan(center):
            reason = "utfallet för de senaste tolv månaderna saknas eller är noll"
        elif checked >= MIN_CHECKED and inside / checked < POOR:
            reason = (
                f"intervallet har i efterhand bara träffat {inside} av {checked} utfall: "
                "historiken räcker inte för ett pålitligt intervall"
            )
        if reason:
            out.append(Band(None, None, None if np.isnan(center) else center, count, checked, inside, reason))
            continue
        lo, hi = q
        out.append(Band(center - hi * size, center - lo * size, center, count, checked, inside, ""))
    return out


def _coverage(cal: Calibration) -> tuple[int, int]:
    """Held-out check: each earlier year's errors at the period against quantiles from the others."""
    checked = inside = 0
    years = cal.scores.shape[1]
    for j in range(years):
        rest = np.delete(cal.scores, j, axis=1).ravel()
        q = quantiles(rest)
        target = cal.scores[:, j, cal.centre]
        target = target[~np.isnan(target)]
        if q is None or not len(target):
            continue
        checked += len(target)
        inside += int(((target >= q[0]) & (target <= q[1])).sum())
    return checked, inside


def winkler(low: np.ndarray, high: np.ndarray, actual: np.ndarray, level: float = LEVEL) -> np.ndarray:
    """The Winkler interval score: width, plus 2/α times how far the outcome fell outside."""
    alpha = 1 - level
    below = np.maximum(low - actual, 0.0)
    above = np.maximum(actual - high, 0.0)
    return (high - low) + 2 / alpha * (below + above)
