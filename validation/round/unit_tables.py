"""What a unit may fill in: the tables of a unit workbook with the columns open to the unit,
declared once. ``prognos utskick`` unlocks and shades these columns (and adds one the
master lacks), ``prognos validera`` reads them as the unit's entries (and checks them with
the contract's rules for the table), ``--sammanstall`` carries the changed ones into the
master's table, row by row on ``key``.

The extension point for the units' own words: a table the committee paper reads from the
units (e.g. causes with amounts, texts, the action plan) becomes open to the units by one
more ``UnitTable`` here, once the contract (``validation.contract``) declares it. Tables with
one row per key the master already has (``Prognos``, ``Volymer``) are what the round handles
today; a table where the unit adds rows of its own needs ``rows_added`` handling in
consolidation first (see docs/batch.md, "What the units fill in").
"""

from __future__ import annotations

from dataclasses import dataclass

from validation.contract import PROGNOS, VOLYMER, TableSpec


@dataclass(frozen=True)
class UnitTable:
    spec: TableSpec
    key: tuple[str, ...]  # column keys that identify a row in the master's table
    inputs: tuple[str, ...]  # column keys the unit fills in

    @property
    def input_headers(self) -> tuple[str, ...]:
        return tuple(self.spec.column(k).header for k in self.inputs)


PROGNOS_INPUTS = UnitTable(PROGNOS, ("omrade", "typ"), ("metod", "manuell", "kommentar"))
VOLYMER_INPUTS = UnitTable(VOLYMER, ("omrade", "volymmatt"), ("prognos_volym", "prognos_styckkostnad"))

UNIT_TABLES = (PROGNOS_INPUTS, VOLYMER_INPUTS)

# The methods in a unit's Metod drop-down: Volym is left out (it needs the master's volumes).
UNIT_METHODS = tuple(m for m in PROGNOS.column("metod").values if m != "Volym")
