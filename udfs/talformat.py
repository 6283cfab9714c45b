"""Numbers and counts in the messages an economist reads: Swedish, never scientific notation.

``tal(1234567.5)`` is "1 234 567,5" and ``tal(1e-07)`` "0,0000001" (not "1e-07");
``antal(1, "fil", "filer")`` is "1 fil" and ``antal(3, "fil", "filer")`` "3 filer".
"""

from __future__ import annotations

from udfs.rounding import avrunda, format_tal

MAX_DECIMALS = 10


def tal(value: float | int) -> str:
    """A number as typed, the Swedish way, with as many decimals as it has (at most ten)."""
    if isinstance(value, bool):
        return str(value)
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        return str(value)
    text = f"{abs(number):.{MAX_DECIMALS}f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_tal(number, decimals)


def antal(n: int, singular: str, plural: str) -> str:
    """"1 fil", "2 filer", "0 filer"."""
    return f"{format_tal(n, 0)} {singular if n == 1 else plural}"


def sekunder(seconds: float) -> str:
    """"0,1 s", "1 s" (no ",0" on whole seconds)."""
    return f"{format_tal(seconds, 0 if float(avrunda(seconds, 1)).is_integer() else 1)} s"
