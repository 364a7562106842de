"""Reading ahead: the input files read and segmented in a forked process while
this one starts up (imports spaCy, loads and compiles the checklist).

Start-up costs about a second and reading a long PDF about as much, so on two
cores ``gapcheck analyze`` takes the longer of the two instead of their sum.
The child is forked before spaCy is imported (a cheap fork), reads exactly as
``read_documents`` would in this process (with its own page workers) and sends
back the documents with their provisions, pickled through a pipe. Anything
unexpected on the way (the child dies, the result cannot be unpickled) and the
files are simply read again here; errors about the input (a GapcheckError) are
raised here as they would have been.

Only the main process of a program with no other thread running forks (a
batch worker does not: its cores are the batch's), where ``fork`` exists and
more than one core is available; ``GAPCHECK_PAGE_WORKERS=1`` keeps everything
in one process.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, Optional, Sequence

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


class Reading:
    """Files being read: ``result()`` gives ``[(document, provisions), ...]`` as
    ``pipeline.segment_documents(pipeline.read_documents(...))`` would."""

    def __init__(self, paths: Sequence[str | Path], options: ReadOptions, progress_wanted: bool) -> None:
        self.paths = [Path(p) for p in paths]
        self.options = options
        self.pid: Optional[int] = None
        self.fd: Optional[int] = None
        if worth_forking():
            self._fork(progress_wanted)

    # ------------------------------------------------------------ the child

    def _fork(self, progress_wanted: bool) -> None:
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
                self._child(os.fdopen(w, "wb"), progress_wanted)
            except BaseException:  # noqa: BLE001 - the parent reads the files itself
                code = 1
            finally:
                os._exit(code)
        os.close(w)
        self.pid, self.fd = pid, r

    def _child(self, out, progress_wanted: bool) -> None:
        import signal

        from gapcheck.errors import GapcheckError
        from gapcheck.pipeline import read_documents, segment_documents

        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it, the child just ends
        last: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            # at most ~100 messages a stage, so the pipe never fills while the parent is busy
            step = max(1, total // 100)
            if done == total or done - last.get(stage, -step) >= step:
                last[stage] = done
                pickle.dump(("progress", stage, done, total), out)
                out.flush()

        try:
            message = ("done", segment_documents(read_documents(self.paths, self.options,
                                                                progress if progress_wanted else None)))
        except GapcheckError as err:
            message = ("error", type(err).__module__, type(err).__qualname__, err.message, err.path)
        with out:
            pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    # ----------------------------------------------------------- the parent

    def result(self, progress: Optional[Progress] = None):
        """The documents with their provisions (raises the reading's GapcheckError, if any)."""
        if self.fd is not None:
            message = self._receive(progress)
            if message is not None:
                if message[0] == "done":
                    return message[1]
                error = _rebuild_error(message)
                if error is not None:
                    raise error
        from gapcheck.pipeline import read_documents, segment_documents

        return segment_documents(read_documents(self.paths, self.options, progress))

    def _receive(self, progress: Optional[Progress]):
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
        except Exception:  # noqa: BLE001 - the child died or its result is unreadable: read here
            message = None
        finally:
            self._reap()
        return message

    def cancel(self) -> None:
        """Stop the child (the result is not wanted: an error before it was collected)."""
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


def _rebuild_error(message: tuple):
    import importlib

    from gapcheck.errors import GapcheckError

    _, module, name, text, path = message
    try:
        cls = getattr(importlib.import_module(module), name)
        if isinstance(cls, type) and issubclass(cls, GapcheckError):
            return cls(text, path)
    except Exception:  # noqa: BLE001 - read again here, and fail the same way
        return None
    return None
