"""`gapcheck checklist list|show|test` (interim: being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="List, show and test the checklist items.", no_args_is_help=True)


@app.command("list")
def list_items() -> None:
    """List the checklist items."""
