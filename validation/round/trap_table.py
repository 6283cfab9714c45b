"""Which traps run on which table of a returned workbook, as data.

``TABLE_TRAPS[table]`` lists the checks run, in order, on each table read from the file;
``AFTER_TABLES[table]`` those run once every table has had its turn. A check gets the table as
read (``raw``), the table without its Totalt/Summa rows (``filtered``), the contract's spec
and the trap context. To run a trap on another table, add it to that table's tuple.
"""

from __future__ import annotations

from typing import Callable

from validation.contract import LEDGER_BUDGET, LEDGER_UTFALL, TABLES, TableSpec, is_ledger
from validation.raw_table import RawTable
from validation.round import trap_dates, traps
from validation.round.traps import TrapContext

Trap = Callable[[RawTable, RawTable, TableSpec, TrapContext], None]


def header_units(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    traps.header_units(raw, ctx)


def labels_with_year(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    traps.labels_with_year(filtered, spec, ctx)


def unknown_areas(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    traps.unknown_areas(filtered, spec, ctx)


def formula_like_text(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    traps.formula_like_text(raw, spec, ctx)


def dates(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    trap_dates.dates(raw, spec, ctx)


def settings_dates(raw: RawTable, filtered: RawTable, spec: TableSpec, ctx: TrapContext) -> None:
    trap_dates.settings_dates(raw, ctx)


FORECAST_TABLE = (header_units, labels_with_year, unknown_areas, formula_like_text, dates)
TABLE_TRAPS: dict[str, tuple[Trap, ...]] = {
    "Installningar": (formula_like_text,),
    "Budget": FORECAST_TABLE,
    "Utfall": FORECAST_TABLE,
    "Prognos": FORECAST_TABLE,
    "Volymer": (formula_like_text, dates),
    "Statsbidrag": (formula_like_text, dates),
    "Bidragskostnader": (formula_like_text, dates),
}
AFTER_TABLES: dict[str, tuple[Trap, ...]] = {"Installningar": (settings_dates,)}
SPECS_BY_NAME = {spec.name: spec for spec in TABLES}


# Budget/Utfall pasted as a ledger export have their own rules (validation/forecast_tables/ledger.py).
LEDGER_TABLE: tuple[Trap, ...] = (formula_like_text,)
LEDGER_SPECS = {"Budget": LEDGER_BUDGET, "Utfall": LEDGER_UTFALL}


def run_table_traps(raw: RawTable, filtered: RawTable, ctx: TrapContext) -> list[tuple[str, str, object]]:
    """The traps of one table; returns its case-number cells (checked across the file)."""
    spec = SPECS_BY_NAME[raw.name]
    checks = TABLE_TRAPS.get(raw.name, (formula_like_text, dates))
    if raw.name in LEDGER_SPECS and is_ledger(raw.headers):
        spec, checks = LEDGER_SPECS[raw.name], LEDGER_TABLE
    for trap in checks:
        trap(raw, filtered, spec, ctx)
    return trap_dates.case_number_cells(raw, spec)


def run_after_tables(raws: dict[str, RawTable], filtered: dict[str, RawTable], ctx: TrapContext) -> None:
    for name, checks in AFTER_TABLES.items():
        if name in raws:
            for trap in checks:
                trap(raws[name], filtered[name], SPECS_BY_NAME[name], ctx)
