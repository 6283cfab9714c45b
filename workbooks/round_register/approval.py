"""Approval and audit around the consolidation (``prognos validera --sammanstall``).

``plan(master, batch, user)`` reads the master's round part: with a register (sheet ``Omgång``)
only the submissions approved there are consolidated (Beslut Godkänd on the file now in the
folder, or any file without errors when the setting ``Godkänn automatiskt`` is Ja); without
one, every valid submission is, as before the register existed (and the register is created).
``Plan.after`` then writes, into the same new master, the register (returned part, what was
consolidated) and a row in ``Ändringslogg`` per changed cell and per submission left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from validation.round.audit_log import tamper_notice
from validation.round.batch import BatchResult, Change
from validation.round.round_events import Who, consolidated, refusal
from validation.round.round_status import RoundState
from validation.round.submission import SubmissionResult
from workbooks.round_register.register_book import current_user, now, read_round_master, state_of
from workbooks.round_register.register_sheet import write_round


@dataclass
class Plan:
    state: RoundState
    who: Who
    had_register: bool
    log_notice: str | None = None  # the log was edited by hand (validation.round.audit_log.tamper_notice)

    def approve(self, f: SubmissionResult) -> str | None:
        """None when the submission may be consolidated, else why not (Swedish)."""
        unit = next((u for u in self.state.units if u.file is f), None)
        if unit is None:
            return "enheten finns inte i omgångsregistret"
        return refusal(unit)

    def after(self, book, changes: list[Change], left_out: list[tuple[str, str, str]]) -> None:
        """Register and log into the new master (``book``: the consolidation's ``XlsxBook``)."""
        rows, log = consolidated(self.state, changes, left_out, self.who)
        write_round(book, rows, self.state.omgang, log)


def plan(master: Path, batch: BatchResult, user: str | None = None, report: Path | None = None) -> Plan:
    """``report``: a validation report with decisions typed in its Översikt (``--beslut``)."""
    rm = read_round_master(master, report)
    had = bool(rm.register)
    if not had:
        rm.auto_approve = True  # no register: every valid submission, as before
    state = state_of(rm, batch)
    return Plan(state, Who(current_user(user), now(), state.omgang), had, tamper_notice(rm.log))
