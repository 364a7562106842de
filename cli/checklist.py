"""`gapcheck checklist list|show|test`: the checklist items as data, and their example tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from gapcheck.cli.common import user_errors

app = typer.Typer(help="List, show and test the checklist items.", no_args_is_help=True)

ChecklistDir = Annotated[Optional[Path], typer.Option("--checklist", help="Checklist folder (default: the bundled one).")]


@app.command("list")
def list_items(checklist: ChecklistDir = None) -> None:
    """List the checklist items with their theme and sub-elements."""
    with user_errors():
        from gapcheck.cli.checklist_view import print_list

        print_list(checklist, sys.stdout)


@app.command("show")
def show_item(item_id: Annotated[str, typer.Argument(help="Item id, e.g. TIP-MEANS.")],
              checklist: ChecklistDir = None) -> None:
    """Show one item: the standard, its sources, sub-elements, patterns and advice."""
    with user_errors():
        from gapcheck.cli.checklist_view import print_item

        print_item(checklist, item_id, sys.stdout)


@app.command("test")
def test_items(
    directory: Annotated[Optional[Path], typer.Argument(help="Checklist folder (default: the bundled one).")] = None,
    item: Annotated[Optional[str], typer.Option("--item", help="Only this item's examples.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every example, not only failures.")] = False,
) -> None:
    """Run each item's annotated examples (examples/<ITEM>.txt) and report failures."""
    with user_errors():
        from gapcheck.cli.checklist_view import run_tests

        raise typer.Exit(run_tests(directory, item, verbose, sys.stdout))
