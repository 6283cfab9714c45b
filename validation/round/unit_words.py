"""``prognos validera`` on the units' own words in a returned unit workbook (``Orsaker``,
``Åtgärder``, ``Texter``; ``validation.round.unit_tables.OWN_WORDS``): the contract's rules for
these tables (``validation.section_tables.own_words``), read for the unit's own area, reported
in the rows the unit changed (the rest is the master's, checked before it was sent out). A row
sent out that the unit emptied is no finding: a unit cannot delete the master's rows, so
consolidation keeps the row and names it in ``Ändringar`` (see docs/batch.md, "What the units
fill in").
"""

from __future__ import annotations

from typing import Any

from validation.raw_table import RawTable
from validation.reader import Reader
from validation.round.submission import cell_ref, same_value
from validation.round.unit_tables import OWN_WORDS
from validation.section_tables.own_words import read_atgarder, read_orsaker, read_texter


def changed_rows(raw: RawTable, sent: dict[str, Any]) -> set[int]:
    """The sheet rows (1-based) where an input cell differs from what was sent out."""
    current = {raw.address(r, c): v for r, values in zip(raw.row_numbers, raw.rows) for c, v in enumerate(values)}
    return {
        cell_ref(cell)[0] + 1
        for cell, before in sent.items()
        if not same_value(current.get(cell) if current.get(cell) is not None else "", before)
    }


def check_own_words(reader: Reader, raws: dict[str, RawTable], unit: str | None, sent: dict[str, dict]) -> None:
    """The contract's rules on the unit's changed rows of each own-words table in ``raws``;
    ``sent``: per sheet, the input cells as sent out."""
    areas = [unit] if unit else []
    for table in OWN_WORDS:
        raw = raws.get(table.spec.name)
        if raw is None:
            continue
        rows = changed_rows(raw, sent.get(raw.sheet) or {})
        if not rows:
            continue
        before = len(reader.findings)
        if table.spec.name == "Orsaker":
            read_orsaker(reader, areas)
        elif table.spec.name == "Texter":
            read_texter(reader, areas)
        else:
            read_atgarder(reader, areas)
        reader.findings[before:] = [
            f for f in reader.findings[before:] if f.blad != raw.sheet or not f.cell or cell_ref(f.cell)[0] + 1 in rows
        ]
