"""Periodic jobs of each server process: the sweeper that deletes what has outlived the
retention time.

Uploads' findings, pieces of big sheets and Word reports are kept for
``uploads_retention_seconds``. In Redis every key carries that time as its own expiry
(Redis deletes it); in the folder store nothing expires by itself, so every worker process
sweeps the folder every ``uploads_sweep_seconds`` (default 60): on a quiet server a file
is gone at most that long after its retention time, whether or not a request comes.
(Reads also treat an expired file as gone, so nothing is served in between.) Several
workers, or several machines on one shared folder, sweeping at once is harmless: a file
one of them deleted first is skipped by the others.

The router (``addin/routers/custom.py``, which knows the settings) registers the job with
``every``; ``addin/lifespan.py`` runs the registered jobs while the process serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

logger = logging.getLogger(__name__)

_JOBS: dict[str, tuple[float, Callable[[], object]]] = {}


def every(seconds: float, name: str, job: Callable[[], object]) -> None:
    """Run ``job`` (blocking; in a thread) every ``seconds`` while the process serves."""
    _JOBS[name] = (max(1.0, float(seconds)), job)


async def _repeat(name: str, seconds: float, job: Callable[[], object]) -> None:
    while True:
        try:
            await asyncio.to_thread(job)
        except Exception as exc:  # a store that cannot be used now: say so in the log, try again
            logger.warning("Prognos: %s misslyckades (%r); nytt försök om %g s", name, exc, seconds)
        await asyncio.sleep(seconds)


@contextlib.asynccontextmanager
async def running() -> AsyncIterator[list[str]]:
    """The registered jobs, each in its own task, until the block ends."""
    tasks = [asyncio.create_task(_repeat(name, s, job), name=f"prognos-{name}") for name, (s, job) in _JOBS.items()]
    try:
        yield sorted(_JOBS)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
