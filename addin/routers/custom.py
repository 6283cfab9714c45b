"""Prognos' own routes on the xlwings Server (picked up as ``routers.custom``).

``GET /prognos/aktivitetsfonster.html``: the task pane (Swedish page language and title;
the manifest points here). ``GET /prognos/hjalp.html``: the support page, the
economists' guide as HTML (the manifest's ``SupportUrl``), public like the icons.

``POST /prognos/stora-blad`` and ``POST /prognos/stora-blad/<id>/<n>``: big sheets sent
in pieces of less than 5 MB before a script runs on Excel on the web (``addin/server/big_sheets.py``).

``GET /prognos/rapport/<nyckel>``: the Word document that the script ``skapa_rapport``
made of the open workbook (the task pane shows it as a download link), for the user who
made it only.

``POST /prognos/inskickade``: the task pane uploads the workbooks that units sent in;
each is validated with the rules of ``prognos validera``, the findings are kept in the
upload store (``addin/server/uploads.py``: every worker sees it, bound to the signed-in user,
deleted after the retention time) under a random id, and the answer lists each file's
errors and warnings. File names are checked first (a Swedish 400, never a 500).
The script ``validera_inskickade`` then writes the report into the open workbook.
Same authentication as every other xlwings Server route. A store that cannot be used now
(Redis down, its folder full or read-only) is a 503 with a Swedish line naming no path.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Request, Response, UploadFile, status
from fastapi.responses import HTMLResponse

from addin.hjalp import guide_html
from addin.server import big_sheets, sweeper
from addin.server.request_guard import RequestGuard
from addin.server.scripts import DOCX, RAPPORT_NYCKEL, validera_filer
from addin.server.uploads import BadUpload, Store, StoreUnavailable, owner_key, safe_name, storage_errors, store_for
from addin.server.xlwings_internals import (
    CurrentRequestUser,
    add_middleware,
    serialize_calls_natively,
    settings,
    swedish_page,
)
from validation.raw_table import UnusableInput

router = APIRouter(prefix=f"{settings.app_path}/prognos")

# xlwings Server imports this module while building its app: put the request guard (size
# limit, sign-in before parsing, Swedish 4xx for malformed calls) in front of every route.
add_middleware(RequestGuard, app_path=settings.app_path)
# ... and let FastAPI serialize the answers of the script and function calls natively (fast).
serialize_calls_natively()
# ... and sweep the upload store while the process serves (addin/lifespan.py runs it).
sweeper.every(settings.uploads_sweep_seconds, "rensning av lagringen", lambda: store_for(settings).purge())

T = TypeVar("T")
MAX_FILES = 100
MAX_BYTES = 50 * 1024 * 1024  # per file


@router.get("/aktivitetsfonster.html")
async def aktivitetsfonster(request: Request):
    return swedish_page(request, "taskpane.html", title=f"Prognos – aktivitetsfönster ({settings.namespace})")


@router.get("/hjalp.html")
async def hjalp():
    return HTMLResponse(guide_html())


@router.post("/inskickade")
async def inskickade(current_user: CurrentRequestUser, filer: list[UploadFile] = File(default=[])):
    if not filer:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Välj minst en arbetsbok.")
    if len(filer) > MAX_FILES:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Högst {MAX_FILES} arbetsböcker åt gången.")
    try:
        names = [safe_name(upload.filename, i) for i, upload in enumerate(filer)]
    except BadUpload as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    store = _store()
    try:
        with storage_errors("uppladdningen valideras"), store.validation_folder() as work:
            saved = []
            for i, (upload, name) in enumerate(zip(filer, names)):
                data = await upload.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    raise HTTPException(
                        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, f"{name}: större än {MAX_BYTES // (1024 * 1024)} MB."
                    )
                folder = work / f"{i:03d}"  # one folder per file: equal names stay apart
                folder.mkdir()
                (folder / name).write_bytes(data)
                saved.append((folder / name, name))
            result = await asyncio.to_thread(validera_filer, saved, work)
    except StoreUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None
    upload_id = await _in_store(store.put, owner_key(current_user.id), result)
    return {
        "uppladdning": upload_id,
        "filer": result["filer"],
        "fel": result["fel"],
        "sparas_sekunder": store.retention,
        "bara_du": bool(settings.auth_providers),
    }


def _store() -> Store:
    try:
        return store_for(settings)
    except StoreUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None


async def _in_store(call: Callable[..., T], *args: Any) -> T:
    """A store operation in a thread; a store that cannot be used is a 503 with its
    Swedish line (Redis down, the folder full or read-only)."""
    try:
        return await asyncio.to_thread(call, *args)
    except StoreUnavailable as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from None


async def _json_body(request: Request) -> object:
    body = await request.body()
    if len(body) > big_sheets.LIMIT_BYTES:
        # Excel on the web would refuse it anyway; the task pane never sends one.
        raise HTTPException(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            "Delen är större än 5 MB, som Excel på webben tillåter. Uppdatera aktivitetsfönstret.",
        )
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Delen är inte giltig JSON.") from None


@router.post("/stora-blad")
async def stora_blad(current_user: CurrentRequestUser, request: Request):
    try:
        meta = big_sheets.check_meta(await _json_body(request))
    except UnusableInput as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    batch = await _in_store(_store().begin_parts, owner_key(current_user.id), meta)
    return {"id": batch, "del_celler": big_sheets.PART_CELLS, "max_byte": big_sheets.MAX_PART_BYTES}


@router.post("/stora-blad/{batch}/{index}")
async def stora_blad_del(current_user: CurrentRequestUser, batch: str, index: int, request: Request):
    body = await request.body()
    await _json_body(request)  # size and syntax
    if not await _in_store(_store().put_part, owner_key(current_user.id), batch, index, body):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Sändningen av de stora bladen finns inte (längre). Kör igen.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/rapport/{nyckel}")
async def rapport(current_user: CurrentRequestUser, nyckel: str):
    """The Word document *Skapa rapport* made, under the task pane's key, for the user who
    made it (from the upload store: any worker process answers)."""
    stored = None
    if RAPPORT_NYCKEL.match(nyckel):
        stored = await _in_store(_store().get_document, owner_key(current_user.id), nyckel)
    if stored is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            "Rapporten finns inte längre (den sparas en timme). Klicka på Skapa rapport igen.",
        )
    name, data = stored
    return Response(
        data,
        media_type=DOCX,
        headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"},
    )
