"""``prognos rapport IN.xlsx -o UT.docx``: the economic section of the committee paper as Word.
Loaded by ``addin/commands/cli.py`` only when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from addin.commands.base import err, new_app, out, parse_date_option
from addin.commands.uppdatera import collector_paused, progress_printer
from addin.ribbon.paper import skapa_rapport
from validation.raw_table import UnusableInput
from workbooks.books.package_book import PackageBook
from workbooks.report.paper_word import save

app = new_app()


@app.command("rapport")
def rapport(
    indata: Path = typer.Argument(
        ..., help="Arbetsboken (.xlsx) med tabellerna Installningar, Budget, Utfall och Prognos."
    ),
    ut: Path = typer.Option(..., "-o", "--ut", help="Word-dokumentet (.docx) som skrivs. Indatafilen ändras aldrig."),
    datum: Optional[str] = typer.Option(
        None,
        "--datum",
        help="Rapportens datum ÅÅÅÅ-MM-DD i sidhuvudet (förval: raden Rapportdatum i Inställningar, annars i dag).",
    ),
) -> None:
    """Skriv den ekonomiska delen av nämndens rapport som Word-dokument: text, tabeller och diagram."""
    if ut.resolve() == indata.resolve():
        raise UnusableInput(f"{ut}: rapporten får inte skrivas över indatafilen. Ange ett annat filnamn.")
    dag = parse_date_option(datum)
    step, status = progress_printer(err, True)
    try:
        step("Öppnar arbetsboken")
        with collector_paused():  # read as the refresh reads: calamine and the table parts, never openpyxl
            book = PackageBook(indata)
            try:
                made = skapa_rapport(book, file=indata.name, progress=step, datum=dag)
            finally:
                book.close()
        step("Sparar")
        save(made.document, ut)
    finally:
        if status is not None:
            status.stop()
    result = made.result
    if result.report is None:
        out.print(f"[red]Valideringsfel:[/red] {len(result.errors)} fel. Inga beräkningar gjordes; {ut} listar felen.")
        for f in result.errors[:10]:
            out.print(f"  {f.blad}!{f.cell}: {f.meddelande}", highlight=False)
        raise typer.Exit(1)
    out.print(f"Skrev {ut}: {len(made.sections)} avsnitt med tabeller och diagram.", highlight=False)
    if result.errors:
        out.print(f"  {len(result.errors)} fel: kör prognos uppdatera och se bladet Valideringsfel.", highlight=False)
    raise typer.Exit(0 if result.ok else 1)
