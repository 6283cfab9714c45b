"""The ribbon scripts of the Office.js add-in (xlwings Server).

xlwings Server imports this package as ``custom_scripts``; the ribbon buttons and the
task pane call the scripts through ``/xlwings/custom-scripts-call/<name>``. Each script
gets the calling workbook as an ``xw.Book`` (built from the JSON Excel sent), wraps it
in ``addin.ribbon.live_book.XlwingsBook`` and runs the same macro the command line runs on
files, so the sheets are the ones ``prognos uppdatera`` writes. The macro runs in one of a
few threads per worker process (``SCRIPT_THREADS``) so the server keeps answering while it
works; its steps go to the task pane over socket.io (argument ``klient``: the task pane's
socket id), and every error reaches the user as an xlwings alert in Swedish.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import xlwings as xw
from xlwings.server import script

from addin.server import big_sheets, scripts
from addin.server.uploads import StoreUnavailable, owner_key, store_for
from addin.server.xlwings_internals import ScriptUser, settings, sio
from validation.raw_table import UnusableInput

logger = logging.getLogger(__name__)

# The threads that run the macros, a few per worker process (setting ``script_threads``, see
# addin/config.py): the event loop keeps answering while they work.
SCRIPT_THREADS = ThreadPoolExecutor(
    max_workers=max(1, int(settings.script_threads)), thread_name_prefix="prognos-skript"
)


def _emitter(klient: str) -> Callable[[str, dict[str, Any]], None]:
    """Send events to one task pane over socket.io, from the worker thread."""
    if not klient:
        return lambda _event, _data: None
    loop = asyncio.get_running_loop()

    def emit(event: str, data: dict[str, Any]) -> None:
        asyncio.run_coroutine_threadsafe(sio.emit(event, data, to=klient), loop)

    return emit


async def _run(name: str, book: xw.Book, klient: str, *args: Any, user: Any = None, stora_blad: str = "") -> None:
    emit = _emitter(klient)
    if stora_blad:
        # Sheets too big for one request on Excel on the web came in pieces before the
        # script (addin/server/big_sheets.py): put them back into the book, for this user only.
        try:
            store = store_for(settings)
            taken = await asyncio.to_thread(store.take_parts, owner_key(getattr(user, "id", None)), str(stora_blad))
            if taken is None:
                raise UnusableInput("De stora bladen kom inte fram till servern (eller har redan använts). Kör igen.")
            big_sheets.attach(book, big_sheets.assemble(*taken))
        except UnusableInput as exc:
            await asyncio.to_thread(scripts.refuse, name, book, emit, str(exc))
            return
    call = functools.partial(contextvars.copy_context().run, scripts.run_script, name, book, emit, *args)
    await asyncio.get_running_loop().run_in_executor(SCRIPT_THREADS, call)


@script
async def uppdatera_prognos(book: xw.Book, current_user: ScriptUser, klient: str = "", stora_blad: str = ""):
    """Validera, beräkna prognoser och skriv Sammanfattning, Avvikelse, Metodval och Valideringsfel."""
    await _run("uppdatera_prognos", book, klient, user=current_user, stora_blad=stora_blad)


@script
async def validera(book: xw.Book, current_user: ScriptUser, klient: str = "", stora_blad: str = ""):
    """Kontrollera tabellerna och skriv bladet Valideringsfel, utan att räkna om."""
    await _run("validera", book, klient, user=current_user, stora_blad=stora_blad)


@script
async def aterrapportering(book: xw.Book, current_user: ScriptUser, klient: str = "", stora_blad: str = ""):
    """Skriv bladet Återrapportering för statsbidragen."""
    await _run("aterrapportering", book, klient, user=current_user, stora_blad=stora_blad)


@script
async def skapa_rapport(
    book: xw.Book, current_user: ScriptUser, nyckel: str = "", klient: str = "", stora_blad: str = ""
):
    """Skriv den ekonomiska delen av nämndens rapport som Word-dokument att ladda ner (arbetsboken ändras inte)."""
    # Kept in the upload store (every worker sees it) in the signed-in user's own space, under
    # the task pane's own random key, until the task pane downloads it. A store that cannot
    # be used raises StoreUnavailable: the user sees its Swedish line as an alert.
    owner = owner_key(current_user.id)

    def keep(filnamn: str, data: bytes) -> None:
        store_for(settings).put_document(owner, str(nyckel), filnamn, data)

    await _run("skapa_rapport", book, klient, str(nyckel), keep, user=current_user, stora_blad=stora_blad)


@script
async def validera_inskickade(book: xw.Book, current_user: ScriptUser, uppladdning: str = "", klient: str = ""):
    """Skriv rapporten för arbetsböcker som laddats upp i aktivitetsfönstret (bladet Valideringsfel)."""
    # Only the user who uploaded can read the findings (another user's id reads as gone),
    # from whichever worker process or machine received the upload.
    try:
        store = store_for(settings)
        stored = await asyncio.to_thread(store.get, owner_key(current_user.id), str(uppladdning))
    except StoreUnavailable as exc:
        await asyncio.to_thread(scripts.refuse, "validera_inskickade", book, _emitter(klient), str(exc))
        return
    await _run("validera_inskickade", book, klient, stored, store.retention)


@script
async def omgangsstatus(book: xw.Book, current_user: ScriptUser, klient: str = ""):
    """Visa omgångsregistret (bladet Omgång): vem som lämnat in, besluten och vem som ska påminnas."""
    await _run("omgangsstatus", book, klient, user=current_user)


@script
async def faststall(book: xw.Book, current_user: ScriptUser, omgang: str = "", klient: str = "", stora_blad: str = ""):
    """Spara omgångens fastställda prognos i Prognoshistorik (en gång per omgång)."""
    user = getattr(current_user, "name", None) or getattr(current_user, "email", None) or ""
    await _run("faststall", book, klient, str(omgang), str(user), user=current_user, stora_blad=stora_blad)
