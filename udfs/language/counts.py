"""Counts and durations in the messages an economist reads: ``count_text(1, "fil", "filer")`` is
"1 fil", ``count_text(3, "fil", "filer")`` "3 filer", ``seconds_text(0.06)`` "0,1 s". (Numbers in
validation messages: ``validation.extremes.shown``.)"""

from __future__ import annotations

from udfs.language.number_format import format_tal, round_half_away


def count_text(n: int, singular: str, plural: str) -> str:
    """ "1 fil", "2 filer", "0 filer"."""
    return f"{format_tal(n, 0)} {singular if n == 1 else plural}"


def seconds_text(seconds: float) -> str:
    """ "0,1 s", "1 s" (no ",0" on whole seconds)."""
    return f"{format_tal(seconds, 0 if round_half_away(float(seconds), 1).is_integer() else 1)} s"
