"""The report's own date: an optional ``Rapportdatum`` row in Inställningar.

Deadline reminders ("3 dagar kvar", "passerad") and the date in a printed page header are
relative to the day the report is made for. A workbook may carry that day (the bundled grant
example does: the day its report-backs were written), so a run years later still reads as
the report did; otherwise it is the real date. ``--datum`` on the command line wins.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from workbooks.contract import INSTALLNINGAR, normalize

NAMES = ("rapportdatum", "datum for rapporten", "rapportens datum")


def rapportdatum(source: Any) -> date | None:
    """The ``Rapportdatum`` of the book's Inställningar, or None (no table, no row, no date)."""
    raw = source.table(INSTALLNINGAR)
    if raw is None or len(raw.headers) < 2:
        return None
    for row in raw.rows:
        if len(row) < 2 or not isinstance(row[0], str) or normalize(row[0]) not in NAMES:
            continue
        value = row[1]
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
