"""What every ``prognos`` command module shares: Swedish help, the consoles, a Typer app.

Light on purpose (typer and rich only): ``addin/commands/cli.py`` imports it at start, and each command
module (``addin/commands/uppdatera.py``, ``aterrapport.py``, ``rapport.py``, ``mall.py``, ``server.py``,
``demo.py``, ``utskick.py``, ``validera.py``) imports it together with the heavy modules that command needs.
"""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from validation.raw_table import UnusableInput


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


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def new_app() -> typer.Typer:
    """A Typer app for one command module, with the settings of ``prognos``."""
    return typer.Typer(cls=SwedishGroup, add_completion=False, rich_markup_mode=None,
                       pretty_exceptions_enable=False)


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
        raise UnusableInput(f"{option} {text.strip()!r} är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, "
                            "t.ex. 2023-01-17.") from None
