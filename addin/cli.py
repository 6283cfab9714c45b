"""The command line: ``prognos``. Help and messages in Swedish."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from addin import server_cli
from addin.batch_cli import register as register_batch
from addin.grants_macro import DEMO_DATUM, is_grant_workbook, parse_datum, run_aterrapport, summary_lines
from addin.macros import Result, uppdatera_prognos
from udfs.rounding import format_tal
from udfs.vocabulary import ENHETER
from validation.tables import UnusableInput
from workbooks.mall import skapa_mall
from workbooks.xlsx_file import XlsxBook

class _SwedishHelp:
    """The help option's own text in Swedish (the commands' help texts already are)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
        return option


class SwedishGroup(_SwedishHelp, TyperGroup):
    pass


class SwedishCommand(_SwedishHelp, TyperCommand):
    pass


app = typer.Typer(
    name="prognos",
    cls=SwedishGroup,
    help="Prognos – prognoser, budgetavvikelser och återrapportering av statsbidrag, direkt i Excel-arbetsböcker.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXEMPEL_DIR = Path(__file__).resolve().parent.parent / "workbooks" / "exempel"


def _progress(enabled: bool):
    """A step printer: a rich status line on a terminal, silent otherwise."""
    if not enabled or not err.is_terminal:
        return lambda _step: None, None
    status = err.status("Startar …")
    status.start()

    def step(text: str) -> None:
        status.update(text + " …")

    return step, status


def run_uppdatera(indata: Path, ut: Path, show_progress: bool = True) -> Result:
    step, status = _progress(show_progress)
    try:
        step("Öppnar arbetsboken")
        book = XlsxBook(indata)
        result = uppdatera_prognos(book, file=indata.name, progress=step)
        step("Sparar")
        book.save(ut)
    finally:
        if status is not None:
            status.stop()
    return result


def _summary(result: Result, ut: Path) -> None:
    if result.report is None:
        out.print(f"[red]Valideringsfel:[/red] {len(result.errors)} fel, {len(result.warnings)} varningar. "
                  f"Inga beräkningar gjordes. Se bladet Valideringsfel i {ut}.")
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
    out.print(f"  {report.namnd}, {report.ar} period {report.period}: {len(report.areas)} verksamhetsområden, "
              f"prognos netto {format_tal(net['prognos'] / div, 1)} mnkr, budget {format_tal(net['budget'] / div, 1)} mnkr, "
              f"avvikelse {format_tal(dev / div, 1, tecken=True)} mnkr{pct}.", highlight=False)
    for r in result.rapporter:
        out.print(f"  Statsbidrag {r.namn}: kvarstående {format_tal(r.kvarstaende, 0)} kr. {r.status}.", highlight=False)
    if result.errors:
        out.print(f"  {len(result.errors)} fel och {len(result.warnings)} varningar: se bladet Valideringsfel.")
        for f in result.errors[:10]:
            out.print(f"  {f.blad}!{f.cell}: {f.meddelande}", highlight=False)
    elif result.warnings:
        out.print(f"  {len(result.warnings)} varningar: se bladet Valideringsfel.")


@app.command("uppdatera")
def uppdatera(
    indata: Path = typer.Argument(..., help="Arbetsboken (.xlsx) med tabellerna Installningar, Budget, Utfall och Prognos."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Den nya arbetsboken som skrivs. Indatafilen ändras aldrig."),
) -> None:
    """Validera, beräkna prognoser och skriv bladen Sammanfattning, Avvikelse, Metodval, Volymanalys, Diagram (och Återrapportering om arbetsboken har statsbidrag) samt Valideringsfel."""
    result = run_uppdatera(indata, ut)
    _summary(result, ut)
    raise typer.Exit(0 if result.ok else 1)


@app.command("aterrapport")
def aterrapport(
    indata: Path = typer.Argument(..., help="Arbetsboken (.xlsx) med tabellerna Statsbidrag och Bidragskostnader."),
    ut: Path = typer.Option(..., "-o", "--ut", help="Den nya arbetsboken som skrivs. Indatafilen ändras aldrig."),
    pdf: Optional[Path] = typer.Option(None, "--pdf", help="Mapp där en PDF per bidrag skrivs, en A4-sida var (kräver LibreOffice)."),
    datum: Optional[str] = typer.Option(None, "--datum", help="Dagens datum ÅÅÅÅ-MM-DD för sista dag och dagar kvar (förval: i dag)."),
) -> None:
    """Skriv bladet Återrapportering (en sida per statsbidrag, som myndighetens formulär) och Valideringsfel."""
    today = parse_datum(datum)
    step, status = _progress(True)
    try:
        result = run_aterrapport(indata, ut, pdf, today, step)
    finally:
        if status is not None:
            status.stop()
    for line in summary_lines(result, ut):
        out.print(line, highlight=False)
    raise typer.Exit(0 if result.ok else 1)


@app.command("mall")
def mall(
    ut: Path = typer.Argument(..., help="Filen som skapas, t.ex. prognos_mall.xlsx."),
    ar: Optional[int] = typer.Option(None, "--ar", help="Budgetåret (förval: innevarande år)."),
) -> None:
    """Skapa en tom mall med alla tabeller, rullgardinslistor och en instruktionsflik."""
    if ut.exists() and ut.is_dir():
        raise UnusableInput(f"{ut}: är en mapp. Ange ett filnamn, t.ex. {ut / 'prognos_mall.xlsx'}.")
    skapa_mall(ut, ar)
    out.print(f"Skrev mallen {ut}", highlight=False)
    raise typer.Exit(0)


@app.command("server")
def server(
    host: str = typer.Option("127.0.0.1", "--host", help="Adressen servern lyssnar på (bakom nginx: 127.0.0.1)."),
    port: int = typer.Option(8000, "--port", help="Porten."),
    http: bool = typer.Option(False, "--http", help="Vanlig HTTP utan certifikat: bara för lokala tester, Excel kräver HTTPS."),
    cert: Optional[Path] = typer.Option(None, "--cert", help="Certifikat (PEM). Förval: utvecklingscertifikatet i addin/certs."),
    key: Optional[Path] = typer.Option(None, "--key", help="Privat nyckel (PEM) till certifikatet."),
    skapa_certifikat: bool = typer.Option(False, "--skapa-certifikat", help="Skapa ett utvecklingscertifikat för localhost och avsluta."),
) -> None:
    """Starta servern för Excel-tillägget (Office.js, xlwings Server): menyfliken Prognos och funktionerna PROGNOS.*."""
    try:
        if skapa_certifikat:
            made = server_cli.skapa_certifikat()
            out.print(f"Skrev {made[0]} och {made[1]}. Lita på certifikatet enligt docs/deployment.md.", highlight=False)
            raise typer.Exit(0)
        server_cli.serve(host=host, port=port, http=http, cert=cert, key=key)
    except server_cli.ServerError as exc:
        err.print(f"Fel: {exc}", highlight=False, markup=False)
        raise typer.Exit(2)
    raise typer.Exit(0)


@app.command("demo")
def demo(
    utmapp: Path = typer.Option(Path("prognos-demo"), "--utmapp", "-o", help="Mappen där resultaten skrivs."),
) -> None:
    """Kör Prognos på de medföljande exempelarbetsböckerna och visa vad som skapades."""
    examples = sorted(EXEMPEL_DIR.glob("*.xlsx"))
    if not examples:
        raise UnusableInput(f"Inga exempelarbetsböcker hittades i {EXEMPEL_DIR}.")
    utmapp.mkdir(parents=True, exist_ok=True)
    worst = 0
    for example in examples:
        if is_grant_workbook(example):  # grant tables and no Budget: the report-backs
            worst = max(worst, _demo_aterrapport(example, utmapp))
            continue
        target = utmapp / f"{example.stem}_uppdaterad.xlsx"
        out.print(f"Exempel: {example.name}", highlight=False)
        result = run_uppdatera(example, target)
        _summary(result, target)
        if result.report is not None:
            for line in _sentences(result):
                out.print(f"  {line}", highlight=False)
        worst = max(worst, 0 if result.ok else 1)
    forecast = next((e for e in examples if not is_grant_workbook(e)), None)
    if forecast is not None:
        # The unit round trip on the same example: send out, then check what "came back".
        out.print(f"Utskick och kontroll av enheternas arbetsböcker ({forecast.name}):", highlight=False)
        sent = utmapp / "utskick"
        worst = max(worst, main(["utskick", str(forecast), "-o", str(sent), "--skriv-over"]))
        worst = max(worst, main(["validera", str(sent), "--master", str(forecast),
                                 "-o", str(utmapp / "valideringsrapport.xlsx")]))

    template = skapa_mall(utmapp / "prognos_mall.xlsx")
    out.print(f"Skrev en tom mall: {template}", highlight=False)
    out.print(f"Klart. Resultaten finns i {utmapp.resolve()}", highlight=False)
    raise typer.Exit(worst)


def _demo_aterrapport(example: Path, utmapp: Path) -> int:
    target = utmapp / f"{example.stem}_aterrapport.xlsx"
    out.print(f"Exempel: {example.name} (återrapportering av statsbidrag per {DEMO_DATUM.isoformat()}, "
              "dagen då återrapporteringarna skrevs)", highlight=False)
    result = run_aterrapport(example, target, today=DEMO_DATUM)
    for line in summary_lines(result, target):
        out.print(line, highlight=False)
    for r in result.rapporter:
        out.print(f"  {r.namn}: {' '.join(r.texter[1:])}", highlight=False)
    return 0 if result.ok else 1


def _sentences(result: Result) -> list[str]:
    sheet = next(s for s in result.sheets if s.name == "Sammanfattning")
    texts = [row[0].value for row in sheet.rows if row and row[0] is not None and isinstance(row[0].value, str)]
    return [t for t in texts if t.startswith(("Prognosen", "I jämförelse"))]


# The unit round trip: prognos utskick, prognos validera (addin/batch_cli.py).
register_batch(app, out, err)
for _command in app.registered_commands:
    if _command.cls in (None, TyperCommand):
        _command.cls = SwedishCommand


def main(argv: list[str] | None = None) -> int:
    """Entry point: never a traceback for bad input, exit codes as PRODUCT.md says."""
    try:
        app(args=argv, prog_name="prognos")  # standalone: usage errors print and exit 2
        return 0
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except UnusableInput as exc:
        err.print(f"Fel: {exc}", highlight=False, markup=False)
        return 2
    except Exception as exc:
        if os.environ.get("PROGNOS_DEBUG"):
            raise
        err.print(f"Oväntat fel i Prognos: {type(exc).__name__}: {exc}. "
                  "Kör igen med PROGNOS_DEBUG=1 för detaljer och rapportera felet.", highlight=False, markup=False)
        return 2


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
