"""The body of `gapcheck analyze`, kept apart so that importing the CLI stays cheap."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence, TextIO

from gapcheck.errors import UsageError
from gapcheck.options import ReadOptions

REPORT_FORMATS = ("terminal", "json", "html", "markdown", "pdf")


def run_analyze(files: Sequence[Path], state: str, fmt: str, output: Path | None, checklist_dir: Path | None,
                options: ReadOptions, quiet: bool, stdout: TextIO) -> int:
    from gapcheck.outputs import atomic_write, check_output_path
    from gapcheck.states import resolve_state

    fmt = fmt.strip().lower()
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(REPORT_FORMATS)}", path="--format")
    if fmt == "pdf" and output is None:
        raise UsageError("the pdf format needs --output FILE", path="--format")
    resolved_state = resolve_state(state)
    if output is not None:
        check_output_path(output, files)

    from gapcheck.readahead import Ahead, load_checklist, read_and_segment

    # the files are read, and the checklist loaded, in forked processes while spaCy is imported here
    reading = Ahead(read_and_segment, list(files), options, with_progress=not quiet)
    loading = Ahead(load_checklist, checklist_dir)
    try:
        from gapcheck.pipeline import judge_segmented, prepare, start_up

        start_up()
        checklist = loading.result()
        prepare(checklist)

        from gapcheck.cli.progress import progress_display

        with progress_display(enabled=not quiet) as progress:
            segmented = reading.result(progress)
    finally:
        loading.cancel()
        reading.cancel()
    report = judge_segmented(segmented, resolved_state, checklist)

    from gapcheck.cli.common import allow_fast_exit
    from gapcheck.render import render

    allow_fast_exit()  # what is left is writing the report: nothing needs the interpreter torn down after it
    if fmt == "pdf":
        from gapcheck.render.pdf import to_pdf

        atomic_write(output, to_pdf(report))
    elif output is not None:
        atomic_write(output, render(report, fmt))
    elif fmt == "terminal":
        from gapcheck.render.terminal import print_summary

        print_summary(report, file=stdout)
        return 0
    else:
        stdout.write(render(report, fmt))
        return 0

    if not quiet:
        from gapcheck.render.terminal import print_summary

        print_summary(report, file=stdout, written_to=output)
    return 0
