"""Work done ahead, in forked processes, while this one starts up.

``gapcheck analyze`` spends about a second importing spaCy and compiling the
checklist before it can judge anything, and reading a long PDF costs about as
much. So the input files are read and segmented in one forked process and the
checklist's YAML is loaded in another while this process imports spaCy: on two
cores the command takes the longer of these instead of their sum.

The children are forked before spaCy is imported (a cheap fork). Each runs a
function exactly as this process would, and sends back its result (or the
GapcheckError it raised), pickled through a pipe. Anything unexpected on the
way (a child dies, a result cannot be unpickled, a bug raises) and the
function simply runs again here, to fail or succeed as it would have.

Only the main process of a program with no other thread running forks (a
batch worker does not: its cores are the batch's), where ``fork`` exists and
more than one core is available; ``GAPCHECK_PAGE_WORKERS=1`` keeps everything
in one process.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, Optional, Sequence, TypeVar

from gapcheck.options import ReadOptions

Progress = Callable[[str, int, int], None]


def worth_forking() -> bool:
    import multiprocessing
    import threading

    setting = os.environ.get("GAPCHECK_PAGE_WORKERS", "").strip()
    if setting.isdigit():
        cores = int(setting)
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    if cores < 2 or not hasattr(os, "fork") or "fork" not in multiprocessing.get_all_start_methods():
        return False
    process = multiprocessing.current_process()
    if process.daemon or process.name != "MainProcess":
        return False
    return threading.active_count() == 1  # forking beside other threads risks inheriting a held lock


class Ahead:
    """``function(*args, progress=…)`` run in a forked child (or, failing that, here
    when ``result`` is asked for). ``progress`` is passed only when ``with_progress``."""

    def __init__(self, function: Callable, *args, with_progress: bool = False, fork: bool = True) -> None:
        self.function = function
        self.args = args
        self.with_progress = with_progress
        self.pid: Optional[int] = None
        self.fd: Optional[int] = None
        if fork and worth_forking():
            self._fork()

    # ------------------------------------------------------------ the child

    def _fork(self) -> None:
        import sys

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()  # nothing buffered is written twice
            except (AttributeError, OSError, ValueError):
                pass
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(r)
                self._child(os.fdopen(w, "wb"))
            except BaseException:  # noqa: BLE001 - the parent runs the function itself
                code = 1
            finally:
                os._exit(code)
        os.close(w)
        self.pid, self.fd = pid, r

    def _child(self, out) -> None:
        import signal

        from gapcheck.errors import GapcheckError

        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it, the child just ends
        last: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            # at most ~100 messages a stage, so the pipe never fills while the parent is busy
            step = max(1, total // 100)
            if done == total or done - last.get(stage, -step) >= step:
                last[stage] = done
                pickle.dump(("progress", stage, done, total), out)
                out.flush()

        kwargs = {"progress": progress} if self.with_progress else {}
        try:
            message = ("done", self.function(*self.args, **kwargs))
        except GapcheckError as err:
            message = ("error", err)
        with out:
            pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    # ----------------------------------------------------------- the parent

    def result(self, progress: Optional[Progress] = None):
        """The function's result (raises its GapcheckError, if it raised one)."""
        if self.fd is not None:
            message = self._receive(progress)
            if message is not None:
                if message[0] == "error":
                    raise message[1]
                return message[1]
        kwargs = {"progress": progress} if self.with_progress else {}
        return self.function(*self.args, **kwargs)

    def _receive(self, progress: Optional[Progress]):
        from gapcheck.errors import GapcheckError

        message = None
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                self.fd = None
                while True:
                    item = pickle.load(pipe)
                    if item[0] != "progress":
                        message = item
                        break
                    if progress is not None:
                        progress(*item[1:])
        except Exception:  # noqa: BLE001 - the child died or its result is unreadable: run it here
            message = None
        finally:
            self._reap()
        if message is not None and message[0] == "error" and not isinstance(message[1], GapcheckError):
            message = None
        return message

    def cancel(self) -> None:
        """Stop the child (its result is not wanted: an error came first)."""
        import signal

        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except (ChildProcessError, OSError):
                pass
            self.pid = None


def read_and_segment(paths: Sequence[Path], options: ReadOptions, progress: Optional[Progress] = None):
    """``[(document, provisions), ...]`` of the files."""
    from gapcheck.pipeline import read_documents, segment_documents

    return segment_documents(read_documents(paths, options, progress))


def load_checklist(directory: Optional[Path]):
    from gapcheck.checklists import load_checklist as load

    return load(directory) if directory else load()


T = TypeVar("T")
R = TypeVar("R")


def in_two(function: Callable[[list[T]], R], items: list[T], weights: Sequence[float], least: float) -> list[R]:
    """``function`` over ``items``: in two halves of about equal weight, the second
    one in a forked process, when the total weight is at least ``least`` and
    forking is worth it (see ``worth_forking``); otherwise in one go here. The
    results of the halves, in order (one result when not split)."""
    total = sum(weights)
    if total < least or len(items) < 2 or not worth_forking():
        return [function(items)]
    running, cut = 0.0, len(items) - 1
    for k, w in enumerate(weights):
        running += w
        if running >= total / 2:
            cut = k + 1
            break
    cut = min(max(cut, 1), len(items) - 1)
    later = Ahead(function, items[cut:])
    try:
        first = function(items[:cut])
    except BaseException:
        later.cancel()
        raise
    return [first, later.result()]
