"""Headings with real years and periods ("Utfall jan–apr 2023", "Bokslut 2022"), never "fg år".

At Period 12 the year is closed: the report is the year's outcome (bokslut), worded so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from udfs.language.vocabulary import MONTH_ABBR as KORTA_MANADER

HELAR = 12


def is_year_end(period: int) -> bool:
    """Year-end mode: the last month of the year is closed."""
    return int(period) >= HELAR


def last_year_known(months: Iterable[int], period: int) -> tuple[bool, bool]:
    """(the outcome of last year's same period is known, last year's bokslut is known), from the
    months last year has in Utfall. A bokslut is all twelve months, or one full-year row per
    area and type (typed as December, as a verksamhetsberättelse gives the year); a year with
    months missing is no bokslut, and its sum no year. At Period 12 the period is the year."""
    have = {int(m) for m in months if 1 <= int(m) <= HELAR}
    known_full = have >= set(range(1, HELAR + 1)) or have == {HELAR}
    known_period = set(range(1, int(period) + 1)) <= have or (is_year_end(period) and known_full)
    return known_period, known_full


def months_span(period: int) -> str:
    """ "jan–apr" for 4, "jan" for 1, "jan–dec" for 12."""
    period = max(1, min(HELAR, int(period)))
    return KORTA_MANADER[0] if period == 1 else f"{KORTA_MANADER[0]}\u2013{KORTA_MANADER[period - 1]}"


@dataclass(frozen=True)
class Headings:
    """The headings of one report: year ``ar`` after ``period`` months."""

    ar: int
    period: int

    @property
    def bokslut(self) -> bool:
        return is_year_end(self.period)

    @property
    def utfall_period(self) -> str:
        return f"Utfall {months_span(self.period)} {self.ar}"

    @property
    def budget_period(self) -> str:
        return f"Budget {months_span(self.period)} {self.ar}"

    @property
    def avvikelse_period(self) -> str:
        return f"Avvikelse {months_span(self.period)} {self.ar}"

    @property
    def utfall_period_fg(self) -> str:
        return f"Utfall {months_span(self.period)} {self.ar - 1}"

    @property
    def forandring_fg(self) -> str:
        return f"Förändring mot {months_span(self.period)} {self.ar - 1}"

    @property
    def bokslut_fg(self) -> str:
        return f"Bokslut {self.ar - 1}"

    @property
    def budget(self) -> str:
        return f"Budget {self.ar}"

    @property
    def prognos(self) -> str:
        """The full-year figure: the forecast, or at year end the year's outcome."""
        return f"Bokslut {self.ar}" if self.bokslut else f"Prognos helår {self.ar}"

    @property
    def avvikelse(self) -> str:
        return f"Avvikelse {self.ar}"

    @property
    def lage(self) -> str:
        """ "Prognos 2023 efter april (period 4)" or "Bokslut 2023" for the sheet titles."""
        if self.bokslut:
            return f"Bokslut {self.ar}"
        return f"Prognos {self.ar} efter {months_span(self.period)} (period {self.period})"
