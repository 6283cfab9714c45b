"""The worker pool of ``prognos validera``: every file validated in a worker process (forked
on Linux, so the workers start warm) with a wall-time bound (a worker that overruns is killed
and replaced) and a memory bound (``RLIMIT_AS`` in the worker). One file's trouble never stops
the batch: its task gets one Swedish finding and the pool goes on.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from udfs.language.counts import seconds_text
from validation.findings import FEL
from validation.round.submission import SubmissionResult
from workbooks.ooxml.safe_read import Limits


@dataclass
class WorkerContext:
    limits: Limits = field(default_factory=Limits)
    units: list[str] | None = None  # the master's areas when a master is given
    full: bool = False  # all rules on every table, also for untouched utskick workbooks
    consolidating: bool = False  # --sammanstall: a workbook without _Utskick is an error


# What a worker does with one file: (path, display name, context) -> result; never raises.
Work = Callable[[str, str, "WorkerContext"], SubmissionResult]


@dataclass
class ThisWorker:
    """This process as a worker of the pool (both None in the parent and in process)."""

    bound_mb: int | None = None  # the memory bound limit_memory set
    conn: Any = None  # the connection to the parent


THIS_WORKER = ThisWorker()
# A worker's notes to the parent while it imports an engine for the current file: the file's
# clock stops (for at most ENGINE_SECONDS) and restarts when the engine is loaded.
ENGINE_LOADING, ENGINE_LOADED = "engine loading", "engine loaded"
ENGINE_SECONDS = 60.0


def limit_memory(megabytes: int) -> None:
    """Cap the worker's address space at what it uses now plus ``megabytes``."""
    THIS_WORKER.bound_mb = megabytes
    try:
        import resource

        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + megabytes * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # not Linux: the time bound still applies


def import_unbounded(name: str) -> ModuleType:
    """Import module ``name``, an engine only some files need, without charging it to the file's
    bounds, as if the worker had started with the module loaded: in a worker the memory bound is
    lifted for the import and set again on top of the worker's new size (pandas and numpy reserve
    about 170 MB of address space), and the file's clock stops during the import (importing pandas
    takes 0.3 s or more; at most ``ENGINE_SECONDS``) and restarts after it. Once per worker: a
    loaded module is simply returned."""
    if name in sys.modules or THIS_WORKER.conn is None:
        return importlib.import_module(name)
    THIS_WORKER.conn.send(ENGINE_LOADING)
    if THIS_WORKER.bound_mb is not None:
        try:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        except (ImportError, OSError, ValueError, AttributeError):
            pass
    try:
        module = importlib.import_module(name)
    finally:
        if THIS_WORKER.bound_mb is not None:
            limit_memory(THIS_WORKER.bound_mb)
    THIS_WORKER.conn.send(ENGINE_LOADED)
    return module


