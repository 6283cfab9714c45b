"""``prognos utskick``: one workbook per verksamhetsområde to send out. Loaded by
``addin/commands/cli.py`` when the command runs. Help and messages in Swedish.
Exit codes: 0 written, 1 the master has validation errors, 2 unusable input.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from addin.commands.base import new_app, out, parse_date_option
from workbooks.round.send_out import MasterInvalid, write_send_out
from workbooks.round_register.register_sheet import check_new_master, record_send_out

app = new_app()


@app.command("utskick")
def utskick(
    master: Path = typer.Argument(..., help="Nämndens arbetsbok (master) med Budget, Utfall och Prognos."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Mappen där en arbetsbok per verksamhetsområde skrivs."),
    omgang: Optional[str] = typer.Option(None, "--omgang", help="Omgångens namn (förval: t.ex. 'Delår 1 2023')."),
    senast: Optional[str] = typer.Option(None, "--senast", help="Sista svarsdag, ÅÅÅÅ-MM-DD."),
    kontakt: Optional[str] = typer.Option(None, "--kontakt", help="Vem enheterna frågar, t.ex. namn och e-post."),
    losenord: Optional[str] = typer.Option(None, "--losenord", help="Lösenord för bladskyddet (förval: inget)."),
    enhet: Optional[List[str]] = typer.Option(None, "--enhet", help="Bara dessa verksamhetsområden (kan upprepas)."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Skriv över filer som redan finns i mappen."),
    master_ut: Optional[Path] = typer.Option(
        None,
        "--master-ut",
        metavar="NY_MASTER.xlsx",
        help="Skriv också en ny master med omgångsregistret (bladet Omgång: vad som skickades, när, kontrollsumma).",
    ),
    anvandare: Optional[str] = typer.Option(
        None, "--anvandare", help="Namnet i ändringsloggen (förval: inloggad användare)."
    ),
) -> None:
    """Skapa en arbetsbok per verksamhetsområde att skicka ut: låsta celler, rullgardinslistor och instruktioner."""
    deadline = parse_date_option(senast, "--senast")
    if master_ut is not None:
        check_new_master(master, master_ut)
    try:
        result = write_send_out(
            master,
            ut,
            omgang=omgang,
            svar_senast=deadline,
            kontakt=kontakt,
            password=losenord,
            overwrite=skriv_over,
            units=enhet or None,
        )
    except MasterInvalid as exc:
        out.print(
            f"{master.name}: mastern har {len(exc.findings)} valideringsfel; inget skickas ut. "
            "Kör prognos uppdatera på mastern för att se alla.",
            highlight=False,
            markup=False,
        )
        for finding in exc.findings[:10]:
            out.print(f"  {finding.blad}!{finding.cell}: {finding.meddelande}", highlight=False, markup=False)
        raise typer.Exit(1)
    out.print(
        f"{result.omgang}: skrev {len(result.files)} arbetsböcker i {result.folder}", highlight=False, markup=False
    )
    for unit, path in result.files.items():
        out.print(f"  {path.name}  ({unit})", highlight=False, markup=False)
    if master_ut is not None:
        record_send_out(master, master_ut, result, deadline, anvandare)
        out.print(
            f"Omgångsregistret (bladet Omgång) finns i {master_ut}; arbeta vidare i den mastern. "
            f"När filerna kommit tillbaka: prognos status MAPP --master {master_ut}",
            highlight=False,
            markup=False,
        )
    else:
        out.print(
            "Skicka filerna till enheterna. När de kommit tillbaka: "
            f"prognos validera {result.folder} --master {master}",
            highlight=False,
            markup=False,
        )
    raise typer.Exit(0)
