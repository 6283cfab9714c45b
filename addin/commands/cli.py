"""The command line: ``prognos``. Help and messages in Swedish.

Starting is cheap: this module imports typer and rich only. Each command lives in a module
that imports, at its top, what that command needs (the engine with pandas, openpyxl and
pydantic; the server with xlwings), and the group loads that module when the command is run or
its help is asked for (click's lazy subcommands). ``prognos --help`` lists the commands from
the table below without loading any of them.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

import typer

from addin.commands.base import SwedishGroup, command, err, is_usage_error, show_usage_error
from validation.raw_table import UnusableInput

# command -> (module defining it, the one-line help ``prognos --help`` shows)
COMMANDS = {
    "uppdatera": ("addin.commands.uppdatera", "Validera, beräkna prognoser och skriv alla härledda blad."),
    "aterrapport": ("addin.commands.aterrapport", "Skriv bladet Återrapportering (en sida per statsbidrag)."),
    "rapport": ("addin.commands.rapport", "Skriv den ekonomiska delen av nämndens rapport som Word-dokument."),
    "mall": ("addin.commands.mall", "Skapa en tom mall med alla tabeller och rullgardinslistor."),
    "server": ("addin.commands.server", "Starta servern för Excel-tillägget (Office.js, xlwings Server)."),
    "demo": ("addin.commands.demo", "Kör Prognos på de medföljande exempelarbetsböckerna."),
    "utskick": ("addin.commands.utskick", "Skapa en arbetsbok per verksamhetsområde att skicka ut."),
    "validera": ("addin.commands.validera", "Validera inlämnade arbetsböcker (och sammanställ dem i mastern)."),
    "status": ("addin.commands.status", "Visa omgången: vem som lämnat in, vem som ska påminnas, besluten."),
    "aterkoppling": ("addin.commands.aterkoppling", "Skapa en återkoppling till varje enhet som ska rätta sig."),
    "faststall": ("addin.commands.faststall", "Spara omgångens fastställda prognos i Prognoshistorik."),
}


class LazyGroup(SwedishGroup):
    """``prognos``: the commands of ``COMMANDS``, each module loaded when its command is used."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        return command(importlib.import_module(COMMANDS[name][0]).app, name)

    def format_commands(self, ctx, formatter) -> None:
        with formatter.section("Kommandon"):
            formatter.write_dl([(name, short) for name, (_module, short) in COMMANDS.items()])


app = LazyGroup(
    name="prognos",
    help="Prognos – prognoser, budgetavvikelser och återrapportering av statsbidrag, direkt i Excel-arbetsböcker.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def main(argv: list[str] | None = None) -> int:
    """Entry point: never a traceback for bad input, exit codes as PRODUCT.md says."""
    try:
        # not standalone: a usage error comes here and is said in Swedish (show_usage_error)
        result = app.main(args=argv, prog_name="prognos", standalone_mode=False)
        return result if isinstance(result, int) and not isinstance(result, bool) else 0
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        err.print("Avbrutet.", highlight=False, markup=False)
        return 1
    except UnusableInput as exc:
        err.print(f"Fel: {exc}", highlight=False, markup=False)
        return 2
    except Exception as exc:
        if is_usage_error(exc):
            return show_usage_error(exc)
        if os.environ.get("PROGNOS_DEBUG"):
            raise
        err.print(
            f"Oväntat fel i Prognos: {type(exc).__name__}: {exc}. "
            "Kör igen med PROGNOS_DEBUG=1 för detaljer och rapportera felet.",
            highlight=False,
            markup=False,
        )
        return 2


def entry() -> None:
    """The console script: run the command, then end the process.

    Before it ends, every object is moved out of the cycle collector's reach (``gc.freeze``):
    the interpreter's collections at exit would otherwise walk everything pandas, numpy and
    openpyxl made at import (about 0.2 s of a 2-second ``prognos uppdatera``). Objects are
    still freed by reference counting; only cycles left at exit are not collected, which the
    process's end makes moot. ``main`` (which the tests call) is not affected."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    entry()
