"""Revenue known in advance: grants of the register (``Statsbidrag``) and the rows of
``Bidragsintakter``, as month-by-month arrays for the forecast (``udfs.forecasting.candidates``
takes them out of the outcome before a method extrapolates it and adds the known amount back).

- A register grant with a verksamhetsområde and a period counts in that area's Intäkter:
  the amount received, spread per day over the grant period (as ``udfs.section.grant_revenue``
  periodises it), in every year the period touches, earlier years included.
- A ``Bidragsintakter`` row counts in the current year with its ``Prognos`` as the year's
  amount and its ``Utfall period`` as booked so far; without ``Utfall period`` it is left out
  (how much has arrived is unknown, and unknown is not zero), and Metodval says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import ENHETER, MONTH_NAMES, TYP_INTAKTER, normalize


@dataclass
class KnownRevenue:
    grants: np.ndarray  # (n, Y, 12) booked per month
    grant_year: np.ndarray  # (n, Y) of the whole year
    notes: dict[int, list[str]] = field(default_factory=dict)  # series -> what counted (Swedish)
    left_out: dict[int, list[str]] = field(default_factory=dict)  # series -> what could not count


def _month_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return start, end


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    return max(0, (min(a[1], b[1]) - max(a[0], b[0])).days + 1)


def known_revenue(
    keys: list[tuple[str, str]],
    first_year: int,
    years: int,
    period: int,
    enhet: str,
    register: list[Any] | None,
    typed: list[Any] | None,
) -> KnownRevenue:
    """The known grant revenue of each (area, type) series of ``keys`` over the years
    ``first_year`` … ``first_year + years - 1`` (the last the current one, at ``period``)."""
    n = len(keys)
    out = KnownRevenue(np.zeros((n, years, 12)), np.zeros((n, years)))
    revenue = {normalize(area): i for i, (area, typ) in enumerate(keys) if typ == TYP_INTAKTER}
    typed = list(typed or [])
    names = {normalize(x.post) for x in typed}
    current = years - 1
    for b in register or []:
        i = revenue.get(normalize(b.omrade or ""))
        if i is None or b.period_fran is None or b.period_till is None or normalize(b.namn) in names:
            continue
        _add_register(out, i, b, first_year, years, period, ENHETER[enhet])
    for x in typed:
        i = revenue.get(normalize(x.omrade))
        if i is None:
            continue
        if x.utfall is None:
            out.left_out.setdefault(i, []).append(
                f"{x.post} ({x.kalla}, Bidragsintäkter) saknar Utfall period och räknas inte in: fyll i hur mycket "
                "som är bokfört (0 om inget)"
            )
            continue
        out.grant_year[i, current] += x.prognos
        out.grants[i, current, :period] += x.utfall / period
        out.notes.setdefault(i, []).append(
            f"{x.post} ({x.kalla}) {format_tal(x.prognos, 0)} {enhet}, varav {format_tal(x.utfall, 0)} bokfört"
        )
    return out


def _add_register(out: KnownRevenue, i: int, b: Any, first_year: int, years: int, period: int, per_unit: float) -> None:
    span = (b.period_fran, b.period_till)
    total_days = _overlap(span, span)
    if total_days == 0:
        return
    per_day = float(b.mottaget) / total_days / per_unit
    for j in range(years):
        year = first_year + j
        days = np.array([_overlap(span, _month_days(year, m)) for m in range(1, 13)], dtype=float)
        if not days.any():
            continue
        amounts = days * per_day
        out.grant_year[i, j] += amounts.sum()
        booked = amounts if j < years - 1 else np.where(np.arange(12) < period, amounts, 0.0)
        out.grants[i, j] += booked
        if j == years - 1:
            till = MONTH_NAMES[period - 1] if period >= 1 else ""
            out.notes.setdefault(i, []).append(
                f"{b.namn} (Statsbidrag, {b.period_fran.isoformat()}–{b.period_till.isoformat()}) "
                f"{format_tal(amounts.sum(), 0)} för året, varav {format_tal(booked.sum(), 0)} till och med {till}"
            )
