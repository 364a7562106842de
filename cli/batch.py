"""`gapcheck batch MANIFEST --out DIR`: many states, one comparative matrix.

Exit codes: 0 when every state was analysed; 2 when the manifest is invalid
(every problem listed, one per line), an option is bad, the output folder
cannot be used, or any state failed (each failure listed with its reason);
130 when interrupted (finished states are cached: re-run to resume).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from gapcheck.cli.common import error_line, user_errors
from gapcheck.cli.options import read_options_from


def batch(
    manifest: Annotated[Path, typer.Argument(
        help="A CSV (state,file rows), a YAML (states: {GY: [a.pdf, b.pdf]}) or a folder laid out as "
             "FOLDER/<STATE>/*.pdf|*.txt. Relative paths are relative to the manifest.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: index.html, matrix.csv, summary.json and "
                                      "<STATE>/report.<ext> (created if missing).")],
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes, and so the cores the batch uses (default: all cores).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report formats per state, comma-separated: html, json, markdown.")] = "html,json",
    force: Annotated[bool, typer.Option("--force", help="Analyse every state again, ignoring the cache.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed to read one document (and to judge one state); past it the worker is killed and the state fails.")] = 300.0,
    checklist: Annotated[Optional[Path], typer.Option("--checklist", help="Folder of checklist YAML files to use instead of the bundled one.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="Text-layer engine: pdfium (fast) or pdfplumber.")] = "pdfium",
    ocr: Annotated[str, typer.Option("--ocr", help="auto: OCR pages without text; off; force.")] = "auto",
    password: Annotated[Optional[str], typer.Option("--password", help="Password tried on encrypted PDFs.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", help="Refuse documents longer than this (the state fails).")] = 5000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary table; failures only.")] = False,
) -> None:
    """Analyse many states in parallel into one folder with a comparative matrix (resumable).

    Exit code: 0 when every state was analysed; 2 when any state failed (each
    failure is listed), the manifest is invalid (every problem is listed) or an
    option is bad; 130 when interrupted (re-run the same command to resume).
    """
    with user_errors():
        code = _run(manifest, out, jobs, fmt, force, timeout, checklist,
                    read_options_from(engine=engine, ocr=ocr, password=password, max_pages=max_pages), quiet)
        raise typer.Exit(code)


def _run(manifest_path: Path, out: Path, jobs: Optional[int], fmt: str, force: bool, timeout: float,
         checklist_dir: Optional[Path], options, quiet: bool) -> int:
    from gapcheck.batch.manifest import load_manifest
    from gapcheck.batch.runner import BatchConfig, parse_formats, run_batch
    from gapcheck.errors import ManifestError, UsageError

    formats = parse_formats(fmt)
    if jobs is not None and jobs < 1:
        raise UsageError("must be at least 1", path="--jobs")
    if timeout <= 0:
        raise UsageError("must be a positive number of seconds", path="--timeout")
    try:
        manifest = load_manifest(manifest_path, ignore=[out])
    except ManifestError as err:
        count = len(err.problems)
        error_line(f"{err.path}: the manifest has {count} problem{'s' if count != 1 else ''}; nothing was analysed:")
        for problem in err.problems:
            error_line(problem)
        return 2
    if not quiet:
        for warning in manifest.warnings:
            _stderr_line(f"gapcheck: warning: {warning}")
    config = BatchConfig(out_dir=out, formats=formats, jobs=jobs or 0, force=force, timeout=timeout,
                         checklist_dir=checklist_dir, options=options)

    import signal

    def terminate(signum, frame):  # SIGTERM: stop the workers the same way as Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        with _Display(enabled=not quiet) as display:
            result = run_batch(manifest, config, listener=display)
    except KeyboardInterrupt:
        error_line("interrupted; finished states are cached: run the same command again to resume")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)

    for o in result.failed:
        error_line(f"state {o.entry.state.code} failed: {o.reason}")
    if not quiet:
        _print_table(result, out)
    return 2 if result.failed else 0


def _clean(text: object) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _stderr_line(text: str) -> None:
    sys.stderr.write(_clean(text) + "\n")
    sys.stderr.flush()


def _print_table(result, out: Path) -> None:
    rows = [("State", "Status", "Met", "Partial", "Gap", "Cache", "Time")]
    for o in result.outcomes:
        counts = o.report.summary if o.ok and o.report else None
        rows.append((
            o.entry.state.code,
            "ok" if o.ok else "FAILED",
            str(counts["met"]) if counts else "-",
            str(counts["partial"]) if counts else "-",
            str(counts["gap"]) if counts else "-",
            "hit" if o.cache_hit else "-",
            f"{o.elapsed:.1f} s",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    ok = len(result.outcomes) - len(result.failed)
    hits = sum(1 for o in result.outcomes if o.cache_hit)
    lines.append("")
    lines.append(f"{len(result.outcomes)} states: {ok} ok, {len(result.failed)} failed, {hits} from the cache; "
                 f"{result.elapsed:.1f} s. Wrote {Path(out) / 'index.html'}, matrix.csv, summary.json.")
    sys.stdout.write("\n".join(_clean(line) for line in lines) + "\n")


class _Display:
    """A rich progress bar on stderr (work units: files read and states judged), when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.progress = None
        self.task = None
        self.states = self.states_done = 0
        self.files = self.files_done = 0
        self.pages = 0

    def __enter__(self) -> "_Display":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
                                     TextColumn("ETA"), TimeRemainingColumn(),
                                     console=Console(stderr=True), transient=True)
            self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)

    def __call__(self, event) -> None:
        if self.progress is None:
            return
        from gapcheck.batch.runner import FileFinished, PagesRead, Started, StateFinished

        if isinstance(event, Started):
            self.states = event.states
            self.files = event.files
            self.task = self.progress.add_task("", total=max(1, event.files + event.states - event.cached),
                                               info="")
        elif isinstance(event, PagesRead):
            self.pages += event.count
        elif isinstance(event, FileFinished):
            self.files_done += 1
            self.progress.advance(self.task)
        elif isinstance(event, StateFinished):
            self.states_done += 1
            if not event.outcome.cache_hit:
                self.progress.advance(self.task)
        if self.task is not None:
            self.progress.update(self.task, description=f"states {self.states_done}/{self.states}",
                                 info=f"files {self.files_done}/{self.files} · {self.pages} pages")
