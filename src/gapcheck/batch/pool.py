"""Worker processes with a per-task timeout: a task that hangs or crashes fails alone.

``concurrent.futures`` cannot stop a running task, so this is a small pool of
its own. Each worker is a long-lived process (so that spaCy and the checklist
are loaded once per worker, by the initializer) that runs one task at a time:

- a task that raises fails with the error's one-line message;
- a task that runs past its timeout has its worker killed — with the worker's
  whole process group, so that child processes such as Tesseract die too — and
  fails with "timed out after N s"; a fresh worker takes its place;
- a task whose worker dies (a crash in a native library, the OOM killer) fails
  with the way the worker died;
- workers run in their own session and ignore SIGINT: the parent decides when
  they stop (Ctrl-C in the parent kills them all), and a worker whose parent
  disappears (SIGKILL) kills itself and its children.

Workers are started with the "spawn" method (safe with threads) and only as
many as there is work for.
"""

from __future__ import annotations

import heapq
import itertools
import os
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterator

POLL_SECONDS = 0.5
STARTUP_FAILURES_ALLOWED = 3


@dataclass(frozen=True)
class Task:
    id: Hashable
    fn: Callable[..., Any]
    """A module-level function (it is pickled by reference)."""
    args: tuple = ()
    timeout: float | None = None
    """Seconds the task may run before its worker is killed (None: no limit)."""
    priority: float = 0.0
    """Lower runs first; ties run in submission order."""


@dataclass(frozen=True)
class TaskDone:
    id: Hashable
    value: Any
    elapsed: float


@dataclass(frozen=True)
class TaskFailed:
    id: Hashable
    reason: str
    """One line: the error's message, "timed out after N s", or how the worker died."""
    elapsed: float
    kind: str = "error"
    """"error" (the task raised a GapcheckError), "internal" (any other exception),
    "timeout" or "crash"."""
    detail: str = ""
    """The traceback, for --debug."""
    error_type: str = ""
    """The class name of the exception the task raised ("" for a timeout or a crash)."""


@dataclass(frozen=True)
class TaskProgress:
    id: Hashable
    done: int
    total: int


Event = TaskDone | TaskFailed | TaskProgress


class PoolError(Exception):
    """The workers cannot start (the initializer fails, or they keep dying at start-up)."""

    def __init__(self, message: str, domain_error: str | None = None) -> None:
        super().__init__(message)
        self.domain_error = domain_error
        """The one-line message of the GapcheckError the initializer raised, if that is what failed."""


# ------------------------------------------------------------------ worker side

_conn = None
_task_id: Hashable = None
_last_progress = 0.0


def report_progress(done: int, total: int) -> None:
    """Called from inside a task: tell the parent how far it has got (throttled)."""
    global _last_progress
    if _conn is None:
        return
    now = time.monotonic()
    if done < total and now - _last_progress < 0.1:
        return
    _last_progress = now
    try:
        _conn.send(("progress", _task_id, (done, total)))
    except (OSError, ValueError):
        pass


