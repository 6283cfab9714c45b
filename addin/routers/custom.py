"""Prognos' own routes on the xlwings Server (picked up as ``routers.custom``).

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

from fastapi import APIRouter, HTTPException, UploadFile, status
from xlwings_server import dependencies as dep
from xlwings_server.config import settings

from addin.server_scripts import validera_filer

router = APIRouter(prefix=f"{settings.app_path}/prognos")

MAX_FILES = 100
MAX_BYTES = 50 * 1024 * 1024  # per file


@router.post("/inskickade")
async def inskickade(current_user: dep.User, filer: list[UploadFile]):
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
