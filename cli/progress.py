"""A progress indicator on stderr while long PDFs are read or OCR'd.

It is transient (erased when done), only shown when stderr is a terminal and
``--quiet`` is not given, and stage descriptions (which may carry file names)
are shown as plain text: control characters stripped, rich markup escaped.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, TextIO

ProgressFn = Callable[[str, int, int], None]


def describe(stage: str) -> str:
    """A stage name as safe rich markup: one line, no control characters, markup escaped."""
    from rich.markup import escape

    from gapcheck.render.text_safety import one_line

    text = one_line(stage)
    return escape(text if len(text) <= 60 else text[:59] + "…")


@contextmanager
def progress_display(enabled: bool = True, stream: TextIO | None = None) -> Iterator[Optional[ProgressFn]]:
    """Yield a progress callback ``update(stage, done, total)``, or None when disabled.

    Disabled when ``enabled`` is false (``--quiet``) or ``stream`` (stderr by
    default) is not a terminal, so pipes, files and CI logs get nothing.
    """
    stream = stream if stream is not None else sys.stderr
    if not enabled or not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, highlight=False, emoji=False)
    tasks: dict[str, int] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(describe(stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update
