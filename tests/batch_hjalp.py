"""Helpers for the round-trip tests (utskick, validera, sammanställ): a master, units filling
in their workbooks as they would in Excel, the command line, file hashes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from workbook_factory import AREAS, minimal_rows, write_workbook

REPO = Path(__file__).resolve().parents[1]
PROGNOS = [sys.executable, "-m", "addin.commands.cli"]


def make_master(path: Path, tables=None) -> Path:
    """The minimal committee (3 areas, 2023 period 3, tkr) as a master workbook."""
    return write_workbook(path, tables or minimal_rows())


def utskick(master: Path, folder: Path, **kw) -> dict[str, Path]:
    from workbooks.round.send_out import write_send_out

    return write_send_out(master, folder, **kw).files


def fill(path: Path, entries: dict[str, dict[str, object]], sheet: str = "Prognos") -> None:
    """Fill in a unit's workbook as the unit would: {"Kostnader": {"Metod": "Manuell", …}}.

    Only the input cells (Metod, Manuell prognos, Kommentar) are touched; text that
    starts with "=" is typed as text (as Excel does after an apostrophe)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = {cell.value: cell.column for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        typ = row[headers["Typ"] - 1].value
        for header, value in entries.get(typ, {}).items():
            cell = ws.cell(row=row[0].row, column=headers[header])
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    wb.save(path)


def edit(path: Path, sheet: str, cell: str, value: object) -> None:
    """Change any cell (a unit that removed the protection)."""
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def run_cli(*args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PROGNOS_DEBUG", None)
    return subprocess.run(
        [*PROGNOS, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env
    )


def run_json(*args: str) -> tuple[int, dict]:
    done = run_cli(*args, "--json")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def hashes(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def by_file(data: dict) -> dict[str, dict]:
    return {f["fil"]: f for f in data["filer"]}


def rules(entry: dict) -> set[str]:
    return {f["regel"] for f in entry["fynd"]}


__all__ = [
    "AREAS",
    "by_file",
    "edit",
    "fill",
    "hashes",
    "make_master",
    "minimal_rows",
    "rules",
    "run_cli",
    "run_json",
    "utskick",
    "write_workbook",
]
