"""A progress indicator on stderr while long PDFs are read or OCR'd."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

ProgressFn = Callable[[str, int, int], None]


@contextmanager
def progress_display(enabled: bool = True) -> Iterator[Optional[ProgressFn]]:
    """Yield a progress callback, or None when disabled or stderr is not a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    tasks: dict[str, int] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(escape(stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update
