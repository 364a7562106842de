"""The pipeline: files ─▶ Documents ─▶ Provisions ─▶ Findings ─▶ Report.

Each stage is a plain function of immutable values. This module only wires
them together; it never prints and never exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from gapcheck import __version__
from gapcheck.clock import generation_time
from gapcheck.models import Document, DocumentSummary, Provision, Report, State
from gapcheck.options import ReadOptions

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as pages are read and items judged."""


def read_documents(paths: Sequence[str | Path], options: ReadOptions = ReadOptions(),
                   progress: Progress | None = None) -> list[Document]:
    from gapcheck.extractors import read_document

    return [read_document(Path(p), options, progress=progress) for p in paths]


def segment_documents(documents: Iterable[Document]) -> list[tuple[Document, tuple[Provision, ...]]]:
    from gapcheck.extractors.segment import segment

    return [(d, segment(d)) for d in documents]


def start_up(language: str = "en") -> None:
    """Import the engine and spaCy's pipeline for ``language`` (about a second), e.g. while files are read ahead."""
    import gapcheck.checklists.engine  # noqa: F401 - the import is the point
    from gapcheck.checklists.patterns import blank

    blank(language)


def prepare(checklist) -> None:
    """Compile the checklist's matchers now (while files are read ahead, say) rather than in the first judging."""
    from gapcheck.checklists.engine import scanners_for

    scanners_for(checklist)


def judge_segmented(segmented: Sequence[tuple[Document, Sequence[Provision]]], state: State, checklist) -> Report:
    """Judge segmented documents (one state's framework) against a checklist."""
    from gapcheck.checklists import judge

    findings = judge(checklist, segmented)
    return Report(
        state=state,
        documents=tuple(DocumentSummary.of(d, len(p)) for d, p in segmented),
        checklist=checklist.ref,
        findings=findings,
        tool_version=__version__,
        generated_at=generation_time(),
    )


def analyze_documents(documents: Sequence[Document], state: State, checklist=None) -> Report:
    """Judge already-read documents against a checklist (default: the bundled one)."""
    from gapcheck.checklists import load_checklist

    checklist = checklist or load_checklist()
    return judge_segmented(segment_documents(documents), state, checklist)


def analyze(paths: Sequence[str | Path], state: State, checklist=None,
            options: ReadOptions = ReadOptions(), progress: Progress | None = None) -> Report:
    """Read the given files (one state's framework) and judge them together."""
    documents = read_documents(paths, options, progress)
    return analyze_documents(documents, state, checklist)
