"""Running a batch: cache look-up, parallel reading and judging, outputs.

For every state not found in the cache, each file is read by its own task (so
two workers share a state's documents, and the per-document timeout applies to
each file); once all of a state's files are read, one task judges them
together. Reads run largest file first, and a judge task runs as soon as it is
ready, so that states finish (and are cached) early. A state fails — alone —
when one of its files cannot be read, times out or crashes its worker; every
bad file of the state is recorded with its reason.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from gapcheck.batch.cache import ReportCache, cache_key, file_sha256, folder_fingerprint
from gapcheck.batch.manifest import Manifest, ManifestEntry
from gapcheck.errors import GapcheckError, OutputError, UsageError
from gapcheck.models import ChecklistRef, Report
from gapcheck.options import ReadOptions

DEFAULT_TIMEOUT = 300.0
DEFAULT_FORMATS = ("html", "json")


@dataclass(frozen=True)
class BatchConfig:
    out_dir: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int = 0
    """Worker processes (0: one per core)."""
    force: bool = False
    """Ignore the cache (and overwrite it)."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds allowed to read one document, and to judge one state."""
    checklist_dir: Path | None = None
    options: ReadOptions = ReadOptions()


@dataclass(frozen=True)
class FileOutcome:
    file: str
    """As written in the manifest."""
    sha256: str
    pages: int | None = None
    error: str = ""
    """Why this file failed ("" if it did not)."""


