"""What a batch worker process runs: read one document, or judge one state's documents.

The checklist is loaded once per worker (``init_worker``), and the worker warms
up the analysis on a tiny document so that spaCy is loaded before the first
timed task rather than inside it.
"""

from __future__ import annotations

import os
from pathlib import Path

_checklist = None


def init_worker(checklist_dir: str | None, single_threaded: bool, cores: list[int] | None = None) -> None:
    """Load the checklist once; confine the worker (and its Tesseract children) to ``cores``.

    ``--jobs N`` is the number of cores a batch uses: with fewer jobs than cores,
    every worker runs on the same N cores, so that the OCR of a scanned PDF
    (which starts a Tesseract process per core) stays within that budget too.
    """
    global _checklist
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
    from gapcheck.checklists import load_checklist

    _checklist = load_checklist(Path(checklist_dir)) if checklist_dir else load_checklist()
    _warm_up()


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

    return analyze_documents(documents, state, _checklist)
