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
the same port would otherwise silently share it), starts the workers, starts a worker
again if one dies, gives up with a Swedish message if they die right after starting, and
stops them all on SIGTERM or Ctrl-C. Elsewhere (no ``SO_REUSEPORT``) uvicorn's workers
are used.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from typing import Any, Callable

BACKLOG = 2048  # uvicorn's default
RESTARTS_BEFORE_GIVING_UP = 3  # workers that die within STARTUP_SECONDS of starting
STARTUP_SECONDS = 20.0


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
        raise WorkersFailed(f"Porten {port} på {host} kan inte användas ({exc.strerror}). "
                            "Kör servern redan? Stoppa den eller välj en annan port med --port.") from None


def run_worker(options: dict[str, Any]) -> None:
    """One worker process: its own socket on the shared port, then uvicorn (imported here:
    ``prognos server`` says in Swedish when the server extra is not installed)."""
    import uvicorn

    sock = listening_socket(options["host"], options["port"], reuse_port=True)
    sock.listen(BACKLOG)
    uvicorn.Server(uvicorn.Config(**options)).run(sockets=[sock])


def serve(options: dict[str, Any], workers: int, note: Callable[[str], None] | None = None) -> None:
    """Run ``workers`` processes of ``uvicorn.Config(**options)`` until SIGTERM or SIGINT."""
    note = note or (lambda _text: None)
    check_port_free(options["host"], options["port"])
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}

    def start(number: int) -> tuple[Any, float]:
        process = context.Process(target=run_worker, args=(options,), name=f"prognos-arbetsprocess-{number}")
        process.start()
        return process, time.monotonic()

    running = [start(n) for n in range(1, workers + 1)]
    early_deaths = 0
    try:
        while not stopping:
            time.sleep(0.5)
            for i, (process, started) in enumerate(running):
                if process.is_alive() or stopping:
                    continue
                if time.monotonic() - started < STARTUP_SECONDS:
                    early_deaths += 1
                    if early_deaths >= RESTARTS_BEFORE_GIVING_UP:
                        raise WorkersFailed("Arbetsprocesserna avslutas direkt efter start; se felen ovan.")
                note(f"Arbetsprocess {i + 1} avslutades (kod {process.exitcode}); startar en ny.")
                running[i] = start(i + 1)
    finally:
        for process, _started in running:
            if process.is_alive():
                process.terminate()  # uvicorn stops gracefully on SIGTERM
        deadline = time.monotonic() + 30
        for process, _started in running:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
