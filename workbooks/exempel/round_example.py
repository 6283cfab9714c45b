"""A forecast round played out on the bundled example, for ``prognos demo``: the units fill
in their workbooks (as they would in Excel: only the input cells; one adds a cause with its
amount), the files arrive on given
days, the economist decides in the register; and the log read back as lines to print.

Only the demo and the tests use it; the commands themselves are ``prognos utskick``,
``status``, ``aterkoppling``, ``validera --sammanstall`` and ``faststall``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import range_boundaries

from udfs.language.number_format import format_tal
from udfs.language.vocabulary import normalize
from validation.contract import ORSAKER, match_columns
from validation.round.audit_log import EJ_SAMMANSTALLD, LOG, LOG_KEYS
from validation.round.register import REGISTER, REGISTER_SHEET, REGISTER_TABLE, read_register
from workbooks.books.xlsx_book import XlsxBook


def fill_in(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    """The unit types into its workbook's Prognos: {"Kostnader": {"Manuell prognos": -1200}}."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Prognos"]
    headers = {cell.value: cell.column for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        for header, value in entries.get(row[headers["Typ"] - 1].value, {}).items():
            ws.cell(row=row[0].row, column=headers[header]).value = value
    wb.save(path)


def add_cause(path: Path, orsak: str, belopp: float) -> None:
    """The unit writes a cause with its amount in the first free row of its sheet Orsaker."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Orsaker"]
    headers = {cell.value: cell.column for cell in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers["Orsak"]).value is None)
    ws.cell(row, headers["Orsak"]).value, ws.cell(row, headers["Belopp"]).value = orsak, belopp
    wb.save(path)


def causes(master: Path, area: str) -> list[str]:
    """The master's causes of ``area`` as lines: "Orsak (belopp)"."""
    raw = XlsxBook(master).table(ORSAKER)
    found, _ = match_columns(ORSAKER, raw.headers) if raw is not None else ({}, [])
    return [
        f"{values[found['orsak']]} ({_shown(values[found['belopp']])})"
        for values in (raw.rows if raw is not None else [])
        if normalize(values[found["omrade"]]) == normalize(area)
    ]


def arrive(source: Path, folder: Path, when: dt.datetime) -> Path:
    """The unit's file lands in the economist's folder on ``when`` (its modification time)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    os.utime(target, (when.timestamp(), when.timestamp()))
    return target


def decide(master: Path, out: Path, decisions: dict[str, tuple[str, str]], day: dt.date) -> None:
    """The economist picks Beslut in the register's drop-down and writes a comment and the date."""
    wb = openpyxl.load_workbook(master)
    ws = wb[REGISTER_SHEET]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[REGISTER_TABLE].ref)
    headers = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
    wanted = {normalize(unit): choice for unit, choice in decisions.items()}
    for r in range(min_row + 1, max_row + 1):
        choice = wanted.get(normalize(ws.cell(r, headers["Verksamhetsområde"]).value))
        if choice is not None:
            ws.cell(r, headers["Beslut"]).value, ws.cell(r, headers["Ekonomens kommentar"]).value = choice
            ws.cell(r, headers["Beslutsdatum"]).value = dt.datetime.combine(day, dt.time())
    wb.save(out)


def register_units(master: Path) -> list[str]:
    """The units of the master's register, in its order."""
    return [row.omrade for row in read_register(XlsxBook(master).table(REGISTER))]


def log_lines(master: Path, last: int = 6) -> list[str]:
    """The change log in Swedish: how many rows per event, and the last rows that change a cell
    or leave a submission out."""
    raw = XlsxBook(master).table(LOG)
    rows = [dict(zip(LOG_KEYS, values)) for values in (raw.rows if raw is not None else [])]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["handelse"]] = counts.get(row["handelse"], 0) + 1
    lines = [
        f"Ändringsloggen har {len(rows)} rader: " + ", ".join(f"{n} {event.lower()}" for event, n in counts.items())
    ]
    for row in [r for r in rows if r["cell"] or r["handelse"] == EJ_SAMMANSTALLD][-last:]:
        change = f"{_shown(row['fore'])} → {_shown(row['efter'])}" if row["cell"] else _shown(row["efter"])
        where = f" {row['cell']} ({row['falt']})" if row["cell"] else ""
        lines.append(
            f"  {row['handelse']}: {row['omrade']}{where}: {change}" + (f" [{row['beslut']}]" if row["beslut"] else "")
        )
    return lines


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_tal(float(value), 0 if float(value).is_integer() else 1)
    return str(value)
