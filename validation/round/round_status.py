"""The round's state per unit: the register (``validation/round/register.py``) and the files
that came back (``validation.round.batch.BatchResult``) side by side.

Per unit: missing, returned with errors, waiting for a decision, approved (by the economist,
or automatically when the master's setting ``Godkänn automatiskt`` is Ja and the file has no
errors) or sent back. A decision holds for the file it was made on: when the unit returns
another file (another checksum) the decision waits again. Which units to remind (missing, or
sent back and not yet returned) and whether the round is complete (exit 0 of
``prognos status``). Pure rules over values already read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from udfs.language.vocabulary import normalize
from validation.round.batch import BatchResult
from validation.round.register import ATER, AUTO_GODKAND, GODKAND, VANTAR, RegisterRow, by_unit
from validation.round.submission import FELSTATUS, SubmissionResult

# The state of a unit, as the status table shows it.
SAKNAS = "Saknas"
MED_FEL = "Fel"  # returned with errors
ATER_VANTAR = "Åter till enheten"  # sent back; waiting for the unit's new file
BESLUT_VANTAR = "Väntar på beslut"
KLAR = "Godkänd"
STATES = (SAKNAS, MED_FEL, ATER_VANTAR, BESLUT_VANTAR, KLAR)

AUTO_YES = {"ja", "felfria", "ja felfria", "automatiskt", "sant", "true", "1"}


@dataclass
class UnitState:
    omrade: str
    register: RegisterRow
    file: SubmissionResult | None = None
    received: dt.datetime | None = None  # when the file came (its modification time)
    state: str = SAKNAS
    beslut: str = VANTAR  # the decision that holds for the current file
    late_days: int = 0  # days after the deadline the file came (0: in time)
    note: str = ""

    @property
    def approved(self) -> bool:
        return self.state == KLAR

    @property
    def remind(self) -> bool:
        return self.state in (SAKNAS, ATER_VANTAR)

    @property
    def deadline(self) -> dt.date | None:
        return self.register.svar_senast


@dataclass
class RoundState:
    omgang: str
    units: list[UnitState] = field(default_factory=list)
    unknown_files: list[SubmissionResult] = field(default_factory=list)  # files of no unit of the round
    auto_approve: bool = False
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def complete(self) -> bool:
        """Every unit has returned a file without errors and none is sent back."""
        return all(u.state in (BESLUT_VANTAR, KLAR) for u in self.units) and not self.unknown_files

    @property
    def exit_code(self) -> int:
        return 0 if self.complete else 1

    def to_remind(self) -> list[UnitState]:
        return [u for u in self.units if u.remind]

    def deadline(self) -> dt.date | None:
        dates = {u.deadline for u in self.units if u.deadline}
        return min(dates) if dates else None

    def counts(self) -> dict[str, int]:
        return {state: sum(1 for u in self.units if u.state == state) for state in STATES}


def auto_approve_setting(value: object) -> bool:
    """Inställningar ``Godkänn automatiskt``: Ja approves every returned file without errors."""
    return isinstance(value, str) and normalize(value) in AUTO_YES or value is True


def _decision(reg: RegisterRow, file: SubmissionResult) -> tuple[str, str]:
    """The decision that holds for ``file`` and a note: a decision made on another file waits again."""
    if reg.beslut == VANTAR:
        return VANTAR, (
            f"Beslutet {reg.beslut_text!r} förstås inte; skriv {GODKAND}, {ATER} eller {VANTAR}."
            if reg.beslut_text
            else ""
        )
    if reg.inkommen_summa and file.sha256 and reg.inkommen_summa != file.sha256:
        return VANTAR, f"Ny fil efter beslutet ({reg.beslut}): beslut behövs för den nya filen."
    return reg.beslut, ""


def unit_state(reg: RegisterRow, file: SubmissionResult | None, received: dt.datetime | None, auto: bool) -> UnitState:
    state = UnitState(reg.omrade, reg, file, received)
    if file is None:
        return state
    if received is not None and reg.svar_senast is not None:
        state.late_days = max(0, (received.date() - reg.svar_senast).days)
    beslut, state.note = _decision(reg, file)
    if beslut == ATER:
        state.state, state.beslut = ATER_VANTAR, ATER
    elif not file.valid:
        state.state = MED_FEL
        if beslut == GODKAND:
            state.note = "Filen har fel och kan inte sammanställas, trots beslutet Godkänd."
    elif beslut == GODKAND:
        state.state, state.beslut = KLAR, GODKAND
    elif auto:
        state.state, state.beslut = KLAR, AUTO_GODKAND
    else:
        state.state = BESLUT_VANTAR
    return state


def register_state(reg: RegisterRow) -> str:
    """A unit's state from the register alone (the task pane, without the files)."""
    if not reg.inkommen_summa or reg.status == SAKNAS:
        return SAKNAS
    if reg.beslut == ATER:
        return ATER_VANTAR
    if reg.status == FELSTATUS:
        return MED_FEL
    return KLAR if reg.beslut == GODKAND else BESLUT_VANTAR


def round_state(
    units: list[str],
    register: list[RegisterRow],
    batch: BatchResult,
    received: dict[str, dt.datetime],
    *,
    omgang: str = "",
    auto_approve: bool = False,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> RoundState:
    """Combine the register with the returned files. ``units``: the round's units in the
    master's order (a unit the register lacks gets an empty row); ``received``: each file's
    path -> when it came; ``deadline`` overrides an empty Svar senast."""
    registered = by_unit(register)
    rows = [registered.get(normalize(u)) or RegisterRow(u) for u in units]
    for reg in rows:
        if deadline is not None and reg.svar_senast is None:
            reg.svar_senast = deadline
    files: dict[str, SubmissionResult] = {}
    unknown: list[SubmissionResult] = []
    for f in batch.files:
        key = normalize(f.unit) if f.unit else None
        if key in registered or key in {normalize(u) for u in units}:
            if key in files:  # two files of one unit: the batch already flagged both; show the first
                continue
            files[key] = f
        else:
            unknown.append(f)
    name = omgang or next((r.omgang for r in rows if r.omgang), "")
    out = RoundState(name, auto_approve=auto_approve, today=today or dt.date.today(), unknown_files=unknown)
    for reg in rows:
        f = files.get(normalize(reg.omrade))
        out.units.append(unit_state(reg, f, received.get(f.path) if f else None, auto_approve))
    return out
