"""Rounding one number half away from zero, and Swedish number formatting: the one formatter of
Swedish number text (``format_tal``; ``format_as_typed`` for a number quoted back in a message
with the decimals it was typed with). Every message, sheet and document prints a figure with it.

Rounding is half away from zero (Excel's ROUND), done in ``decimal`` on the
shortest decimal representation of the float, never with ``round()``, which is
banker's rounding on binary floats (``round(-682.05, 1) == -682.0``, wrong here).

Pure Python: the messages of the validation use it without loading numpy. ``udfs.language.rounding.avrunda``
rounds numbers and arrays (numpy) with ``round_half_away``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

MINUS = "\u2212"  # typographic minus, as the committee papers print it
NBSP = "\u00a0"  # non-breaking space, the thousands separator


# Enough digits for any double (up to 1.8e308) at any number of decimals: quantize
# never raises InvalidOperation, however large the value.
_CONTEXT = Context(prec=800, Emax=10_000, Emin=-10_000, rounding=ROUND_HALF_UP)
_EXPONENTS = {d: Decimal(1).scaleb(-d, context=_CONTEXT) for d in range(-12, 13)}


def round_half_away(value: float, decimals: int) -> float:
    """One number rounded half away from zero to ``decimals`` (negative: tens, hundreds …);
    NaN for None or NaN."""
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


def format_tal(varde: float, decimaler: int = 0, *, tecken: bool = False) -> str:
    """Format a number the Swedish way: "−682 050", "38,3", "+6 537" with tecken=True.

    Thousands are separated by a non-breaking space, the decimal mark is a comma and the
    minus sign is U+2212. Rounding is half away from zero.
    """
    rounded = round_half_away(float(varde), int(decimaler))
    negative = rounded < 0
    text = f"{abs(rounded):,.{max(decimaler, 0)}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    if negative:
        return MINUS + text
    if tecken and rounded > 0:
        return "+" + text
    return text


def format_as_typed(value: float) -> str:
    """A number quoted back in a message, with the decimals it carries (at most six), never in
    scientific notation: "1 455 042", "−0,25", "12,5"; huge ones by their size, and infinity
    and NaN in words."""
    if not math.isfinite(value):
        return "oändligt" if not math.isnan(value) else "NaN (inget tal)"
    if abs(value) >= 1e18:
        digits = len(f"{abs(value):.0f}")
        return f"ett {'negativt ' if value < 0 else ''}tal med {digits} siffror"
    text = repr(float(value))
    if "e" in text:
        decimals = 0 if abs(value) >= 1 else 6
    else:
        decimals = 0 if float(value).is_integer() else min(6, max(1, len(text.split(".")[-1].rstrip("0"))))
    return format_tal(value, decimals)
