"""A row of the Prognoshistorik table: one earlier forecast round's figure for an area.

The record only: ``validation/section_tables/history.py`` reads the rows, ``udfs/forecasting/accuracy.py`` scores them
against the outcome (with pandas). Kept apart so that validating a workbook does not load the
scoring (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass, field

NETTO = "Netto"


@dataclass
class HistoryRow:
    ar: int
    omgang: str
    omrade: str
    typ: str  # Intäkter, Kostnader or Netto
    prognos: float
    budget: float | None = None  # as typed; else from the Budget table for the current year
    known_area: bool = True
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)
    prognos_lag: float | None = None  # the round's 80 % interval, when it was kept with it
    prognos_hog: float | None = None
