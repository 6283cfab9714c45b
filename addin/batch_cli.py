"""The commands of the unit round trip: ``prognos utskick`` and ``prognos validera``.

Loaded by ``addin/cli.py`` when one of the two runs. Help and messages in Swedish.
Exit codes: ``utskick`` 0 written, 1 the master has validation errors, 2 unusable input;
``validera`` 0 all valid, 1 any invalid (or an expected unit missing), 2 usage.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from addin.cli_base import err as stderr_console
from addin.cli_base import new_app
from addin.cli_base import out as stdout_console
from udfs.talformat import antal, sekunder
from validation.batch import file_order
from validation.tables import UnusableInput
from workbooks.batch_files import validate_batch
from workbooks.batch_report import batch_json, write_report
from workbooks.consolidate import sammanstall as consolidate
from workbooks.safe_read import Limits
from workbooks.utskick import MasterInvalid, skapa_utskick


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UnusableInput(f"{option} {text!r} är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2023-05-15.") from None


def register(app: typer.Typer, out: Console, err: Console) -> None:
    """Define ``utskick`` and ``validera`` on ``app`` (this module's own ``app`` below)."""
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
    ) -> None:
        """Skapa en arbetsbok per verksamhetsområde att skicka ut: låsta celler, rullgardinslistor och instruktioner."""
        deadline = _date(senast, "--senast")
        try:
            result = skapa_utskick(master, ut, omgang=omgang, svar_senast=deadline, kontakt=kontakt, password=losenord,
                                   overwrite=skriv_over, units=enhet or None)
        except MasterInvalid as exc:
            out.print(f"{master.name}: mastern har {len(exc.findings)} valideringsfel; inget skickas ut. "
                      "Kör prognos uppdatera på mastern för att se alla.", highlight=False, markup=False)
            for finding in exc.findings[:10]:
                out.print(f"  {finding.blad}!{finding.cell}: {finding.meddelande}", highlight=False, markup=False)
            raise typer.Exit(1)
        out.print(f"{result.omgang}: skrev {len(result.files)} arbetsböcker i {result.folder}", highlight=False, markup=False)
        for unit, path in result.files.items():
            out.print(f"  {path.name}  ({unit})", highlight=False, markup=False)
        out.print("Skicka filerna till enheterna. När de kommit tillbaka: "
                  f"prognos validera {result.folder} --master {master}", highlight=False, markup=False)
        raise typer.Exit(0)

    @app.command("validera")
    def validera(
        sokvagar: List[Path] = typer.Argument(..., help="Inlämnade arbetsböcker och/eller mappar med arbetsböcker."),
        ut: Optional[Path] = typer.Option(None, "-o", "--ut",
                                          help="Rapporten (.xlsx); med --sammanstall den nya mastern."),
        som_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON på standard ut."),
        sammanstall: Optional[Path] = typer.Option(None, "--sammanstall", metavar="MASTER.xlsx",
                                                   help="För in giltiga inlämningar i denna master; kräver -o."),
        master: Optional[Path] = typer.Option(None, "--master", metavar="MASTER.xlsx",
                                              help="Mastern som anger omgångens verksamhetsområden (utan att sammanställa)."),
        rapport: Optional[Path] = typer.Option(None, "--rapport", help="Rapporten när -o är den nya mastern."),
        jobb: Optional[int] = typer.Option(None, "--jobb", min=0, help="Antal processer (förval: antal kärnor)."),
        tidsgrans: float = typer.Option(4.0, "--tidsgrans", min=0.5, help="Högsta tid per fil i sekunder."),
        minnesgrans: int = typer.Option(1024, "--minnesgrans", min=64, help="Högsta extra minne per fil i MB."),
    ) -> None:
        """Validera inlämnade arbetsböcker (filer och mappar), och sammanställ dem i mastern med --sammanstall."""
        if sammanstall is not None and ut is None:
            raise UnusableInput("--sammanstall kräver -o NY_MASTER.xlsx (mastern ändras aldrig).")
        if sammanstall is not None and master is not None and Path(master).resolve() != Path(sammanstall).resolve():
            raise UnusableInput("Ange antingen --master eller --sammanstall, inte två olika masterfiler.")
        the_master = sammanstall or master
        report_path = rapport if sammanstall is not None else ut
        for target in (ut, rapport):
            if target is not None and target.suffix.lower() not in (".xlsx", ".xlsm"):
                raise UnusableInput(f"{target}: utfilen ska sluta på .xlsx.")
        limits = Limits(seconds=tidsgrans, memory_mb=minnesgrans)
        progress = _Progress(err)
        try:
            batch = validate_batch(list(sokvagar), master=the_master, jobs=jobb, limits=limits,
                                   exclude=[p for p in (ut, rapport) if p is not None],
                                   consolidating=sammanstall is not None,
                                   on_start=progress.start, on_result=progress.advance)
        finally:
            progress.stop()
        changes = left_out = None
        if sammanstall is not None:
            changes, left_out = consolidate(batch, sammanstall, ut)
        if report_path is not None:
            write_report(batch, report_path, changes, left_out)
        if som_json:
            data = batch_json(batch)
            if changes is not None:
                data["sammanstallning"] = {
                    "ny_master": str(ut),
                    "andringar": [{"enhet": c.unit, "fil": c.fil, "verksamhetsomrade": c.omrade, "typ": c.typ,
                                   "kolumn": c.column, "cell": f"{c.sheet}!{c.cell}", "fore": _jsonable(c.old),
                                   "efter": _jsonable(c.new)} for c in changes],
                    "ej_sammanstallda": [{"fil": f, "enhet": u, "orsak": r} for f, u, r in left_out],
                }
            if report_path is not None:
                data["rapport"] = str(report_path)
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _summary(out, batch, report_path, ut if sammanstall is not None else None, changes, left_out)
        raise typer.Exit(batch.exit_code)


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _Progress:
    """A rich progress bar on a terminal (stderr); silent when not a TTY."""

    def __init__(self, err: Console):
        self.err = err
        self.bar = None
        self.task = None

    def start(self, total: int) -> None:
        if not self.err.is_terminal:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("Validerar"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[fil]}"), console=self.err, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("validera", total=total, fil="")

    def advance(self, result) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, fil=result.fil[-40:])

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _summary(out: Console, batch, report: Path | None, new_master: Path | None, changes, left_out) -> None:
    c = batch.counts()
    p = lambda text: out.print(text, highlight=False, markup=False)  # noqa: E731
    p(f"{antal(c['filer'], 'fil', 'filer')} på {sekunder(batch.seconds)}: {c['ok']} OK, {c['varningar']} med varningar, {c['fel']} med fel.")
    for f in sorted(batch.files, key=file_order):
        if f.status == "OK" and c["filer"] > 30:
            continue
        unit = f" ({f.unit})" if f.unit else ""
        p(f"  {f.status:<9} {f.fil}{unit}: {f.errors} fel, {f.warnings} varningar")
        shown = [d for d in f.findings if d["allvarlighet"] == "fel"][:3]
        for d in shown:
            where = f"{d['blad']}!{d['cell']}: " if d["blad"] and d["cell"] else (f"{d['blad']}: " if d["blad"] else "")
            p(f"      {where}{d['meddelande']}")
        if f.errors > len(shown):
            p(f"      … och {f.errors - len(shown)} fel till.")
    if batch.missing:
        p(f"Saknas ({len(batch.missing)}): {', '.join(batch.missing)}")
    if batch.skipped:
        p(f"Hoppade över {len(batch.skipped)} filer som inte är inlämningar: {', '.join(batch.skipped[:5])}"
          + (" …" if len(batch.skipped) > 5 else ""))
    if changes is not None:
        p(f"Sammanställde i {new_master}: {len(changes)} ändrade celler (se bladet Ändringar).")
        for fil, unit, reason in left_out:
            p(f"  Ej sammanställd: {fil} ({unit}): {reason}")
        p(f"Kör prognos uppdatera {new_master} -o … för att räkna om avvikelserna med de nya prognoserna.")
    if report is not None:
        p(f"Rapport: {report}")


app = new_app()
register(app, stdout_console, stderr_console)
