"""``prognos uppdatera`` (and the demo's refresh): open with the surgical writer, refresh, save.

Loaded by ``addin/commands/cli.py`` only when a command that refreshes runs, so ``prognos --help`` and
``prognos validera`` do not pay for the engine's imports.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import typer
from rich.console import Console

from addin.commands.base import err as stderr_console
from addin.commands.base import new_app
from addin.commands.base import out as stdout_console
from addin.ribbon.forecast import Result, uppdatera_prognos
from udfs.language.rounding import format_tal
from udfs.language.sheet_names import SAMMANFATTNING
from udfs.language.vocabulary import ENHETER
from workbooks.books.package_book import PackageBook


def progress_printer(err: Console, enabled: bool):
    """A step printer: a rich status line on a terminal, silent otherwise."""
    if not enabled or not err.is_terminal:
        return lambda _step: None, None
    status = err.status("Startar …")
    status.start()

    def step(text: str) -> None:
        status.update(text + " …")

    return step, status


@contextmanager
def collector_paused():
    """Python's cycle collector off for one refresh, back on (as it was) afterwards.

    Reading a large Utfall table makes hundreds of thousands of row lists and tuples, none of
    them in a reference cycle; each of them triggers the collector's bookkeeping, and its full
    passes walk every object of the process again (about 0.4 s of 4.7 at 256 000 rows). Objects
    freed by reference counting are freed as before, so the peak memory does not change; the
    few cycles a refresh leaves are collected when the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_uppdatera(
    indata: Path,
    ut: Path,
    show_progress: bool = True,
    err: Console | None = None,
    notice: Callable[[str], None] | None = None,
) -> Result:
    """Refresh ``indata`` into ``ut``. ``notice`` gets the one line said when the surgical writer
    cannot be used and the workbook is re-written with openpyxl (default: standard error)."""
    err = err or Console(stderr=True, soft_wrap=True)
    step, status = progress_printer(err, show_progress)
    try:
        with collector_paused():
            step("Öppnar arbetsboken")
            book = PackageBook(indata, notice=notice or (lambda line: err.print(line, highlight=False, markup=False)))
            result = uppdatera_prognos(book, file=indata.name, progress=step)
            step("Sparar")
            book.save(ut)
    finally:
        if status is not None:
            status.stop()
    return result


def summary(out: Console, result: Result, ut: Path) -> None:
    if result.report is None:
        out.print(
            f"[red]Valideringsfel:[/red] {len(result.errors)} fel, {len(result.warnings)} varningar. "
            f"Inga beräkningar gjordes. Se bladet Valideringsfel i {ut}."
        )
        for f in result.errors[:10]:
            out.print(f"  {f.blad}!{f.cell}: {f.meddelande}", highlight=False)
        if len(result.errors) > 10:
            out.print(f"  … och {len(result.errors) - 10} fel till.")
        return
    report = result.report
    net = report.totals()["Netto"]
    div = 1_000_000 / ENHETER[report.enhet]
    dev = net["prognos"] - net["budget"]
    pct = f" ({format_tal(dev / abs(net['budget']) * 100, 1)} %)" if net["budget"] else ""
    out.print(f"Skrev {ut}", highlight=False)
    out.print(
        f"  {report.namnd}, {report.ar} period {report.period}: {len(report.areas)} verksamhetsområden, "
        f"prognos netto {format_tal(net['prognos'] / div, 1)} mnkr, budget "
        f"{format_tal(net['budget'] / div, 1)} mnkr, "
        f"avvikelse {format_tal(dev / div, 1, tecken=True)} mnkr{pct}.",
        highlight=False,
    )
    for r in result.rapporter:
        out.print(
            f"  Statsbidrag {r.namn}: kvarstående {format_tal(r.kvarstaende, 0)} kr. {r.status}.", highlight=False
        )
    if result.errors:
        out.print(f"  {len(result.errors)} fel och {len(result.warnings)} varningar: se bladet Valideringsfel.")
        for f in result.errors[:10]:
            out.print(f"  {f.blad}!{f.cell}: {f.meddelande}", highlight=False)
    elif result.warnings:
        out.print(f"  {len(result.warnings)} varningar: se bladet Valideringsfel.")


def sentences(result: Result) -> list[str]:
    sheet = next(s for s in result.sheets if s.name == SAMMANFATTNING)
    texts = [row[0].value for row in sheet.rows if row and row[0] is not None and isinstance(row[0].value, str)]
    return [t for t in texts if t.startswith(("Prognosen", "I jämförelse"))]


app = new_app()


@app.command("uppdatera")
def uppdatera(
    indata: Path = typer.Argument(
        ..., help="Arbetsboken (.xlsx) med tabellerna Installningar, Budget, Utfall och Prognos."
    ),
    ut: Path = typer.Option(..., "-o", "--ut", help="Den nya arbetsboken som skrivs. Indatafilen ändras aldrig."),
) -> None:
    """Validera, beräkna prognoser och skriv bladen Sammanfattning, Avvikelse, Metodval, Volymanalys,
    Diagram (och Återrapportering om arbetsboken har statsbidrag) samt Valideringsfel."""
    result = run_uppdatera(indata, ut, err=stderr_console)
    summary(stdout_console, result, ut)
    raise typer.Exit(0 if result.ok else 1)
