"""``prognos faststall MASTER.xlsx -o UT.xlsx --omgang NAMN``: keep the committee's forecast of
the round in ``Prognoshistorik`` (per area: Intäkter, Kostnader and Netto, with the round's
name and date), once per round. Exit codes: 0 written; 1 the round is already kept or the
master has validation errors; 2 usage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from addin.commands.base import new_app, out, parse_date_option
from validation.raw_table import UnusableInput
from validation.round.settle import AlreadySettled
from workbooks.round_register.register_book import current_user, now
from workbooks.round_register.settle_book import MasterHasErrors, faststall

app = new_app()


@app.command("faststall")
def faststall_command(
    master: Path = typer.Argument(..., help="Mastern med nämndens prognos (den som rapporterades)."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Den nya mastern med raderna i Prognoshistorik."),
    omgang: str = typer.Option(..., "--omgang", help="Omgångens namn, t.ex. 'Delår 1' (året står i kolumnen År)."),
    datum: Optional[str] = typer.Option(
        None, "--datum", help="Dagen prognosen fastställdes, ÅÅÅÅ-MM-DD (förval: i dag)."
    ),
    anvandare: Optional[str] = typer.Option(
        None, "--anvandare", help="Namnet i ändringsloggen (förval: inloggad användare)."
    ),
) -> None:
    """Spara omgångens fastställda prognos i Prognoshistorik (en gång per omgång)."""
    if ut.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UnusableInput(f"{ut}: utfilen ska sluta på .xlsx.")
    if not omgang.strip():
        raise UnusableInput("--omgang får inte vara tomt: ange omgångens namn, t.ex. --omgang 'Delår 1'.")
    day = parse_date_option(datum, "--datum") or dt.date.today()
    p = lambda text: out.print(text, highlight=False, markup=False)  # noqa: E731
    try:
        done = faststall(master, ut, omgang, day, current_user(anvandare), now())
    except AlreadySettled as exc:
        p(f"{master.name}: {exc}")
        raise typer.Exit(1)
    except MasterHasErrors as exc:
        p(
            f"{master.name}: mastern har {len(exc.findings)} valideringsfel; ingen prognos fastställs. "
            "Kör prognos uppdatera på mastern för att se alla."
        )
        for finding in exc.findings[:10]:
            p(f"  {finding.blad}!{finding.cell}: {finding.meddelande}")
        raise typer.Exit(1)
    areas = len({e.omrade for e in done.entries})
    p(
        f"Fastställde {done.omgang} {done.ar} ({day.isoformat()}): {len(done.entries)} rader för {areas} "
        f"verksamhetsområden i {done.sheet} från rad {done.first_row}, i {ut}."
    )
    p("Nästa år visar bladet Prognossäkerhet hur långt prognosen låg från årets utfall.")
    raise typer.Exit(0)
