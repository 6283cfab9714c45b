"""Numbers no municipal workbook can hold, declared once.

An amount beyond ``MAX_KRONOR`` (a thousand billion kronor: more than ten times the largest
Swedish municipality's whole budget, and above the state budget's expenditure) is a typing,
export or hostile-file error, never a forecast; so are infinity and NaN, which a file can
carry in a number cell. Each is an error at its cell (``orimligt_belopp``), so it never
reaches a master or a sum, a rounding or a sentence.
"""

from __future__ import annotations

import math

from udfs.language.number_format import format_as_typed, format_tal
from udfs.language.vocabulary import ENHETER

MAX_KRONOR = 1e12


def bound(enhet: str) -> float:
    """The largest amount accepted, in the workbook's unit."""
    return MAX_KRONOR / ENHETER.get(enhet, 1e3)


def problem(value: float, enhet: str) -> str | None:
    """Why a number read from an amount cell cannot be an amount, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return (
            "cellen innehåller inget ändligt tal (oändligt eller NaN), något Excel aldrig sparar; filen är "
            "skadad eller konstruerad. Skriv in beloppet på nytt"
        )
    limit = bound(enhet)
    if abs(value) > limit:
        amount = f"{format_as_typed(value)} {enhet}" if abs(value) < 1e18 else f"({format_as_typed(value)})"
        return (
            f"beloppet {amount} är orimligt stort: inget belopp i en kommuns budget är större än "
            f"{format_tal(limit)} {enhet} (1 000 miljarder kronor). Kontrollera att beloppet är skrivet i {enhet} "
            "och utan extra siffror"
        )
    return None
