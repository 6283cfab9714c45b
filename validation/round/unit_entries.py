"""A returned unit workbook's entries in the tables the unit fills in
(``validation.round.unit_tables``) other than ``Prognos`` (whose rows are
``validation.round.submission.prognos_rows``): one ``UnitRow`` per row, its key as written,
the values of the input columns, and which of them the unit changed since ``prognos utskick``.
``--sammanstall`` carries the changed ones into the master's table
(``workbooks.round.table_consolidation``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validation.contract import AMOUNT, COUNT, match_columns
from validation.raw_table import RawTable
from validation.round import traps
from validation.round.submission import canon, same_value
from validation.round.unit_tables import UnitTable


@dataclass
class UnitRow:
    table: str  # the contract table's name
    key: tuple[str, ...]  # the key columns' values, as written
    values: dict[str, Any]  # input column key -> value (numbers parsed, text stripped, None empty)
    rad: int  # sheet row in the submission
    blad: str
    changed: tuple[str, ...] = field(default_factory=tuple)


def _value(kind: Any, value: Any) -> Any:
    if value in (None, ""):
        return None
    if kind in (AMOUNT, COUNT):
        return traps.number_of(value)
    return (value.rstrip() or None) if isinstance(value, str) else canon(value)


def unit_rows(raw: RawTable | None, table: UnitTable, sent: dict[str, Any] | None) -> list[UnitRow]:
    """The unit's rows of ``table``; ``sent``: the input cells' values as sent out ({"J2": value}),
    None when unknown (then every input counts as changed)."""
    if raw is None:
        return []
    found, _ = match_columns(table.spec, raw.headers)
    if not set(table.key) <= found.keys():
        return []
    out = []
    for row_number, values in zip(raw.row_numbers, raw.rows):
        key = tuple(str(values[found[k]] or "").strip() for k in table.key)
        entries, changed = {}, []
        for name in table.inputs:
            if name not in found:
                continue
            current = values[found[name]]
            entries[name] = _value(table.spec.column(name).kind, current)
            before = sent.get(raw.address(row_number, found[name]), "") if sent is not None else object()
            if sent is None or not same_value(current if current is not None else "", before):
                changed.append(name)
        out.append(UnitRow(table.spec.name, key, entries, row_number, raw.sheet, tuple(changed)))
    return out
