"""Exponential smoothing with a damped trend on a seasonally adjusted monthly series (numpy).

The series is adjusted with additive month indices (each complete year's month minus that
year's mean, averaged over the complete years), smoothed with Holt's damped trend
(Gardner & McKenzie) and the indices are added back to the forecast. The smoothing weights
are chosen per series from a small grid by the smallest sum of squared one-step errors, all
series and all grid points at once: about 50 grid points × 60 months of numpy steps.

Additive indices work for series with zeros and sign changes (revenue that is nil some
months), where multiplicative ones break.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALPHAS = (0.05, 0.15, 0.3, 0.5, 0.8)  # level
BETAS = (0.0, 0.03, 0.1)  # trend (0: simple smoothing of the level, no trend)
PHIS = (0.8, 0.9, 0.98)  # damping of the trend per month
MIN_YEARS = 2  # complete years needed for the month indices
WARMUP = 12  # months before one-step errors count


@dataclass(frozen=True)
class Grid:
    alpha: np.ndarray
    beta: np.ndarray
    phi: np.ndarray


def grid(alphas=ALPHAS, betas=BETAS, phis=PHIS) -> Grid:
    a, b, f = np.meshgrid(alphas, betas, phis, indexing="ij")
    keep = ~((b == 0.0) & (f != phis[-1]))  # without a trend the damping does not matter: keep one
    return Grid(a[keep].ravel(), b[keep].ravel(), f[keep].ravel())


GRID = grid()


def month_indices(complete: np.ndarray) -> np.ndarray:
    """Additive month indices (n, 12) from complete years (n, k, 12): NaN where fewer than
    ``MIN_YEARS`` complete years."""
    full = ~np.isnan(complete).any(axis=2)  # (n, k)
    filled = np.where(full[..., None], complete, 0.0)
    dev = np.where(full[..., None], filled - filled.mean(axis=2, keepdims=True), 0.0)
    count = full.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = dev.sum(axis=1) / count[:, None]
    return np.where((count >= MIN_YEARS)[:, None], idx, np.nan)


def damped_year(past: np.ndarray, this: np.ndarray, periods: tuple[int, ...], g: Grid = GRID) -> dict[int, np.ndarray]:
    """The forecast of the months after each origin ``p`` in ``periods`` (1–11), summed, for
    series whose complete earlier years are ``past`` (n, k, 12) and whose target year is
    ``this`` (n, 12; months after the origin are not read). The filter is causal, so one run
    over the year serves every origin in it; the weights are chosen per origin from the
    one-step errors up to that origin. NaN for a series with gaps or fewer than
    ``MIN_YEARS`` complete years."""
    n, k, _ = past.shape
    out = {p: np.full(n, np.nan) for p in periods}
    if k < MIN_YEARS or not periods:
        return out
    seasonal = month_indices(past)
    last = max(periods)
    series = np.concatenate([past.reshape(n, 12 * k), this[:, :last]], axis=1)
    ok = ~np.isnan(series).any(axis=1) & ~np.isnan(seasonal).any(axis=1)
    if not ok.any():
        return out
    months = np.arange(series.shape[1]) % 12
    z = series[ok] - seasonal[ok][:, months]
    stops = {12 * k + p - 1: p for p in periods}
    rows = np.arange(z.shape[0])
    for step, level, trend, sse in _run(z, g, stops):
        p = stops[step]
        best = np.argmin(sse, axis=1)
        damp = np.cumsum(g.phi[best][:, None] ** np.arange(1, 13 - p), axis=1)  # (m, 12 - p)
        path = level[rows, best][:, None] + damp * trend[rows, best][:, None]
        out[p][ok] = path.sum(axis=1) + seasonal[ok][:, p:].sum(axis=1)
    return out


def _run(z: np.ndarray, g: Grid, stops: dict[int, int]):
    """Holt's damped trend over every series and grid point; yields (step, level, trend, sse)
    after each step in ``stops``."""
    m, t = z.shape
    a, b, phi = (x[None, :] for x in (g.alpha, g.beta, g.phi))
    level = np.repeat(z[:, :12].mean(axis=1, keepdims=True), len(g.alpha), axis=1)
    trend0 = (z[:, 12:24].mean(axis=1) - z[:, :12].mean(axis=1)) / 12 if t >= 24 else np.zeros(m)
    trend = np.repeat(trend0[:, None], len(g.alpha), axis=1) * (b > 0)
    sse = np.zeros_like(level)
    for i in range(t):
        x = z[:, i : i + 1]
        guess = level + phi * trend
        if i >= WARMUP:
            sse += (x - guess) ** 2
        new_level = a * x + (1 - a) * guess
        trend = b * (new_level - level) + (1 - b) * phi * trend
        level = new_level
        if i in stops:
            yield i, level, trend, sse
