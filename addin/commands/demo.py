"""``prognos demo``: the commands on the bundled example workbooks. Loaded only when it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import typer
from rich.console import Console

from addin.commands.base import err as stderr_console
from addin.commands.base import new_app
from addin.commands.base import out as stdout_console
from addin.commands.cli import main
from addin.commands.demo_round import demo_round
from addin.commands.uppdatera import run_uppdatera, sentences, summary
from addin.ribbon.grants import DEMO_DATUM, is_grant_workbook, run_aterrapport, summary_lines
from udfs.section.assembly import section
from validation.raw_table import UnusableInput
from workbooks.template.template import write_template

EXEMPEL_DIR = Path(__file__).resolve().parents[2] / "workbooks" / "exempel"
# The example's send-out (Delår 1 2023, outcome to April): the units answer within ten days of
# the books closing, to the committee's economists.
DEMO_SENAST = "2023-05-10"
DEMO_KONTAKT = "Ekonomienheten, socialförvaltningen (ekonomi@exempel.se)"


def demo(utmapp: Path, out: Console, err: Console, run_command: Callable[[list[str]], int]) -> int:
    """Run the examples into ``utmapp``; ``run_command`` runs another prognos command (the unit
    round trip). Returns the exit code."""
    examples = sorted(EXEMPEL_DIR.glob("*.xlsx"))
    if not examples:
        raise UnusableInput(f"Inga exempelarbetsböcker hittades i {EXEMPEL_DIR}.")
    utmapp.mkdir(parents=True, exist_ok=True)
    worst = 0
    for example in examples:
        if is_grant_workbook(example):  # grant tables and no Budget: the report-backs
            worst = max(worst, _aterrapport(example, utmapp, out))
            continue
        target = utmapp / f"{example.stem}_uppdaterad.xlsx"
        out.print(f"Exempel: {example.name}", highlight=False)
        result = run_uppdatera(example, target, err=err)
        summary(out, result, target)
        if result.report is not None:
            for line in sentences(result):
                out.print(f"  {line}", highlight=False)
            for line in own_section(result.report):  # the economist's own words in the paper (issue 20)
                out.print(f"  {line}", highlight=False)
        worst = max(worst, 0 if result.ok else 1)
        if result.report is not None:  # the same section as the committee paper's Word document
            worst = max(
                worst, run_command(["rapport", str(example), "-o", str(utmapp / f"{example.stem}_ekonomi.docx")])
            )
    forecast = next((e for e in examples if not is_grant_workbook(e)), None)
    if forecast is not None:
        # The unit round trip on the same example: send out, then check what "came back".
        out.print(f"Utskick och kontroll av enheternas arbetsböcker ({forecast.name}):", highlight=False)
        sent = utmapp / "utskick"
        worst = max(
            worst,
            run_command(
                [
                    "utskick",
                    str(forecast),
                    "-o",
                    str(sent),
                    "--skriv-over",
                    "--senast",
                    DEMO_SENAST,
                    "--kontakt",
                    DEMO_KONTAKT,
                ]
            ),
        )
        worst = max(
            worst,
            run_command(
                ["validera", str(sent), "--master", str(forecast), "-o", str(utmapp / "valideringsrapport.xlsx")]
            ),
        )
    template = write_template(utmapp / "prognos_mall.xlsx")
    out.print(f"Skrev en tom mall: {template}", highlight=False)
    if forecast is not None:
        worst = max(worst, demo_round(forecast, utmapp / "omgang", out, run_command))
    out.print(f"Klart. Resultaten finns i {utmapp.resolve()}", highlight=False)
    return worst


def own_section(report, key: str = "prognosforandring") -> list[str]:
    """A section as the paper prints it when it carries the economist's own words (Texter): its
    heading, the economist's paragraphs and bullets, then the engine's first sentence."""
    found = section(report, key)
    if found is None or not found.own_words:
        return []
    return ["", f"Ur rapporten, {found.title}:", *found.own_words, *found.sentences[:1]]


def _aterrapport(example: Path, utmapp: Path, out: Console) -> int:
    target = utmapp / f"{example.stem}_aterrapport.xlsx"
    out.print(
        f"Exempel: {example.name} (återrapportering av statsbidrag per {DEMO_DATUM.isoformat()}, "
        "dagen då återrapporteringarna skrevs)",
        highlight=False,
    )
    result = run_aterrapport(example, target, today=DEMO_DATUM)
    for line in summary_lines(result, target):
        out.print(line, highlight=False)
    for r in result.rapporter:
        out.print(f"  {r.namn}: {' '.join(r.texter[1:])}", highlight=False)
    return 0 if result.ok else 1


app = new_app()


@app.command("demo")
def demo_command(
    utmapp: Path = typer.Option(Path("prognos-demo"), "--utmapp", "-o", help="Mappen där resultaten skrivs."),
) -> None:
    """Kör Prognos på de medföljande exempelarbetsböckerna och visa vad som skapades."""
    raise typer.Exit(demo(utmapp, stdout_console, stderr_console, main))
