"""Uploads for batch validation, in storage every server process sees.

The task pane uploads the workbooks units sent in (``POST /prognos/inskickade``); the
server validates them and keeps the *findings* under a random upload id until the
script ``validera_inskickade`` writes the report into the open workbook, which may be
served by another worker process or another machine. So the findings are kept:

- in a folder (default ``<temp>/prognos-uppladdningar``; setting ``uploads_dir``, e.g.
  ``/var/lib/prognos/uppladdningar`` or a shared network folder for several machines),
  one JSON file per upload, or
- in Redis when ``uploads_redis_url`` is set (a key per upload with Redis' own expiry).

Each upload belongs to the user who made it (Entra ID's object id when sign-in is on):
an upload id alone never reads another user's findings. Everything is deleted after
``uploads_retention_seconds`` (default one hour): by Redis' own expiry, which every key
carries, or by the sweeper every worker runs over the folder (``sweeper.py``). The
uploaded files themselves are written only below the storage folder's ``arbete/`` while
they are validated, under names checked by ``safe_name``, and deleted right after.

The same stores keep the *pieces of big sheets* that the task pane sends before a refresh
on Excel on the web (``begin_parts``/``put_part``/``take_parts``): each request and response
between an add-in and Excel on the web must stay under 5 MB, so a 500 000-row ledger goes
in pieces of a few thousand rows (docs/performance.md), bound to the user like uploads.

And they keep the *Word reports* that *Skapa rapport* makes (``put_document``/
``get_document``), under the random key the task pane chose, until the task pane downloads
the file from whichever worker answers (``GET /prognos/rapport/<nyckel>``). The key is
stored *within the user's own space* (file ``dokument/<user>-<key>.json``, Redis key
``prognos:dokument:<user>:<key>``): another user who learns or guesses the key writes and
reads only in their own space, never the first user's report.

A store that cannot be used (Redis down, the folder full or read-only) raises
``StoreUnavailable`` with a Swedish line that names no path (the routes answer 503, the
scripts show it as an alert; the details go to the server's log), and a write that fails
half-way leaves no file behind.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from pathlib import Path
from typing import Any, Protocol

from addin.server.folder_store import DEFAULT_DIR, FolderStore
from addin.server.redis_store import RedisStore
from addin.server.store_records import StoreUnavailable, owner_key, storage_errors

MAX_NAME = 120  # characters of an uploaded file's name (as issue 12's guard)

__all__ = [
    "DEFAULT_DIR",
    "BadUpload",
    "FolderStore",
    "RedisStore",
    "Store",
    "StoreUnavailable",
    "owner_key",
    "safe_name",
    "storage_errors",
    "store_for",
]


class BadUpload(ValueError):
    """An upload the server refuses, with a Swedish message for the user (HTTP 400)."""


def safe_name(name: str | None, index: int) -> str:
    """The uploaded file's own name as shown to the user, or ``BadUpload``.

    Folders in the name are dropped (a browser sends the bare name; anything else is
    ignored, as in issue 12's request guard); "." and "..", control characters and names
    over ``MAX_NAME`` characters are refused. The name never reaches a path outside the
    storage folder: files are kept as ``arbete/<tmp>/NNN/<name>`` while validated.
    """
    if not name:
        return f"arbetsbok_{index + 1}.xlsx"
    shown = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1].strip())
    short = shown[:40] + ("…" if len(shown) > 40 else "")
    label = f"Fil nummer {index + 1}"
    if not shown or set(shown) <= {"."}:
        raise BadUpload(f"{label}: filnamnet '{short}' är inte ett filnamn. Byt namn på filen och ladda upp den igen.")
    if any(unicodedata.category(c) == "Cc" for c in shown):
        raise BadUpload(f"{label}: filnamnet innehåller styrtecken. Byt namn på filen och ladda upp den igen.")
    if len(shown) > MAX_NAME:
        raise BadUpload(
            f"{label}: filnamnet '{short}' är {len(shown)} tecken långt; högst {MAX_NAME} tecken går. "
            "Byt namn på filen till ett kortare och ladda upp den igen."
        )
    return shown


class Store(Protocol):
    retention: int

    def put(self, owner: str, value: dict[str, Any]) -> str: ...

    def get(self, owner: str, upload_id: str) -> dict[str, Any] | None: ...

    def validation_folder(self) -> contextlib.AbstractContextManager[Path]: ...

    def begin_parts(self, owner: str, meta: dict[str, Any]) -> str: ...

    def put_part(self, owner: str, batch: str, index: int, data: bytes) -> bool: ...

    def take_parts(self, owner: str, batch: str) -> tuple[dict[str, Any], list[bytes]] | None: ...

    def put_document(self, owner: str, key: str, filename: str, data: bytes) -> bool: ...

    def get_document(self, owner: str, key: str) -> tuple[str, bytes] | None: ...

    def purge(self, now: float | None = None) -> int: ...


_STORES: dict[tuple[Any, ...], Store] = {}
_STORES_LOCK = threading.Lock()


def store_for(settings: Any) -> Store:
    """The store the server's settings ask for (``uploads_*`` in addin/config.py), made once
    per process (one Redis connection pool); ``StoreUnavailable`` if its folder cannot be
    made now (tried again on the next request)."""
    wanted = (settings.uploads_redis_url, settings.uploads_dir, settings.uploads_retention_seconds)
    with _STORES_LOCK:
        if wanted not in _STORES:
            url, folder, retention = wanted
            _STORES[wanted] = RedisStore(url, retention, folder) if url else FolderStore(folder, retention)
        return _STORES[wanted]
