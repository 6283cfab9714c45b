"""``prognos faststall MASTER.xlsx -o UT.xlsx --omgang NAMN``: the committee's forecast of the
round appended to ``Prognoshistorik`` (created when the master has none), once per round,
and a row per new cell in ``Ändringslogg``. The rows are the engine's (``settle``, also used by
the ribbon's Fastställ on the open workbook, ``addin/ribbon/round.py``); the master is written
as a new file with openpyxl, as the consolidation writes it. The master is never modified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from udfs.forecasting.engine import compute
from validation.contract import PROGNOSHISTORIK
from validation.findings import Finding
from validation.forecast_tables.inputs import read_inputs
from validation.raw_table import RawTable
from validation.round.audit_log import FASTSTALLD, LogRow
from validation.round.settle import FASTSTALLD as FASTSTALLD_COLUMN
from validation.round.settle import (
    KEYS,
    AlreadySettled,
    HistoryEntry,
    header,
    history_columns,
    history_rows,
    round_name,
    settled_rows,
)
from workbooks.books import palette
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.report_workbook import put
from workbooks.round_register.register_sheet import write_round

# The columns Fastställ fills, formatted as the template formats Prognoshistorik.
FILLED = {c.key: c for c in (*PROGNOSHISTORIK.columns, FASTSTALLD_COLUMN) if c.key in KEYS}


class MasterHasErrors(Exception):
    """The master's tables have validation errors: there is no forecast to keep."""

    def __init__(self, findings: list[Finding]):
        super().__init__("mastern har valideringsfel")
        self.findings = findings


@dataclass
class Settled:
    omgang: str
    ar: int
    entries: list[HistoryEntry]
    sheet: str
    first_row: int


def settle(book: Any, omgang: str, datum: dt.date, file: str = "") -> tuple[list[HistoryEntry], RawTable | None]:
    """The round's rows from any book (file or live); raises ``MasterHasErrors`` or ``AlreadySettled``."""
    inputs, findings = read_inputs(book, file)
    if inputs is None:
        raise MasterHasErrors([f for f in findings if f.is_error])
    report = compute(inputs)
    raw = book.table(PROGNOSHISTORIK)
    done = settled_rows(raw, report.ar, omgang)
    if done:
        raise AlreadySettled(round_name(omgang, report.ar), report.ar, raw.sheet, done)
    return history_rows(report, omgang, datum), raw


def _history_sheet(wb, raw: RawTable | None):
    """(sheet, header row, first column, key -> column) of Prognoshistorik, created when missing;
    a column Fastställ needs and the table lacks is added at its right edge."""
    if raw is None:
        ws = wb.create_sheet(PROGNOSHISTORIK.sheet)
        for c, key in enumerate(KEYS, start=1):
            put(ws, 1, c, header(key), font=palette.HEADER_FONT)
            ws.column_dimensions[get_column_letter(c)].width = 30 if key == "omrade" else 14
        return ws, 1, 1, {key: c for c, key in enumerate(KEYS, start=1)}, 1
    ws = wb[raw.sheet]
    columns = {key: raw.first_col + pos for key, pos in history_columns(raw.headers).items()}
    last_col = raw.first_col + len(raw.headers) - 1
    for key in KEYS:
        if key not in columns:
            last_col += 1
            put(ws, raw.first_row, last_col, header(key), font=palette.HEADER_FONT)
            columns[key] = last_col
    return ws, raw.first_row, raw.first_col, columns, max(raw.row_numbers, default=raw.first_row)


def _grow_table(ws, first_row: int, first_col: int, last_row: int, last_col: int, created: bool) -> None:
    ref = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
    table = next((t for t in ws.tables.values() if t.displayName.lower() == PROGNOSHISTORIK.name.lower()), None)
    if table is None:
        if created:
            table = Table(displayName=PROGNOSHISTORIK.name, ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            ws.add_table(table)
        return
    min_col, _min_row, max_col, max_row = range_boundaries(table.ref)
    for c in range(max_col + 1, last_col + 1):
        table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=str(ws.cell(first_row, c).value)))
    ref = f"{get_column_letter(min_col)}{first_row}:{get_column_letter(max(max_col, last_col))}{max(max_row, last_row)}"
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def faststall(master: Path, out: Path, omgang: str, datum: dt.date, user: str, when: dt.datetime) -> Settled:
    book = XlsxBook(Path(master))
    entries, raw = settle(book, omgang, datum, Path(master).name)
    ws, header_row, first_col, columns, last = _history_sheet(book.wb, raw)
    log: list[LogRow] = []
    name = entries[0].omgang if entries else round_name(omgang, datum.year)
    first = last + 1
    for offset, entry in enumerate(entries):
        r = first + offset
        for key, value in entry.values().items():
            cell = put(ws, r, columns[key], value)
            number_format = FILLED[key].number_format
            if number_format is not None:  # as the template formats the table
                cell.number_format = number_format
        log.append(
            LogRow(
                when,
                user,
                name,
                FASTSTALLD,
                omrade=entry.omrade,
                cell=f"{ws.title}!{get_column_letter(columns['prognos'])}{r}",
                falt=f"{entry.typ}, Prognos",
                efter=entry.prognos,
            )
        )
    _grow_table(
        ws, header_row, first_col, max(first + len(entries) - 1, header_row + 1), max(columns.values()), raw is None
    )
    write_round(book, None, name, log)
    book.save(Path(out))
    return Settled(name, entries[0].ar if entries else datum.year, entries, ws.title, first)
