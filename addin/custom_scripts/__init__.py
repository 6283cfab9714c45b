"""The ribbon scripts of the Office.js add-in (xlwings Server).

xlwings Server imports this package as ``custom_scripts``; the ribbon buttons and the
task pane call the scripts through ``/xlwings/custom-scripts-call/<name>``. Each script
gets the calling workbook as an ``xw.Book`` (built from the JSON Excel sent), wraps it
in ``addin.xlwings_book.XlwingsBook`` and runs the same macro the command line runs on
files, so the sheets are the ones ``prognos uppdatera`` writes. The macro runs in a
worker thread so the server keeps answering while it works; its steps go to the task
pane over socket.io (argument ``klient``: the task pane's socket id), and every error
reaches the user as an xlwings alert in Swedish.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

import xlwings as xw
from xlwings.server import script

from addin import server_scripts

logger = logging.getLogger(__name__)


def _emitter(klient: str) -> Callable[[str, dict[str, Any]], None]:
    """Send events to one task pane over socket.io, from the worker thread."""
    if not klient:
        return lambda _event, _data: None
    try:
        from xlwings_server.routers.socketio import sio
    except Exception:  # socket.io switched off
        return lambda _event, _data: None
    loop = asyncio.get_running_loop()

    def emit(event: str, data: dict[str, Any]) -> None:
        asyncio.run_coroutine_threadsafe(sio.emit(event, data, to=klient), loop)

    return emit


async def _run(name: str, book: xw.Book, klient: str, *args: Any) -> None:
    emit = _emitter(klient)
    await asyncio.to_thread(server_scripts.run_script, name, book, emit, *args)


@script
async def uppdatera_prognos(book: xw.Book, klient: str = ""):
    """Validera, beräkna prognoser och skriv Sammanfattning, Avvikelse, Metodval och Valideringsfel."""
    await _run("uppdatera_prognos", book, klient)


@script
async def validera(book: xw.Book, klient: str = ""):
    """Kontrollera tabellerna och skriv bladet Valideringsfel, utan att räkna om."""
    await _run("validera", book, klient)


@script
async def aterrapportering(book: xw.Book, klient: str = ""):
    """Skriv bladet Återrapportering för statsbidragen."""
    await _run("aterrapportering", book, klient)


@script
async def skapa_rapport(book: xw.Book, nyckel: str = "", klient: str = ""):
    """Skriv den ekonomiska delen av nämndens rapport som Word-dokument att ladda ner (arbetsboken ändras inte)."""
    await _run("skapa_rapport", book, klient, nyckel)


@script
async def validera_inskickade(book: xw.Book, uppladdning: str = "", klient: str = ""):
    """Skriv rapporten för arbetsböcker som laddats upp i aktivitetsfönstret (bladet Valideringsfel)."""
    await _run("validera_inskickade", book, klient, uppladdning)
