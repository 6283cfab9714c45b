"""``prognos aterkoppling MAPP --master MASTER.xlsx -o UTMAPP/``: a feedback workbook for every
unit the economist sent back (Beslut ``Åter till enheten`` in the register, on the file now in
the folder): the unit's own file with the sheet ``Återkoppling`` (comment, every finding with a
link to its cell), under the same file name, ready to send and to return.
Exit codes: 0 written (or no unit sent back); 1 a sent-back unit's file could not be used; 2 usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from addin.commands.base import new_app, out
from udfs.language.vocabulary import normalize
from validation.raw_table import UnusableInput
from validation.round.round_status import ATER_VANTAR
from workbooks.round.submissions import validate_batch
from workbooks.round_register.feedback import write_feedback
from workbooks.round_register.register_book import read_round_master, state_of

app = new_app()


@app.command("aterkoppling")
def aterkoppling(
    mapp: Path = typer.Argument(..., help="Mappen med enheternas inlämnade arbetsböcker."),
    master: Path = typer.Option(..., "--master", metavar="MASTER.xlsx", help="Mastern med besluten i bladet Omgång."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Mappen där återkopplingsarbetsböckerna skrivs."),
    enhet: Optional[List[str]] = typer.Option(None, "--enhet", help="Bara dessa verksamhetsområden (kan upprepas)."),
    beslut: Optional[Path] = typer.Option(
        None,
        "--beslut",
        metavar="RAPPORT.xlsx",
        help="Ta besluten från valideringsrapportens kolumn Beslut (bladet Översikt).",
    ),
) -> None:
    """Skapa en återkopplingsarbetsbok för varje enhet som har fått beslutet Åter till enheten."""
    if not mapp.is_dir():
        raise UnusableInput(f"{mapp}: är ingen mapp. Ange mappen där enheternas arbetsböcker ligger.")
    if ut.exists() and not ut.is_dir():
        raise UnusableInput(f"{ut}: är en fil. Ange en mapp med -o, t.ex. -o aterkoppling/.")
    if ut.resolve() == mapp.resolve():
        raise UnusableInput(f"{ut}: återkopplingen får inte skrivas i mappen med inlämningarna. Ange en annan mapp.")
    rm = read_round_master(master, beslut)
    batch = validate_batch([mapp], master=rm.info, exclude=[beslut] if beslut else [])
    state = state_of(rm, batch)
    wanted = {normalize(e) for e in enhet or []}
    chosen = [u for u in state.units if u.state == ATER_VANTAR and (not wanted or normalize(u.omrade) in wanted)]
    p = lambda text: out.print(text, highlight=False, markup=False)  # noqa: E731
    if not chosen:
        p(
            "Ingen enhet har beslutet Åter till enheten för filen i mappen; ingen återkoppling skrevs. "
            "Skriv beslutet i bladet Omgång i mastern (kolumnen Beslut)."
        )
        raise typer.Exit(0)
    code = 0
    for unit in chosen:
        try:
            target = write_feedback(unit, ut)
        except UnusableInput as exc:
            p(
                f"  {unit.omrade}: filen {unit.file.fil} kan inte användas ({exc}). Skicka enheten en ny arbetsbok "
                "från prognos utskick --enhet."
            )
            code = 1
            continue
        p(f"  {unit.omrade}: {target} ({unit.file.errors} fel, {unit.file.warnings} varningar)")
    p(f"Skicka filerna i {ut} till enheterna; när de kommer tillbaka ersätter de den gamla filen i {mapp}.")
    raise typer.Exit(code)
