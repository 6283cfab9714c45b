"""Metodval's evidence: per area, type and method this year's forecast, the origins it was
tested at (the same month in every earlier year the history allows) with the error of each,
and why a method was chosen, skipped or could not be tested (Swedish, for the economist)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from udfs.forecasting import candidates as cand
from udfs.forecasting import methods as fc
from udfs.forecasting.auto import AutoForecast
from udfs.language.vocabulary import MONTH_NAMES

BUDGET_METHODS = (fc.BUDGETPROFIL, cand.BUDGETTAKT)


@dataclass
class Evidence:
    """One row of Metodval: how a method would have forecast the earlier years at the same month."""

    omrade: str
    typ: str
    metod: str
    prognos: float | None  # this year's forecast with the method
    per_ar: dict[int, float] = field(default_factory=dict)  # year -> forecast − outcome at the same month
    fel: float | None = None  # mean |error| over those years
    fel_procent: float | None = None  # Σ|error| / Σ|outcome|
    vald: bool = False
    skal: str = ""

    @property
    def years_tested(self) -> int:
        return len(self.per_ar)


def auto_reason(auto: AutoForecast | None, i: int, year: int, period: int) -> str:
    """Why the automatic choice fell where it did."""
    month = MONTH_NAMES[period - 1]
    if auto is None or auto.choice.fallback[i]:
        return f"Ingen historik att testa mot (utfall per {month} tidigare år saknas): Linjär används"
    m = int(auto.choice.chosen[i])
    years = auto.backtest.tested_years(i, period, m)
    when = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return (
        f"Minst medelfel när metoderna prognostiserade helåret {when} med utfallet till och med {month} "
        f"({len(years)} {'tillfälle' if len(years) == 1 else 'tillfällen'})"
    )


def tested(auto: AutoForecast, i: int, name: str) -> tuple[dict[int, float], float | None, float | None]:
    """The method's signed errors per earlier year at the period, mean |error| and Σ|error| / Σ|outcome|."""
    test = auto.backtest
    m = cand.NAMES.index(name)
    errors = test.errors[m, i, :-1, test.period]
    actual = test.actual[i, :-1]
    have = ~np.isnan(errors)
    per_year = {auto.first_year + j: float(errors[j]) for j in np.flatnonzero(have)}
    if not per_year:
        return {}, None, None
    absolute = np.abs(errors[have])
    size = float(np.abs(actual[have]).sum())
    return per_year, float(absolute.mean()), (float(absolute.sum()) / size if size else None)


def method_rows(
    auto: AutoForecast | None, i: int, area: str, typ: str, year: int, period: int, chosen: str, reason: str
) -> list[Evidence]:
    """Metodval's rows for the candidates of the automatic choice."""
    if auto is None:
        return []
    out = []
    for name in cand.NAMES:
        value = auto.value(name, i)
        per_year, mean, share = tested(auto, i, name)
        if name == chosen:
            note = reason
        elif math.isnan(value):
            note = f"Kan inte beräknas: {auto.why_not(name, i)}"
        elif not per_year and name in BUDGET_METHODS:
            note = "Kan inte testas: budget för tidigare år finns inte i arbetsboken"
        elif not per_year:
            note = "Kan inte testas: historiken är för kort för att pröva metoden på ett tidigare år"
        else:
            note = ""
        out.append(
            Evidence(area, typ, name, None if math.isnan(value) else value, per_year, mean, share, name == chosen, note)
        )
    return out
