"""Prognos' own routes on the xlwings Server (picked up as ``routers.custom``).

``GET /prognos/rapport/<nyckel>``: the Word document that the script ``skapa_rapport``
made of the open workbook (the task pane shows it as a download link).

``POST /prognos/inskickade``: the task pane uploads the workbooks that units sent in;
each is validated like ``prognos uppdatera`` validates its input, the findings are kept
for an hour under a random id, and the answer lists each file's errors and warnings.
The script ``validera_inskickade`` then writes the report into the open workbook.
Same authentication as every other xlwings Server route.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Response, UploadFile, status
from xlwings_server import dependencies as dep
from xlwings_server.config import settings

from addin.request_guard import RequestGuard
from addin.server_scripts import DOCX, RAPPORT_NYCKEL, RAPPORTER, validera_filer

router = APIRouter(prefix=f"{settings.app_path}/prognos")

# xlwings Server imports this module while building its app: put the request guard (size
# limit, sign-in before parsing, Swedish 4xx for malformed calls) in front of every route.
_server = sys.modules.get("xlwings_server.main")
if _server is not None and hasattr(_server, "app") and not getattr(_server.app.state, "prognos_guard", False):
    _server.app.add_middleware(RequestGuard, app_path=settings.app_path)
    _server.app.state.prognos_guard = True

MAX_FILES = 100
MAX_BYTES = 50 * 1024 * 1024  # per file
MAX_NAME = 120  # characters of an uploaded file's name


def upload_name(filename: str | None, index: int) -> str:
    """The uploaded file's own name (no folders), or a 400 with a Swedish message."""
    raw = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    shown = raw[:40] + ("…" if len(raw) > 40 else "")
    if not filename:
        return f"arbetsbok_{index + 1}.xlsx"
    if raw in ("", ".", "..") or any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            f"Fil {index + 1} har inget giltigt filnamn ({shown!r}). Byt namn på filen och ladda upp igen.")
    if len(raw) > MAX_NAME:
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            f"Filnamnet {shown!r} är {len(raw)} tecken långt; högst {MAX_NAME} tecken. Byt namn på filen "
                            "och ladda upp igen.")
    return raw


@router.post("/inskickade")
async def inskickade(current_user: dep.User, filer: list[UploadFile] = File(default=[])):
    if not filer:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Välj minst en arbetsbok.")
    if len(filer) > MAX_FILES:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Högst {MAX_FILES} arbetsböcker åt gången.")
    with tempfile.TemporaryDirectory(prefix="prognos_inskickade_") as tmp:
        saved = []
        for i, upload in enumerate(filer):
            name = upload_name(upload.filename, i)
            data = await upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                                    f"{name}: större än {MAX_BYTES // (1024 * 1024)} MB.")
            path = Path(tmp) / f"{i:03d}_{name}"
            path.write_bytes(data)
            saved.append((path, name))
        return await asyncio.to_thread(validera_filer, saved)


@router.get("/rapport/{nyckel}")
async def rapport(current_user: dep.User, nyckel: str):
    """The Word document *Skapa rapport* made, under the task pane's key (kept an hour)."""
    stored = RAPPORTER.get(nyckel) if RAPPORT_NYCKEL.match(nyckel) else None
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            "Rapporten finns inte längre (den sparas en timme). Klicka på Skapa rapport igen.")
    name = stored["filnamn"]
    return Response(stored["data"], media_type=DOCX, headers={
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