def _watch_parent() -> None:
    """Kill this worker (and its process group) as soon as the parent process is gone."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    parent = mp.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return

    def watch() -> None:
        try:
            wait([parent.sentinel])
        finally:
            if os.getpgrp() == os.getpid():
                try:
                    os.killpg(0, signal.SIGKILL)
                except OSError:
                    pass
            os._exit(1)

    threading.Thread(target=watch, name="gapcheck-parent-watch", daemon=True).start()


def _worker_main(conn, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    global _conn, _task_id
    try:
        os.setsid()  # own process group: killed as a whole, deaf to the terminal's Ctrl-C
    except (AttributeError, OSError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    _conn = conn
    try:
        if initializer is not None:
            initializer(*initargs)
    except BaseException as err:  # noqa: BLE001 - reported to the parent
        from gapcheck.errors import GapcheckError

        domain = isinstance(err, GapcheckError)
        conn.send(("fatal", None, (domain, str(err) if domain else f"{type(err).__name__}: {err}")))
        return
    conn.send(("ready", None, None))
    from gapcheck.errors import GapcheckError

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, fn, args = message
        _task_id = task_id
        start = time.monotonic()
        try:
            value = fn(*args)
            reply = ("done", task_id, (value, time.monotonic() - start))
        except GapcheckError as err:
            reply = ("error", task_id, ("error", str(err), time.monotonic() - start, traceback.format_exc(),
                                        type(err).__name__))
        except Exception as err:  # noqa: BLE001 - a bug in one task must not stop the batch
            reply = ("error", task_id, ("internal", f"internal error: {type(err).__name__}: {err}",
                                        time.monotonic() - start, traceback.format_exc(), type(err).__name__))
        try:
            conn.send(reply)
        except Exception as err:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send(("error", task_id, ("internal", f"internal error: cannot send the result back ({err})",
                                          time.monotonic() - start, traceback.format_exc(), type(err).__name__)))
        _task_id = None


# ------------------------------------------------------------------ parent side


@dataclass
class _Worker:
    process: Any
    conn: Any
    ready: bool = False
    task: Task | None = None
    started: float = 0.0


@dataclass(order=True)
class _Queued:
    priority: float
    seq: int
    task: Task = field(compare=False)


class WorkerPool:
    """Run tasks in up to ``jobs`` worker processes; iterate ``events()`` for results.

    Tasks may be submitted while iterating (e.g. a task that depends on earlier
    results). Use as a context manager: leaving it stops every worker.
    """

    def __init__(self, jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = (),
                 start_method: str = "spawn") -> None:
        import multiprocessing as mp

        self.jobs = max(1, int(jobs))
        self._ctx = mp.get_context(start_method)
        self._initializer = initializer
        self._initargs = initargs
        self._queue: list[_Queued] = []
        self._seq = itertools.count()
        self._workers: list[_Worker] = []
        self._startup_failures = 0
        self._failed_now: list[TaskFailed] = []
        self.started_workers = 0

    # -- public

    def submit(self, task: Task) -> None:
        heapq.heappush(self._queue, _Queued(task.priority, next(self._seq), task))

    def cancel(self, predicate: Callable[[Task], bool]) -> int:
        """Drop queued (not yet running) tasks for which ``predicate`` is true."""
        before = len(self._queue)
        self._queue = [q for q in self._queue if not predicate(q.task)]
        heapq.heapify(self._queue)
        return before - len(self._queue)

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._failed_now) or any(w.task is not None for w in self._workers)

    def events(self) -> Iterator[Event]:
        """Yield progress and results until no task is queued or running."""
        from multiprocessing.connection import wait

        while self.busy:
            self._dispatch()
            while self._failed_now:
                yield self._failed_now.pop(0)
            now = time.monotonic()
            wait_for = POLL_SECONDS
            for w in self._workers:
                if w.task is not None and w.task.timeout is not None:
                    wait_for = min(wait_for, max(0.0, w.started + w.task.timeout - now))
            handles = [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers]
            ready = set(wait(handles, timeout=wait_for)) if handles else set()
            for w in list(self._workers):
                if w.conn in ready or w.process.sentinel in ready:
                    yield from self._drain(w)
                if w.process.sentinel in ready and w in self._workers:
                    yield from self._died(w)
            now = time.monotonic()
            for w in list(self._workers):
                task = w.task
                if task is not None and task.timeout is not None and now - w.started >= task.timeout:
                    self._kill(w)
                    yield TaskFailed(task.id, f"timed out after {_seconds(task.timeout)} s", now - w.started, "timeout")

    def close(self) -> None:
        """Stop idle workers politely and kill any others."""
        for w in list(self._workers):
            if w.task is None and w.ready:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 5
        for w in list(self._workers):
            if w.task is None and w.ready:
                w.process.join(max(0.0, deadline - time.monotonic()))
            self._kill(w)
        self._queue.clear()

    def kill(self) -> None:
        """Kill every worker at once (Ctrl-C, errors)."""
        for w in list(self._workers):
            self._kill(w)
        self._queue.clear()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.kill()

    # -- internals

    def _spawn(self) -> None:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=_worker_main, args=(child_conn, self._initializer, self._initargs),
                                    name="gapcheck-worker", daemon=True)
        process.start()
        child_conn.close()
        self.started_workers += 1
        self._workers.append(_Worker(process=process, conn=parent_conn))

    def _dispatch(self) -> None:
        for w in self._workers:
            if not self._queue:
                break
            if w.ready and w.task is None:
                task = heapq.heappop(self._queue).task
                w.task, w.started = task, time.monotonic()
                try:
                    w.conn.send((task.id, task.fn, task.args))
                except Exception as err:  # noqa: BLE001 - arguments that cannot be pickled
                    w.task = None
                    self._failed_now.append(TaskFailed(task.id, f"internal error: cannot send the task ({err})", 0.0,
                                                       "internal"))
        running_or_starting = len(self._workers)
        wanted = min(self.jobs, len(self._queue) + sum(1 for w in self._workers if w.task is not None))
        for _ in range(max(0, wanted - running_or_starting)):
            self._spawn()

    def _drain(self, w: _Worker) -> Iterator[Event]:
        while True:
            try:
                if not w.conn.poll():
                    return
                kind, task_id, payload = w.conn.recv()
            except (EOFError, OSError):
                return
            if kind == "ready":
                w.ready = True
                self._startup_failures = 0
            elif kind == "fatal":
                domain, text = payload
                self.kill()
                raise PoolError(f"the worker processes cannot start: {text}", text if domain else None)
            elif kind == "progress":
                if w.task is not None and task_id == w.task.id:
                    yield TaskProgress(task_id, *payload)
            elif kind == "done":
                value, elapsed = payload
                w.task = None
                yield TaskDone(task_id, value, elapsed)
            elif kind == "error":
                what, reason, elapsed, detail, error_type = payload
                w.task = None
                yield TaskFailed(task_id, reason, elapsed, what, detail, error_type)

    def _died(self, w: _Worker) -> Iterator[Event]:
        task = w.task
        w.process.join(1)
        code = w.process.exitcode
        self._kill(w)
        if task is not None:
            yield TaskFailed(task.id, f"the worker process died ({_death(code)})",
                             time.monotonic() - w.started, "crash")
        elif not w.ready:
            self._startup_failures += 1
            if self._startup_failures >= STARTUP_FAILURES_ALLOWED:
                self.kill()
                raise PoolError(f"the worker processes keep dying at start-up ({_death(code)})")

    def _kill(self, w: _Worker) -> None:
        pid = w.process.pid
        if pid is not None and w.process.exitcode is None:
            try:
                if os.getpgid(pid) == pid:  # the worker leads its own group: take its children too
                    os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                w.process.kill()
            except (OSError, ValueError):
                pass
        w.process.join(5)
        try:
            w.conn.close()
        except OSError:
            pass
        if w in self._workers:
            self._workers.remove(w)


def _seconds(value: float) -> str:
    return f"{value:g}"


def _death(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"
