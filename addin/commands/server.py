"""``prognos server``: the Office.js add-in's server. Loaded (with xlwings) only when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from addin.commands.base import err, new_app, out
from addin.server import startup

app = new_app()


@app.command("server")
def server(
    host: str = typer.Option("127.0.0.1", "--host", help="Adressen servern lyssnar på (bakom nginx: 127.0.0.1)."),
    port: int = typer.Option(8000, "--port", help="Porten."),
    http: bool = typer.Option(
        False, "--http", help="Vanlig HTTP utan certifikat: bara för lokala tester, Excel kräver HTTPS."
    ),
    cert: Optional[Path] = typer.Option(
        None, "--cert", help="Certifikat (PEM). Förval: utvecklingscertifikatet i addin/certs."
    ),
    key: Optional[Path] = typer.Option(None, "--key", help="Privat nyckel (PEM) till certifikatet."),
    skapa_certifikat: bool = typer.Option(
        False, "--skapa-certifikat", help="Skapa ett utvecklingscertifikat för localhost och avsluta."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Antal arbetsprocesser (förslagsvis en per kärna). Med fler än en: sätt "
        "XLWINGS_SOCKETIO_MESSAGE_QUEUE_URL (Redis) för förloppet i aktivitetsfönstret.",
    ),
) -> None:
    """Starta servern för Excel-tillägget (Office.js, xlwings Server): menyfliken Prognos och funktionerna PROGNOS.*."""
    try:
        if skapa_certifikat:
            made = startup.skapa_certifikat()
            out.print(
                f"Skrev {made[0]} och {made[1]}. Lita på certifikatet enligt docs/deployment.md.", highlight=False
            )
            raise typer.Exit(0)
        startup.serve(
            host=host,
            port=port,
            http=http,
            cert=cert,
            key=key,
            workers=workers,
            note=lambda text: err.print(text, highlight=False, markup=False),
        )
    except startup.ServerError as exc:
        err.print(f"Fel: {exc}", highlight=False, markup=False)
        raise typer.Exit(2)
    raise typer.Exit(0)
