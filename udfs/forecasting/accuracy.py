"""Forecast accuracy (prognossäkerhet): how far each round's forecast was from the outcome.

For every forecast round (e.g. mars, delår 1, oktober, delår 2) and area:
prognosfel = prognos − utfall helår, and prognosfel % = prognosfel / |budget|. The committee
figure is the same on the sum over the areas; governance documents ask that it stays within a
target (Botkyrka: the delår 1 forecast may deviate from the year's outcome by at most 1 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from udfs.forecasting.history import NETTO, HistoryRow


@dataclass
class AccuracyLine:
    row: HistoryRow
    utfall: float | None
    budget: float | None

    @property
    def fel(self) -> float | None:
        return None if self.utfall is None else self.row.prognos - self.utfall

    @property
    def fel_procent(self) -> float | None:
        return _pct(self.fel, self.budget)


@dataclass
class AccuracyGroup:
    ar: int
    omgang: str
    typ: str
    lines: list[AccuracyLine]
    mal: float  # target: |prognosfel %| at most this share

    @property
    def prognos(self) -> float:
        return float(sum(ln.row.prognos for ln in self.lines))

    @property
    def utfall(self) -> float | None:
        values = [ln.utfall for ln in self.lines]
        return None if any(v is None for v in values) else float(sum(values))

    @property
    def budget(self) -> float | None:
        values = [ln.budget for ln in self.lines]
        return None if any(v is None for v in values) else float(sum(values))

    @property
    def fel(self) -> float | None:
        return None if self.utfall is None else self.prognos - self.utfall

    @property
    def fel_procent(self) -> float | None:
        return _pct(self.fel, self.budget)

    @property
    def within_goal(self) -> bool | None:
        pct = self.fel_procent
        return None if pct is None else abs(pct) <= self.mal + 1e-12


def _pct(fel: float | None, budget: float | None) -> float | None:
    if fel is None or budget is None or budget == 0:
        return None
    return fel / abs(budget)


def year_complete(utfall: pd.DataFrame, year: int, ar: int, period: int) -> bool:
    """True when the year's full outcome is in the workbook."""
    if year == ar:
        return period == 12
    if year > ar or utfall.empty:
        return False
    return bool(((utfall["ar"] == year) & (utfall["manad"] == 12)).any())


class _Sums:
    """Sums of one column per (omrade, typ) and per omrade (Netto), grouped once: a
    history of many rounds and areas looks each up instead of filtering the frame again."""

    def __init__(self, frame: pd.DataFrame, column: str, by: tuple[str, ...] = ()):
        self.by_type: dict[tuple, float] = {}
        self.by_area: dict[tuple, float] = {}
        if not frame.empty:
            keys = [*by, "omrade"]
            self.by_type = {
                _key(k): float(v) for k, v in frame.groupby([*keys, "typ"], sort=False)[column].sum().items()
            }
            self.by_area = {_key(k): float(v) for k, v in frame.groupby(keys, sort=False)[column].sum().items()}

    def get(self, *key: Any, typ: str) -> float | None:
        return self.by_area.get(key) if typ == NETTO else self.by_type.get((*key, typ))


def _key(k: Any) -> tuple:
    return k if isinstance(k, tuple) else (k,)


def prognossakerhet(
    rows: list[HistoryRow], utfall: pd.DataFrame, budget: pd.DataFrame, ar: int, period: int, mal: float = 0.01
) -> list[AccuracyGroup]:
    """Group the history by (year, round, type) in table order, with outcome and budget."""
    groups: dict[tuple[int, str, str], AccuracyGroup] = {}
    complete: dict[int, bool] = {}
    outcomes = _Sums(utfall, "belopp", by=("ar",)) if rows else None
    budgets = _Sums(budget, "budget") if rows else None
    for r in rows:
        if r.ar not in complete:
            complete[r.ar] = year_complete(utfall, r.ar, ar, period)
        outcome = None
        if complete[r.ar] and r.known_area:
            outcome = outcomes.get(r.ar, r.omrade, typ=r.typ)
        spend = r.budget
        if spend is None and r.ar == ar and r.known_area:
            spend = budgets.get(r.omrade, typ=r.typ)
        key = (r.ar, r.omgang, r.typ)
        if key not in groups:
            groups[key] = AccuracyGroup(r.ar, r.omgang, r.typ, [], mal)
        groups[key].lines.append(AccuracyLine(r, outcome, spend))
    return list(groups.values())


def prognosfel(prognos: Any, utfall: Any, budget: Any = None) -> Any:
    """Prognosfel (prognos − utfall), or as a share of |budget| when ``budget`` is given."""
    import numpy as np

    p, u = np.asarray(prognos, dtype=float), np.asarray(utfall, dtype=float)
    out = p - u
    if budget is not None:
        b = np.asarray(budget, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(b != 0, out / np.abs(b), np.nan)
    return float(out) if np.ndim(out) == 0 else out
