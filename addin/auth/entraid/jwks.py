"""Where the Entra ID signing keys (JWKS) come from.

By default (nothing set) xlwings Server downloads Microsoft's public key set. A server
without internet access sets one of:

- ``PROGNOS_JWKS_FILE``: a JSON file with the key set (copy it from
  ``https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys`` and refresh it
  when Microsoft rotates keys), or
- ``PROGNOS_JWKS_URL``: an internal URL that serves it.

The tests use ``PROGNOS_JWKS_URL`` with a locally generated key.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
from aiocache import cached


@cached(ttl=60 * 60)
async def get_jwks_json():
    path = os.environ.get("PROGNOS_JWKS_FILE")
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    url = os.environ.get("PROGNOS_JWKS_URL")
    if url:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(url)
            response.raise_for_status()
            return response.json()
    return None  # xlwings Server fetches Microsoft's key set
