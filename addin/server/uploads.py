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
``uploads_retention_seconds`` (default one hour). The uploaded files themselves are
written only below the storage folder's ``arbete/`` while they are validated, under
names checked by ``safe_name``, and deleted right after.

The same stores keep the *pieces of big sheets* that the task pane sends before a refresh
on Excel on the web (``begin_parts``/``put_part``/``take_parts``): each request and response
between an add-in and Excel on the web must stay under 5 MB, so a 500 000-row ledger goes
in pieces of a few thousand rows (docs/performance.md), bound to the user like uploads.

And they keep the *Word reports* that *Skapa rapport* makes (``put_document``/
``get_document``), under the random key the task pane chose, until the task pane downloads
the file from whichever worker answers (``GET /prognos/rapport/<nyckel>``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

import redis

from validation.findings import Finding

DEFAULT_DIR = Path(tempfile.gettempdir()) / "prognos-uppladdningar"
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16)
MAX_NAME = 120  # characters of an uploaded file's name (as issue 12's guard)
KEY_PREFIX = "prognos:uppladdning:"
PARTS_PREFIX = "prognos:delar:"
PART_PATTERN = re.compile(r"^[0-9]{1,6}$")
DOCUMENT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # the task pane's own random key
DOCUMENT_PREFIX = "prognos:dokument:"


class BadUpload(ValueError):
    """An upload the server refuses, with a Swedish message for the user (HTTP 400)."""


def owner_key(user_id: str | None) -> str:
    """A stable, non-reversible key for the user an upload belongs to."""
    return hashlib.sha256(f"prognos-uppladdning:{user_id or 'anonym'}".encode()).hexdigest()


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
        raise BadUpload(f"{label}: filnamnet '{short}' är {len(shown)} tecken långt; högst {MAX_NAME} tecken går. "
                        "Byt namn på filen till ett kortare och ladda upp den igen.")
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


def _encode(owner: str, value: dict[str, Any]) -> str:
    return json.dumps({
        "agare": owner,
        "skapad": time.time(),
        "filer": value["filer"],
        "fynd": [f.model_dump(mode="json") for f in value["fynd"]],
    }, ensure_ascii=False)


def _decode(owner: str, text: str | bytes) -> dict[str, Any] | None:
    data = json.loads(text)
    if not secrets.compare_digest(str(data.get("agare", "")), owner):
        return None  # another user's upload reads as a missing one
    return {"filer": data["filer"], "fynd": [Finding.model_validate(f) for f in data["fynd"]]}


def _encode_document(owner: str, filename: str, data: bytes) -> bytes:
    return json.dumps({"agare": owner, "filnamn": filename,
                       "data": base64.b64encode(data).decode("ascii")}).encode("utf-8")


def _decode_document(owner: str, raw: str | bytes) -> tuple[str, bytes] | None:
    data = json.loads(raw)
    if not secrets.compare_digest(str(data.get("agare", "")), owner):
        return None  # another user's report reads as a missing one
    return str(data["filnamn"]), base64.b64decode(data["data"])


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: another process
    never reads half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ny-", suffix=".json")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


