"""What every ``prognos`` command module shares: Swedish help, the consoles, a Typer app.

Light on purpose (typer and rich only): ``addin/commands/cli.py`` imports it at start, and each command
module (``addin/commands/uppdatera.py``, ``aterrapport.py``, ``rapport.py``, ``mall.py``, ``server.py``,
``demo.py``, ``utskick.py``, ``validera.py``) imports it together with the heavy modules that command needs.
"""

from __future__ import annotations

import datetime as dt
import re

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from validation.raw_table import UnusableInput

# The words typer and click print themselves (usage line, section titles, error messages), in
# Swedish: (pattern, replacement) applied to every help text, usage line and error message.
SWEDISH_WORDS = (
    (r"(?m)^Usage: ", "Användning: "),
    (r"\[OPTIONS\]", "[FLAGGOR]"),
    (r"COMMAND \[ARGS\]\.\.\.", "KOMMANDO [ARGUMENT]..."),
    (r"(?m)^Options:$", "Flaggor:"),
    (r"(?m)^Arguments:$", "Argument:"),
    (r"(?m)^Commands:$", "Kommandon:"),
    (r"\[required\]", "[krävs]"),
    (r"\[default: ", "[förval: "),
    (r"Show this message and exit\.", "Visa den här hjälpen och avsluta."),
    (r"No such command '(.*?)'\.", r"Kommandot '\1' finns inte."),
    (r"Missing command\.", "Ange ett kommando."),
    (r"Missing argument (.+)\.", r"Argumentet \1 saknas."),
    (r"Missing option (.+)\.", r"Flaggan \1 saknas."),
    (r"Missing parameter: (\S+)", r"Värdet \1 saknas."),
    (r"No such option: (\S+)", r"Flaggan \1 finns inte."),
    (r"\(Possible options: (.*?)\)", r"(Menade du: \1?)"),
    (r"Did you mean (.*?)\?", r"Menade du \1?"),
    (r"Option '(.*?)' requires an argument\.", r"Flaggan \1 kräver ett värde."),
    (r"Option '(.*?)' does not take a value\.", r"Flaggan \1 tar inget värde."),
    (r"Got unexpected extra arguments? \((.*?)\)", r"Oväntat argument: \1"),
    (r"Invalid value for (.*?): ", r"Ogiltigt värde för \1: "),
    (r"Invalid value: ", "Ogiltigt värde: "),
    (r"'(.*?)' is not a valid (integer|float)( range)?\.", r"'\1' är inte ett tal."),
    (r"'(.*?)' is not one of (.*?)\.", r"'\1' är inte ett av \2."),
    (r"Path '(.*?)' does not exist\.", r"Sökvägen '\1' finns inte."),
    (r"(File|Directory) '(.*?)' does not exist\.", r"'\2' finns inte."),
    (r"Aborted!", "Avbrutet."),
    (r"Input should be a valid integer.*", "ange ett heltal."),
    (r"Input should be a valid number.*", "ange ett tal."),
)
# typer's names of the value types in the help, with the column after them kept in line
METAVARS = {"path": "sökväg", "str": "text", "int": "heltal", "float": "tal", "list[Path]": "sökvägar"}
_METAVAR = re.compile(r"<(" + "|".join(re.escape(k) for k in METAVARS) + r")>( *)")


def _metavar(match: re.Match) -> str:
    word = METAVARS[match.group(1)]
    room = len(match.group(2)) - (len(word) - len(match.group(1)))
    return f"<{word}>" + (" " * max(room, 2) if match.group(2) else "")


_SWEDISH = [(re.compile(p), r) for p, r in SWEDISH_WORDS]


def swedish(text: str) -> str:
    """typer's and click's own words in ``text`` in Swedish."""
    for pattern, replacement in _SWEDISH:
        text = pattern.sub(replacement, text)
    return _METAVAR.sub(_metavar, text)


class _SwedishHelp:
    """typer's and click's own words in the help and the usage line in Swedish (the commands'
    help texts already are)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
        return option

    def get_help(self, ctx) -> str:
        return swedish(super().get_help(ctx))

    def get_usage(self, ctx) -> str:
        return swedish(super().get_usage(ctx))


class SwedishGroup(_SwedishHelp, TyperGroup):
    pass


class SwedishCommand(_SwedishHelp, TyperCommand):
    pass


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def new_app() -> typer.Typer:
    """A Typer app for one command module, with the settings of ``prognos``."""
    return typer.Typer(cls=SwedishGroup, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def command(app: typer.Typer, name: str):
    """The click command ``name`` of a command module's app, with the Swedish help option."""
    for registered in app.registered_commands:
        if registered.cls in (None, TyperCommand):
            registered.cls = SwedishCommand
    return typer.main.get_group(app).commands[name]


def parse_date_option(text: str | None, option: str = "--datum") -> dt.date | None:
    """A date option (``--datum``, ``--senast``): ÅÅÅÅ-MM-DD, or None when not given."""
    if text is None or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UnusableInput(
            f"{option} {text.strip()!r} är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-01-17."
        ) from None


def is_usage_error(exc: BaseException) -> bool:
    """A click/typer error about the command line itself (it knows its message and exit code)."""
    return hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)


def show_usage_error(exc) -> int:
    """A usage error (unknown command, missing argument …) the way ``prognos`` says it: the usage
    line, where to find help and what is wrong, in Swedish; returns the exit code (2)."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        out.print(swedish(ctx.get_help()), highlight=False, markup=False)
        return exc.exit_code
    if ctx is not None:
        err.print(swedish(ctx.get_usage()), highlight=False, markup=False)
        err.print(f"Skriv '{ctx.command_path} --help' för hjälp.", highlight=False, markup=False)
    err.print(f"Fel: {swedish(exc.format_message())}", highlight=False, markup=False)
    return exc.exit_code
