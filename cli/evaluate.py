"""`gapcheck eval LABELS DOCS` (interim: being built)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List

import typer

from gapcheck.cli.common import user_errors


def evaluate(files: Annotated[List[Path], typer.Argument(help="Statute files to read.")]) -> None:
    """Evaluate against labels."""
    with user_errors():
        from gapcheck.errors import UsageError

        raise UsageError("eval is being built")
