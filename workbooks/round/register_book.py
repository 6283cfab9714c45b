"""The round's part of the master: read fast (python-calamine, no openpyxl, no pandas) for
``prognos status``, and written into a new master (openpyxl, as the consolidation writes it)
by ``prognos utskick --master-ut``, ``prognos status -o`` and ``validera --sammanstall``.

Read: the round's units (the register's, else the areas of Budget), År and Period, the
setting ``Godkänn automatiskt``, the register (``validation/round/register.py``) and the
change log's last chain link (``validation/round/audit_log.py``). A master whose Budget is a
ledger export (areas only through Kodplan) is read as ``prognos validera --master`` reads it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from udfs.language.vocabulary import normalize
from validation.contract import BUDGET, INSTALLNINGAR, is_ledger, match_columns
from validation.raw_table import UnusableInput
from validation.round.audit_log import LOG, LogRow, LogState, read_log
from validation.round.batch import BatchResult, MasterInfo
from validation.round.register import (
    AUTO_APPROVE,
    REGISTER,
    REPORT_DECISIONS,
    RegisterRow,
    apply_decisions,
    read_register,
    report_decisions,
)
from validation.round.round_events import Who, sent
from validation.round.round_status import RoundState, auto_approve_setting, round_state
from validation.settings import SettingsTable, period_of, year_of
from workbooks.books.package_book import PackageBook
from workbooks.books.xlsx_book import XlsxBook
from workbooks.round.master import read_master_info
from workbooks.round.register_sheet import append_log, write_register
from workbooks.round.send_out import UtskickResult
from workbooks.round.submissions import sha256_of


@dataclass
class RoundMaster:
    info: MasterInfo
    register: list[RegisterRow] = field(default_factory=list)
    log: LogState = field(default_factory=lambda: read_log(None))
    auto_approve: bool = False

    @property
    def omgang(self) -> str:
        return next((r.omgang for r in self.register if r.omgang), "")


def _areas(raw) -> list[str] | None:
    """The areas of Budget in table order; None when Budget is a ledger export."""
    if raw is None or is_ledger(raw.headers):
        return None
    found, _ = match_columns(BUDGET, raw.headers)
    if "omrade" not in found:
        return None
    out: dict[str, str] = {}
    for values in raw.rows:
        area = values[found["omrade"]]
        if isinstance(area, str) and area.strip():
            out.setdefault(normalize(area), " ".join(area.split()))
    return list(out.values())


def read_round_master(path: Path, report: Path | None = None) -> RoundMaster:
    """The master's round part, without validating its tables (``prognos status``); with
    ``report`` (a validation report whose Översikt has decisions typed in, ``--beslut``) those
    decisions are taken into the register, each bound to the file it was made on."""
    path = Path(path)
    book = PackageBook(path, notice=lambda _line: None)
    try:
        settings = SettingsTable(book.table(INSTALLNINGAR))
        register = read_register(book.table(REGISTER))
        log = read_log(book.table(LOG))
        areas = _areas(book.table(BUDGET)) if not register else None
    finally:
        book.close()
    core = settings.core()
    ar, period = year_of(core.get("ar", (None, ""))[0]), period_of(core.get("period", (None, ""))[0])
    auto = settings.get(AUTO_APPROVE)
    if register and ar and period:
        info = MasterInfo(path, [r.omrade for r in register], ar, period)
    elif areas and ar and period:
        info = MasterInfo(path, areas, ar, period)
    else:  # a ledger-shaped Budget or unreadable settings: as validera --master reads the master
        info = read_master_info(path)
    rm = RoundMaster(info, register, log, auto_approve_setting(auto[0] if auto else None))
    if report is not None:
        decisions = read_report_decisions(Path(report))
        if not rm.register and decisions:
            rm.register = [RegisterRow(unit) for unit in info.units]
        day = dt.date.fromtimestamp(os.stat(report).st_mtime)
        apply_decisions(rm.register, decisions, day)
    return rm


def read_report_decisions(report: Path) -> dict[str, tuple[str, str, str]]:
    """The decisions typed in a validation report's Översikt (``prognos validera -o``)."""
    book = PackageBook(report, notice=lambda _line: None)
    try:
        raw = book.table(REPORT_DECISIONS)
    finally:
        book.close()
    if raw is None:
        raise UnusableInput(f"{report.name}: är ingen valideringsrapport (bladet Översikt saknas). Ange rapporten från "
                            "prognos validera -o RAPPORT.xlsx, med besluten i kolumnen Beslut.")
    return report_decisions(raw)


def current_user(given: str | None = None) -> str:
    """The user for the log: ``--anvandare``, else the operating system's user."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (a container): the environment, else unknown
        return os.environ.get("USER") or os.environ.get("USERNAME") or "okänd"


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def save_round(master: Path, out: Path, register: list[RegisterRow] | None, omgang: str,
               log_rows: list[LogRow]) -> None:
    """A new master ``out``: the master with the register written (when given) and the log
    rows appended. The master itself is never written."""
    book = XlsxBook(Path(master))
    state = read_log(book.table(LOG))
    if register is not None:
        write_register(book.wb, register, omgang)
    if log_rows:
        append_log(book.wb, log_rows, state)
    book.save(Path(out))


def received_times(batch: BatchResult) -> dict[str, dt.datetime]:
    """When each returned file came: its modification time (the folder keeps what arrived)."""
    out = {}
    for f in batch.files:
        try:
            out[f.path] = dt.datetime.fromtimestamp(os.stat(f.path).st_mtime).replace(microsecond=0)
        except OSError:
            continue
    return out


def state_of(rm: RoundMaster, batch: BatchResult, deadline: dt.date | None = None,
             today: dt.date | None = None) -> RoundState:
    """The round per unit: the master's register and the validated folder side by side."""
    return round_state(rm.info.units, rm.register, batch, received_times(batch), omgang=rm.omgang,
                       auto_approve=rm.auto_approve, deadline=deadline, today=today)


def check_new_master(master: Path, new_master: Path) -> None:
    """Refuse a new master that would be the master itself or not an .xlsx (before anything is written)."""
    if Path(new_master).suffix.lower() not in (".xlsx", ".xlsm"):
        raise UnusableInput(f"{new_master}: den nya mastern ska sluta på .xlsx.")
    if Path(new_master).resolve() == Path(master).resolve():
        raise UnusableInput(f"{Path(new_master).name}: mastern ändras aldrig. Ange en ny fil med --master-ut.")


def record_send_out(master: Path, new_master: Path, result: UtskickResult, deadline: dt.date | None,
                    user: str | None = None) -> None:
    """``prognos utskick --master-ut``: the sent part of the register (file, time, SHA-256 of
    each workbook written) and a log row per unit, in a new master."""
    rm = read_round_master(master)
    files = {unit: (path.name, sha256_of(path)) for unit, path in result.files.items()}
    units = rm.info.units if normalize(rm.omgang) == normalize(result.omgang) else list(result.files)
    units += [u for u in result.files if u not in units]
    rows, log = sent(rm.register, units, files, deadline, Who(current_user(user), now(), result.omgang))
    save_round(master, new_master, rows, result.omgang, log)
