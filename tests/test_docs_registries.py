"""The docs follow the registries (issue 19): a command, a ``PROGNOS.*`` function, an
Inställningar row or a server setting that the code declares but the docs do not mention fails
here, as a rule missing from docs/regler.md fails tests/test_rules.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from addin.commands.cli import COMMANDS
from udfs.worksheet.functions import FUNCTIONS
from validation.contract import EXTRA_SETTINGS, SETTINGS_ROWS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "anvandarguide.md").read_text(encoding="utf-8")
DEPLOYMENT = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme_s_command_table(command):
    assert f"| `prognos {command}" in README, f"prognos {command}: add it to the command table in README.md"


@pytest.mark.parametrize("function", sorted(f.name for f in FUNCTIONS))
def test_every_worksheet_function_is_in_the_readme_and_the_guide(function):
    assert function in README, f"PROGNOS.{function}: name it in README.md (The Excel add-in)"
    assert f"PROGNOS.{function}" in GUIDE, f"PROGNOS.{function}: describe it in docs/anvandarguide.md"


@pytest.mark.parametrize("key", sorted({**SETTINGS_ROWS, **EXTRA_SETTINGS}))
def test_every_settings_row_is_documented(key):
    row = {**SETTINGS_ROWS, **EXTRA_SETTINGS}[key]
    assert row.display in GUIDE, f"Inställningar row {row.display!r}: explain it in docs/anvandarguide.md"


def _own_server_settings() -> list[str]:
    """The fields Prognos declares on top of xlwings Server's settings (addin/config.py)."""
    tree = ast.parse((ROOT / "addin" / "config.py").read_text(encoding="utf-8"))
    settings = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    return [n.target.id for n in settings.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]


@pytest.mark.parametrize("field", _own_server_settings())
def test_every_server_setting_is_in_the_deployment_guide(field):
    assert f"XLWINGS_{field.upper()}" in DEPLOYMENT, f"XLWINGS_{field.upper()}: document it in docs/deployment.md"


def test_the_registries_are_not_empty():
    assert len(COMMANDS) >= 8 and len(FUNCTIONS) >= 9 and len(SETTINGS_ROWS) >= 5 and _own_server_settings()
