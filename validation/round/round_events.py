"""What a round command changes in the register, and the log rows that say so.

- ``sent``: ``prognos utskick --master-ut``: the sent part per unit (a new round starts a new
  register; the same round keeps the other units' rows);
- ``received``: ``prognos status -o``: the returned part and the validation status; a unit's
  new file (another checksum) after a decision puts the decision back to Väntar;
- ``consolidated``: ``validera --sammanstall``: what was consolidated per unit, every changed
  cell and every submission left out.

Pure: rows in, rows out (``workbooks/round_register/register_book.py`` writes them).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from udfs.language.vocabulary import normalize
from validation.round.audit_log import EJ_SAMMANSTALLD, INKOMMEN, SAMMANSTALLNING, UTSKICK, LogRow
from validation.round.batch import Change
from validation.round.register import AUTO_GODKAND, GODKAND, VANTAR, RegisterRow, by_unit
from validation.round.round_status import RoundState, UnitState


@dataclass
class Who:
    """Who and when, for every log row of one command."""

    user: str
    when: dt.datetime
    omgang: str


def _log(who: Who, handelse: str, **kw) -> LogRow:
    return LogRow(who.when, who.user, who.omgang, handelse, **kw)


def sent(
    register: list[RegisterRow], units: list[str], files: dict[str, tuple[str, str]], deadline: dt.date | None, who: Who
) -> tuple[list[RegisterRow], list[LogRow]]:
    """``files``: unit -> (file name, SHA-256) of the workbooks just sent."""
    same_round = [r for r in register if normalize(r.omgang) == normalize(who.omgang)]
    old = by_unit(same_round)
    rows, log = [], []
    for unit in units:
        row = copy.copy(old.get(normalize(unit))) if normalize(unit) in old else RegisterRow(unit, omgang=who.omgang)
        if unit in files:
            name, digest = files[unit]
            row = RegisterRow(
                unit,
                omgang=who.omgang,
                svar_senast=deadline,
                skickad=who.when,
                skickad_fil=name,
                skickad_summa=digest,
                status="Saknas",
            )
            log.append(
                _log(
                    who,
                    UTSKICK,
                    omrade=unit,
                    fil=name,
                    kontrollsumma=digest,
                    efter=f"svar senast {deadline.isoformat()}" if deadline else None,
                )
            )
        rows.append(row)
    return rows, log


def received(state: RoundState, who: Who) -> tuple[list[RegisterRow], list[LogRow]]:
    rows, log = [], []
    for unit in state.units:
        row = copy.copy(unit.register)
        f = unit.file
        if f is None:
            row.status = "Saknas"
            rows.append(row)
            continue
        if f.sha256 != row.inkommen_summa:
            if row.inkommen_summa and row.beslut != VANTAR:
                log.append(
                    _log(
                        who,
                        INKOMMEN,
                        omrade=unit.omrade,
                        fil=f.fil,
                        kontrollsumma=f.sha256,
                        falt="Beslut",
                        fore=row.beslut,
                        efter=VANTAR,
                        beslut=f"ny fil efter beslutet {row.beslut}",
                    )
                )
                row.beslut, row.beslutsdatum = VANTAR, None
            log.append(
                _log(
                    who,
                    INKOMMEN,
                    omrade=unit.omrade,
                    fil=f.fil,
                    kontrollsumma=f.sha256,
                    falt="Valideringsstatus",
                    fore=row.status or None,
                    efter=f.status,
                )
            )
        row.inkommen = unit.received
        row.inkommen_fil, row.inkommen_summa = f.fil, f.sha256
        row.status, row.fel = f.status, f.errors
        rows.append(row)
    return rows, log


def consolidated(
    state: RoundState, changes: list[Change], left_out: list[tuple[str, str, str]], who: Who
) -> tuple[list[RegisterRow], list[LogRow]]:
    """After ``validera --sammanstall``: the register's received part and Sammanställd, and a
    log row per changed cell and per submission left out."""
    rows, log = received(state, who)
    by_area = {normalize(u.omrade): u for u in state.units}
    counts: dict[str, int] = {}
    for ch in changes:
        unit = by_area.get(normalize(ch.unit))
        counts[normalize(ch.unit)] = counts.get(normalize(ch.unit), 0) + 1
        log.append(
            _log(
                who,
                SAMMANSTALLNING,
                omrade=ch.unit,
                fil=ch.fil,
                kontrollsumma=_sha(unit),
                cell=f"{ch.sheet}!{ch.cell}",
                falt=f"{ch.typ}, {ch.column}",
                fore=ch.old,
                efter=ch.new,
                beslut=unit.beslut if unit else GODKAND,
            )
        )
    for fil, unit_name, reason in left_out:
        unit = by_area.get(normalize(unit_name))
        log.append(
            _log(
                who,
                EJ_SAMMANSTALLD,
                omrade=unit_name,
                fil=fil,
                kontrollsumma=_sha(unit),
                efter=reason,
                beslut=unit.beslut if unit else "",
            )
        )
    stamp = who.when.strftime("%Y-%m-%d %H:%M")
    for row, unit in zip(rows, state.units):
        if unit.approved and unit.file is not None:
            n = counts.get(normalize(unit.omrade), 0)
            row.sammanstalld = f"{stamp}: {n} ändrade celler" if n != 1 else f"{stamp}: 1 ändrad cell"
            if unit.beslut == AUTO_GODKAND:
                row.beslut, row.beslutsdatum = GODKAND, who.when.date()
                row.kommentar = row.kommentar or "Godkänd automatiskt (inga fel)."
            if not counts.get(normalize(unit.omrade)):
                log.append(
                    _log(
                        who,
                        SAMMANSTALLNING,
                        omrade=unit.omrade,
                        fil=unit.file.fil,
                        kontrollsumma=unit.file.sha256,
                        efter="inga ändringar: mastern hade redan enhetens värden",
                        beslut=unit.beslut,
                    )
                )
    return rows, log


def _sha(unit: UnitState | None) -> str:
    return unit.file.sha256 if unit is not None and unit.file is not None else ""


def refusal(unit: UnitState) -> str | None:
    """Why a valid submission is not consolidated (None: it is)."""
    if unit.approved:
        return None
    if unit.state == "Åter till enheten":
        comment = f" ({unit.register.kommentar})" if unit.register.kommentar else ""
        return f"beslut Åter till enheten{comment}"
    if unit.note:
        return f"väntar på beslut i Omgång: {unit.note}"
    return "väntar på beslut i Omgång (Beslut är inte Godkänd)"
