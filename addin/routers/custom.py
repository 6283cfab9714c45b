"""Prognos' own routes on the xlwings Server (picked up as ``routers.custom``).

``GET /prognos/aktivitetsfonster.html``: the task pane (Swedish page language and title;
the manifest points here). ``GET /prognos/hjalp.html``: the support page, the
economists' guide as HTML (the manifest's ``SupportUrl``), public like the icons.

``POST /prognos/inskickade``: the task pane uploads the workbooks that units sent in;
each is validated with the rules of ``prognos validera``, the findings are kept in the
upload store (``addin/uploads.py``: every worker sees it, bound to the signed-in user,
deleted after the retention time) under a random id, and the answer lists each file's
errors and warnings. File names are checked first (a Swedish 400, never a 500).
The script ``validera_inskickade`` then writes the report into the open workbook.
Same authentication as every other xlwings Server route.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Request, UploadFile, status
from fastapi.responses import HTMLResponse

from addin.hjalp import guide_html
from addin.server_scripts import validera_filer
from addin.uploads import BadUpload, owner_key, safe_name, store_for
from addin.xlwings_server_internals import CurrentRequestUser, settings, swedish_page

router = APIRouter(prefix=f"{settings.app_path}/prognos")

MAX_FILES = 100
MAX_BYTES = 50 * 1024 * 1024  # per file


@router.get("/aktivitetsfonster.html")
async def aktivitetsfonster(request: Request):
    return swedish_page(request, "taskpane.html", title=f"Prognos – aktivitetsfönster ({settings.namespace})")


@router.get("/hjalp.html")
async def hjalp():
    return HTMLResponse(guide_html())


@router.post("/inskickade")
async def inskickade(current_user: CurrentRequestUser, filer: list[UploadFile]):
    if not filer:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Välj minst en arbetsbok.")
    if len(filer) > MAX_FILES:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Högst {MAX_FILES} arbetsböcker åt gången.")
    try:
        names = [safe_name(upload.filename, i) for i, upload in enumerate(filer)]
    except BadUpload as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    store = store_for(settings)
    with store.validation_folder() as work:
        saved = []
        for i, (upload, name) in enumerate(zip(filer, names)):
            data = await upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                                    f"{name}: större än {MAX_BYTES // (1024 * 1024)} MB.")
            folder = work / f"{i:03d}"  # one folder per file: equal names stay apart
            folder.mkdir()
            path = folder / name
            path.write_bytes(data)
            saved.append((path, name))
        result = await asyncio.to_thread(validera_filer, saved, work)
    upload_id = await asyncio.to_thread(store.put, owner_key(current_user.id), result)
    return {"uppladdning": upload_id, "filer": result["filer"], "fel": result["fel"],
            "sparas_sekunder": store.retention}
