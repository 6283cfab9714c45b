"""Display rounding and Swedish number formatting: ``avrunda`` over numbers and arrays (numpy),
``format_tal`` (from ``udfs.language.number_format``, where one number is rounded without numpy).

Rounding is half away from zero (Excel's ROUND), done in ``decimal`` on the
shortest decimal representation of the float, never with ``round()``, which is
banker's rounding on binary floats (``round(-682.05, 1) == -682.0``, wrong here).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from udfs.language.number_format import MINUS, NBSP, format_tal, round_half_away


def avrunda(belopp: Any, decimaler: Any = 0) -> Any:
    """Round half away from zero. Scalars in, scalar out; arrays in, arrays out.

    ``decimaler`` may be negative (-3 rounds to thousands), like Excel's ROUND.
    """
    if type(belopp) in (float, int) and type(decimaler) is int:  # the common case, without numpy
        return round_half_away(float(belopp), decimaler)
    if np.ndim(belopp) == 0 and np.ndim(decimaler) == 0:
        return round_half_away(float(belopp), int(decimaler))
    values, decimals = np.broadcast_arrays(np.asarray(belopp, dtype=float), np.asarray(decimaler, dtype=float))
    out = np.empty(values.shape, dtype=float)
    for index in np.ndindex(values.shape):
        out[index] = round_half_away(float(values[index]), int(decimals[index]))
    return out


__all__ = ["MINUS", "NBSP", "avrunda", "format_tal", "round_half_away"]
