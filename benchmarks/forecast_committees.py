"""Synthetic committees for the forecast benchmark (issue 23): monthly cost and revenue per
area with a known seasonal profile, trend, level shifts, noise and lumpy grant revenue, and a
budget set the way a committee sets one (last year's outcome and a planned change).

Everything is drawn from one seeded generator, so a run is repeatable. Costs are negative,
revenue positive, as in the workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from udfs.forecasting.backtest import History

PROFILES = {
    "december": np.array([1.0, 0.95, 1.02, 0.98, 1.0, 1.03, 0.6, 0.92, 1.02, 1.03, 1.0, 1.45]),
    "sommar": np.array([1.05, 1.0, 1.05, 1.0, 1.05, 0.9, 0.55, 0.8, 1.1, 1.1, 1.1, 1.3]),
    "jamn": np.ones(12),
    "vinter": np.array([1.25, 1.2, 1.1, 1.0, 0.9, 0.85, 0.8, 0.85, 0.95, 1.0, 1.05, 1.05]),
}


@dataclass
class Committee:
    name: str
    first_year: int
    months: np.ndarray  # (n, Y, 12): the whole truth, the last year included
    budget: np.ndarray  # (n, Y)
    budget_months: np.ndarray  # (n, Y, 12)
    grants: np.ndarray  # (n, Y, 12) grant revenue the register knows, per month booked
    grant_year: np.ndarray  # (n, Y)
    kinds: list[str]  # "Intäkter" / "Kostnader" per series
    areas: list[int]  # area index per series

    def at(self, period: int) -> History:
        """What the workbook holds at the end of month ``period`` of the last year."""
        months = self.months.copy()
        months[:, -1, period:] = np.nan
        grants = self.grants.copy()
        grants[:, -1, period:] = 0.0
        return History(self.first_year, months, self.budget, self.budget_months, grants, self.grant_year)

    def outcome(self) -> np.ndarray:
        return self.months[:, -1].sum(axis=1)


def _profile(rng: np.random.Generator) -> np.ndarray:
    base = PROFILES[rng.choice(list(PROFILES))]
    shaped = base * (1 + rng.normal(0, 0.03, 12))
    return shaped / shaped.mean()


def _cost(rng: np.random.Generator, years: int) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(12 * years)
    level = rng.uniform(2_000, 60_000)
    growth = rng.normal(0.03, 0.03)
    profile = _profile(rng)
    path = level * (1 + growth) ** (t / 12) * profile[t % 12]
    if rng.random() < 0.35:  # a level shift: new placements, a closed unit
        at = rng.integers(12, 12 * years)
        path[at:] *= 1 + rng.choice([-1, 1]) * rng.uniform(0.05, 0.15)
    noise = rng.uniform(0.02, 0.10)
    return -path * (1 + rng.normal(0, noise, path.shape)), -level * profile


def _revenue(rng: np.random.Generator, years: int, cost_level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.arange(12 * years)
    base = abs(cost_level) * rng.uniform(0.05, 0.3)
    profile = _profile(rng)
    path = base * profile[t % 12] * (1 + rng.normal(0.02, 0.02)) ** (t / 12)
    path = path * (1 + rng.normal(0, rng.uniform(0.05, 0.15), path.shape))
    grants = np.zeros(12 * years)
    if rng.random() < 0.6:  # a state grant or Migrationsverket's ersättning, in lumps, often late
        yearly = base * 12 * rng.uniform(0.2, 1.0)
        for y in range(years):
            lumps = rng.integers(1, 4)
            months = rng.choice(np.arange(4, 12), size=lumps, replace=False)
            grants[12 * y + months] += yearly * rng.uniform(0.7, 1.3) / lumps
    if rng.random() < 0.3:  # one-off revenue the register does not know
        at = rng.integers(0, 12 * years)
        path[at] += base * rng.uniform(1, 4)
    return path + grants, grants, base * profile


def committee(rng: np.random.Generator, name: str, areas: int = 6, years: int = 6, first_year: int = 2019) -> Committee:
    """``years`` calendar years, the last one to forecast."""
    series, grants, shapes, kinds, area_of = [], [], [], [], []
    for a in range(areas):
        cost, cost_shape = _cost(rng, years)
        revenue, grant, revenue_shape = _revenue(rng, years, float(cost_shape.mean()))
        for kind, values, g, shape in (
            ("Intäkter", revenue, grant, revenue_shape),
            ("Kostnader", cost, np.zeros_like(cost), cost_shape),
        ):
            series.append(values.reshape(years, 12))
            grants.append(g.reshape(years, 12))
            shapes.append(shape)
            kinds.append(kind)
            area_of.append(a)
    months = np.array(series)
    grant_months = np.array(grants)
    budget = _budgets(rng, months, np.array(shapes))
    budget_months = np.array(shapes)[:, None, :] / np.array(shapes).sum(axis=1)[:, None, None] * budget[..., None]
    return Committee(
        name, first_year, months, budget, budget_months, grant_months, grant_months.sum(axis=2), kinds, area_of
    )


def _budgets(rng: np.random.Generator, months: np.ndarray, shapes: np.ndarray) -> np.ndarray:
    """Each year's budget: last year's outcome with a planned change (the first year: its shape)."""
    full = months.sum(axis=2)
    budget = np.empty_like(full)
    budget[:, 0] = shapes.sum(axis=1)
    planned = rng.normal(0.03, 0.03, full[:, 1:].shape)
    budget[:, 1:] = full[:, :-1] * (1 + planned)
    return budget


def committees(count: int, seed: int = 23, areas: int = 6) -> list[Committee]:
    """``count`` committees with 3 to 6 calendar years (24 to 60 months before the last year's
    origin), so some have too little history for a band."""
    rng = np.random.default_rng(seed)
    out = []
    for c in range(count):
        years = int(rng.choice([3, 4, 5, 6], p=[0.15, 0.25, 0.3, 0.3]))
        out.append(committee(rng, f"Nämnd {c + 1}", areas, years, 2025 - years + 1))
    return out
