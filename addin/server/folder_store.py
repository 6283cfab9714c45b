"""The folder store of uploads, pieces of big sheets and Word reports (``uploads.py``):
one file per record in a folder every worker process (and, on a shared folder, every
machine) sees. Layout: ``<id>.json`` (an upload's findings), ``delar/<id>/`` (the pieces
of big sheets), ``dokument/<user>-<key>.json`` (Word reports, in the user's own space),
``arbete/`` (uploaded workbooks while they are validated). Nothing here expires by
itself: the sweeper (``sweeper.py``) runs ``purge`` in every worker process.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from addin.server.store_records import (
    decode_document,
    decode_parts_meta,
    decode_upload,
    encode_document,
    encode_parts_meta,
    encode_upload,
    is_document_key,
    is_record_id,
    new_record_id,
    storage_errors,
)
from workbooks.books.atomic import write_atomically

DEFAULT_DIR = Path(tempfile.gettempdir()) / "prognos-uppladdningar"


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Another process never reads half a file, and a write that fails (disk full) leaves
    nothing behind (``workbooks.books.atomic``)."""
    write_atomically(path, lambda tmp: tmp.write_bytes(data))


class FolderStore:
    """One JSON file per upload in a folder all worker processes (and machines) share."""

    def __init__(self, folder: Path | str | None = None, retention: int = 3600):
        self.folder = Path(folder) if folder else DEFAULT_DIR
        self.retention = int(retention)
        with storage_errors("mappen skapas"):
            for sub in ("arbete", "delar", "dokument"):
                (self.folder / sub).mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, upload_id: str) -> Path | None:
        if not is_record_id(upload_id):
            return None
        return self.folder / f"{upload_id}.json"

    def put(self, owner: str, value: dict[str, Any]) -> str:
        upload_id = new_record_id()
        with storage_errors("uppladdning sparas"):
            write_bytes_atomically(self._path(upload_id), encode_upload(owner, value).encode("utf-8"))
        return upload_id

    def get(self, owner: str, upload_id: str) -> dict[str, Any] | None:
        return self._read(self._path(upload_id), lambda raw: decode_upload(owner, raw))

    def _read(self, path: Path | None, decode: Callable[[bytes], Any]) -> Any:
        """A stored file, decoded for its owner; None when it is not there, older than the
        retention time (the sweeper deletes it soon), or not the owner's."""
        if path is None:
            return None
        try:
            with storage_errors("läses", missing_ok=True):
                if time.time() - path.stat().st_mtime > self.retention:
                    return None
                raw = path.read_bytes()
            return decode(raw)
        except (FileNotFoundError, ValueError, KeyError):
            return None

    def purge(self, now: float | None = None) -> int:
        """Delete uploads, pieces, Word reports and left-over work folders older than the
        retention time (the sweeper's job); the number deleted."""
        now = time.time() if now is None else now
        removed = 0
        old = list(self.folder.glob("*.json"))
        for sub in ("arbete", "delar", "dokument"):
            if (self.folder / sub).is_dir():
                old += list((self.folder / sub).iterdir())
        for path in old:
            with contextlib.suppress(FileNotFoundError):
                if now - path.lstat().st_mtime > self.retention:
                    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
                    removed += 1
        return removed

    # --- pieces of big sheets ----------------------------------------------------------
    def _batch_dir(self, batch: str) -> Path | None:
        return self.folder / "delar" / batch if is_record_id(batch) else None

    def begin_parts(self, owner: str, meta: dict[str, Any]) -> str:
        batch = new_record_id()
        folder = self._batch_dir(batch)
        with storage_errors("stora blad sparas"):
            try:
                folder.mkdir(parents=True, mode=0o700)
                write_bytes_atomically(folder / "meta.json", encode_parts_meta(owner, meta).encode("utf-8"))
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return batch

    def _owned(self, owner: str, batch: str) -> tuple[Path, dict[str, Any]] | None:
        folder = self._batch_dir(batch)
        try:
            with storage_errors("stora blad läses", missing_ok=True):
                raw = (folder / "meta.json").read_text(encoding="utf-8") if folder else None
            meta = None if raw is None else decode_parts_meta(owner, raw)
        except (FileNotFoundError, ValueError):
            return None
        return None if meta is None else (folder, meta)

    def put_part(self, owner: str, batch: str, index: int, data: bytes) -> bool:
        owned = self._owned(owner, batch)
        if owned is None or not 0 <= index < 1_000_000:
            return False
        with storage_errors("en del av ett stort blad sparas"):
            write_bytes_atomically(owned[0] / f"{index:06d}.json", data)
        return True

    def take_parts(self, owner: str, batch: str) -> tuple[dict[str, Any], list[bytes]] | None:
        owned = self._owned(owner, batch)
        if owned is None:
            return None
        folder, meta = owned
        with storage_errors("stora blad läses"):
            parts = [p.read_bytes() for p in sorted(folder.glob("[0-9]*.json"))]
        shutil.rmtree(folder, ignore_errors=True)  # read once
        return meta, parts

    # --- Word reports ------------------------------------------------------------------
    def _document_path(self, owner: str, key: str) -> Path | None:
        if not is_document_key(owner, key):
            return None
        return self.folder / "dokument" / f"{owner}-{key}.json"

    def put_document(self, owner: str, key: str, filename: str, data: bytes) -> bool:
        path = self._document_path(owner, key)
        if path is None:
            return False
        with storage_errors("rapporten sparas"):
            write_bytes_atomically(path, encode_document(owner, filename, data))
        return True

    def get_document(self, owner: str, key: str) -> tuple[str, bytes] | None:
        return self._read(self._document_path(owner, key), lambda raw: decode_document(owner, raw))

    @contextlib.contextmanager
    def validation_folder(self) -> Iterator[Path]:
        with storage_errors("arbetsmapp skapas"):
            tmp = tempfile.mkdtemp(dir=self.folder / "arbete")
        try:
            yield Path(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