class FolderStore:
    """One JSON file per upload in a folder all worker processes (and machines) share."""

    def __init__(self, folder: Path | str | None = None, retention: int = 3600):
        self.folder = Path(folder) if folder else DEFAULT_DIR
        self.retention = int(retention)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.folder / "arbete").mkdir(exist_ok=True, mode=0o700)

    def _path(self, upload_id: str) -> Path | None:
        if not ID_PATTERN.match(upload_id or ""):
            return None
        return self.folder / f"{upload_id}.json"

    def put(self, owner: str, value: dict[str, Any]) -> str:
        self.purge()
        upload_id = secrets.token_urlsafe(16)
        _write_atomically(self._path(upload_id), _encode(owner, value).encode("utf-8"))
        return upload_id

    def get(self, owner: str, upload_id: str) -> dict[str, Any] | None:
        self.purge()
        return self._read(self._path(upload_id), lambda raw: _decode(owner, raw))

    def _read(self, path: Path | None, decode: Callable[[bytes], Any]) -> Any:
        """A stored file, decoded for its owner; None when it is not there, older than the
        retention time (then deleted), or not the owner's."""
        if path is None:
            return None
        try:
            if time.time() - path.stat().st_mtime > self.retention:
                path.unlink(missing_ok=True)
                return None
            return decode(path.read_bytes())
        except (FileNotFoundError, ValueError, KeyError):
            return None

    def purge(self, now: float | None = None) -> int:
        """Delete uploads (and left-over work folders) older than the retention time."""
        now = time.time() if now is None else now
        removed = 0
        (self.folder / "delar").mkdir(exist_ok=True, mode=0o700)
        old = list(self.folder.glob("*.json")) + list((self.folder / "arbete").iterdir())
        if (self.folder / "dokument").is_dir():  # Word reports, made only by Skapa rapport
            old += list((self.folder / "dokument").iterdir())
        for path in old + list((self.folder / "delar").iterdir()):
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime > self.retention:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                    removed += 1
        return removed

    # --- pieces of big sheets ----------------------------------------------------------
    def _batch_dir(self, batch: str) -> Path | None:
        return self.folder / "delar" / batch if ID_PATTERN.match(batch or "") else None

    def begin_parts(self, owner: str, meta: dict[str, Any]) -> str:
        self.purge()
        batch = secrets.token_urlsafe(16)
        folder = self._batch_dir(batch)
        folder.mkdir(parents=True, mode=0o700)
        (folder / "meta.json").write_text(json.dumps({"agare": owner, "meta": meta}), encoding="utf-8")
        return batch

    def _owned(self, owner: str, batch: str) -> tuple[Path, dict[str, Any]] | None:
        folder = self._batch_dir(batch)
        try:
            data = json.loads((folder / "meta.json").read_text(encoding="utf-8")) if folder else None
        except (FileNotFoundError, ValueError):
            return None
        if data is None or not secrets.compare_digest(str(data.get("agare", "")), owner):
            return None
        return folder, data["meta"]

    def put_part(self, owner: str, batch: str, index: int, data: bytes) -> bool:
        owned = self._owned(owner, batch)
        if owned is None or not 0 <= index < 1_000_000:
            return False
        fd, tmp = tempfile.mkstemp(dir=owned[0], prefix=".ny-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, owned[0] / f"{index:06d}.json")
        return True

    def take_parts(self, owner: str, batch: str) -> tuple[dict[str, Any], list[bytes]] | None:
        owned = self._owned(owner, batch)
        if owned is None:
            return None
        folder, meta = owned
        parts = [p.read_bytes() for p in sorted(folder.glob("[0-9]*.json"))]
        shutil.rmtree(folder, ignore_errors=True)  # read once
        return meta, parts

    def _document_path(self, key: str) -> Path | None:
        if not DOCUMENT_KEY.match(key or ""):
            return None
        folder = self.folder / "dokument"
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder / f"{key}.json"

    def put_document(self, owner: str, key: str, filename: str, data: bytes) -> bool:
        self.purge()
        path = self._document_path(key)
        if path is None:
            return False
        _write_atomically(path, _encode_document(owner, filename, data))
        return True

    def get_document(self, owner: str, key: str) -> tuple[str, bytes] | None:
        self.purge()
        return self._read(self._document_path(key), lambda raw: _decode_document(owner, raw))

    @contextlib.contextmanager
    def validation_folder(self) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(dir=self.folder / "arbete") as tmp:
            yield Path(tmp)


class RedisStore:
    """One Redis key per upload, expiring after the retention time."""

    def __init__(self, url: str, retention: int = 3600, work_dir: Path | str | None = None):
        self.client = redis.Redis.from_url(url)
        self.retention = int(retention)
        self.work = Path(work_dir) if work_dir else DEFAULT_DIR
        (self.work / "arbete").mkdir(parents=True, exist_ok=True, mode=0o700)

    def put(self, owner: str, value: dict[str, Any]) -> str:
        upload_id = secrets.token_urlsafe(16)
        self.client.set(KEY_PREFIX + upload_id, _encode(owner, value).encode("utf-8"), ex=self.retention)
        return upload_id

    def get(self, owner: str, upload_id: str) -> dict[str, Any] | None:
        if not ID_PATTERN.match(upload_id or ""):
            return None
        data = self.client.get(KEY_PREFIX + upload_id)
        return None if data is None else _decode(owner, data)

    # --- pieces of big sheets ----------------------------------------------------------
    def begin_parts(self, owner: str, meta: dict[str, Any]) -> str:
        batch = secrets.token_urlsafe(16)
        self.client.set(f"{PARTS_PREFIX}{batch}:meta", json.dumps({"agare": owner, "meta": meta}), ex=self.retention)
        return batch

    def _meta(self, owner: str, batch: str) -> dict[str, Any] | None:
        if not ID_PATTERN.match(batch or ""):
            return None
        raw = self.client.get(f"{PARTS_PREFIX}{batch}:meta")
        data = json.loads(raw) if raw else None
        if data is None or not secrets.compare_digest(str(data.get("agare", "")), owner):
            return None
        return data["meta"]

    def put_part(self, owner: str, batch: str, index: int, data: bytes) -> bool:
        if self._meta(owner, batch) is None or not 0 <= index < 1_000_000:
            return False
        key = f"{PARTS_PREFIX}{batch}:delar"
        self.client.hset(key, f"{index:06d}", data)
        self.client.expire(key, self.retention)
        return True

    def take_parts(self, owner: str, batch: str) -> tuple[dict[str, Any], list[bytes]] | None:
        meta = self._meta(owner, batch)
        if meta is None:
            return None
        key = f"{PARTS_PREFIX}{batch}:delar"
        parts = self.client.hgetall(key)
        self.client.delete(key, f"{PARTS_PREFIX}{batch}:meta")  # read once
        return meta, [parts[k] for k in sorted(parts)]

    def put_document(self, owner: str, key: str, filename: str, data: bytes) -> bool:
        if not DOCUMENT_KEY.match(key or ""):
            return False
        self.client.set(DOCUMENT_PREFIX + key, _encode_document(owner, filename, data), ex=self.retention)
        return True

    def get_document(self, owner: str, key: str) -> tuple[str, bytes] | None:
        if not DOCUMENT_KEY.match(key or ""):
            return None
        raw = self.client.get(DOCUMENT_PREFIX + key)
        return None if raw is None else _decode_document(owner, raw)

    @contextlib.contextmanager
    def validation_folder(self) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(dir=self.work / "arbete") as tmp:
            yield Path(tmp)


def store_for(settings: Any) -> Store:
    """The store the server's settings ask for (``uploads_*`` in addin/config.py)."""
    retention = settings.uploads_retention_seconds
    folder = settings.uploads_dir
    url = settings.uploads_redis_url
    if url:
        return RedisStore(url, retention, folder)
    return FolderStore(folder, retention)
