"""Last year's outcome known only when it is known (issues 12 and 21): which of last year's
months Utfall lacks, said once per workbook on every path (the Utfall table read row by row or
column by column, and a ledger export), with the rule ``udfs.section.headings.last_year_known``
the engine leaves the same figures empty by."""

from __future__ import annotations

from udfs.language.vocabulary import MONTH_NAMES
from udfs.section.headings import last_year_known
from validation.findings import VARNING
from validation.raw_table import RawTable
from validation.reader import Reader


def missing_last_year(
    reader: Reader, raw: RawTable, found: dict[str, int], year: int, period: int, months: set[int]
) -> None:
    """Missing is not zero: say which of last year's months Utfall lacks when the report needs
    them (``udfs.section.headings.last_year_known``): the same period's outcome and the
    comparison are left out without the period's months, "Bokslut" without a whole year (all
    twelve months, or one full-year row per area typed as December)."""
    cell = raw.header_address(found.get("ar", 0))
    if not months:
        reader.add(
            VARNING,
            raw,
            cell,
            "utfall_fg_saknas",
            f"Utfall för {year - 1} saknas i tabellen Utfall. Bokslut {year - 1}, Utfall helår fg år och Utfall "
            "period fg år lämnas tomma (inte 0) och ingen jämförelse med föregående år skrivs. Lägg in "
            f"{year - 1} års utfall per månad i Utfall för att få jämförelsen.",
        )
        return
    known_period, known_full = last_year_known(months, period)
    present = ", ".join(MONTH_NAMES[m - 1] for m in sorted(months) if 1 <= m <= 12)
    if not known_full:
        missing = _and([MONTH_NAMES[m - 1] for m in range(1, 13) if m not in months])
        period_too = (
            ""
            if known_period
            else " Utfall period fg år lämnas också tomt och ingen jämförelse med samma period skrivs."
        )
        reader.add(
            VARNING,
            raw,
            cell,
            "utfall_fg_saknas",
            f"Utfall för {year - 1} saknas för {missing} (bara {present} finns). Året är inte helt, så Bokslut "
            f"{year - 1} (Utfall helår fg år) lämnas tomt i stället för att visa en del av året som helår."
            f"{period_too} Lägg in de månader som saknas, eller hela året som en rad per område och "
            "typ i december.",
        )
    elif not known_period:
        missing = _and([MONTH_NAMES[m - 1] for m in range(1, period + 1) if m not in months])
        reader.add(
            VARNING,
            raw,
            cell,
            "utfall_fg_saknas",
            f"Utfall för {year - 1} saknas för {missing} (bara {present} finns, t.ex. en helårsrad). "
            "Utfall period "
            "fg år lämnas tomt och ingen jämförelse med samma period föregående år skrivs. Lägg in "
            f"{year - 1} per månad i Utfall för att få jämförelsen.",
        )


def _and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + (" och " if len(names) > 1 else "") + names[-1]
