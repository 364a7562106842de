"""The progress indicator (cli/progress.py): off for pipes and --quiet, safe descriptions."""

from __future__ import annotations

import io

import pytest

from gapcheck.cli.progress import describe, progress_display


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_disabled_when_not_a_terminal():
    stream = io.StringIO()
    with progress_display(enabled=True, stream=stream) as update:
        assert update is None
    assert stream.getvalue() == ""


def test_disabled_by_quiet_even_on_a_terminal():
    stream = Tty()
    with progress_display(enabled=False, stream=stream) as update:
        assert update is None
    assert stream.getvalue() == ""


def test_runs_on_a_terminal_and_is_transient(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    stream = Tty()
    with progress_display(enabled=True, stream=stream) as update:
        assert update is not None
        for page in range(1, 4):
            update("reading [bold]act.pdf[/bold]\x1b[2J", page, 3)
        update("OCR", 1, 0)  # unknown total
    out = stream.getvalue()
    assert "\x1b[2J" not in out  # the file name's escape sequence never reaches the terminal


@pytest.mark.parametrize(
    "stage, expected",
    [
        ("reading act.pdf", "reading act.pdf"),
        ("reading [bold]x[/bold].pdf", "reading \\[bold]x\\[/bold].pdf"),
        ("evil\x1b[31m\nname", "evil name"),
        ("x" * 80, "x" * 59 + "…"),
    ],
)
def test_describe(stage, expected):
    assert describe(stage) == expected


def test_described_stage_renders_literally():
    from rich.console import Console

    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(describe("reading [bold red]act[/].pdf"))
    assert console.file.getvalue().strip() == "reading [bold red]act[/].pdf"
