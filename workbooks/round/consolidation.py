"""Consolidation: ``prognos validera MAPP/ --sammanstall MASTER.xlsx -o NY_MASTER.xlsx``.

Copies the valid submissions' ``Metod``, ``Manuell prognos`` and ``Kommentar`` into the
master's ``Prognos`` table, touching only each unit's own rows (Verksamhetsområde equal to
the unit), then the other tables a unit fills in (``Volymer``: ``Prognos volym``, ``Prognos
styckkostnad``; ``workbooks.round.table_consolidation``), and lists every changed cell
(old → new) in a sheet ``Ändringar`` of the new master. Invalid submissions (and units that sent more than one
file) are left out and named.
The master and the submissions are never written; the result is a new file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from openpyxl.utils import range_boundaries

from udfs.language.vocabulary import TYPER, canonical_metod, normalize
from validation.contract import PROGNOS, match_columns
from validation.raw_table import UnusableInput
from validation.round.batch import BatchResult, Change
from validation.round.submission import SubmissionResult
from validation.round.unit_tables import PROGNOS_INPUTS, UNIT_TABLES
from workbooks.books.cell_text import set_value
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.report_workbook import ANDRINGAR, clean, write_changes
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


def sammanstall(
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
    units = {normalize(u): u for u in (batch.master.units if batch.master else [])}
    rows: dict[tuple[str, str], int] = {}
    for row_number, values in zip(raw.row_numbers, raw.rows):
        typ = values[found["typ"]]
        typ = next((t for t in TYPER if normalize(t) == normalize(typ) or normalize(t)[:-2] == normalize(typ)), None)
        key = (normalize(values[found["omrade"]]), typ)
        rows.setdefault(key, row_number)
    last_row = max(raw.row_numbers, default=raw.first_row)
    if table is not None:
        last_row = max(last_row, range_boundaries(table.ref)[3] - (table.totalsRowCount or 0))

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
        own = normalize(f.unit)
        unit_name = units.get(own, f.unit)
        carried.append((f, unit_name))
        for p in f.prognos:
            if normalize(p.omrade) != own:
                continue  # never another unit's rows
            if not p.changed:
                continue
            row = rows.get((own, p.typ))
            note = ""
            if row is None:
                last_row += 1
                row = last_row
                rows[(own, p.typ)] = row
                _write(ws.cell(row=row, column=raw.first_col + found["omrade"]), unit_name)
                _write(ws.cell(row=row, column=raw.first_col + found["typ"]), p.typ)
                note = "ny rad i Prognos"
            for key, header in COLUMNS:
                if key not in p.changed:
                    continue  # untouched since utskick: the master keeps its value
                new = getattr(p, key)
                cell = ws.cell(row=row, column=raw.first_col + found[key])
                old = cell.value
                if _same(key, old, new):
                    continue
                _write(cell, new)
                changes.append(
                    Change(f.unit, f.fil, unit_name, p.typ, header, raw.sheet, cell.coordinate, old, new, note)
                )
    extend_table(ws, table, last_col, last_row)
    for unit_table in UNIT_TABLES:  # Volymer and any other table a unit fills in
        if unit_table is not PROGNOS_INPUTS:
            changes += carry(book, unit_table, carried)
    if ANDRINGAR in book.wb.sheetnames:
        del book.wb[ANDRINGAR]
    write_changes(book.wb.create_sheet(ANDRINGAR), changes, left_out)
    if plan is not None:
        plan.after(book, changes, left_out)
    book.save(out)
    return changes, left_out
