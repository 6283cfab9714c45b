"""Volumes and unit costs: implied cost, the volume/price split, the Volym forecast method.

Sign convention. The functions named after a *cost* (``radkostnad``, ``kostnadsforandring``)
return positive amounts for a cost. The report works on signed amounts (cost −), so the
analysis (``VolumeLine``, ``AreaVolumes``) stores costs as negative numbers and deviations as
prognos − budget: a positive volume effect means fewer units than budgeted (a surplus).

Exactness. The volume effect (Δvolume × budgeted unit cost) and the price effect
(Δunit cost × forecast volume) add up to the volume-driven cost deviation by algebra; in
binary floating point they would only do so approximately. The split is therefore computed
in exact rational arithmetic on the numbers as typed (the shortest decimal representation of
each cell value), and only converted to float for display: ``split_exact`` is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Iterable

import numpy as np

from udfs.forecasting.deviation import arsplatser, volymkostnad
from udfs.volume.rows import AR, FLOW, INDICATOR, KNOWN_UNITS, MANAD, MONEY, STOCK, VolumeRow


# --- exact arithmetic ---------------------------------------------------------------------
@lru_cache(maxsize=8192)  # the same budget and outcome figures come back for every line and area
def exact(value: float | int | Fraction | None) -> Fraction | None:
    """The number as typed, exactly: 0.1 is 1/10, not the binary float near it."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return Fraction(Decimal(repr(float(value))))


@lru_cache(maxsize=64)
def money_factor(kostnad_i: str, enhet: str) -> Fraction:
    """Factor from the unit costs' money unit to the workbook's unit (kr -> tkr: 1/1000)."""
    return Fraction(MONEY[kostnad_i], MONEY[enhet])


def split_exact(
    budget_volym: Any, budget_styck: Any, prognos_volym: Any, prognos_styck: Any, skala: Any = 1
) -> tuple[Fraction, Fraction, Fraction]:
    """(volume effect, price effect, total) of the cost change, exactly; costs positive.

    total = pv·pc − bv·bc, volume = (pv − bv)·bc, price = (pc − bc)·pv, all times ``skala``
    (months × money factor). volume + price == total exactly.
    """
    bv, bc, pv, pc, k = (exact(x) for x in (budget_volym, budget_styck, prognos_volym, prognos_styck, skala))
    volume = (pv - bv) * bc * k
    price = (pc - bc) * pv * k
    total = (pv * pc - bv * bc) * k
    return volume, price, total


def volymeffekt(budget_volym: Any, budget_styckkostnad: Any, prognos_volym: Any, manader: Any = 1) -> Any:
    """Cost change from volume: (forecast − budget volume) × budgeted unit cost × months.

    Vectorised. Positive = higher cost than budget.
    """
    bv, bc, pv, m = (np.asarray(x, dtype=float) for x in (budget_volym, budget_styckkostnad, prognos_volym, manader))
    out = (pv - bv) * bc * m
    return float(out) if np.ndim(out) == 0 else out


def priseffekt(budget_styckkostnad: Any, prognos_styckkostnad: Any, prognos_volym: Any, manader: Any = 1) -> Any:
    """Cost change from unit cost: (forecast − budget unit cost) × forecast volume × months."""
    bc, pc, pv, m = (
        np.asarray(x, dtype=float) for x in (budget_styckkostnad, prognos_styckkostnad, prognos_volym, manader)
    )
    out = (pc - bc) * pv * m
    return float(out) if np.ndim(out) == 0 else out


def arsplatser_till_varddygn(platser: Any, dagar: Any) -> Any:
    """The inverse of ``arsplatser``: årsplatser × days = care days."""
    p, d = np.asarray(platser, dtype=float), np.asarray(dagar, dtype=float)
    out = p * d
    return float(out) if np.ndim(out) == 0 else out


# --- one row -------------------------------------------------------------------------------
def _cost(
    volym: float | None, styck: float | None, row: VolumeRow, enhet: str, andel: Fraction = Fraction(1)
) -> Fraction | None:
    """Signed full-year cost (× ``andel`` of the year) in the workbook unit; None if unknown."""
    if volym is None or styck is None or row.kind == INDICATOR:
        return None
    return -exact(volym) * exact(styck) * row.manader * money_factor(row.kostnad_i, enhet) * andel


def radkostnad(row: VolumeRow, volym: float | None, styck: float | None, enhet: str) -> float | None:
    """Full-year cost (positive) of a row at the given volume and unit cost, workbook unit.

    Equals ``PROGNOS.VOLYMKOSTNAD(volym; styckkostnad; månader)`` converted to the unit.
    """
    value = _cost(volym, styck, row, enhet)
    return None if value is None else float(-value)