def worker_main(conn, ctx: WorkerContext, work: Work) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    gc.freeze()  # the objects inherited from the parent are never collected: no GC walks over them
    THIS_WORKER.conn = conn
    limit_memory(ctx.limits.memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path, display = task
        result = work(path, display, ctx)
        try:
            conn.send((index, result))
        except Exception as exc:  # e.g. a value that does not pickle
            fallback = SubmissionResult(path=path, fil=display, usable=False, seconds=result.seconds)
            fallback.add(
                FEL, "", "", "internt_fel", f"{Path(path).name}: resultatet kunde inte skickas ({type(exc).__name__})."
            )
            conn.send((index, fallback))


IN_FLIGHT = 2  # tasks sent ahead to each worker, so it never waits for the parent


@dataclass
class Worker:
    process: Any
    conn: Any
    tasks: deque = field(default_factory=deque)  # sent, not answered; the first is being read
    started: float = 0.0  # when the first task became the current one

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    seconds: float = 4.0


def start_context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def aborted(task: tuple, rule: str, message: str, seconds: float) -> SubmissionResult:
    _index, path, display = task
    res = SubmissionResult(path=path, fil=display, usable=False, seconds=seconds)
    res.add(FEL, "", "", rule, message)
    return res


def run_files(
    tasks: list[tuple[str, str]],
    ctx: WorkerContext,
    jobs: int,
    work: Work,
    on_result: Callable[[SubmissionResult], None] | None = None,
    on_ready: Callable[[], None] | None = None,
) -> list[SubmissionResult]:
    """Validate ``(path, display)`` pairs on ``jobs`` worker processes (0: in this process, unbounded).

    Each worker has up to ``IN_FLIGHT`` tasks; the time bound runs from the moment a task
    becomes the one the worker is reading. A worker that overruns is killed, one that dies
    (memory bound, crash) is noticed; its task gets one finding, the tasks queued behind it go
    to a new worker. ``on_ready`` is called once the workers are started (so a progress
    display's thread starts after the fork)."""
    results: list[SubmissionResult | None] = [None] * len(tasks)

    def done(index: int, result: SubmissionResult) -> None:
        results[index] = result
        if on_result:
            on_result(result)

    if jobs <= 0:
        if on_ready:
            on_ready()
        for index, (path, display) in enumerate(tasks):
            done(index, work(path, display, ctx))
    else:
        pool = Pool(ctx, work, done, deque((i, path, display) for i, (path, display) in enumerate(tasks)))
        gc.collect()
        pool.start(max(1, min(jobs, len(tasks))))
        if on_ready:
            on_ready()
        try:
            pool.run()
        finally:
            pool.stop()
    return [r for r in results if r is not None]


class Pool:
    """The worker processes of one ``run_files`` call and the tasks not yet handed out."""

    def __init__(self, ctx: WorkerContext, work: Work, done: Callable[[int, SubmissionResult], None], queue: deque):
        self.ctx, self.work, self.done, self.queue = ctx, work, done, queue
        self.limits = ctx.limits
        self.mp = start_context()
        self.workers: list[Worker] = []

    def start(self, n: int) -> None:
        self.workers = [self.spawn() for _ in range(n)]

    def spawn(self) -> Worker:
        parent, child = self.mp.Pipe()
        process = self.mp.Process(
            target=worker_main, args=(child, self.ctx, self.work), daemon=True, name="prognos-validera"
        )
        process.start()
        child.close()
        return Worker(process, parent, seconds=self.limits.seconds)

    def run(self) -> None:
        while self.queue or any(w.tasks for w in self.workers):
            self.feed()
            busy = [w for w in self.workers if w.tasks]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(
                multiprocessing.connection.wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=timeout
                )
            )
            for i, w in enumerate(self.workers):
                if w.tasks and not self.collect(w, ready):
                    self.check_stalled(i, w, ready)

    def feed(self) -> None:
        for w in self.workers:
            while len(w.tasks) < IN_FLIGHT and self.queue:
                if not w.tasks:
                    w.started = time.monotonic()
                w.tasks.append(self.queue.popleft())
                w.conn.send(w.tasks[-1])

    def collect(self, w: Worker, ready: set) -> bool:
        """Take the worker's answers; whether it answered (or is done)."""
        answered = False
        while w.tasks and (w.conn in ready or w.process.sentinel in ready) and w.conn.poll():
            try:
                message = w.conn.recv()
            except (EOFError, OSError):
                break
            if message in (ENGINE_LOADING, ENGINE_LOADED):  # an engine's import is not the file's time
                w.started = time.monotonic() + (ENGINE_SECONDS if message == ENGINE_LOADING else 0.0)
                answered = True
                continue
            index, result = message
            w.tasks.popleft()
            w.started = time.monotonic()
            self.done(index, result)
            answered = True
        return answered or not w.tasks

    def check_stalled(self, i: int, w: Worker, ready: set) -> None:
        """A worker that died or overran: its file gets one finding, a new worker takes the rest."""
        name = Path(w.tasks[0][1]).name
        limits = self.limits
        if w.process.sentinel in ready or not w.process.is_alive():
            w.process.join(0.1)
            self.replace(
                i,
                w,
                "lasning_avbruten",
                f"{name}: läsningen av filen avbröts (läsaren avslutades med kod "
                f"{w.process.exitcode}), troligen "
                f"för att den behövde mer än {limits.memory_mb} MB minne. Filen är skadad eller konstruerad "
                "för att överbelasta; spara om den i Excel.",
                time.monotonic() - w.started,
            )
        elif time.monotonic() >= w.deadline:
            w.process.kill()
            w.process.join(1.0)
            self.replace(
                i,
                w,
                "tidsgrans",
                f"{name}: läsningen tog mer än {seconds_text(limits.seconds)} och avbröts. En inlämning "
                "läses normalt "
                "på hundradelar av en sekund; filen är troligen skadad eller orimligt stor.",
                limits.seconds,
            )

    def replace(self, i: int, w: Worker, rule: str, message: str, seconds: float) -> None:
        task = w.tasks.popleft()
        self.done(task[0], aborted(task, rule, message, seconds))
        self.queue.extendleft(reversed(w.tasks))  # not started: to the next worker
        w.conn.close()
        self.workers[i] = self.spawn()

    def stop(self) -> None:
        for w in self.workers:
            try:
                if not w.tasks:
                    w.conn.send(None)
            except (OSError, EOFError, BrokenPipeError):
                pass
        deadline = time.monotonic() + 2.0
        for w in self.workers:
            if w.tasks:
                w.process.kill()
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(0.5)
            w.conn.close()
