"""What the upload stores keep and how they fail, shared by the folder store
(``folder_store.py``) and the Redis store (``redis_store.py``); see ``uploads.py``.

Every record names its owner (``owner_key`` of the signed-in user's id) and is read only
by that owner. A store that cannot be used (Redis down, the folder full or read-only)
raises ``StoreUnavailable``: a Swedish line that names no path, for the user (HTTP 503
from the routes, an alert in a script); the real error, path included, goes to the log.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Iterator
from typing import Any

import redis

from validation.findings import Finding
from validation.raw_table import UnusableInput

logger = logging.getLogger(__name__)

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16)
DOCUMENT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # the task pane's own random key
OWNER_PATTERN = re.compile(r"^[0-9a-f]{64}$")  # owner_key


class StoreUnavailable(UnusableInput):
    """The store cannot be used now (HTTP 503; an alert in a script). Swedish, no path."""


STORE_FULL = "Lagringen på servern är full"
STORE_READ_ONLY = "Lagringen på servern är skrivskyddad"
STORE_FAILED = "Lagringen på servern kan inte användas"
REDIS_DOWN = "Prognos når inte sin lagring (Redis) på servern"
AFTERWARDS = "just nu, så inget sparades. Försök igen om en stund; kvarstår felet, kontakta den som förvaltar Prognos."


def unavailable(exc: Exception) -> StoreUnavailable:
    if isinstance(exc, redis.RedisError):
        first = REDIS_DOWN
    elif getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        first = STORE_FULL
    elif getattr(exc, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM):
        first = STORE_READ_ONLY
    else:
        first = STORE_FAILED
    return StoreUnavailable(f"{first} {AFTERWARDS}")


@contextlib.contextmanager
def storage_errors(doing: str, missing_ok: bool = False) -> Iterator[None]:
    """Turn an ``OSError`` or a Redis error into ``StoreUnavailable``; the operator finds
    the real error (with its path) in the server's log. ``missing_ok``: a file that is not
    there stays a ``FileNotFoundError`` (the caller reads it as "gone")."""
    try:
        yield
    except FileNotFoundError:
        if missing_ok:
            raise
        logger.error("Prognos: lagringens mapp saknas (%s)", doing)
        raise StoreUnavailable(f"{STORE_FAILED} {AFTERWARDS}") from None
    except (OSError, redis.RedisError) as exc:
        logger.error("Prognos: lagringen kunde inte användas (%s): %r", doing, exc)
        raise unavailable(exc) from None


def owner_key(user_id: str | None) -> str:
    """A stable, non-reversible key for the user an upload belongs to."""
    return hashlib.sha256(f"prognos-uppladdning:{user_id or 'anonym'}".encode()).hexdigest()


def owned_by(data: dict[str, Any], owner: str) -> bool:
    """Whether a stored record names ``owner`` (compared in constant time)."""
    return secrets.compare_digest(str(data.get("agare", "")), owner)


def new_record_id() -> str:
    """A fresh, unguessable id for an upload or a set of pieces (``ID_PATTERN``)."""
    return secrets.token_urlsafe(16)


def is_record_id(value: str | None) -> bool:
    """An id as ``new_record_id`` makes them: nothing else reaches a file name or a key."""
    return bool(ID_PATTERN.match(value or ""))


def is_document_key(owner: str, key: str | None) -> bool:
    """A Word report's key (the task pane's own) and an owner key, safe in a file name or a key."""
    return bool(DOCUMENT_KEY.match(key or "")) and bool(OWNER_PATTERN.match(owner))


def encode_upload(owner: str, value: dict[str, Any]) -> str:
    return json.dumps(
        {
            "agare": owner,
            "skapad": time.time(),
            "filer": value["filer"],
            "fynd": [f.model_dump(mode="json") for f in value["fynd"]],
        },
        ensure_ascii=False,
    )


def decode_upload(owner: str, text: str | bytes) -> dict[str, Any] | None:
    data = json.loads(text)
    if not owned_by(data, owner):
        return None  # another user's upload reads as a missing one
    return {"filer": data["filer"], "fynd": [Finding.model_validate(f) for f in data["fynd"]]}


def encode_document(owner: str, filename: str, data: bytes) -> bytes:
    return json.dumps({"agare": owner, "filnamn": filename, "data": base64.b64encode(data).decode("ascii")}).encode(
        "utf-8"
    )


def decode_document(owner: str, raw: str | bytes) -> tuple[str, bytes] | None:
    data = json.loads(raw)
    if not owned_by(data, owner):
        return None  # never expected: the key is in the owner's own space
    return str(data["filnamn"]), base64.b64decode(data["data"])


def encode_parts_meta(owner: str, meta: dict[str, Any]) -> str:
    """The record of a set of pieces of big sheets: its owner and what the sheets are."""
    return json.dumps({"agare": owner, "meta": meta})


def decode_parts_meta(owner: str, raw: str | bytes) -> dict[str, Any] | None:
    """What the sheets are, for their owner only (None for anyone else)."""
    data = json.loads(raw)
    if data is None or not owned_by(data, owner):
        return None
    return data["meta"]
