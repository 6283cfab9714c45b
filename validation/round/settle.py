"""Fastställ: the committee's forecast of a round kept in ``Prognoshistorik``, once per round.

``history_rows`` turns the engine's report (the forecast the committee got, per area and type,
and Netto per area) into rows of the contract's ``Prognoshistorik`` table (År, Omgång,
Verksamhetsområde, Typ, Prognos, Budget, Fastställd), so that next year's
``Prognossäkerhet`` needs no typing; ``settled_rows`` finds a round already kept (the same
year and round name), which is refused. Pure: the report and the table as read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from udfs.forecasting.engine import Report
from udfs.language.vocabulary import TYP_NETTO, TYPER, normalize
from validation.contract import DATE, PROGNOSHISTORIK, Column, match_columns
from validation.raw_table import RawTable
from validation.settings import year_of

# The order of the columns Fastställ fills: keys of PROGNOSHISTORIK, and the day the round was
# kept, a column of its own that the accuracy reading leaves alone (extra columns are kept).
FASTSTALLD = Column("faststalld", "Fastställd", ("faststalld datum",), kind=DATE)
KEYS = ("ar", "omgang", "omrade", "typ", "prognos", "budget", FASTSTALLD.key)


def header(key: str) -> str:
    """The header Fastställ writes for a column key."""
    return FASTSTALLD.header if key == FASTSTALLD.key else PROGNOSHISTORIK.column(key).header


def history_columns(headers: list[object]) -> dict[str, int]:
    """Where the columns Fastställ fills stand in a Prognoshistorik header (key -> position)."""
    found, _ = match_columns(PROGNOSHISTORIK, headers)
    extra = [normalize(FASTSTALLD.header), *FASTSTALLD.synonyms]
    pos = next((i for i, h in enumerate(headers) if normalize(h) in extra and i not in found.values()), None)
    if pos is not None:
        found[FASTSTALLD.key] = pos
    return found


class AlreadySettled(Exception):
    """The round is already kept in Prognoshistorik: nothing is written. ``message(how)``
    says it with the way to give another name where the user is (the command line's option,
    the task pane's field)."""

    def __init__(self, omgang: str, ar: int, sheet: str, rows: list[int]):
        self.rows = rows
        self.omgang, self.ar, self.sheet = omgang, ar, sheet
        super().__init__(self.message("med --omgang"))

    def message(self, how: str) -> str:
        rows = self.rows
        span = f"rad {rows[0]}" if len(rows) == 1 else f"raderna {rows[0]}–{rows[-1]}"
        return (
            f"Omgången {self.omgang!r} {self.ar} är redan fastställd: den finns i {self.sheet} ({span}). Samma "
            f"omgång sparas bara en gång. Ange ett annat namn {how}, eller ta bort raderna i Prognoshistorik om "
            "prognosen verkligen ska ersättas."
        )


@dataclass
class HistoryEntry:
    ar: int
    omgang: str
    omrade: str
    typ: str
    prognos: float
    budget: float
    faststalld: dt.date

    def values(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in KEYS}


def round_name(omgang: str, ar: int) -> str:
    """The round's name as Prognoshistorik keeps it: the year stands in År, so "Delår 1 2023"
    is kept as "Delår 1" (Prognossäkerhet writes "delår 1 2023")."""
    name = " ".join(str(omgang).split())
    stripped = re.sub(rf"\s*\b{ar}$", "", name).strip(" ,-–")
    return stripped or name


def history_rows(report: Report, omgang: str, datum: dt.date) -> list[HistoryEntry]:
    """Intäkter, Kostnader and Netto per area, in the report's area order."""
    name = round_name(omgang, report.ar)
    by_key = {(ln.omrade, ln.typ): ln for ln in report.lines}
    out: list[HistoryEntry] = []
    for area in report.areas:
        lines = [by_key[(area, t)] for t in TYPER if (area, t) in by_key]
        for ln in lines:
            out.append(HistoryEntry(report.ar, name, area, ln.typ, float(ln.prognos), float(ln.budget), datum))
        if lines:
            out.append(
                HistoryEntry(
                    report.ar,
                    name,
                    area,
                    TYP_NETTO,
                    float(sum(ln.prognos for ln in lines)),
                    float(sum(ln.budget for ln in lines)),
                    datum,
                )
            )
    return out


def settled_rows(raw: RawTable | None, ar: int, omgang: str) -> list[int]:
    """The sheet rows of Prognoshistorik that already hold this round (year and name)."""
    if raw is None:
        return []
    found, _ = match_columns(PROGNOSHISTORIK, raw.headers)
    if "omgang" not in found:
        return []
    want = normalize(round_name(omgang, ar))
    rows = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        year = year_of(values[found["ar"]]) if "ar" in found and values[found["ar"]] not in (None, "") else ar
        text = values[found["omgang"]]
        if text is not None and year == ar and normalize(round_name(str(text), ar)) == want:
            rows.append(row_number)
    return rows
