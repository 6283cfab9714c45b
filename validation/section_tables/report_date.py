"""The report's own name and date: the ``Rapport`` and ``Rapportdatum`` rows of Inställningar.

Deadline reminders ("3 dagar kvar", "passerad") and the date in a printed page header are
relative to the day the report is made for. A workbook may carry that day (the bundled
examples do), so a run years later still reads as the report did; without the row it is the
real date. ``--datum`` on the command line wins. A date that cannot be read is never silently
today: the refresh reports it (``ogiltig_installning``, a warning, in
``validation.forecast_tables.checks.read_settings``). Read through the one settings reader
(``validation.settings``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from validation.contract import INSTALLNINGAR, SETTINGS_ROWS
from validation.findings import VARNING, Finding
from validation.settings import SettingsTable

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system


def as_date(value: Any) -> date | None:
    """A settings cell as a date: a date, an Excel serial day or "ÅÅÅÅ-MM-DD"; None when empty.
    Raises ValueError when the cell holds something else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 < value < 80_000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    if isinstance(value, str):
        return date.fromisoformat(
            value.strip()[:10] if len(value.strip()) > 10 and value.strip()[10] in " T" else value.strip()
        )
    raise ValueError(value)


def rapportdatum(source: Any) -> date | None:
    """The ``Rapportdatum`` of the book's Inställningar, or None (no table, no row, not a date)."""
    hit = SettingsTable(source.table(INSTALLNINGAR)).get(SETTINGS_ROWS["rapportdatum"])
    try:
        return None if hit is None else as_date(hit[0])
    except ValueError:
        return None


def unreadable_message(value: Any) -> str:
    return (
        f"Rapportdatum {value!r} går inte att läsa som ett datum; rapporten får dagens datum. "
        "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-05-10."
    )


def unreadable_rapportdatum(source: Any, file: str = "") -> Finding | None:
    """A warning when the book's Rapportdatum cannot be read (the report then says today's
    date, and says so), for a path that does not read the whole Inställningar (the grants)."""
    raw = source.table(INSTALLNINGAR)
    hit = SettingsTable(raw).get(SETTINGS_ROWS["rapportdatum"])
    if hit is None:
        return None
    try:
        as_date(hit[0])
        return None
    except ValueError:
        return Finding(
            allvarlighet=VARNING,
            blad=raw.sheet,
            cell=hit[1],
            regel="ogiltig_installning",
            meddelande=unreadable_message(hit[0]),
            fil=file,
        )
