"""The change log (sheet ``Ändringslogg`` of the master), declared once: append-only across rounds.

Every consolidation (``prognos validera --sammanstall``), every ``prognos faststall`` and
every register update of ``prognos status -o`` adds rows; nothing already in the log is ever
rewritten. Each row carries a link of a hash chain (``Kedja``: the first 16 hex digits of
SHA-256 over the previous link and the row's values), so a row edited or deleted by hand
afterwards is found (``broken_at``) and said, never repaired.

Pure: rows as values; ``workbooks/round/audit_sheet.py`` appends them to the sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from validation.contract import AREA, DATE, Column, TableSpec, match_columns
from validation.raw_table import RawTable
from validation.round.submission import canon

LOG_SHEET = "Ändringslogg"
LOG_TABLE = "Andringslogg"

# What happened (column Händelse).
SAMMANSTALLNING = "Sammanställning"
EJ_SAMMANSTALLD = "Ej sammanställd"
FASTSTALLD = "Fastställd"
UTSKICK = "Utskick"
INKOMMEN = "Inkommen"

LOG = TableSpec(
    LOG_TABLE,
    LOG_SHEET,
    (
        Column("tid", "Tid", (), True, DATE),
        Column("anvandare", "Användare", ()),
        Column("omgang", "Omgång", ()),
        Column("handelse", "Händelse", ()),
        AREA,
        Column("fil", "Fil", ()),
        Column("kontrollsumma", "Kontrollsumma", ()),
        Column("cell", "Cell", ()),
        Column("falt", "Fält", ()),
        Column("fore", "Före", ()),
        Column("efter", "Efter", ()),
        Column("beslut", "Beslut", ()),
        Column("kedja", "Kedja", ()),
    ),
)
LOG_KEYS = tuple(c.key for c in LOG.columns)
GENESIS = "0" * 16


@dataclass
class LogRow:
    tid: dt.datetime
    anvandare: str
    omgang: str
    handelse: str
    omrade: str = ""
    fil: str = ""
    kontrollsumma: str = ""
    cell: str = ""
    falt: str = ""
    fore: Any = None
    efter: Any = None
    beslut: str = ""
    kedja: str = ""

    def content(self) -> list[Any]:
        """The row's values without its link."""
        return [getattr(self, k) for k in LOG_KEYS if k != "kedja"]

    def values(self) -> list[Any]:
        return [*self.content(), self.kedja]


def link(previous: str, content: list[Any]) -> str:
    """The chain link of a row: over the previous link and the row's values in canonical form."""
    digest = hashlib.sha256(previous.encode())
    for value in content:
        digest.update(b"\x1f" + canon(_plain(value)).encode())
    return digest.hexdigest()[:16]


_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?Z?$")


def _plain(value: Any) -> Any:
    """One form per value, whichever way it was stored and read back: a time as
    "ÅÅÅÅ-MM-DD hh:mm:ss" (a date cell, or the text Excel on the web may send), text without
    trailing blanks."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, str):
        match = _WHEN.match(value.strip())
        if match:
            return f"{match.group(1)} {match.group(2)}{match.group(3) or ':00'}"
        return value.rstrip()
    return value


def chain(rows: list[LogRow], previous: str) -> str:
    """Give ``rows`` their links after ``previous``; the last link."""
    for row in rows:
        row.kedja = link(previous, row.content())
        previous = row.kedja
    return previous


@dataclass
class LogState:
    """The log as found: how many rows, the last link, the first row that breaks the chain."""

    rows: int
    last: str
    broken_at: int | None  # the sheet row of the first row whose link does not match


def tamper_notice(state: LogState) -> str | None:
    """A Swedish line when a row of the log was changed or removed by hand (None: intact)."""
    if state.broken_at is None:
        return None
    return (
        f"Obs: Ändringsloggen har ändrats i efterhand: raden {state.broken_at} (eller raden före) stämmer inte "
        "med kolumnen Kedja. Prognos ändrar inget i loggen; nya rader läggs till efter de gamla."
    )


def read_log(raw: RawTable | None) -> LogState:
    if raw is None or not raw.rows:
        return LogState(0, GENESIS, None)
    found, _ = match_columns(LOG, raw.headers)
    if "kedja" not in found:
        return LogState(len(raw.rows), GENESIS, raw.first_row + 1)
    previous, broken = GENESIS, None
    for row_number, values in zip(raw.row_numbers, raw.rows):
        content = [values[found[k]] if k in found else None for k in LOG_KEYS if k != "kedja"]
        stored = values[found["kedja"]]
        if broken is None and str(stored or "") != link(previous, content):
            broken = row_number
        previous = str(stored or "")
    return LogState(len(raw.rows), previous, broken)
