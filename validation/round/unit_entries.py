"""A returned unit workbook's entries in the tables the unit fills in
(``validation.round.unit_tables``) other than ``Prognos`` (whose rows are
``validation.round.submission.prognos_rows``): one ``UnitRow`` per row, its key as written,
the values of the input columns, and which of them the unit changed since ``prognos utskick``.
For the units' own words (``UnitTable.own_rows``) a row also carries its label as sent out
(which of the master's rows it is; empty for a free row) and whether the unit emptied it.
``--sammanstall`` carries the changed ones into the master's table
(``workbooks.round.table_consolidation``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from validation.contract import AMOUNT, COUNT, DATE, match_columns
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
    sent_label: str | None = None  # own rows: the label as sent out ("" for a free row); None unknown
    label_cell: str = ""  # own rows: the label's cell in the submission

    @property
    def cleared(self) -> bool:
        """A row sent out with a label that the unit emptied."""
        return bool(self.sent_label) and all(v is None for v in self.values.values())

    @property
    def added(self) -> bool:
        """A free row the unit wrote in."""
        return self.sent_label == "" and any(v is not None for v in self.values.values())


def _value(kind: Any, value: Any) -> Any:
    if value in (None, ""):
        return None
    if kind in (AMOUNT, COUNT):
        return traps.number_of(value)
    if kind == DATE and isinstance(value, (dt.date, dt.datetime)):
        return value  # a date stays a date in the master
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
        row = UnitRow(table.spec.name, key, entries, row_number, raw.sheet, tuple(changed))
        if table.own_rows and table.label in found:
            row.label_cell = raw.address(row_number, found[table.label])
            row.sent_label = canon(sent.get(row.label_cell, "")).strip() if sent is not None else None
        out.append(row)
    return out
