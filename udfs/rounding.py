"""Display rounding and Swedish number formatting.

Rounding is half away from zero (Excel's ROUND), done in ``decimal`` on the
shortest decimal representation of the float, never with ``round()``, which is
banker's rounding on binary floats (``round(-682.05, 1) == -682.0``, wrong here).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import numpy as np

MINUS = "\u2212"  # typographic minus, as the committee papers print it
NBSP = "\u00a0"  # non-breaking space, the thousands separator


# Enough digits for any double (up to 1.8e308) at any number of decimals: quantize
# never raises InvalidOperation, however large the value.
_CONTEXT = Context(prec=800, Emax=10_000, Emin=-10_000, rounding=ROUND_HALF_UP)
_EXPONENTS = {d: Decimal(1).scaleb(-d, context=_CONTEXT) for d in range(-12, 13)}


def _round_scalar(value: float, decimals: int) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, float) and math.isinf(value):
        return value
    # repr() gives the shortest string that round-trips, i.e. what the user typed
    # ("-682.05"), so half-way cases are seen as half-way, as Excel sees them.
    decimals = max(-400, min(int(decimals), 400))
    exponent = _EXPONENTS.get(decimals)
    if exponent is None:
        exponent = Decimal(1).scaleb(-decimals, context=_CONTEXT)
    result = float(Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP, context=_CONTEXT))
    return 0.0 if result == 0 else result


def avrunda(belopp: Any, decimaler: Any = 0) -> Any:
    """Round half away from zero. Scalars in, scalar out; arrays in, arrays out.

    ``decimaler`` may be negative (-3 rounds to thousands), like Excel's ROUND.
    """
    if type(belopp) in (float, int) and type(decimaler) is int:  # the common case, without numpy
        return _round_scalar(float(belopp), decimaler)
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