@dataclass
class VolumeLine:
    """The analysis of one Volymer row (signed amounts in the workbook unit)."""

    row: VolumeRow
    budget_kostnad: float | None
    utfall_kostnad: float | None  # full-year rate at the outcome so far
    prognos_kostnad: float | None
    avvikelse: float | None  # prognos − budget cost (positive = surplus)
    volymeffekt: float | None
    priseffekt: float | None
    exact_split: tuple[Fraction, Fraction, Fraction] | None  # (volume, price, total), signed
    top_level: bool
    anmarkning: str


def analyse_row(row: VolumeRow, enhet: str, period: int, top_level: bool = True) -> VolumeLine:
    b = _cost(row.budget_volym, row.budget_styck, row, enhet)
    p = _cost(row.prognos_volym, row.prognos_styck_eff, row, enhet)
    u = _cost(row.utfall_volym, row.utfall_styck, row, enhet)
    if u is not None and row.kind == FLOW:
        u = u * Fraction(12, period)  # a count so far, to a full-year rate
    split = None
    if b is not None and p is not None:
        k = -row.manader * money_factor(row.kostnad_i, enhet)  # signed: a cost is negative
        split = split_exact(row.budget_volym, row.budget_styck, row.prognos_volym, row.prognos_styck_eff, k)
    notes = []
    if row.del_av:
        notes.append(f"Del av {row.del_av}; räknas inte två gånger i summorna.")
    if row.kind == INDICATOR:
        notes.append("Nyckeltal utan kostnad.")
    if row.prognos_styck_antagen:
        notes.append("Prognos styckkostnad saknas: budgeterad styckkostnad används.")
    if row.kind != INDICATOR and row.prognos_volym is None:
        notes.append("Prognos volym saknas (inte känd än).")
    if row.kind != INDICATOR and row.budget_volym is None:
        notes.append("Budget volym saknas (inte känd än).")
    if row.kind == FLOW:
        notes.append("Utfall volym är summan hittills i år; kostnad utfall i helårstakt.")
    return VolumeLine(
        row=row,
        budget_kostnad=_float(b),
        utfall_kostnad=_float(u),
        prognos_kostnad=_float(p),
        avvikelse=None if split is None else float(split[2]),
        volymeffekt=None if split is None else float(split[0]),
        priseffekt=None if split is None else float(split[1]),
        exact_split=split,
        top_level=top_level,
        anmarkning=" ".join(notes),
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# --- the Volym forecast method -----------------------------------------------------------
@dataclass
class VolumeForecast:
    """The Volym method for one area's Kostnader (signed, workbook unit).

    prognos = utfall hittills − volymkostnad hittills + volymkostnad helår + övrig budget återstående
    """

    omrade: str
    utfall_period: float
    volym_hittills: float | None
    volym_helar: float | None
    ovrig_budget: float | None  # budget not explained by volumes (budget − volume cost at budget)
    aterstaende_andel: float | None
    ovrig_aterstaende: float | None
    prognos: float | None
    orsak: str  # why it cannot be computed, else ""

    @classmethod
    def cannot(cls, omrade: str, utfall_period: float, orsak: str) -> "VolumeForecast":
        """No Volym forecast for the area, and why."""
        return cls(omrade, utfall_period, None, None, None, None, None, None, orsak)


def volymprognos(
    rows: Iterable[VolumeRow],
    omrade: str,
    budget: float,
    budget_period: float,
    utfall_period: float,
    period: int,
    enhet: str,
) -> VolumeForecast:
    """An area's full-year cost forecast from its top-level cost rows.

    For each row the full-year cost is forecast volume × unit cost (× 12 for a monthly unit
    cost). The volume costs so far (outcome volume × unit cost for the months passed, or the
    forecast level for those months where the outcome is not given) are taken out of the
    ledger outcome; the rest of the area's costs follow the remaining budget.
    """
    chosen = [r for r in rows if r.omrade == omrade and r.del_av is None and r.has_cost]
    if not chosen:
        return VolumeForecast.cannot(
            omrade, utfall_period, f"{omrade} har inga rader med styckkostnad i tabellen Volymer"
        )
    so_far, full, at_budget = Fraction(0), Fraction(0), Fraction(0)
    share_passed = Fraction(period, 12)
    for r in chosen:
        f = _cost(r.prognos_volym, r.prognos_styck_eff, r, enhet)
        b = _cost(r.budget_volym, r.budget_styck, r, enhet)
        if f is None:
            return VolumeForecast.cannot(
                omrade, utfall_period, f"prognos volym eller styckkostnad saknas för {r.matt!r}"
            )
        if b is None:
            return VolumeForecast.cannot(
                omrade, utfall_period, f"budget volym eller styckkostnad saknas för {r.matt!r}"
            )
        if r.utfall_volym is not None and r.utfall_styck is not None:
            u = _cost(r.utfall_volym, r.utfall_styck, r, enhet)
            so_far += u if r.kind == FLOW else u * share_passed
        else:
            so_far += f * share_passed
        full += f
        at_budget += b
    ovrig = exact(budget) - at_budget
    if budget:
        andel = (exact(budget) - exact(budget_period)) / exact(budget)
    else:
        andel = Fraction(12 - period, 12)
    rest = ovrig * andel
    prognos = exact(utfall_period) - so_far + full + rest
    return VolumeForecast(
        omrade,
        float(utfall_period),
        float(so_far),
        float(full),
        float(ovrig),
        float(andel),
        float(rest),
        float(prognos),
        "",
    )


# --- per area -----------------------------------------------------------------------------
@dataclass
class AreaVolumes:
    omrade: str
    avvikelse_kostnader: float  # the area's Kostnader deviation in the report
    volymdriven: float | None  # sum of the top-level rows' deviations
    volymeffekt: float | None
    priseffekt: float | None
    rows_without_deviation: int  # top-level cost rows whose deviation is unknown

    @property
    def ovrigt(self) -> float | None:
        return None if self.volymdriven is None else self.avvikelse_kostnader - self.volymdriven

    @property
    def andel_forklarad(self) -> float | None:
        if self.volymdriven is None or self.avvikelse_kostnader == 0:
            return None
        return self.volymdriven / self.avvikelse_kostnader


@dataclass
class VolumeAnalysis:
    enhet: str
    period: int
    lines: list[VolumeLine]
    areas: list[AreaVolumes]
    forecasts: list[VolumeForecast]
    volym_omraden: list[str]  # areas whose Kostnader use the Volym method

    def line(self, omrade: str, matt: str) -> VolumeLine:
        return next(ln for ln in self.lines if ln.row.omrade == omrade and ln.row.matt == matt)

    def area(self, omrade: str) -> AreaVolumes:
        return next(a for a in self.areas if a.omrade == omrade)

    def totals(self) -> dict[str, float | None]:
        top = [ln for ln in self.lines if ln.top_level and ln.exact_split is not None]
        if not top:
            return {"budget": None, "prognos": None, "volymeffekt": None, "priseffekt": None, "avvikelse": None}
        return {
            "budget": float(sum(exact(ln.budget_kostnad) for ln in top)),
            "prognos": float(sum(exact(ln.prognos_kostnad) for ln in top)),
            "volymeffekt": float(sum(ln.exact_split[0] for ln in top)),
            "priseffekt": float(sum(ln.exact_split[1] for ln in top)),
            "avvikelse": float(sum(ln.exact_split[2] for ln in top)),
        }


def analyse_volumes(rows: list[VolumeRow], report: Any) -> VolumeAnalysis:
    """The whole volume analysis for a computed ``udfs.forecasting.engine.Report``."""
    enhet, period = report.enhet, report.period
    lines = [analyse_row(r, enhet, period, top_level=r.del_av is None) for r in rows]
    area_names = [a for a in report.areas if any(r.omrade == a for r in rows)]
    areas, forecasts = [], []
    for area in area_names:
        cost = report.line(area, "Kostnader")
        top = [ln for ln in lines if ln.row.omrade == area and ln.top_level and ln.row.has_cost]
        known = [ln for ln in top if ln.exact_split is not None]
        if known:
            v = float(sum(ln.exact_split[0] for ln in known))
            p = float(sum(ln.exact_split[1] for ln in known))
            t = float(sum(ln.exact_split[2] for ln in known))
        else:
            v = p = t = None
        areas.append(AreaVolumes(area, float(cost.prognos - cost.budget), t, v, p, len(top) - len(known)))
        if top:
            forecasts.append(
                volymprognos(rows, area, cost.budget, cost.budget_period, cost.utfall_period, period, enhet)
            )
    volym_areas = [ln.omrade for ln in report.lines if ln.typ == "Kostnader" and ln.metod == "Volym"]
    return VolumeAnalysis(enhet, period, lines, areas, forecasts, volym_areas)


__all__ = [
    "AR",
    "FLOW",
    "INDICATOR",
    "KNOWN_UNITS",
    "MANAD",
    "STOCK",
    "AreaVolumes",
    "VolumeAnalysis",
    "VolumeForecast",
    "VolumeLine",
    "VolumeRow",
    "analyse_volumes",
    "analyse_row",
    "arsplatser",
    "arsplatser_till_varddygn",
    "exact",
    "money_factor",
    "priseffekt",
    "radkostnad",
    "split_exact",
    "volymeffekt",
    "volymkostnad",
    "volymprognos",
]
