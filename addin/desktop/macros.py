"""The ribbon macros for desktop Excel (classic xlwings, ``RunPython`` from VBA).

The VBA module ``addin/desktop/Prognos.bas`` calls these through ``RunPython``; each
runs the same script as the Office.js add-in (``addin.server.scripts``) on the calling
workbook through the live-book adapter, so the sheets are the ones ``prognos uppdatera``
writes. Progress goes to Excel's status bar, problems to an xlwings alert in Swedish.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlwings as xw

from addin.server import scripts


def _run(name: str, *args: Any) -> None:
    book = xw.Book.caller()

    def emit(event: str, data: dict[str, Any]) -> None:
        if event == "prognos:steg":
            book.app.status_bar = f"Prognos: {data['steg']} …"
        elif event in ("prognos:klart", "prognos:fel"):
            book.app.status_bar = False

    try:
        scripts.run_script(name, book, emit, *args)
    finally:
        book.app.status_bar = False


def uppdatera_prognos() -> None:
    _run("uppdatera_prognos")


def validera() -> None:
    _run("validera")


def aterrapportering() -> None:
    _run("aterrapportering")


def validera_inskickade(mapp: str) -> None:
    """Validate every workbook in a folder (chosen in the VBA folder dialog) and write
    the report into the calling workbook."""
    files = sorted(
        p for p in Path(mapp).iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$")
    )
    _run("validera_inskickade", scripts.validera_filer([(p, p.name) for p in files]))
