"""``prognos status MAPP --master MASTER.xlsx``: the round per unit (sent, returned, valid,
decided), the units to remind with the deadline; ``-o NY_MASTER.xlsx`` also writes the
returned part into the register ``Omgång`` of a new master (and the change log).
Exit codes: 0 every unit has returned a file without errors and none is sent back;
1 a unit is missing, has errors or is sent back; 2 usage.

Validates the folder as ``prognos validera`` does (the same pool and rules) and reads the
master's round part with python-calamine (``workbooks/round_register/register_book.py``); like
``validera`` it loads neither pandas nor openpyxl unless ``-o`` writes a new master.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from addin.commands.base import new_app, out, parse_date_option
from udfs.language.counts import count_text
from validation.raw_table import UnusableInput
from validation.round.audit_log import tamper_notice
from validation.round.register import AUTO_GODKAND, VANTAR
from validation.round.round_events import Who, received
from validation.round.round_status import ATER_VANTAR, BESLUT_VANTAR, KLAR, MED_FEL, SAKNAS, RoundState
from workbooks.ooxml.safe_read import Limits
from workbooks.round.submissions import validate_batch
from workbooks.round_register.register_book import current_user, now, read_round_master, state_of

# Loaded by name for -o only: writing a new master needs openpyxl, showing the round does not.
REGISTER_WRITER = "workbooks.round_register.register_sheet"

app = new_app()
STYLE = {SAKNAS: "red", MED_FEL: "red", ATER_VANTAR: "yellow", BESLUT_VANTAR: "cyan", KLAR: "green"}


@app.command("status")
def status(
    mapp: Path = typer.Argument(..., help="Mappen med enheternas inlämnade arbetsböcker."),
    master: Path = typer.Option(
        ..., "--master", metavar="MASTER.xlsx", help="Mastern med omgångsregistret (bladet Omgång)."
    ),
    ut: Optional[Path] = typer.Option(
        None, "-o", "--ut", help="Skriv en ny master där registret visar vad som kommit in."
    ),
    som_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON på standard ut."),
    datum: Optional[str] = typer.Option(
        None, "--datum", help="Dagens datum för påminnelser, ÅÅÅÅ-MM-DD (förval: i dag)."
    ),
    senast: Optional[str] = typer.Option(None, "--senast", help="Sista svarsdag när registret saknar en, ÅÅÅÅ-MM-DD."),
    anvandare: Optional[str] = typer.Option(
        None, "--anvandare", help="Namnet i ändringsloggen (förval: inloggad användare)."
    ),
    beslut: Optional[Path] = typer.Option(
        None,
        "--beslut",
        metavar="RAPPORT.xlsx",
        help="Ta besluten från valideringsrapportens kolumn Beslut (bladet Översikt).",
    ),
    jobb: Optional[int] = typer.Option(None, "--jobb", min=0, help="Antal processer (förval: antal kärnor)."),
    tidsgrans: float = typer.Option(4.0, "--tidsgrans", min=0.5, help="Högsta tid per fil i sekunder."),
) -> None:
    """Visa omgången per enhet: skickat, inkommet, valideringen och beslutet, och vilka som ska påminnas."""
    if not mapp.is_dir():
        raise UnusableInput(f"{mapp}: är ingen mapp. Ange mappen där enheternas arbetsböcker ligger.")
    if ut is not None and ut.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UnusableInput(f"{ut}: den nya mastern ska sluta på .xlsx.")
    today = parse_date_option(datum, "--datum") or dt.date.today()
    rm = read_round_master(master, beslut)
    batch = validate_batch(
        [mapp],
        master=rm.info,
        jobs=jobb,
        limits=Limits(seconds=tidsgrans),
        exclude=[p for p in (ut, beslut) if p is not None],
    )
    state = state_of(rm, batch, deadline=parse_date_option(senast, "--senast"), today=today)
    if ut is not None:
        rows, log = received(state, Who(current_user(anvandare), now(), state.omgang))
        importlib.import_module(REGISTER_WRITER).save_round(master, ut, rows, state.omgang, log)
    if som_json:
        typer.echo(json.dumps(state_json(state), ensure_ascii=False, indent=2))
    else:
        show(state, ut)
        if (notice := tamper_notice(rm.log)) is not None:
            out.print(notice, highlight=False, markup=False)
    raise typer.Exit(state.exit_code)


def _when(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def _deadline_text(deadline: dt.date | None, today: dt.date) -> str:
    if deadline is None:
        return "ingen sista svarsdag angiven"
    days = (deadline - today).days
    if days > 0:
        return f"svar senast {deadline.isoformat()}, om {count_text(days, 'dag', 'dagar')}"
    if days == 0:
        return f"svar senast {deadline.isoformat()}, i dag"
    return f"svar senast {deadline.isoformat()}, passerad för {count_text(-days, 'dag', 'dagar')} sedan"


def show(state: RoundState, new_master: Path | None) -> None:
    p = lambda text: out.print(text, highlight=False, markup=False)  # noqa: E731
    counts = state.counts()
    p(f"Omgång: {state.omgang or '(namn saknas)'} ({_deadline_text(state.deadline(), state.today)})")
    p(
        f"{len(state.units)} enheter: {counts[KLAR]} godkända, {counts[BESLUT_VANTAR]} väntar på beslut, "
        f"{counts[ATER_VANTAR]} åter till enheten, {counts[MED_FEL]} med fel, {counts[SAKNAS]} saknas."
    )
    table = Table(show_lines=False, header_style="bold")
    for header in ("Verksamhetsområde", "Skickad", "Inkommen", "Läge", "Beslut", "Anmärkning"):
        table.add_column(header, overflow="fold", no_wrap=header in ("Skickad", "Inkommen"))
    for u in state.units:
        late = f", {count_text(u.late_days, 'dag', 'dagar')} sen" if u.late_days else ""
        note = u.note or (u.register.kommentar if u.state == ATER_VANTAR else "")
        if u.file is not None and u.file.errors and not note:
            note = f"{count_text(u.file.errors, 'fel', 'fel')}: skicka tillbaka med prognos aterkoppling"
        sent = u.register.skickad.date().isoformat() if u.register.skickad else ""
        table.add_row(
            Text(u.omrade),
            Text(sent),
            Text(_when(u.received)),
            Text(u.state + late, style=STYLE[u.state]),
            Text("" if u.beslut == VANTAR else u.beslut),
            Text(note),
        )
    (out if out.is_terminal else Console(width=140)).print(table)  # a file or pipe: wide enough to read
    remind = state.to_remind()
    if remind:
        p(f"Påminn ({_deadline_text(state.deadline(), state.today)}): " + ", ".join(u.omrade for u in remind) + ".")
    for f in state.unknown_files:
        p(f"Okänd fil: {f.fil} hör inte till någon enhet i omgången.")
    if state.complete:
        p(
            "Alla enheter har lämnat in utan fel. Sammanställ de godkända: "
            "prognos validera MAPP --sammanstall MASTER.xlsx -o NY_MASTER.xlsx"
        )
    if new_master is not None:
        p(f"Registret Omgång är uppdaterat i {new_master}.")


def state_json(state: RoundState) -> dict:
    deadline = state.deadline()
    return {
        "version": 1,
        "omgang": state.omgang,
        "idag": state.today.isoformat(),
        "svar_senast": deadline.isoformat() if deadline else None,
        "komplett": state.complete,
        "automatiskt_godkannande": state.auto_approve,
        "antal": state.counts(),
        "paminn": [u.omrade for u in state.to_remind()],
        "okanda_filer": [f.fil for f in state.unknown_files],
        "enheter": [
            {
                "verksamhetsomrade": u.omrade,
                "lage": u.state,
                "beslut": u.beslut,
                "automatiskt": u.beslut == AUTO_GODKAND,
                "kommentar": u.register.kommentar or None,
                "skickad": _when(u.register.skickad) or None,
                "skickad_fil": u.register.skickad_fil or None,
                "inkommen": _when(u.received) or None,
                "fil": u.file.fil if u.file else None,
                "kontrollsumma": u.file.sha256 if u.file else None,
                "valideringsstatus": u.file.status if u.file else "Saknas",
                "fel": u.file.errors if u.file else None,
                "dagar_sen": u.late_days,
                "paminn": u.remind,
                "anmarkning": u.note or None,
            }
            for u in state.units
        ],
    }
