"""Full-year forecast methods. Pure and vectorised: arrays in, arrays out.

Every function accepts scalars or numpy arrays of equal shape. Where a method cannot
give a forecast (e.g. no last-year profile for Säsong) the result is NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from udfs.language.vocabulary import BUDGETPROFIL, LINJAR, MANUELL, SASONG

AUTO_METHODS = (LINJAR, SASONG, BUDGETPROFIL)

MIN_SHARE = 0.05  # a seasonal share below this (or of the wrong sign) is not a usable profile


def linjar(utfall_hittills: Any, period: Any) -> Any:
    """Straight line: outcome so far / months × 12."""
    utfall = np.asarray(utfall_hittills, dtype=float)
    months = np.asarray(period, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(months > 0, utfall / months * 12.0, np.nan)


def sasongsandel(fg_ar_manader: Any, period: Any) -> Any:
    """Last year's cumulative share of the full year reached by month ``period``.

    ``fg_ar_manader`` has shape (..., 12). NaN where the share is unusable.
    """
    months = np.asarray(fg_ar_manader, dtype=float)
    p = np.asarray(period, dtype=int)
    total = np.nansum(months, axis=-1)
    cumulative = np.nancumsum(months, axis=-1)
    index = np.clip(p - 1, 0, 11)
    reached = np.take_along_axis(cumulative, np.broadcast_to(index, total.shape)[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total != 0, reached / total, np.nan)
    return np.where(share >= MIN_SHARE, share, np.nan)


def sasong(utfall_hittills: Any, andel: Any) -> Any:
    """Seasonal: outcome so far / last year's share of the year reached by the same month."""
    utfall = np.asarray(utfall_hittills, dtype=float)
    share = np.asarray(andel, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(share >= MIN_SHARE, utfall / share, np.nan)


def budgetprofil(utfall_hittills: Any, aterstaende_budget: Any) -> Any:
    """Budget profile: outcome so far + the rest of the (periodised) budget."""
    return np.asarray(utfall_hittills, dtype=float) + np.asarray(aterstaende_budget, dtype=float)


def budget_till_period(budget: Any, manader: Any, period: Any) -> Any:
    """Periodised budget up to ``period``; twelfths of ``budget`` where ``manader`` is NaN."""
    total = np.asarray(budget, dtype=float)
    months = np.asarray(manader, dtype=float)
    p = np.asarray(period, dtype=int)
    cumulative = np.nancumsum(months, axis=-1)
    index = np.clip(p - 1, 0, 11)
    reached = np.take_along_axis(cumulative, np.broadcast_to(index, total.shape)[..., None], axis=-1)[..., 0]
    periodised = ~np.all(np.isnan(months), axis=-1)
    return np.where(periodised, reached, total * p / 12.0)


def helarsprognos(
    utfall: Any,
    metod: str = LINJAR,
    fg_ar: Any = None,
    budget: Any = None,
    manuell: Any = None,
) -> float:
    """One series' full-year forecast, as PROGNOS.HELARSPROGNOS computes it.

    ``utfall`` holds this year's months so far (empty/NaN after the last closed month),
    ``fg_ar`` last year's 12 months (Säsong), ``budget`` the full-year budget or its 12
    months (Budgetprofil), ``manuell`` a manual figure (Manuell).
    """
    months = np.asarray(utfall, dtype=float).ravel()
    filled = np.flatnonzero(~np.isnan(months))
    period = int(filled[-1]) + 1 if filled.size else 0
    so_far = float(np.nansum(months[:period]))
    if metod == MANUELL:
        if manuell is None or np.isnan(float(manuell)):
            raise ValueError("Metoden Manuell kräver ett värde i argumentet manuell.")
        return float(manuell)
    if period == 0:
        raise ValueError("Utfall saknas: ange minst en månads utfall.")
    if metod == LINJAR:
        return float(linjar(so_far, period))
    if metod == SASONG:
        if fg_ar is None:
            raise ValueError("Metoden Säsong kräver föregående års tolv månader (fg_ar).")
        last = np.asarray(fg_ar, dtype=float).ravel()
        if last.size != 12:
            raise ValueError("Föregående år måste ha tolv månader.")
        result = float(sasong(so_far, sasongsandel(last, period)))
        if np.isnan(result):
            raise ValueError("Föregående års profil går inte att använda (noll eller fel tecken).")
        return result
    if metod == BUDGETPROFIL:
        if budget is None:
            raise ValueError("Metoden Budgetprofil kräver budgeten (helår eller tolv månader).")
        b = np.asarray(budget, dtype=float).ravel()
        if b.size == 12:
            total, monthly = float(np.nansum(b)), b
        elif b.size == 1:
            total, monthly = float(b[0]), np.full(12, np.nan)
        else:
            raise ValueError("Budgeten ska vara ett helårsbelopp eller tolv månader.")
        rest = total - float(budget_till_period(total, monthly, period))
        return float(budgetprofil(so_far, rest))
    raise ValueError(f"Okänd metod {metod!r}: välj Linjär, Säsong, Budgetprofil eller Manuell.")
