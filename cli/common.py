"""What every command shares: turning domain errors into one line and an exit code."""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import contextmanager
from typing import Iterator

import typer

from gapcheck.errors import GapcheckError

EXIT_OK = 0
EXIT_FAIL_ON = 1  # reserved for a future --fail-on
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

_debug = False


def set_debug(value: bool) -> None:
    global _debug
    _debug = value or os.environ.get("GAPCHECK_DEBUG", "") not in ("", "0")


def debug_enabled() -> bool:
    return _debug


_fast_exit = False


def allow_fast_exit(allowed: bool = True) -> None:
    """The command is done and has written everything: the process may end without
    tearing the interpreter down (with spaCy loaded, that alone takes 0.2-0.3 s)."""
    global _fast_exit
    _fast_exit = allowed


def exit_now(code: int, program: bool = True) -> None:
    """End the process: at once (``os._exit``) when this is the program itself
    (``program``: not a test calling the entry point in its own process), the
    command allowed it and its output is flushed; otherwise the usual way."""
    if _fast_exit and program:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001 - e.g. a closed pipe: Python's own exit deals with it
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def error_line(message: str) -> None:
    """One line on stderr, free of control characters."""
    clean = "".join(ch if ch.isprintable() else " " for ch in str(message))
    sys.stderr.write(f"gapcheck: error: {clean}\n")
    sys.stderr.flush()


@contextmanager
def user_errors() -> Iterator[None]:
    """Run a command body; report domain errors as one line and exit 2."""
    try:
        yield
    except typer.Exit:
        raise
    except GapcheckError as err:
        if _debug:
            traceback.print_exc()
        error_line(str(err))
        raise typer.Exit(err.exit_code)
    except KeyboardInterrupt:
        error_line("interrupted")
        raise typer.Exit(130)
    except BrokenPipeError:  # the reader went away (gapcheck … | head): click exits quietly with 1
        raise
    except Exception as err:  # a bug: still one line unless --debug
        if _debug:
            traceback.print_exc()
        error_line(f"internal error: {type(err).__name__}: {err} (re-run with --debug for the traceback)")
        raise typer.Exit(EXIT_INTERNAL)
