"""What a unit may fill in: the tables of a unit workbook with the columns open to the unit,
declared once. ``prognos utskick`` unlocks and shades these columns (and adds one the
master lacks), ``prognos validera`` reads them as the unit's entries (and checks them with
the contract's rules for the table), ``--sammanstall`` carries the changed ones into the
master's table, row by row on ``key``.

Two kinds of table:

- tables with one row per key the master already has (``Prognos``, ``Volymer``): the unit
  fills in columns of the master's rows;
- the units' own words (``Orsaker``, ``Texter``, the action plan ``Åtgärder``; ``own_rows``):
  the unit gets its area's rows (``area`` holds the area, locked) with every other column
  open, plus ``free_rows`` empty rows for causes, texts and actions of its own. A row is
  known by its ``label`` as sent out (Orsak, Text, Åtgärd); consolidation updates the
  master's row of that label and adds the unit's new rows (``workbooks.round.row_consolidation``).
  A unit never deletes the master's rows (see docs/batch.md, "What the units fill in").
"""

from __future__ import annotations

from dataclasses import dataclass

from validation.contract import ATGARDER, ORSAKER, PROGNOS, TEXTER, VOLYMER, TableSpec


@dataclass(frozen=True)
class UnitTable:
    spec: TableSpec
    key: tuple[str, ...]  # column keys that identify a row in the master's table
    inputs: tuple[str, ...]  # column keys the unit fills in
    own_rows: bool = False  # the unit may add rows of its own (the units' own words)
    area: str = "omrade"  # the column that holds the unit's area
    label: str = ""  # own rows: the column that names a row within the area
    free_rows: int = 0  # own rows: empty rows sent out for the unit's own

    @property
    def input_headers(self) -> tuple[str, ...]:
        return tuple(self.spec.column(k).header for k in self.inputs)


PROGNOS_INPUTS = UnitTable(PROGNOS, ("omrade", "typ"), ("metod", "manuell", "kommentar"))
VOLYMER_INPUTS = UnitTable(VOLYMER, ("omrade", "volymmatt"), ("prognos_volym", "prognos_styckkostnad"))

ORSAKER_INPUTS = UnitTable(
    ORSAKER, ("omrade",), ("orsak", "belopp", "kommentar"), own_rows=True, label="orsak", free_rows=8
)
TEXTER_INPUTS = UnitTable(TEXTER, ("avsnitt",), ("text",), own_rows=True, area="avsnitt", label="text", free_rows=3)
ATGARDER_INPUTS = UnitTable(
    ATGARDER,
    ("omrade",),
    ("atgard", "beslutsdatum", "effekt", "varav_personal", "full_effekt", "status", "kommentar"),
    own_rows=True,
    label="atgard",
    free_rows=5,
)
OWN_WORDS = (ORSAKER_INPUTS, TEXTER_INPUTS, ATGARDER_INPUTS)

UNIT_TABLES = (PROGNOS_INPUTS, VOLYMER_INPUTS, *OWN_WORDS)

# The methods in a unit's Metod drop-down: Volym is left out (it needs the master's volumes).
UNIT_METHODS = tuple(m for m in PROGNOS.column("metod").values if m != "Volym")
