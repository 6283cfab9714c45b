"""The Redis store of uploads, pieces of big sheets and Word reports (``uploads.py``), for
several machines without a shared folder: one key per record, every key with the
retention time as its expiry (set in the same command, or the same transaction), so Redis
deletes what is old without a sweeper. Keys: ``prognos:uppladdning:<id>``,
``prognos:delar:<id>:meta`` and ``:delar``, ``prognos:dokument:<user>:<key>``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import redis

from addin.server.folder_store import FolderStore
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

KEY_PREFIX = "prognos:uppladdning:"
PARTS_PREFIX = "prognos:delar:"
DOCUMENT_PREFIX = "prognos:dokument:"
TIMEOUT = 5.0  # seconds: an unreachable Redis is a 503 soon, not a request that hangs


class RedisStore:
    """One Redis key per upload, piece set and report, each expiring after the retention
    time (Redis deletes it; nothing is left without an expiry)."""

    def __init__(self, url: str, retention: int = 3600, work_dir: Path | str | None = None):
        self.client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
        self.retention = int(retention)
        self.work = FolderStore(work_dir, retention)  # the uploaded files while they are validated

    def put(self, owner: str, value: dict[str, Any]) -> str:
        upload_id = new_record_id()
        with storage_errors("uppladdning sparas i Redis"):
            self.client.set(KEY_PREFIX + upload_id, encode_upload(owner, value).encode("utf-8"), ex=self.retention)
        return upload_id

    def get(self, owner: str, upload_id: str) -> dict[str, Any] | None:
        if not is_record_id(upload_id):
            return None
        with storage_errors("uppladdning läses i Redis"):
            data = self.client.get(KEY_PREFIX + upload_id)
        return None if data is None else decode_upload(owner, data)

    def purge(self, now: float | None = None) -> int:
        """Redis expires its keys itself; only left-over work folders are swept."""
        return self.work.purge(now)

    # --- pieces of big sheets ----------------------------------------------------------
    def begin_parts(self, owner: str, meta: dict[str, Any]) -> str:
        batch = new_record_id()
        with storage_errors("stora blad sparas i Redis"):
            self.client.set(f"{PARTS_PREFIX}{batch}:meta", encode_parts_meta(owner, meta), ex=self.retention)
        return batch

    def _meta(self, owner: str, batch: str) -> dict[str, Any] | None:
        if not is_record_id(batch):
            return None
        with storage_errors("stora blad läses i Redis"):
            raw = self.client.get(f"{PARTS_PREFIX}{batch}:meta")
        return decode_parts_meta(owner, raw) if raw else None

    def put_part(self, owner: str, batch: str, index: int, data: bytes) -> bool:
        if self._meta(owner, batch) is None or not 0 <= index < 1_000_000:
            return False
        key = f"{PARTS_PREFIX}{batch}:delar"
        with storage_errors("en del av ett stort blad sparas i Redis"):
            # one transaction: the hash never exists without its expiry
            self.client.pipeline(transaction=True).hset(key, f"{index:06d}", data).expire(key, self.retention).execute()
        return True

    def take_parts(self, owner: str, batch: str) -> tuple[dict[str, Any], list[bytes]] | None:
        meta = self._meta(owner, batch)
        if meta is None:
            return None
        key = f"{PARTS_PREFIX}{batch}:delar"
        with storage_errors("stora blad läses i Redis"):
            parts = self.client.hgetall(key)
            self.client.delete(key, f"{PARTS_PREFIX}{batch}:meta")  # read once
        return meta, [parts[k] for k in sorted(parts)]

    # --- Word reports ------------------------------------------------------------------
    def _document_key(self, owner: str, key: str) -> str | None:
        if not is_document_key(owner, key):
            return None
        return f"{DOCUMENT_PREFIX}{owner}:{key}"

    def put_document(self, owner: str, key: str, filename: str, data: bytes) -> bool:
        name = self._document_key(owner, key)
        if name is None:
            return False
        with storage_errors("rapporten sparas i Redis"):
            self.client.set(name, encode_document(owner, filename, data), ex=self.retention)
        return True

    def get_document(self, owner: str, key: str) -> tuple[str, bytes] | None:
        name = self._document_key(owner, key)
        if name is None:
            return None
        with storage_errors("rapporten läses i Redis"):
            raw = self.client.get(name)
        return None if raw is None else decode_document(owner, raw)

    def validation_folder(self) -> contextlib.AbstractContextManager[Path]:
        return self.work.validation_folder()
