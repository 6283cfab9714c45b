"""The rows of the economic section's input tables as the validation reads them: Kostnadsslag
(``CostKindRow`` and its groups), Bidragsintäkter (``GrantRevenue``), Investeringar
(``Investment``); those of Texter, Orsaker and Åtgärder are in ``udfs/section/own_words.py``. The
records only: ``validation/section_tables/section.py`` reads them, the section modules
(``udfs/section/cost_kinds.py``, ``grant_revenue.py``, ``investments.py``) build the sections. Kept apart so that
validating a workbook does not
load the texts and numbers of the report (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass, field

INTAKTER, KOSTNADER, FINANSIELLT = "Intäkter", "Kostnader", "Finansiella poster"


@dataclass
class CostKindRow:
    grupp: str  # one of GROUPS
    kostnadsslag: str
    utfall: float | None
    utfall_fg: float | None = None
    utfall_helar_fg: float | None = None
    cell: str = ""  # where the row is (for messages)


@dataclass
class GrantRevenue:
    kalla: str  # "Statsbidrag", "Migrationsverket", …
    post: str
    omrade: str  # the Budget's verksamhetsområde
    prognos: float
    verksamhet: str | None = None  # the verksamhet as the paper prints it
    budget: float | None = None
    utfall: float | None = None
    kommentar: str | None = None
    cell: str = ""


@dataclass
class Investment:
    projekt: str
    budget: float
    utfall_period: float | None
    prognos: float
    utfall_fg: float | None = None
    kommentar: str | None = None
    cells: dict[str, str] = field(default_factory=dict)
