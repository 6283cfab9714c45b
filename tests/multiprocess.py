"""Helpers for the multi-process server tests: a real ``redis-server`` on a free loopback
port, ``prognos server`` processes, and a minimal socket.io client (Engine.IO 4 over a
websocket, as the task pane's socket.io client talks to the server)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import redis
import simple_websocket

from tests.conftest import REPO, require_tool
from tests.officejs import free_port, wait_until_up


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A private redis-server (no persistence) on 127.0.0.1; yields its URL."""
    exe = require_tool("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen(
        [
            exe,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.1)
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextlib.contextmanager
def prognos_server(
    extra_env: dict[str, str],
    workers: int = 1,
    timeout: float = 120.0,
    command_prefix: Sequence[str] = (),
    preexec_fn: Callable[[], None] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``prognos server --http --workers N`` on a free loopback port, as IT runs it
    (``command_prefix``: e.g. ``setpriv …`` to run it with fewer rights; ``preexec_fn``:
    e.g. a resource limit for the server process)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update({"XLWINGS_LICENSE_KEY": "noncommercial", "XLWINGS_LOG_LEVEL": "WARNING", **extra_env})
    log = open(os.environ["PROGNOS_SERVER_LOG"], "a") if os.environ.get("PROGNOS_SERVER_LOG") else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            *command_prefix,
            sys.executable,
            "-m",
            "addin.commands.cli",
            "server",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=str(REPO),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=preexec_fn,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url, timeout)
        yield url, process
    finally:
        process.terminate()  # uvicorn's supervisor stops its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        if log is not subprocess.DEVNULL:
            log.close()


def worker_pids(process: subprocess.Popen) -> list[int]:
    """The worker processes uvicorn started for a server process, from /proc."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.exists():
        return []
    pids = [int(p) for p in children.read_text().split()]
    # uvicorn spawns its workers with multiprocessing (spawn_main); the resource tracker is not one
    return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


class SocketIO:
    """The task pane's side of socket.io: connect, learn the socket id, collect events."""

    def __init__(self, base_url: str, auth: dict[str, str] | None = None):
        ws_url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = simple_websocket.Client.connect(ws_url)
        # The namespace connect goes out at once: the server's OPEN packet may have come
        # with the handshake answer, which simple_websocket only hands over with the next
        # data from the server (here: the connect answer).
        self.ws.send("40" + json.dumps(auth or {"token": "", "provider": ""}))
        self.sid = ""
        self.events: list[tuple[str, Any]] = []
        deadline = time.monotonic() + 10
        while not self.sid and time.monotonic() < deadline:
            self._handle(self.ws.receive(timeout=5))
        assert self.sid, "socket.io: no connect answer"

    def _handle(self, packet: str | None) -> None:
        if packet is None:
            return
        if packet.startswith("0"):  # Engine.IO OPEN
            return
        if packet == "2":  # ping
            self.ws.send("3")
        elif packet.startswith("40"):
            self.sid = json.loads(packet[2:] or "{}").get("sid", "")
        elif packet.startswith("42"):
            name, *data = json.loads(packet[2:])
            self.events.append((name, data[0] if data else None))
        elif packet.startswith("44"):
            raise AssertionError(f"socket.io: connect refused: {packet}")

    def wait_for(self, name: str, timeout: float = 60) -> list[tuple[str, Any]]:
        deadline = time.monotonic() + timeout
        while not any(e == name for e, _d in self.events):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"socket.io: no {name!r} within {timeout} s; got {self.events}")
            self._handle(self.ws.receive(timeout=min(left, 5)))
        return self.events

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


def _socket_inodes(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local ``port`` in ``state`` (01 established, 0A listening)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found.add(fields[9])
    return found


def _inodes_of(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def listening_workers(pids: list[int], port: int) -> list[int]:
    """The workers among ``pids`` that listen on ``port`` (that serve), from /proc."""
    listening = _socket_inodes(port, "0A")
    return [pid for pid in pids if _inodes_of(pid) & listening]


def connections_per_worker(pids: list[int], port: int) -> dict[int, int]:
    """Established TCP connections to ``port`` that each process holds (from /proc): which
    worker took which connection."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                established.add(fields[9])  # the socket's inode
    counts = {}
    for pid in pids:
        inodes = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        counts[pid] = len(inodes & established)
    return counts
