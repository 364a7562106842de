"""`gapcheck analyze FILE... --state CODE`: one state's framework, one report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from gapcheck.cli.common import user_errors
from gapcheck.cli.options import read_options_from


def analyze(
    files: Annotated[List[Path], typer.Argument(help="Statute files (PDF or .txt) of one state, analysed together.")],
    state: Annotated[str, typer.Option("--state", "-s", help="ISO 3166-1 alpha-2/alpha-3 code, or XA-XZ/XX/ZZ for drafts.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="terminal, json, html, markdown or pdf.")] = "terminal",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (atomically).")] = None,
    checklist: Annotated[Optional[Path], typer.Option("--checklist", help="Folder of checklist YAML files to use instead of the bundled one.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="Text-layer engine: pdfium (fast) or pdfplumber.")] = "pdfium",
    ocr: Annotated[str, typer.Option("--ocr", help="auto: OCR pages without text; off; force.")] = "auto",
    password: Annotated[Optional[str], typer.Option("--password", help="Password of an encrypted PDF.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", help="Refuse documents longer than this.")] = 5000,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Seconds allowed to read one document.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")] = False,
) -> None:
    """Analyse one state's legislation against the 20 checklist items."""
    with user_errors():
        from gapcheck.cli.run_analysis import run_analyze

        code = run_analyze(
            files=files,
            state=state,
            fmt=fmt,
            output=output,
            checklist_dir=checklist,
            options=read_options_from(engine=engine, ocr=ocr, password=password, max_pages=max_pages, timeout=timeout),
            quiet=quiet,
            stdout=sys.stdout,
        )
        raise typer.Exit(code)
