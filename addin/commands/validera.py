"""``prognos validera``: validate submitted unit workbooks (files and folders), print the result
(text or ``--json``), and with options write the report workbook (``-o``/``--rapport``) or
consolidate into the master (``--sammanstall``). Loaded by ``addin/commands/cli.py`` when the command
runs. Help and messages in Swedish. Exit codes: 0 all valid, 1 any invalid (or an expected
unit missing), 2 usage.

Validating loads the validation path only (python-calamine, pydantic; no pandas, openpyxl,
matplotlib, xlwings or numpy: ``tests/test_validera_imports.py``). The options that read or write
workbooks load their module when given, as ``addin/commands/cli.py`` loads a command's module only when
the command runs: the master's reader (``--master``, ``--sammanstall``: openpyxl and the engine's
input reader, pandas), the report writer (``-o``, ``--rapport``: openpyxl), the consolidation
(``--sammanstall``: openpyxl).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from addin.commands.base import err, new_app, out
from udfs.language.counts import count_text, seconds_text
from validation.raw_table import UnusableInput
from validation.round.batch import file_order
from workbooks.ooxml.safe_read import Limits
from workbooks.round.result_json import batch_json
from workbooks.round.submissions import validate_batch

# The modules of the options that read or write workbooks, loaded when the option is given.
MASTER_READER = "workbooks.round.master"  # --master, --sammanstall: read_master_info
REPORT_WRITER = "workbooks.round.report_workbook"  # -o, --rapport: write_report
CONSOLIDATION = "workbooks.round.consolidation"  # --sammanstall: sammanstall
APPROVAL = "workbooks.round_register.approval"  # --sammanstall: the round register's decisions and the change log

app = new_app()


@app.command("validera")
def validera(
    sokvagar: List[Path] = typer.Argument(..., help="Inlämnade arbetsböcker och/eller mappar med arbetsböcker."),
    ut: Optional[Path] = typer.Option(None, "-o", "--ut", help="Rapporten (.xlsx); med --sammanstall den nya mastern."),
    som_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON på standard ut."),
    sammanstall: Optional[Path] = typer.Option(
        None, "--sammanstall", metavar="MASTER.xlsx", help="För in giltiga inlämningar i denna master; kräver -o."
    ),
    master: Optional[Path] = typer.Option(
        None,
        "--master",
        metavar="MASTER.xlsx",
        help="Mastern som anger omgångens verksamhetsområden (utan att sammanställa).",
    ),
    rapport: Optional[Path] = typer.Option(None, "--rapport", help="Rapporten när -o är den nya mastern."),
    jobb: Optional[int] = typer.Option(None, "--jobb", min=0, help="Antal processer (förval: antal kärnor)."),
    tidsgrans: float = typer.Option(4.0, "--tidsgrans", min=0.5, help="Högsta tid per fil i sekunder."),
    minnesgrans: int = typer.Option(1024, "--minnesgrans", min=64, help="Högsta extra minne per fil i MB."),
    beslut: Optional[Path] = typer.Option(
        None,
        "--beslut",
        metavar="RAPPORT.xlsx",
        help="Med --sammanstall: besluten i en tidigare rapports kolumn Beslut.",
    ),
    anvandare: Optional[str] = typer.Option(
        None, "--anvandare", help="Namnet i mastens ändringslogg (förval: inloggad användare)."
    ),
) -> None:
    """Validera inlämnade arbetsböcker (filer och mappar), och sammanställ dem i mastern med --sammanstall."""
    _check_options(ut, sammanstall, master, rapport, beslut)
    the_master = sammanstall or master
    report_path = rapport if sammanstall is not None else ut
    limits = Limits(seconds=tidsgrans, memory_mb=minnesgrans)
    master_info = importlib.import_module(MASTER_READER).read_master_info(the_master) if the_master else None
    progress = _Progress(err)
    try:
        batch = validate_batch(
            list(sokvagar),
            master=master_info,
            jobs=jobb,
            limits=limits,
            exclude=[p for p in (ut, rapport, beslut) if p is not None],
            consolidating=sammanstall is not None,
            on_start=progress.start,
            on_result=progress.advance,
        )
    finally:
        progress.stop()
    changes = left_out = plan = None
    if sammanstall is not None:
        plan = importlib.import_module(APPROVAL).plan(sammanstall, batch, anvandare, beslut)
        changes, left_out = importlib.import_module(CONSOLIDATION).consolidate(batch, sammanstall, ut, plan)
    if report_path is not None:
        importlib.import_module(REPORT_WRITER).write_report(batch, report_path, changes, left_out)
    if som_json:
        data = batch_json(batch)
        if changes is not None:
            data["sammanstallning"] = _consolidation_json(ut, changes, left_out)
        if report_path is not None:
            data["rapport"] = str(report_path)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _summary(out, batch, report_path, ut if sammanstall is not None else None, changes, left_out)
        if plan is not None:
            _plan_notices(plan)
    raise typer.Exit(batch.exit_code)


def _check_options(
    ut: Path | None, sammanstall: Path | None, master: Path | None, rapport: Path | None, beslut: Path | None
) -> None:
    """Options that do not go together, and output files that are not workbooks: said before any work."""
    if beslut is not None and sammanstall is None:
        raise UnusableInput(
            "--beslut gäller sammanställningen: ange också --sammanstall MASTER.xlsx -o NY_MASTER.xlsx."
        )
    if sammanstall is not None and ut is None:
        raise UnusableInput("--sammanstall kräver -o NY_MASTER.xlsx (mastern ändras aldrig).")
    if sammanstall is not None and master is not None and Path(master).resolve() != Path(sammanstall).resolve():
        raise UnusableInput("Ange antingen --master eller --sammanstall, inte två olika masterfiler.")
    for target in (ut, rapport):
        if target is not None and target.suffix.lower() not in (".xlsx", ".xlsm"):
            raise UnusableInput(f"{target}: utfilen ska sluta på .xlsx.")


def _consolidation_json(ut: Path, changes: list, left_out: list) -> dict:
    """The consolidation in ``--json``: the new master, every changed cell, the files left out."""
    return {
        "ny_master": str(ut),
        "andringar": [
            {
                "enhet": c.unit,
                "fil": c.fil,
                "verksamhetsomrade": c.omrade,
                "typ": c.typ,
                "kolumn": c.column,
                "cell": f"{c.sheet}!{c.cell}",
                "fore": _jsonable(c.old),
                "efter": _jsonable(c.new),
            }
            for c in changes
        ],
        "ej_sammanstallda": [{"fil": f, "enhet": u, "orsak": r} for f, u, r in left_out],
    }


def _plan_notices(plan) -> None:
    """What the approval plan tells the user after a consolidation: the change log, a new register."""
    if plan.log_notice:
        out.print(plan.log_notice, highlight=False, markup=False)
    if not plan.had_register:
        out.print(
            "Mastern hade inget omgångsregister (bladet Omgång): alla giltiga inlämningar sammanställdes. "
            "Registret finns nu i den nya mastern; härefter sammanställs bara de som är Godkänd där.",
            highlight=False,
            markup=False,
        )


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

        self.bar = Progress(
            TextColumn("Validerar"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[fil]}"),
            console=self.err,
            transient=True,
        )
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
    p(
        f"{count_text(c['filer'], 'fil', 'filer')} på {seconds_text(batch.seconds)}: {c['ok']} OK, "
        f"{c['varningar']} med varningar, {c['fel']} med fel."
    )
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
        p(
            f"Hoppade över {len(batch.skipped)} filer som inte är inlämningar: {', '.join(batch.skipped[:5])}"
            + (" …" if len(batch.skipped) > 5 else "")
        )
    if changes is not None:
        p(f"Sammanställde i {new_master}: {len(changes)} ändrade celler (se bladet Ändringar).")
        for fil, unit, reason in left_out:
            p(f"  Ej sammanställd: {fil} ({unit}): {reason}")
        p(f"Kör prognos uppdatera {new_master} -o … för att räkna om avvikelserna med de nya prognoserna.")
    if report is not None:
        p(f"Rapport: {report}")
