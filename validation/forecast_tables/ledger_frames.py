"""A ledger-shaped Budget or Utfall as interpreted (``LedgerTable``; all of a workbook's in
``Huvudbok``), and the engine's frames made from it. Read by ``validation.forecast_tables.ledger``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from udfs.language.vocabulary import ENHETER
from udfs.ledger import kommunbas as kb
from udfs.ledger.interpretation import Interpretation, per_kostnadsslag


@dataclass
class LedgerTable:
    """One ledger-shaped table, interpreted."""

    name: str  # "Utfall" or "Budget"
    sheet: str
    header_cell: str
    columns: dict[str, str]  # column key -> the header as the workbook spells it
    tolkning: Interpretation
    unit: str  # the ledger's unit (Inställningar "Huvudbok i")
    enhet: str  # the report's unit (Inställningar "Enhet")
    rows: int  # data rows read (Totalt rows left out)

    @property
    def divisor(self) -> float:
        return ENHETER[self.enhet] / ENHETER[self.unit]


@dataclass
class Huvudbok:
    """The ledger-shaped tables of a workbook (for the Avstämning sheet and for tables per
    kostnadsslag)."""

    tables: list[LedgerTable] = field(default_factory=list)

    def table(self, name: str) -> LedgerTable | None:
        return next((t for t in self.tables if t.name == name), None)

    def per_kostnadsslag(self, ar: int, period: int) -> pd.DataFrame | None:
        """Utfall per kostnadsslag in the report's unit (see ``udfs.ledger.kommunbas.per_kostnadsslag``);
        None when Utfall is not a ledger."""
        utfall = self.table("Utfall")
        if utfall is None:
            return None
        return per_kostnadsslag(utfall.tolkning.per_slag, ar, period, utfall.divisor)


# --- to the engine's frames --------------------------------------------------------------------
def utfall_frame(table: LedgerTable) -> pd.DataFrame:
    r = table.tolkning.rapport
    out = r[["omrade", "verksamhet", "typ", "ar", "manad"]].copy()
    out["verksamhet"] = out["verksamhet"].astype(object).where(out["verksamhet"] != "", None)
    out["ar"] = out["ar"].astype(int)
    out["manad"] = out["manad"].astype(int)
    out["belopp"] = r["belopp"].to_numpy() / table.divisor
    return out.reset_index(drop=True)


def budget_frame(table: LedgerTable, areas: list[str]) -> tuple[pd.DataFrame, bool]:
    """Budget per area (every Kodplan area, in its order) × Intäkter/Kostnader, with months
    when the budget ledger has periods."""
    r = table.tolkning.rapport
    periodised = bool(len(r)) and bool((r["manad"] >= 1).all())
    keys = r[["omrade", "verksamhet"]].drop_duplicates()
    finer: dict[str, list] = {}
    for area, act in keys.itertuples(index=False):
        finer.setdefault(area, []).append(act)
    totals = r.groupby(["omrade", "verksamhet", "typ"])["belopp"].sum()
    months = r.groupby(["omrade", "verksamhet", "typ", "manad"])["belopp"].sum() if periodised else None
    records = []
    for area in areas:
        for act in finer.get(area, [""]):
            for typ in kb.REPORT_TYPES:
                total = float(totals.get((area, act, typ), 0.0)) / table.divisor
                rec: dict[str, Any] = {"omrade": area, "verksamhet": act or None, "typ": typ, "budget": total}
                for m in range(1, 13):
                    rec[f"m{m}"] = (float(months.get((area, act, typ, m), 0.0)) / table.divisor) if periodised else None
                records.append(rec)
    frame = pd.DataFrame.from_records(
        records, columns=["omrade", "verksamhet", "typ", "budget", *[f"m{i}" for i in range(1, 13)]]
    )
    return frame, periodised


def kodplan_areas(kodplan: kb.CodePlan) -> list[str]:
    return list(dict.fromkeys(t[0] for t in kodplan.targets))
