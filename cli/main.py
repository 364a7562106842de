"""`gapcheck` command line. Commands live in their own modules; heavy imports
(spaCy, pdfplumber) happen inside command bodies so that `--help` is instant."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from gapcheck import __version__
from gapcheck.cli import analyze as analyze_cmd
from gapcheck.cli import batch as batch_cmd
from gapcheck.cli import checklist as checklist_cmd
from gapcheck.cli import evaluate as eval_cmd
from gapcheck.cli import extract as extract_cmd
from gapcheck.cli.common import set_debug

app = typer.Typer(
    name="gapcheck",
    help="Reads anti-trafficking legislation and reports, provision by provision, where it falls short "
    "of the international standards (UN Trafficking in Persons Protocol; ICAT 2012).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gapcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors (for bug reports).")] = False,
) -> None:
    set_debug(debug)


app.command("analyze", no_args_is_help=True)(analyze_cmd.analyze)
app.command("extract", no_args_is_help=True)(extract_cmd.extract)
app.command("eval", no_args_is_help=True)(eval_cmd.evaluate)
app.command("batch", no_args_is_help=True)(batch_cmd.batch)
app.add_typer(checklist_cmd.app, name="checklist")


def run() -> None:
    """The console script: usage errors become one line on stderr, like every other error."""
    import importlib
    import sys

    from gapcheck.cli.common import EXIT_BAD_INPUT, allow_fast_exit, error_line, exit_now

    allow_fast_exit(False)  # until a command allows it

    # typer's own copy of click, or click itself (older typer)
    exceptions = importlib.import_module(typer.BadParameter.__module__)
    help_error = getattr(exceptions, "NoArgsIsHelpError", ())
    try:
        code = app(standalone_mode=False)
    except help_error as err:  # no arguments: the help, as before
        err.show()
        code = err.exit_code
    except exceptions.ClickException as err:
        ctx = getattr(err, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        error_line(err.format_message() + hint)
        code = EXIT_BAD_INPUT
    except typer.Abort:
        error_line("interrupted")
        code = 130
    exit_now(code or 0, program=_called_by_main(sys._getframe(1) if hasattr(sys, "_getframe") else None))


def _called_by_main(frame) -> bool:
    """Is ``run`` called by the program's own entry (the console script or
    ``python -m gapcheck``), rather than by a caller that goes on afterwards?"""
    return frame is not None and frame.f_globals.get("__name__") == "__main__"

