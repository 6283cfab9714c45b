"""Deviation, volume and grant calculations behind the PROGNOS.* worksheet functions.

Pure and vectorised: scalars in give scalars out, arrays in give arrays out.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _out(value: np.ndarray) -> Any:
    return float(value) if np.ndim(value) == 0 else value


def avvikelse(budget: Any, prognos: Any) -> Any:
    """Prognos − budget on signed amounts: positive is a surplus (överskott)."""
    return _out(np.asarray(prognos, dtype=float) - np.asarray(budget, dtype=float))


def avvikelseprocent(budget: Any, prognos: Any) -> Any:
    """Avvikelse / |budget| as a share (0,053 = 5,3 %). NaN where the budget is 0."""
    b = np.asarray(budget, dtype=float)
    dev = np.asarray(prognos, dtype=float) - b
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(np.where(b != 0, dev / np.abs(b), np.nan))


def arsplatser(varddygn: Any, dagar: Any) -> Any:
    """Årsplatser: care days / days in the period (average simultaneous placements)."""
    d = np.asarray(dagar, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(np.where(d > 0, np.asarray(varddygn, dtype=float) / d, np.nan))


def volymkostnad(volym: Any, styckkostnad: Any, manader: Any = 1) -> Any:
    """Volume × unit cost × months (months = 12 for a monthly unit cost over a year)."""
    return _out(
        np.asarray(volym, dtype=float) * np.asarray(styckkostnad, dtype=float) * np.asarray(manader, dtype=float)
    )


def kvarstaende(mottaget: Any, kostnader: Any) -> Any:
    """Remaining grant to repay: received − reported costs, where reported costs never
    exceed the amount received (the excess is the municipality's own co-financing)."""
    m = np.asarray(mottaget, dtype=float)
    k = np.asarray(kostnader, dtype=float)
    return _out(m - np.minimum(k, m))


def smatal(antal: Any) -> Any:
    """Anonymised count for the grant forms: 0 → 0, 1–3 → 3, 4 and up as is."""
    a = np.asarray(antal, dtype=float)
    return _out(np.where((a > 0) & (a < 4), 3.0, a))
