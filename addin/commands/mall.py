"""``prognos mall``: an empty template. Loaded only when the command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from addin.commands.base import new_app, out
from validation.raw_table import UnusableInput
from workbooks.template.template import write_template

app = new_app()


@app.command("mall")
def mall(
    ut: Path = typer.Argument(..., help="Filen som skapas, t.ex. prognos_mall.xlsx."),
    ar: Optional[int] = typer.Option(None, "--ar", help="Budgetåret (förval: innevarande år)."),
) -> None:
    """Skapa en tom mall med alla tabeller, rullgardinslistor och en instruktionsflik."""
    if ut.exists() and ut.is_dir():
        raise UnusableInput(f"{ut}: är en mapp. Ange ett filnamn, t.ex. {ut / 'prognos_mall.xlsx'}.")
    write_template(ut, ar)
    out.print(f"Skrev mallen {ut}", highlight=False)
    raise typer.Exit(0)
