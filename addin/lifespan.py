"""Startup and shutdown of each server process (xlwings Server loads ``lifespan.py`` from
the project directory, ``addin/``, and runs its ``lifespan`` around the app).

At startup, once every module of the server is imported and the app is built, the
objects that exist then (modules, functions, the app: about a quarter of a million) are
frozen out of Python's cyclic garbage collector (``gc.freeze``): they live as long as
the process, and without this each full collection walks them all again, a few
milliseconds per refresh under load. Collections then look only at the objects that
requests make. Measured in docs/performance.md (add-in section).

While the process serves, the periodic jobs registered with ``addin/server/sweeper.py``
run (the sweeper that deletes uploads and reports older than the retention time).
"""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from addin.server import sweeper


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    gc.collect()  # what is garbage already goes first, so only live objects are frozen
    gc.freeze()
    async with sweeper.running():
        yield
    gc.unfreeze()
