"""Prognos' own routes on the xlwings Server (picked up as ``routers.custom``).

``GET /prognos/aktivitetsfonster.html``: the task pane (Swedish page language and title;
the manifest points here). ``GET /prognos/hjalp.html``: the support page, the
economists' guide as HTML (the manifest's ``SupportUrl``), public like the icons.

``POST /prognos/inskickade``: the task pane uploads the workbooks that units sent in;
each is validated like ``prognos uppdatera`` validates its input, the findings are kept
for an hour under a random id, and the answer lists each file's errors and warnings.
The script ``validera_inskickade`` then writes the report into the open workbook.
Same authentication as every other xlwings Server route.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, UploadFile, status
from fastapi.responses import HTMLResponse

from addin.hjalp import guide_html
from addin.server_scripts import validera_filer
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
    with tempfile.TemporaryDirectory(prefix="prognos_inskickade_") as tmp:
        saved = []
        for i, upload in enumerate(filer):
            name = Path(upload.filename or f"arbetsbok_{i + 1}.xlsx").name
            data = await upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                                    f"{name}: större än {MAX_BYTES // (1024 * 1024)} MB.")
            path = Path(tmp) / f"{i:03d}_{name}"
            path.write_bytes(data)
            saved.append((path, name))
        return await asyncio.to_thread(validera_filer, saved)
