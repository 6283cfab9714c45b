"""Consolidation: ``prognos validera MAPP/ --sammanstall MASTER.xlsx -o NY_MASTER.xlsx``.

Copies the valid submissions' ``Metod``, ``Manuell prognos`` and ``Kommentar`` into the
master's ``Prognos`` table, touching only each unit's own rows (Verksamhetsområde equal to
the unit), then the other tables a unit fills in (``Volymer``: ``Prognos volym``, ``Prognos
styckkostnad``; ``workbooks.round.table_consolidation``; the units' own words ``Orsaker``,
``Texter``, ``Åtgärder``, rows updated and added: ``workbooks.round.row_consolidation``), and lists every changed cell
(old → new) in a sheet ``Ändringar`` of the new master. Invalid submissions (and units that sent more than one
file) are left out and named.
The master and the submissions are never written; the result is a new file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from openpyxl.utils import range_boundaries

from udfs.language.vocabulary import TYPER, canonical_metod, normalize
from validation.contract import PROGNOS, match_columns
from validation.raw_table import RawTable, UnusableInput
from validation.round.batch import BatchResult, Change
from validation.round.submission import SubmissionResult
from validation.round.unit_tables import PROGNOS_INPUTS, UNIT_TABLES
from workbooks.books.cell_text import set_value
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.report_workbook import ANDRINGAR, clean, write_changes
from workbooks.round.row_consolidation import carry_rows
from workbooks.round.table_consolidation import add_columns, carry, extend_table

COLUMNS = (("metod", "Metod"), ("manuell", "Manuell prognos"), ("kommentar", "Kommentar"))


class RoundPlan(Protocol):
    """What the forecast round adds (``workbooks/round_register/approval.py``): ``approve(file)`` is None
    when a valid submission may be consolidated, else why it is left out (the register's
    decision); ``after`` writes the register and the change log into the new master before it
    is saved."""

    def approve(self, f: SubmissionResult) -> str | None: ...

    def after(self, book: XlsxBook, changes: list[Change], left_out: list[tuple[str, str, str]]) -> None: ...


def _same(key: str, old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    if key == "metod":
        return canonical_metod(old) == new
    if key == "manuell":
        try:
            return old is not None and new is not None and abs(float(old) - float(new)) < 1e-9
        except (TypeError, ValueError):
            return False
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip() == new.rstrip()
    return old == new


def _write(cell, value: Any) -> None:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    value = clean(value)
    set_value(cell, value)  # a comment never becomes a formula


def _prognos_table(ws):
    for table in ws.tables.values():
        if normalize(table.displayName) == "prognos" or normalize(table.name) == "prognos":
            return table
    return None


@dataclass
class PrognosTarget:
    """The master's Prognos table being written."""

    ws: Any
    raw: RawTable
    found: dict[str, int]
    table: Any  # the Excel Table, or None
    last_col: int
    rows: dict[tuple[str, str], int]  # (area normalised, Typ) -> sheet row
    last_row: int


def _prognos_target(book: XlsxBook, master: Path) -> PrognosTarget:
    raw = book.table(PROGNOS)
    if raw is None:
        raise UnusableInput(
            f"{master.name}: mastern saknar tabellen Prognos. Lägg till den (se prognos mall) och försök igen."
        )
    ws = book.wb[raw.sheet]
    found, _ = match_columns(PROGNOS, raw.headers)
    if not {"omrade", "typ"} <= found.keys():
        raise UnusableInput(f"{master.name}: tabellen Prognos saknar kolumnen Verksamhetsområde eller Typ.")
    table = _prognos_table(ws) if raw.from_table else None
    last_col = add_columns(ws, raw, found, COLUMNS)  # a missing input column at the table's right edge
    rows: dict[tuple[str, str], int] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        typ = values[found["typ"]]
        typ = next((t for t in TYPER if normalize(t) == normalize(typ) or normalize(t)[:-2] == normalize(typ)), None)
        rows.setdefault((normalize(values[found["omrade"]]), typ), row_number)
    last_row = max(raw.row_numbers, default=raw.first_row)
    if table is not None:
        last_row = max(last_row, range_boundaries(table.ref)[3] - (table.totalsRowCount or 0))
    return PrognosTarget(ws, raw, found, table, last_col, rows, last_row)


def _carry_prognos(target: PrognosTarget, f: SubmissionResult, unit_name: str) -> list[Change]:
    """One unit's changed Metod, Manuell prognos and Kommentar into its own rows of Prognos."""
    raw, found, own, changes = target.raw, target.found, normalize(f.unit), []
    for p in f.prognos:
        if normalize(p.omrade) != own or not p.changed:
            continue  # never another unit's rows; an untouched row keeps the master's values
        row = target.rows.get((own, p.typ))
        note = ""
        if row is None:
            target.last_row += 1
            row = target.rows[(own, p.typ)] = target.last_row
            _write(target.ws.cell(row=row, column=raw.first_col + found["omrade"]), unit_name)
            _write(target.ws.cell(row=row, column=raw.first_col + found["typ"]), p.typ)
            note = "ny rad i Prognos"
        for key, header in COLUMNS:
            if key not in p.changed:
                continue  # untouched since utskick: the master keeps its value
            new = getattr(p, key)
            cell = target.ws.cell(row=row, column=raw.first_col + found[key])
            old = cell.value
            if _same(key, old, new):
                continue
            _write(cell, new)
            changes.append(Change(f.unit, f.fil, unit_name, p.typ, header, raw.sheet, cell.coordinate, old, new, note))
    return changes


def consolidate(
    batch: BatchResult, master: Path, out: Path, plan: RoundPlan | None = None
) -> tuple[list[Change], list[tuple[str, str, str]]]:
    """Write the new master to ``out``. Returns (changes, left out: (file, unit, reason))."""
    master, out = Path(master), Path(out)
    inputs = {Path(f.path).resolve() for f in batch.files}
    if out.resolve() == master.resolve() or out.resolve() in inputs:
        raise UnusableInput(
            f"{out.name}: den nya mastern får inte skrivas över mastern eller en inlämning. Ange en ny fil med -o."
        )
    book = XlsxBook(master)
    target = _prognos_target(book, master)
    units = {normalize(u): u for u in (batch.master.units if batch.master else [])}
    changes: list[Change] = []
    left_out: list[tuple[str, str, str]] = []
    carried: list[tuple[SubmissionResult, str]] = []
    for f in sorted(batch.files, key=lambda f: f.fil):
        if not f.valid or not f.unit:
            reason = f"{f.errors} fel (se bladet Fel i rapporten)" if f.errors else "okänd enhet"
            left_out.append((f.fil, f.unit or "okänd", reason))
            continue
        refused = plan.approve(f) if plan is not None else None
        if refused:
            left_out.append((f.fil, f.unit, refused))
            continue
        carried.append((f, units.get(normalize(f.unit), f.unit)))
        changes += _carry_prognos(target, f, carried[-1][1])
    extend_table(target.ws, target.table, target.last_col, target.last_row)
    for unit_table in UNIT_TABLES:  # Volymer and the units' own words
        if unit_table.own_rows:
            changes += carry_rows(book, unit_table, carried)
        elif unit_table is not PROGNOS_INPUTS:
            changes += carry(book, unit_table, carried)
    if ANDRINGAR in book.wb.sheetnames:
        del book.wb[ANDRINGAR]
    write_changes(book.wb.create_sheet(ANDRINGAR), changes, left_out)
    if plan is not None:
        plan.after(book, changes, left_out)
    book.save(out)
    return changes, left_out
