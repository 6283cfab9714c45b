"""The report's own date: an optional ``Rapportdatum`` row in Inställningar.

Deadline reminders ("3 dagar kvar", "passerad") and the date in a printed page header are
relative to the day the report is made for. A workbook may carry that day (the bundled grant
example does: the day its report-backs were written), so a run years later still reads as
the report did; otherwise it is the real date. ``--datum`` on the command line wins. Read
through the one settings reader (``validation.settings``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from validation.contract import EXTRA_SETTINGS, INSTALLNINGAR
from validation.settings import SettingsTable


def rapportdatum(source: Any) -> date | None:
    """The ``Rapportdatum`` of the book's Inställningar, or None (no table, no row, no date)."""
    hit = SettingsTable(source.table(INSTALLNINGAR)).get(EXTRA_SETTINGS["rapportdatum"])
    value = None if hit is None else hit[0]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
