"""`gapcheck extract FILE...`: show what gapcheck read (interim: being built)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List

import typer

from gapcheck.cli.common import user_errors


def extract(files: Annotated[List[Path], typer.Argument(help="Statute files to read.")]) -> None:
    """Print the provisions gapcheck reads from each file."""
    with user_errors():
        from gapcheck.errors import UsageError

        raise UsageError("extract is being built")
