"""The round register and the change log as sheets of a new master (openpyxl, as the
consolidation writes the master; the master itself is never written).

- ``write_register(wb, rows)``: the sheet ``Omgång`` written whole from the rows (Prognos owns
  it; the economist's Beslut, Ekonomens kommentar and Beslutsdatum come in the rows, read
  before, so they are carried over). Beslut is a drop-down; only the economist's three columns
  are unlocked (the sheet is protected without a password).
- ``append_log(wb, rows)``: rows added below the sheet ``Ändringslogg``'s table, with their chain
  links; the rows already there are never touched (not even re-written with the same value).

``save_round`` writes both into a new master file; ``record_send_out`` is ``prognos utskick
--master-ut`` (the sent part of the register). The declarations (columns, decisions) are
``validation/round/register.py`` and ``validation/round/audit_log.py``; reading them back is
``workbooks/round_register/register_book.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from udfs.language.vocabulary import normalize
from validation.contract import join_or
from validation.raw_table import UnusableInput
from validation.round.audit_log import LOG, LOG_SHEET, LOG_TABLE, LogRow, LogState, chain, read_log
from validation.round.register import (
    BESLUT,
    ECONOMIST_KEYS,
    REGISTER,
    REGISTER_SHEET,
    REGISTER_TABLE,
    RegisterRow,
)
from validation.round.round_events import Who, sent
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.report_workbook import STATUS_FILL, put
from workbooks.round.send_out import UtskickResult
from workbooks.round.submissions import sha256_of
from workbooks.round_register.register_book import current_user, now, read_round_master

HEADER_ROW = 4  # the register's header; title and explanation above
TITLE = Font(name="Calibri", bold=True, size=14)  # named: LibreOffice prints an unnamed font as serif
HEADER = Font(name="Calibri", bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="bottom")
DATETIME = "yyyy-mm-dd hh:mm"
DATE = "yyyy-mm-dd"
WIDTHS = {
    "omrade": 30,
    "omgang": 16,
    "svar_senast": 12,
    "skickad": 17,
    "skickad_fil": 36,
    "skickad_summa": 20,
    "inkommen": 17,
    "inkommen_fil": 36,
    "inkommen_summa": 20,
    "status": 17,
    "fel": 6,
    "beslut": 19,
    "kommentar": 50,
    "beslutsdatum": 13,
    "sammanstalld": 40,
}
LOG_WIDTHS = {
    "tid": 17,
    "anvandare": 14,
    "omgang": 16,
    "handelse": 16,
    "omrade": 28,
    "fil": 36,
    "kontrollsumma": 20,
    "cell": 14,
    "falt": 24,
    "fore": 24,
    "efter": 24,
    "beslut": 19,
    "kedja": 18,
}
STATE_FILLS = {"OK": "OK", "Varningar": "Varningar", "Fel": "Fel", "Saknas": "Saknas"}


def _sheet(wb, name: str):
    """The sheet ``name`` emptied at its place, or a new one at the end."""
    if name in wb.sheetnames:
        index = wb.sheetnames.index(name)
        del wb[name]
        return wb.create_sheet(name, index)
    return wb.create_sheet(name)


def _cell_format(key: str) -> str | None:
    return {"skickad": DATETIME, "inkommen": DATETIME, "svar_senast": DATE, "beslutsdatum": DATE}.get(key)


def write_register(wb, rows: list[RegisterRow], omgang: str) -> None:
    """The sheet Omgång with one row per unit, written whole."""
    ws = _sheet(wb, REGISTER_SHEET)
    put(ws, 1, 1, f"Omgång: {omgang}" if omgang else "Omgång", font=TITLE)
    put(
        ws,
        2,
        1,
        "En rad per enhet: när arbetsboken skickades och kom tillbaka (med kontrollsumma), valideringen och "
        "ditt beslut. Fyll i Beslut (" + join_or(BESLUT) + "), Ekonomens kommentar och Beslutsdatum i de färgade "
        "cellerna; resten skriver Prognos (prognos utskick, status och validera --sammanstall).",
    )
    keys = [c.key for c in REGISTER.columns]
    for c, column in enumerate(REGISTER.columns, start=1):
        put(ws, HEADER_ROW, c, column.header, font=HEADER, alignment=HEADER_ALIGNMENT)
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(column.key, 14)
    r = HEADER_ROW
    for row in rows:
        r += 1
        for c, (key, value) in enumerate(zip(keys, row.values), start=1):
            cell = put(ws, r, c, _register_value(key, value, row))
            if key in ECONOMIST_KEYS:
                cell.style = "Input"  # Excel's built-in style for cells to fill in (before the format)
            if (fmt := _cell_format(key)) is not None:
                cell.number_format = fmt
            if key in ECONOMIST_KEYS:
                cell.protection = Protection(locked=False)  # the only cells open on the protected sheet
                if key == "kommentar":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif key == "status" and value in STATUS_FILL:
                cell.fill = STATUS_FILL[value]
    last = max(r, HEADER_ROW + 1)
    table = Table(displayName=REGISTER_TABLE, ref=f"A{HEADER_ROW}:{get_column_letter(len(keys))}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    beslut = REGISTER.column("beslut")
    column = get_column_letter(keys.index("beslut") + 1)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(BESLUT) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=beslut.header,
        error=beslut.values_error,
        showInputMessage=True,
        promptTitle=beslut.header,
        prompt=beslut.hint,
    )
    ws.add_data_validation(dv)
    dv.add(f"{column}{HEADER_ROW + 1}:{column}{last}")
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.autoFilter = ws.protection.sort = False


def _register_value(key: str, value: Any, row: RegisterRow) -> Any:
    if key == "beslut" and row.beslut_text:
        return row.beslut_text  # kept as typed; the status says it is not understood
    if value in ("", None):
        return None
    return value


def append_log(wb, rows: list[LogRow], state: LogState) -> int:
    """Append ``rows`` to the log (created on first use) after the chain's last link
    ``state.last``; returns the sheet row of the first new row."""
    for row in rows:
        row.tid = row.tid.replace(microsecond=0)
    chain(rows, state.last)
    ws = wb[LOG_SHEET] if LOG_SHEET in wb.sheetnames else None
    table = ws.tables.get(LOG_TABLE) if ws is not None else None
    if ws is None:
        ws = wb.create_sheet(LOG_SHEET)
        put(ws, 1, 1, "Ändringslogg", font=TITLE)
        put(
            ws,
            2,
            1,
            "Allt Prognos har ändrat i mastern, en rad per cell och händelse, över alla omgångar. Loggen "
            "skrivs bara till, aldrig om; kolumnen Kedja visar om en rad har ändrats i efterhand.",
        )
        for c, column in enumerate(LOG.columns, start=1):
            put(ws, 4, c, column.header, font=HEADER, alignment=HEADER_ALIGNMENT)
            ws.column_dimensions[get_column_letter(c)].width = LOG_WIDTHS.get(column.key, 14)
        ws.row_dimensions[4].height = 30
        ws.freeze_panes = "A5"
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = ws.protection.autoFilter = ws.protection.sort = False
        last = 4
    elif table is not None:
        last = range_boundaries(table.ref)[3]
    else:
        last = ws.max_row
    first = last + 1
    start_col = range_boundaries(table.ref)[0] if table is not None else 1
    for offset, row in enumerate(rows):
        for c, value in enumerate(row.values(), start=start_col):
            cell = put(ws, first + offset, c, None if value == "" else value)
            if isinstance(value, dt.datetime):
                cell.number_format = DATETIME
    end = max(first + len(rows) - 1, last)
    if table is not None:  # the table where it stands, one column per log column
        min_col, min_row = range_boundaries(table.ref)[:2]
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(min_col + len(LOG.columns) - 1)}{end}"
    else:
        ref = f"A4:{get_column_letter(len(LOG.columns))}{max(end, 5)}"
    if table is None and LOG_TABLE not in _table_names(wb):
        table = Table(displayName=LOG_TABLE, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    elif table is not None:
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref
    return first


def _table_names(wb) -> set[str]:
    return {t.displayName for ws in wb.worksheets for t in ws.tables.values()}


# --- a new master with the round's sheets -----------------------------------------------------
def save_round(
    master: Path, out: Path, register: list[RegisterRow] | None, omgang: str, log_rows: list[LogRow]
) -> None:
    """A new master ``out``: the master with the register written (when given) and the log
    rows appended. The master itself is never written."""
    book = XlsxBook(Path(master))
    state = read_log(book.table(LOG))
    if register is not None:
        write_register(book.wb, register, omgang)
    if log_rows:
        append_log(book.wb, log_rows, state)
    book.save(Path(out))


def check_new_master(master: Path, new_master: Path) -> None:
    """Refuse a new master that would be the master itself or not an .xlsx (before anything is written)."""
    if Path(new_master).suffix.lower() not in (".xlsx", ".xlsm"):
        raise UnusableInput(f"{new_master}: den nya mastern ska sluta på .xlsx.")
    if Path(new_master).resolve() == Path(master).resolve():
        raise UnusableInput(f"{Path(new_master).name}: mastern ändras aldrig. Ange en ny fil med --master-ut.")


def record_send_out(
    master: Path, new_master: Path, result: UtskickResult, deadline: dt.date | None, user: str | None = None
) -> None:
    """``prognos utskick --master-ut``: the sent part of the register (file, time, SHA-256 of
    each workbook written) and a log row per unit, in a new master."""
    rm = read_round_master(master)
    files = {unit: (path.name, sha256_of(path)) for unit, path in result.files.items()}
    units = rm.info.units if normalize(rm.omgang) == normalize(result.omgang) else list(result.files)
    units += [u for u in result.files if u not in units]
    rows, log = sent(rm.register, units, files, deadline, Who(current_user(user), now(), result.omgang))
    save_round(master, new_master, rows, result.omgang, log)
