"""`gapcheck batch MANIFEST`: many states (interim: being built)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List

import typer

from gapcheck.cli.common import user_errors


def batch(files: Annotated[List[Path], typer.Argument(help="Statute files to read.")]) -> None:
    """Analyse many states."""
    with user_errors():
        from gapcheck.errors import UsageError

        raise UsageError("batch is being built")
