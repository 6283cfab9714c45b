"""Series for the Diagram sheet's monthly charts: the forecast month by month to December and
the cumulative view against the periodised budget. Pure numbers (numpy), no cells."""

from __future__ import annotations

import numpy as np


def clean(value: float | None) -> float | None:
    """A chart value: None for unknown, and never "-0.0" (a negative zero shows its sign)."""
    if value is None or np.isnan(value):
        return None
    return float(value) + 0.0


def monthly_forecast(this: np.ndarray, plan: np.ndarray, period: int, full_year: float) -> np.ndarray:
    """The forecast per month: the outcome up to ``period``, then what is left of the
    full-year forecast spread over the remaining months like the periodised budget (evenly
    where the budget has nothing left). NaN before ``period`` except at ``period`` itself,
    where the line starts from the last outcome."""
    out = np.full(12, np.nan)
    if period >= 12:
        return out
    done = float(np.nansum(this[:period]))
    rest = full_year - done
    remaining = np.nan_to_num(plan[period:])
    total = float(remaining.sum())
    share = (
        remaining / total
        if total != 0 and np.all(remaining * np.sign(total) >= 0)
        else np.full(12 - period, 1 / (12 - period))
    )
    out[period:] = rest * share
    if period >= 1:
        out[period - 1] = this[period - 1]
    return out


def cumulative(
    this: np.ndarray, forecast: np.ndarray, plan: np.ndarray, period: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(outcome so far, forecast from the period to December, budget), each cumulative."""
    done = np.cumsum(np.nan_to_num(this[:period]))
    outcome = np.full(12, np.nan)
    outcome[:period] = done
    ahead = np.full(12, np.nan)
    if period < 12:
        start = done[-1] if period else 0.0
        ahead[period:] = start + np.cumsum(np.nan_to_num(forecast[period:]))
        if period:
            ahead[period - 1] = start
    return outcome, ahead, np.cumsum(np.nan_to_num(plan))


def cumulative_band(
    this: np.ndarray, plan: np.ndarray, period: int, low: float, high: float
) -> tuple[np.ndarray, np.ndarray]:
    """The cumulative paths from the last outcome to the ends of the full-year interval, the rest
    of each end spread over the remaining months like the forecast (``monthly_forecast``)."""
    ends = [cumulative(this, monthly_forecast(this, plan, period, end), plan, period)[1] for end in (low, high)]
    return ends[0], ends[1]


def bridge_scale(steps: list[float], effects: list[float]) -> tuple[float, float]:
    """A value axis for a bridge: from a little under the lowest level to a little over the
    highest, so effects of 26,8 and 0,9 on a base of 300 are bars, not slivers."""
    levels = list(steps)
    lo, hi = min(levels), max(levels)
    span = max(hi - lo, sum(abs(e) for e in effects), 1e-9)
    step = _nice(span / 4)
    return float(np.floor((lo - span * 0.6) / step) * step), float(np.ceil((hi + span * 0.3) / step) * step)


def _nice(x: float) -> float:
    magnitude = 10 ** np.floor(np.log10(x))
    for f in (1, 2, 5, 10):
        if x <= f * magnitude:
            return float(f * magnitude)
    return float(10 * magnitude)


def line_floor(series: list[np.ndarray], divisor: float) -> float | None:
    """Where a monthly cost line's value axis starts: under the lowest month with some air,
    so months of 40 to 63 mnkr are not a flat line on a 0–70 axis; None (from 0) when the
    values change sign."""
    values = np.concatenate([-np.asarray(s, dtype=float) / divisor for s in series])
    values = values[~np.isnan(values)]
    if not len(values) or values.min() <= 0:
        return None
    lo, hi = float(values.min()), float(values.max())
    step = _nice(max(hi - lo, 1e-9) / 4)
    floor = float(np.floor((lo - (hi - lo) * 0.3) / step) * step)
    return floor if floor > 0 else None
