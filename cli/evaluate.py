"""`gapcheck eval LABELS_DIR DOCS_DIR`: agreement with expert labels."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from gapcheck.cli.common import user_errors


def evaluate(
    labels_dir: Annotated[Path, typer.Argument(help="Folder of label files (<case>.yaml).")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder of documents: DOCS/<case>/<file> (or DOCS/<file>).")],
    case: Annotated[Optional[List[str]], typer.Option("--case", help="Only these cases (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    checklist: Annotated[Optional[Path], typer.Option("--checklist", help="Checklist folder to evaluate.")] = None,
    fail_under: Annotated[Optional[float], typer.Option("--fail-under", help="Exit 1 if an overall rate is below this.")] = None,
) -> None:
    """Run the analysis on every labelled case and report status, element and evidence agreement."""
    with user_errors():
        from gapcheck.cli.eval_report import run_eval

        code = run_eval(labels_dir, docs_dir, case or [], fmt, checklist, fail_under, sys.stdout)
        raise typer.Exit(code)
