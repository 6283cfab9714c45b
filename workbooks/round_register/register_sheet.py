"""The round register and the change log as sheets of a new master, each declared once as a
``SheetSpec`` and written through any book (``workbooks/books/protocol.py``): the command line's
``PackageBook`` grafts the two sheets into a byte copy of the master (``prognos status -o``,
``prognos utskick --master-ut``), so shapes, pictures and charts the economist put in the master
stay as they were; the consolidation and Fastställ write the same specs through their
``XlsxBook``. The master itself is never written.

- ``register_spec(rows, omgang)``: the sheet ``Omgång`` from the rows (Prognos owns it; the
  economist's Beslut, Ekonomens kommentar and Beslutsdatum come in the rows, read before, so
  they are carried over). Beslut is a drop-down; only the economist's three columns are unlocked
  (the sheet is protected without a password).
- ``log_spec(found, rows, state)``: the sheet ``Ändringslogg``: the rows already there, each
  value as it was read (a row edited by hand stays edited, and the chain still says so), then
  the new rows with their chain links. Nothing already in the log changes.
- ``write_round(book, …)`` writes both into a book; ``save_round`` into a new master file;
  ``record_send_out`` is ``prognos utskick --master-ut`` (the sent part of the register).

The declarations (columns, decisions) are ``validation/round/register.py`` and
``validation/round/audit_log.py``; reading them back is ``workbooks/round_register/register_book.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from udfs.language.vocabulary import normalize
from validation.contract import join_or, match_columns
from validation.raw_table import RawTable, UnusableInput
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
from workbooks.books import palette
from workbooks.books.package_book import PackageBook
from workbooks.books.sheet_spec import Cell, ListValidation, SheetSpec, TableDef
from workbooks.round.report_workbook import STATUS_FILL
from workbooks.round.send_out import UtskickResult
from workbooks.round.submissions import sha256_of
from workbooks.round_register.register_book import current_user, now, read_round_master

HEADER_ROW = 4  # the register's and the log's header; title and explanation above
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
REGISTER_FORMATS = {"skickad": "datum_tid", "inkommen": "datum_tid", "svar_senast": "datum", "beslutsdatum": "datum"}
REGISTER_TABLE_STYLE = palette.TABLE_STYLE
LOG_TABLE_STYLE = "TableStyleLight9"
REGISTER_TEXT = (
    "En rad per enhet: när arbetsboken skickades och kom tillbaka (med kontrollsumma), valideringen och "
    "ditt beslut. Fyll i Beslut (" + join_or(BESLUT) + "), Ekonomens kommentar och Beslutsdatum i de färgade "
    "cellerna; resten skriver Prognos (prognos utskick, status och validera --sammanstall)."
)
LOG_TEXT = (
    "Allt Prognos har ändrat i mastern, en rad per cell och händelse, över alla omgångar. Loggen "
    "skrivs bara till, aldrig om; kolumnen Kedja visar om en rad har ändrats i efterhand."
)


def _title_rows(spec: SheetSpec, title: str, text: str) -> None:
    spec.add(Cell(title, bold=True, size=14))
    spec.add(Cell(text))
    spec.add()
    spec.row_heights[HEADER_ROW] = 30


def _header(text: str) -> Cell:
    return Cell(text, bold=True, wrap=True)


def _status_fill(value: Any) -> str | None:
    fill = STATUS_FILL.get(value) if isinstance(value, str) else None
    return None if fill is None else str(fill.fgColor.rgb)[-6:]


def register_spec(rows: list[RegisterRow], omgang: str) -> SheetSpec:
    """The sheet Omgång with one row per unit."""
    spec = SheetSpec(REGISTER_SHEET, freeze=f"B{HEADER_ROW + 1}", protected=True)
    _title_rows(spec, f"Omgång: {omgang}" if omgang else "Omgång", REGISTER_TEXT)
    keys = [c.key for c in REGISTER.columns]
    spec.add(*(_header(column.header) for column in REGISTER.columns))
    spec.widths = {c: WIDTHS.get(key, 14) for c, key in enumerate(keys, start=1)}
    for row in rows:
        spec.add(*(_register_cell(key, value, row) for key, value in zip(keys, row.values)))
    last = max(len(spec.rows), HEADER_ROW + 1)
    spec.table = TableDef(REGISTER_TABLE, HEADER_ROW, last, len(keys), REGISTER_TABLE_STYLE)
    beslut = REGISTER.column("beslut")
    column = get_column_letter(keys.index("beslut") + 1)
    spec.validations.append(
        ListValidation(
            f"{column}{HEADER_ROW + 1}:{column}{last}",
            BESLUT,
            title=beslut.header,
            prompt=beslut.hint,
            error=beslut.values_error,
        )
    )
    return spec


def _register_cell(key: str, value: Any, row: RegisterRow) -> Cell:
    value = _register_value(key, value, row)
    if key in ECONOMIST_KEYS:  # the only cells open on the protected sheet
        return Cell(
            value,
            fmt=REGISTER_FORMATS.get(key),
            fill=palette.INPUT_FILL,
            border=True,
            unlocked=True,
            wrap=key == "kommentar",
        )
    return Cell(value, fmt=REGISTER_FORMATS.get(key), fill=_status_fill(value) if key == "status" else None)


def _register_value(key: str, value: Any, row: RegisterRow) -> Any:
    if key == "beslut" and row.beslut_text:
        return row.beslut_text  # kept as typed; the status says it is not understood
    if value in ("", None):
        return None
    return value


def _log_cell(value: Any) -> Cell | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return Cell(value, fmt="datum_tid")
    if isinstance(value, dt.date):
        return Cell(value, fmt="datum")
    return Cell(value)


def log_spec(found: RawTable | None, rows: list[LogRow], state: LogState) -> SheetSpec:
    """The log: the rows ``found`` (its table as read), each value as it was, then ``rows``
    chained after ``state.last``. A column the economist added keeps its header and values."""
    for row in rows:
        row.tid = row.tid.replace(microsecond=0)
    chain(rows, state.last)
    headers = [c.header for c in LOG.columns]
    old: list[list[Any]] = []
    if found is not None:
        matched, _ = match_columns(LOG, found.headers)
        own = set(matched.values())
        extra = [i for i, h in enumerate(found.headers) if i not in own and h not in (None, "")]
        headers += [str(found.headers[i]) for i in extra]
        positions = [matched.get(c.key) for c in LOG.columns] + extra
        old = [[None if p is None else values[p] for p in positions] for values in found.rows]
    spec = SheetSpec(LOG_SHEET, freeze=f"A{HEADER_ROW + 1}", protected=True)
    _title_rows(spec, "Ändringslogg", LOG_TEXT)
    spec.add(*(_header(h) for h in headers))
    spec.widths = {c: LOG_WIDTHS.get(column.key, 14) for c, column in enumerate(LOG.columns, start=1)}
    spec.widths.update({c: 14 for c in range(len(LOG.columns) + 1, len(headers) + 1)})
    for values in old + [row.values() for row in rows]:
        spec.add(*(_log_cell(v) for v in values))
    spec.table = TableDef(LOG_TABLE, HEADER_ROW, max(len(spec.rows), HEADER_ROW + 1), len(headers), LOG_TABLE_STYLE)
    return spec


# --- a new master with the round's sheets -----------------------------------------------------
def write_round(book, register: list[RegisterRow] | None, omgang: str, log_rows: list[LogRow]) -> None:
    """Into ``book`` (any Book): the register (when given) and the log with ``log_rows`` appended."""
    if register is not None:
        book.write_sheet(register_spec(register, omgang))
    if log_rows:
        found = book.table(LOG)
        book.write_sheet(log_spec(found, log_rows, read_log(found)))


def save_round(
    master: Path, out: Path, register: list[RegisterRow] | None, omgang: str, log_rows: list[LogRow]
) -> None:
    """A new master ``out``: the master with the register written (when given) and the log
    rows appended, the two sheets grafted into a byte copy of the master (``PackageBook``).
    The master itself is never written."""
    book = PackageBook(Path(master))
    write_round(book, register, omgang, log_rows)
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
