"""``prognos aterrapport``: the grant report-backs. Loaded only when the command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from addin.commands.base import err, new_app, out, parse_date_option
from addin.commands.uppdatera import progress_printer
from addin.ribbon.grants import run_aterrapport, summary_lines

app = new_app()


@app.command("aterrapport")
def aterrapport(
    indata: Path = typer.Argument(..., help="Arbetsboken (.xlsx) med tabellerna Statsbidrag och Bidragskostnader."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Den nya arbetsboken som skrivs. Indatafilen ändras aldrig."),
    pdf: Optional[Path] = typer.Option(
        None, "--pdf", help="Mapp där en PDF per bidrag skrivs, en A4-sida var (kräver LibreOffice)."
    ),
    datum: Optional[str] = typer.Option(
        None, "--datum", help="Dagens datum ÅÅÅÅ-MM-DD för sista dag och dagar kvar (förval: i dag)."
    ),
) -> None:
    """Skriv bladet Återrapportering (en sida per statsbidrag, som myndighetens formulär) och Valideringsfel."""
    today = parse_date_option(datum)
    step, status = progress_printer(err, True)
    try:
        result = run_aterrapport(indata, ut, pdf, today, step)
    finally:
        if status is not None:
            status.stop()
    for line in summary_lines(result, ut):
        out.print(line, highlight=False)
    raise typer.Exit(0 if result.ok else 1)