@dataclass(frozen=True)
class StateOutcome:
    entry: ManifestEntry
    ok: bool
    report: Report | None
    files: tuple[FileOutcome, ...]
    reason: str = ""
    cache_hit: bool = False
    elapsed: float = 0.0
    """Seconds of work for this state (reading + judging, or loading from the cache)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Format → report path relative to the output folder."""


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[StateOutcome, ...]
    checklist: ChecklistRef
    tool_version: str
    formats: tuple[str, ...]
    elapsed: float
    workers: int = 0

    @property
    def failed(self) -> tuple[StateOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


# ------------------------------------------------------------------ events for a progress display


@dataclass(frozen=True)
class Started:
    states: int
    cached: int
    files: int
    """Files to read (of states not in the cache)."""


@dataclass(frozen=True)
class PagesRead:
    count: int


@dataclass(frozen=True)
class FileFinished:
    state: str
    file: str
    ok: bool


@dataclass(frozen=True)
class StateFinished:
    outcome: StateOutcome


Listener = Callable[[object], None]


# ------------------------------------------------------------------ the run


@dataclass
class _Pending:
    entry: ManifestEntry
    key: str
    hashes: list[str]
    documents: list = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    pages: dict[int, int] = field(default_factory=dict)
    reads_left: int = 0
    work: float = 0.0


def available_cores() -> int:
    """The cores this process may run on (the default for --jobs)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cores_for(jobs: int) -> list[int] | None:
    """The cores a batch of ``jobs`` workers may use (None: all of them)."""
    try:
        available = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    return available[:jobs] if jobs < len(available) else None


def parse_formats(value: str) -> tuple[str, ...]:
    from gapcheck.batch.outputs import BATCH_FORMATS

    aliases = {"md": "markdown"}
    formats: list[str] = []
    for part in value.split(","):
        fmt = aliases.get(part.strip().lower(), part.strip().lower())
        if not fmt:
            continue
        if fmt not in BATCH_FORMATS:
            raise UsageError(f"unknown format {part.strip()!r}: choose from {', '.join(BATCH_FORMATS)}", path="--format")
        if fmt not in formats:
            formats.append(fmt)
    if not formats:
        raise UsageError("give at least one format", path="--format")
    return tuple(formats)


def run_batch(manifest: Manifest, config: BatchConfig, listener: Listener | None = None) -> BatchResult:
    """Analyse every state of ``manifest`` into ``config.out_dir``; never raises for a bad input file.

    Raises OutputError when the output folder cannot be used or written, a
    GapcheckError with the checklist's own message when the workers cannot load
    the checklist, and lets KeyboardInterrupt through
    (after stopping the workers; finished states are already cached).
    """
    from gapcheck import __version__
    from gapcheck.batch import outputs

    emit = listener or (lambda event: None)
    started = time.monotonic()
    out = Path(config.out_dir)
    manifest_folder = manifest.source if manifest.source.is_dir() else None
    outputs.prepare_out_dir(out, manifest.files, manifest_folder)
    outputs.check_outputs_not_inputs(out, [e.state.code for e in manifest.entries], config.formats, manifest.files)

    # The checklist is loaded (and validated) by the workers, not here: loading it compiles
    # its patterns with spaCy, which a run served from the cache must not pay for. Its
    # identity for the cache is the content of every file of its folder (checklist.yaml
    # holds its id and version).
    if config.checklist_dir is not None and not Path(config.checklist_dir).is_dir():
        raise UsageError(f"no such folder: {config.checklist_dir}", path="--checklist")
    checklist_identity = {
        "files": folder_fingerprint(Path(config.checklist_dir) if config.checklist_dir else _bundled_checklist_dir()),
    }

    with outputs.locked(out):
        outputs.remove_stale_parts(out)
        cache = ReportCache(out)
        cache.prepare()
        outcomes: dict[str, StateOutcome] = {}
        pending: dict[str, _Pending] = {}
        for entry in manifest.entries:
            t0 = time.monotonic()
            hashes, errors = [], {}
            for i, path in enumerate(entry.files):
                try:
                    hashes.append(file_sha256(path))
                except OSError as err:
                    hashes.append("")
                    errors[i] = f"{entry.shown[i]}: cannot read the file ({err.strerror or err})"
            if errors:
                outcomes[entry.state.code] = _failed(entry, hashes, errors, {}, time.monotonic() - t0)
                continue
            key = cache_key(state_code=entry.state.code, state_name=entry.state.name,
                            files=[(p.name, h) for p, h in zip(entry.files, hashes)],
                            checklist=checklist_identity, tool_version=__version__, options=config.options)
            report = None if config.force else cache.load(key, entry.state.code)
            if report is not None:
                outcome = _finish(out, cache, entry, key, report, hashes, config.formats, cache_hit=True,
                                  elapsed=0.0, pages=None, t0=t0)
                outcomes[entry.state.code] = outcome
            else:
                pending[entry.state.code] = _Pending(entry=entry, key=key, hashes=hashes)
        emit(Started(states=len(manifest.entries), cached=sum(1 for o in outcomes.values() if o.cache_hit),
                     files=sum(len(p.entry.files) for p in pending.values())))
        for outcome in outcomes.values():
            emit(StateFinished(outcome))

        workers = 0
        if pending:
            workers = _analyse(pending, outcomes, out, cache, config, emit)

        ordered = tuple(outcomes[e.state.code] for e in manifest.entries)
        result = BatchResult(outcomes=ordered, checklist=_checklist_ref(ordered, config), tool_version=__version__,
                             formats=config.formats, elapsed=time.monotonic() - started, workers=workers)
        outputs.write_batch_outputs(out, result, str(manifest.source))
        return result


def _checklist_ref(outcomes: Sequence[StateOutcome], config: BatchConfig) -> ChecklistRef:
    """The checklist's id and version, as recorded in the reports (loaded only if there is none)."""
    for o in outcomes:
        if o.report is not None:
            return o.report.checklist
    from gapcheck.checklists import load_checklist

    return (load_checklist(config.checklist_dir) if config.checklist_dir else load_checklist()).ref


def _bundled_checklist_dir() -> Path | None:
    try:
        import gapcheck.checklists as package

        return Path(package.__file__).resolve().parent
    except (ImportError, AttributeError, TypeError):
        return None


def _analyse(pending: dict[str, _Pending], outcomes: dict[str, StateOutcome], out: Path, cache: ReportCache,
             config: BatchConfig, emit: Listener) -> int:
    from gapcheck.batch.pool import PoolError

    reads = [(code, i) for code, p in pending.items() for i in range(len(p.entry.files))]
    budget = config.jobs or available_cores()
    jobs = max(1, min(budget, len(reads)))  # no more workers than tasks; the core budget stays
    checklist_arg = str(config.checklist_dir) if config.checklist_dir else None
    try:
        return _run_pool(pending, outcomes, out, cache, config, emit, reads, jobs, _cores_for(budget), checklist_arg)
    except PoolError as err:
        if err.domain_error:  # e.g. a ChecklistError: the user's to fix, one line
            raise GapcheckError(err.domain_error) from None
        raise


def _run_pool(pending, outcomes, out, cache, config, emit, reads, jobs, cores, checklist_arg) -> int:
    from gapcheck.batch import work
    from gapcheck.batch.pool import Task, TaskDone, TaskFailed, TaskProgress, WorkerPool

    page_marks: dict[tuple, int] = {}
    with WorkerPool(jobs, initializer=work.init_worker, initargs=(checklist_arg, jobs > 1, cores)) as pool:
        for code, p in pending.items():
            p.documents = [None] * len(p.entry.files)
            p.reads_left = len(p.entry.files)
        for code, i in sorted(reads, key=lambda r: -_size(pending[r[0]].entry.files[r[1]])):
            p = pending[code]
            pool.submit(Task(("read", code, i), work.read_task,
                             (str(p.entry.files[i]), p.entry.shown[i], config.options),
                             timeout=config.timeout, priority=0))
        judge_priority = -1.0
        for event in pool.events():
            kind, code = event.id[0], event.id[1]
            p = pending[code]
            if isinstance(event, TaskProgress):
                before = page_marks.get(event.id, 0)
                if event.done > before:
                    page_marks[event.id] = event.done
                    emit(PagesRead(event.done - before))
                continue
            p.work += event.elapsed
            if kind == "read":
                i = event.id[2]
                p.reads_left -= 1
                if isinstance(event, TaskDone):
                    document = event.value
                    p.documents[i] = document
                    p.pages[i] = len(document.pages)
                    shown_pages = page_marks.pop(event.id, 0)
                    if len(document.pages) > shown_pages:
                        emit(PagesRead(len(document.pages) - shown_pages))
                else:
                    p.errors[i] = _file_reason(p.entry.shown[i], event)
                emit(FileFinished(code, p.entry.shown[i], isinstance(event, TaskDone)))
                if p.reads_left == 0:
                    if p.errors:
                        outcome = _failed(p.entry, p.hashes, p.errors, p.pages, p.work)
                        outcomes[code] = outcome
                        emit(StateFinished(outcome))
                    else:
                        pool.submit(Task(("judge", code), work.judge_task, (p.documents, p.entry.state),
                                         timeout=config.timeout, priority=judge_priority))
                        p.documents = []
            else:
                if isinstance(event, TaskFailed) and event.error_type == "ChecklistError":
                    # the checklist itself is bad: every state would fail the same way
                    raise GapcheckError(event.reason)
                if isinstance(event, TaskDone):
                    outcome = _finish(out, cache, p.entry, p.key, event.value, p.hashes, config.formats,
                                      cache_hit=False, elapsed=p.work, pages=p.pages, t0=None)
                else:
                    reason = event.reason if event.kind in ("error", "internal") else f"the analysis {event.reason}"
                    outcome = _failed(p.entry, p.hashes, {}, p.pages, p.work, reason=reason)
                outcomes[code] = outcome
                emit(StateFinished(outcome))
        return pool.started_workers


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _file_reason(shown: str, event) -> str:
    """A failed read's reason, naming the file (errors from the reader already do)."""
    if event.kind == "error":
        return event.reason
    return f"{shown}: {event.reason}"


def _failed(entry: ManifestEntry, hashes: Sequence[str], errors: dict[int, str], pages: dict[int, int],
            elapsed: float, reason: str = "") -> StateOutcome:
    files = tuple(FileOutcome(file=shown, sha256=hashes[i] if i < len(hashes) else "", pages=pages.get(i),
                              error=errors.get(i, "")) for i, shown in enumerate(entry.shown))
    if not reason:
        reason = "; ".join(errors[i] for i in sorted(errors))
    return StateOutcome(entry=entry, ok=False, report=None, files=files, reason=reason, elapsed=elapsed)


def _finish(out: Path, cache: ReportCache, entry: ManifestEntry, key: str, report: Report, hashes: Sequence[str],
            formats: Sequence[str], *, cache_hit: bool, elapsed: float, pages: dict[int, int] | None,
            t0: float | None) -> StateOutcome:
    """Cache a fresh report, write its files (only the missing ones for a cached report)."""
    from gapcheck.batch.outputs import write_state_reports
    from gapcheck.render.json_report import to_json

    if not cache_hit:
        cache.store(key, to_json(report))
    skip: list[str] = []
    if cache_hit and cache.rendered_key(entry.state.code) == key:
        skip = [f for f in formats if (out / entry.state.code / f"report.{_ext(f)}").is_file()]
    try:
        written = write_state_reports(out, report, formats, skip=skip)
    except OutputError:
        raise
    except Exception as err:  # noqa: BLE001 - a renderer bug fails this state, not the batch
        cache.forget_rendered(entry.state.code)
        return StateOutcome(entry=entry, ok=False, report=None, files=_files(entry, hashes, report, pages),
                            reason=f"cannot write the reports: internal error: {type(err).__name__}: {err}",
                            cache_hit=cache_hit, elapsed=elapsed)
    if set(skip) != set(formats):
        cache.mark_rendered(entry.state.code, key, written)
    if t0 is not None:
        elapsed = elapsed + (time.monotonic() - t0)
    return StateOutcome(entry=entry, ok=True, report=report, files=_files(entry, hashes, report, pages),
                        cache_hit=cache_hit, elapsed=elapsed, outputs=written)


def _ext(fmt: str) -> str:
    from gapcheck.batch.outputs import EXTENSIONS

    return EXTENSIONS[fmt]


def _files(entry: ManifestEntry, hashes: Sequence[str], report: Report, pages: dict[int, int] | None):
    counted = [d.pages for d in report.documents]
    return tuple(
        FileOutcome(file=shown, sha256=hashes[i],
                    pages=(pages or {}).get(i, counted[i] if i < len(counted) else None))
        for i, shown in enumerate(entry.shown)
    )
