"""The round's part of the master, read fast for ``prognos status`` (python-calamine after the
safe pre-scan; no openpyxl, no pandas): the round's units (the register's, else the areas of
Budget), År and Period, the setting ``Godkänn automatiskt``, the register
(``validation/round/register.py``) and the change log's last chain link
(``validation/round/audit_log.py``); and each unit's state with the returned files.

A master too big for a submission's bounds is read by the committee's reader (``PackageBook``),
and one whose Budget is a ledger export (areas only through Kodplan) as ``prognos validera
--master`` reads it; both are loaded by name (module constants below) only then. Writing the
register into a new master is ``workbooks/round_register/register_sheet.py``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from udfs.language.vocabulary import normalize
from validation.contract import BUDGET, INSTALLNINGAR, is_ledger, match_columns
from validation.raw_table import UnusableInput
from validation.round.audit_log import LOG, LogState, read_log
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
from validation.round.round_status import RoundState, auto_approve_setting, round_state
from validation.settings import SettingsTable, period_of, year_of
from workbooks.ooxml.safe_read import CalamineBook, Limits, scan

# Loaded by name when needed (a big master; a ledger-shaped Budget): openpyxl and pandas otherwise stay out.
COMMITTEE_READER = "workbooks.books.package_book"  # PackageBook
MASTER_READER = "workbooks.round.master"  # read_master_info


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
    book = _open(path)
    try:
        settings = SettingsTable(book.table(INSTALLNINGAR))
        register = read_register(book.table(REGISTER))
        log = read_log(book.table(LOG))
        areas = _areas(book.table(BUDGET)) if not register else None
    finally:
        _close(book)
    core = settings.core()
    ar, period = year_of(core.get("ar", (None, ""))[0]), period_of(core.get("period", (None, ""))[0])
    auto = settings.get(AUTO_APPROVE)
    if register and ar and period:
        info = MasterInfo(path, [r.omrade for r in register], ar, period)
    elif areas and ar and period:
        info = MasterInfo(path, areas, ar, period)
    else:  # a ledger-shaped Budget or unreadable settings: as validera --master reads the master
        info = importlib.import_module(MASTER_READER).read_master_info(path)
    rm = RoundMaster(info, register, log, auto_approve_setting(auto[0] if auto else None))
    if report is not None:
        decisions = read_report_decisions(Path(report))
        if not rm.register and decisions:
            rm.register = [RegisterRow(unit) for unit in info.units]
        day = dt.date.fromtimestamp(os.stat(report).st_mtime)
        apply_decisions(rm.register, decisions, day)
    return rm


def _open(path: Path):
    """The master for reading: within a submission's bounds python-calamine after the safe
    pre-scan, else the committee's reader with its wider bounds."""
    try:
        return CalamineBook(path, scan(path, Limits(), reading_only=True))
    except UnusableInput:
        return importlib.import_module(COMMITTEE_READER).PackageBook(path, notice=lambda _line: None)


def _close(book) -> None:
    if hasattr(book, "close"):
        book.close()  # PackageBook
    else:
        book.scan.close()  # CalamineBook: its pre-scan holds the zip open


def read_report_decisions(report: Path) -> dict[str, tuple[str, str, str]]:
    """The decisions typed in a validation report's Översikt (``prognos validera -o``)."""
    book = _open(Path(report))
    try:
        raw = book.table(REPORT_DECISIONS)
    finally:
        _close(book)
    if raw is None:
        raise UnusableInput(
            f"{report.name}: är ingen valideringsrapport (bladet Översikt saknas). Ange rapporten från "
            "prognos validera -o RAPPORT.xlsx, med besluten i kolumnen Beslut."
        )
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


def received_times(batch: BatchResult) -> dict[str, dt.datetime]:
    """When each returned file came: its modification time (the folder keeps what arrived)."""
    out = {}
    for f in batch.files:
        try:
            out[f.path] = dt.datetime.fromtimestamp(os.stat(f.path).st_mtime).replace(microsecond=0)
        except OSError:
            continue
    return out


def state_of(
    rm: RoundMaster, batch: BatchResult, deadline: dt.date | None = None, today: dt.date | None = None
) -> RoundState:
    """The round per unit: the master's register and the validated folder side by side."""
    return round_state(
        rm.info.units,
        rm.register,
        batch,
        received_times(batch),
        omgang=rm.omgang,
        auto_approve=rm.auto_approve,
        deadline=deadline,
        today=today,
    )
