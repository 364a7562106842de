"""PDF export plumbing: finding the browser, failing clearly, killing a stuck one.

Printing a real PDF is checked in tests/test_browser.py (needs Chromium).
"""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest
from render_factory import sample_report

from gapcheck.errors import GapcheckError, OutputError, UsageError
from gapcheck.render import pdf


def fake_browser(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-chromium"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_no_browser_is_a_usage_error_with_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("GAPCHECK_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(UsageError) as err:
        pdf.to_pdf(sample_report())
    message = str(err.value)
    assert "\n" not in message
    assert "install chromium" in message and "--format html" in message


def test_no_browser_on_path(monkeypatch):
    monkeypatch.delenv("GAPCHECK_CHROMIUM", raising=False)
    monkeypatch.setattr(pdf.os, "access", lambda path, mode: False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.find_browser() is None


def test_browser_command_has_the_safety_flags(tmp_path):
    cmd = pdf.browser_command("/usr/bin/chromium", tmp_path / "profile", "--print-to-pdf=x.pdf", "file:///x.html")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"):
        assert flag in cmd
    assert cmd[-1] == "file:///x.html"


def test_a_browser_that_fails_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GAPCHECK_CHROMIUM", fake_browser(tmp_path, 'echo "boom: cannot open display" >&2; exit 3'))
    with pytest.raises(OutputError) as err:
        pdf.to_pdf(sample_report())
    assert "exit 3" in str(err.value) and "boom" in str(err.value)


def test_a_browser_that_writes_no_pdf_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GAPCHECK_CHROMIUM", fake_browser(tmp_path, "exit 0"))
    with pytest.raises(OutputError, match="no PDF"):
        pdf.to_pdf(sample_report())


def test_the_fake_browser_receives_the_html_and_its_pdf_is_returned(monkeypatch, tmp_path):
    # The fake copies the HTML it was asked to print, then writes a minimal PDF.
    seen = tmp_path / "seen.html"
    body = (
        'for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; file://*) src="${a#file://}";; esac; done\n'
        f'cp "$src" {seen}\n'
        'printf "%%PDF-1.4 fake" > "$out"'
    )
    monkeypatch.setenv("GAPCHECK_CHROMIUM", fake_browser(tmp_path, body))
    data = pdf.to_pdf(sample_report(), page_size="Letter")
    assert data == b"%PDF-1.4 fake"
    html = seen.read_text(encoding="utf-8")
    assert "size: Letter;" in html and "TIP-OFFENCE" in html


def test_a_stuck_browser_is_killed_with_its_children(monkeypatch, tmp_path):
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("GAPCHECK_CHROMIUM", fake_browser(tmp_path, f"sleep 60 & echo $! > {pid_file}; wait"))
    started = time.monotonic()
    with pytest.raises(OutputError, match="did not finish"):
        pdf.to_pdf(sample_report(), timeout=1)
    assert time.monotonic() - started < 15
    child = int(pid_file.read_text())
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie, killed but not yet reaped by init, does not count)."""
    for _ in range(20):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.1)
    return True


def test_errors_are_gapcheck_errors():
    assert issubclass(OutputError, GapcheckError) and issubclass(UsageError, GapcheckError)
