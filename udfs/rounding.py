"""Display rounding and Swedish number formatting.

Rounding is half away from zero (Excel's ROUND), done in ``decimal`` on the
shortest decimal representation of the float, never with ``round()``, which is
banker's rounding on binary floats (``round(-682.05, 1) == -682.0``, wrong here).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import numpy as np

MINUS = "\u2212"  # typographic minus, as the committee papers print it
NBSP = "\u00a0"  # non-breaking space, the thousands separator


def _round_scalar(value: float, decimals: int) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, float) and math.isinf(value):
        return value
    # repr() gives the shortest string that round-trips, i.e. what the user typed
    # ("-682.05"), so half-way cases are seen as half-way, as Excel sees them.
    # Enough digits for any double (up to 1.8e308) at any number of decimals: quantize
    # never raises InvalidOperation, however large the value.
    decimals = max(-400, min(int(decimals), 400))
    with localcontext() as context:
        context.prec = 800
        context.Emax, context.Emin = 10_000, -10_000
        exponent = Decimal(1).scaleb(-decimals)
        rounded = Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP)
        result = float(rounded)
    return 0.0 if result == 0 else result


def avrunda(belopp: Any, decimaler: Any = 0) -> Any:
    """Round half away from zero. Scalars in, scalar out; arrays in, arrays out.

    ``decimaler`` may be negative (-3 rounds to thousands), like Excel's ROUND.
    """
    if np.ndim(belopp) == 0 and np.ndim(decimaler) == 0:
        return _round_scalar(float(belopp), int(decimaler))
    values, decimals = np.broadcast_arrays(
        np.asarray(belopp, dtype=float), np.asarray(decimaler, dtype=float)
    )
    out = np.empty(values.shape, dtype=float)
    for index in np.ndindex(values.shape):
        out[index] = _round_scalar(float(values[index]), int(decimals[index]))
    return out


def format_tal(varde: float, decimaler: int = 0, *, tecken: bool = False) -> str:
    """Format a number the Swedish way: "−682 050", "38,3", "+6 537" with tecken=True.

    Thousands are separated by a non-breaking space, the decimal mark is a comma and the
    minus sign is U+2212. Rounding is half away from zero.
    """
    rounded = avrunda(varde, decimaler)
    negative = rounded < 0
    text = f"{abs(rounded):,.{max(decimaler, 0)}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    if negative:
        return MINUS + text
    if tecken and rounded > 0:
        return "+" + text
    return text
