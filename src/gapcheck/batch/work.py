"""What a batch worker process runs: read one document, or judge one state's documents.

Reading needs neither spaCy nor the checklist, so a worker starts reading at
once while a background thread loads the checklist (compiling its patterns
imports spaCy, about a second) and warms the analysis up on a tiny statute; the
first judge task waits for that thread. The checklist is loaded once per worker.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_checklist = None
_load_error: BaseException | None = None
_loader: threading.Thread | None = None


def init_worker(checklist_dir: str | None, single_threaded: bool, cores: list[int] | None = None) -> None:
    """Confine the worker (and its Tesseract children) to ``cores``; start loading the checklist.

    ``--jobs N`` is the number of cores a batch uses: with fewer jobs than cores,
    every worker runs on the same N cores, so that the OCR of a scanned PDF
    (which starts a Tesseract process per core) stays within that budget too.
    """
    global _loader
    if cores:
        try:
            os.sched_setaffinity(0, cores)
        except (AttributeError, OSError):
            pass
    if single_threaded:
        # One process per core: native libraries (Tesseract's OpenMP, BLAS) must not
        # start a thread per core in every worker as well.
        for var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
    _loader = threading.Thread(target=_load, args=(checklist_dir,), name="gapcheck-checklist", daemon=True)
    _loader.start()


def _load(checklist_dir: str | None) -> None:
    global _checklist, _load_error
    try:
        from gapcheck.checklists import load_checklist

        _checklist = load_checklist(Path(checklist_dir)) if checklist_dir else load_checklist()
    except BaseException as err:  # noqa: BLE001 - raised again by the first judge task
        _load_error = err
        return
    _warm_up()


def checklist():
    """The worker's checklist, once loaded (raises the loading error, e.g. a ChecklistError)."""
    if _loader is not None:
        _loader.join()
    if _load_error is not None:
        raise _load_error
    if _checklist is None:  # init_worker was not called (e.g. in-process use)
        _load(None)
        return checklist()
    return _checklist


def _warm_up() -> None:
    """Run the analysis once over a two-line statute, so that models load now."""
    from gapcheck.models import Document, Page, State
    from gapcheck.pipeline import analyze_documents

    text = ("1. In this Act, \"child\" means a person under eighteen years of age.\n"
            "2. Whoever recruits a person by force for the purpose of exploitation commits an offence.\n")
    document = Document(path="warm-up.txt", name="warm-up.txt", sha256="", text=text,
                        pages=(Page(number=1, start=0, end=len(text)),), engine="text")
    try:
        analyze_documents([document], State("XX", "warm-up"), _checklist)
    except Exception:  # noqa: BLE001 - warming up is best effort; real tasks report real errors
        pass


def _progress(stage: str, done: int, total: int) -> None:
    from gapcheck.batch.pool import report_progress

    report_progress(done, total)


def read_task(path: str, shown: str, options):
    """Read one file into a Document; errors name the file as the manifest wrote it."""
    from gapcheck.errors import GapcheckError
    from gapcheck.pipeline import read_documents

    try:
        return read_documents([path], options, progress=_progress)[0]
    except GapcheckError as err:
        if err.path in (path, str(Path(path))):
            err.path = shown
        raise


def judge_task(documents, state):
    """Judge a state's documents (in manifest order) against the worker's checklist."""
    from gapcheck.pipeline import analyze_documents

    return analyze_documents(documents, state, checklist())
