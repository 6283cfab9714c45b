"""``prognos server --workers N`` on Linux: N uvicorn processes, each with its own
listening socket on the same port (``SO_REUSEPORT``), watched by this process.

uvicorn's own ``--workers`` binds one socket and hands that same socket to every worker.
All of them then wait on it, and whichever wakes first takes every connection waiting
(asyncio accepts them in batches), so a burst of refreshes (nine o'clock, the whole
department) lands mostly on one worker while the other idles: measured, 50 refreshes at
once over 2 workers, 2.37 s of CPU in one and 1.22 s in the other. With a socket per
worker the kernel spreads the connections over the workers (by a hash of each
connection's addresses): 1.67 / 2.06 s. docs/performance.md has the figures.

The supervisor is deliberately small: it checks that the port is free (a second server on
the same port would otherwise silently share it), starts the workers and stops them all on
SIGTERM or Ctrl-C. Elsewhere (no ``SO_REUSEPORT``) uvicorn's workers are used.

Its restart policy (``Supervisor``; docs/deployment.md, with systemd's part):

- a worker that dies is started again, at once if it had been running for a while; one
  that dies again right after its start (within ``STARTUP_SECONDS``) is started again
  after a pause that doubles each time (1, 2, 4 … up to 60 s) and resets once it stays up.
  The other workers serve meanwhile; the server never stops because a worker keeps dying
  (before, a worker killed four times in a row stopped the whole server);
- only when the workers die before *any* of them ever served (a setting that cannot be
  used, a module missing: every restart would fail the same way) does the supervisor stop,
  with a Swedish line and exit code 2; systemd (``Restart=on-failure``) then tries again.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

FAILED_STARTS_BEFORE_GIVING_UP = 3  # workers that die before any worker ever served
STARTUP_SECONDS = 20.0  # a worker that dies sooner after its start "died at once"
BACKOFF_FIRST = 1.0  # seconds before a worker that died at once is started again; doubles …
BACKOFF_MAX = 60.0  # … up to this


class WorkersFailed(Exception):
    """A Swedish one-line reason why the workers could not be kept running."""


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, reuse_port: bool) -> socket.socket:
    family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def check_port_free(host: str, port: int) -> None:
    """Bind without ``SO_REUSEPORT`` once: fails while anything, another Prognos server
    included, listens on the port."""
    try:
        listening_socket(host, port, reuse_port=False).close()
    except OSError as exc:
        raise WorkersFailed(
            f"Porten {port} på {host} kan inte användas ({exc.strerror}). "
            "Kör servern redan? Stoppa den eller välj en annan port med --port."
        ) from None


def run_worker(options: dict[str, Any], ready: Any = None) -> None:
    """One worker process: its own socket on the shared port, then uvicorn (imported here:
    ``prognos server`` says in Swedish when the server extra is not installed). ``ready``
    (an event) is set once the worker serves."""
    import uvicorn

    # Bound, not yet listening: asyncio listens when uvicorn starts serving (after the app
    # is imported and its startup ran), so the kernel sends this worker no connection while
    # it starts, and none is lost in its queue if it dies before it serves.
    sock = listening_socket(options["host"], options["port"], reuse_port=True)
    server = uvicorn.Server(uvicorn.Config(**options))
    if ready is not None:
        threading.Thread(target=_report_ready, args=(server, ready), daemon=True).start()
    server.run(sockets=[sock])


def _report_ready(server: Any, ready: Any) -> None:
    while not server.started and not server.should_exit:
        time.sleep(0.1)
    if server.started:
        ready.set()


@dataclass
class Slot:
    """One worker's place: its current process and how often it died at once in a row."""

    number: int
    process: Any = None
    ready: Any = None
    started: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None


def backoff(quick_deaths: int) -> float:
    """Seconds to wait before starting again a worker that died at once ``quick_deaths``
    times in a row: none after a worker that had been running, then 1, 2, 4 … up to 60."""
    if quick_deaths <= 0:
        return 0.0
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (quick_deaths - 1))


class Supervisor:
    """The restart policy: a worker that dies is started again (after a growing pause
    when it keeps dying right after its start), for as long as the server runs; the whole
    server gives up only when the workers die before any of them ever served (a setting
    that cannot be used, a missing module): then systemd's ``Restart=on-failure`` takes over."""

    def __init__(self, options: dict[str, Any], workers: int, note: Callable[[str], None]) -> None:
        self.options, self.note = options, note
        self.context = multiprocessing.get_context("spawn")
        self.slots = [Slot(n) for n in range(1, workers + 1)]
        self.served = False  # any worker ever ready
        self.failed_starts = 0

    def start(self, slot: Slot) -> None:
        slot.ready = self.context.Event()
        slot.process = self.context.Process(
            target=run_worker, args=(self.options, slot.ready), name=f"prognos-arbetsprocess-{slot.number}"
        )
        slot.process.start()
        slot.started, slot.restart_at = time.monotonic(), None

    def check(self, now: float) -> None:
        """One look at every worker: note deaths, schedule and make restarts."""
        self.served = self.served or any(s.ready is not None and s.ready.is_set() for s in self.slots)
        for slot in self.slots:
            if slot.restart_at is not None:
                if now >= slot.restart_at:
                    self.start(slot)
                continue
            if slot.process.is_alive():
                if slot.quick_deaths and now - slot.started >= STARTUP_SECONDS:
                    slot.quick_deaths = 0  # running again: the next death starts from scratch
                continue
            self._died(slot, now)

    def _died(self, slot: Slot, now: float) -> None:
        quick = now - slot.started < STARTUP_SECONDS or not slot.ready.is_set()
        if not self.served:
            self.failed_starts += 1
            if self.failed_starts >= FAILED_STARTS_BEFORE_GIVING_UP:
                raise WorkersFailed("Arbetsprocesserna avslutas direkt efter start; se felen ovan.")
        slot.quick_deaths = slot.quick_deaths + 1 if quick else 0
        pause = backoff(slot.quick_deaths)
        self.note(
            f"Arbetsprocess {slot.number} avslutades (kod {slot.process.exitcode}); startar en ny"
            + (f" om {pause:g} s." if pause else ".")
        )
        slot.restart_at = now + pause

    def stop(self) -> None:
        running = [s.process for s in self.slots if s.process is not None]
        for process in running:
            if process.is_alive():
                process.terminate()  # uvicorn stops gracefully on SIGTERM
        deadline = time.monotonic() + 30
        for process in running:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)


def serve(options: dict[str, Any], workers: int, note: Callable[[str], None] | None = None) -> None:
    """Run ``workers`` processes of ``uvicorn.Config(**options)`` until SIGTERM or SIGINT."""
    check_port_free(options["host"], options["port"])
    supervisor = Supervisor(options, workers, note or (lambda _text: None))
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        for slot in supervisor.slots:
            supervisor.start(slot)
        while not stopping:
            time.sleep(0.5)
            if not stopping:
                supervisor.check(time.monotonic())
    finally:
        supervisor.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
