"""The PDF report: the HTML report printed by headless Chromium.

Why Chromium and not WeasyPrint: the PDF is then exactly the layout that the
browser test verifies (page breaks, repeated table headers, running title),
and it needs no extra Python dependency. WeasyPrint installs from PyPI but
loads Pango, HarfBuzz and fontconfig from the system at run time, so
``pip install .`` alone would not make it work either, and it would be a
second layout engine to verify.

The browser runs with a throw-away profile, no network services, and is
killed (with its child processes) after a timeout. The HTML it prints is
self-contained and its Content-Security-Policy forbids scripts and fetches.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from gapcheck.errors import OutputError, UsageError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEFAULT_TIMEOUT = 120.0

NO_BROWSER = ("no Chromium found to print the PDF: install chromium (e.g. `apt-get install chromium`), "
              "or write the report with --format html and print it from a browser")


def find_browser() -> str | None:
    """The Chromium executable: $GAPCHECK_CHROMIUM, /usr/bin/chromium, or one on PATH."""
    configured = os.environ.get("GAPCHECK_CHROMIUM", "").strip()
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_command(browser: str, profile: Path, *actions: str) -> list[str]:
    """A headless Chromium command line with a private profile and no background network."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--mute-audio",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        *actions,
    ]


def run_browser(args: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Run a browser command; kill its whole process group if it outlives ``timeout``."""
    try:
        proc = subprocess.Popen(list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as err:
        raise OutputError(f"cannot start the browser ({err.strerror or err})", args[0]) from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OutputError(f"the browser did not finish printing within {timeout:.0f} s", args[0]) from None
    finally:
        _kill_group(proc)  # Chromium may leave helper processes behind
    if proc.returncode != 0:
        last = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()][-1:] or ["no message"]
        raise OutputError(f"the browser failed (exit {proc.returncode}): {last[0][:200]}", args[0])


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def html_to_pdf(html: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Print an HTML document to PDF with headless Chromium."""
    browser = find_browser()
    if browser is None:
        raise UsageError(NO_BROWSER, path="--format pdf")
    with tempfile.TemporaryDirectory(prefix="gapcheck-pdf-") as tmp:
        work = Path(tmp)
        page = work / "report.html"
        page.write_text(html, encoding="utf-8")
        out = work / "report.pdf"
        run_browser(browser_command(browser, work / "profile", f"--print-to-pdf={out}", "--no-pdf-header-footer",
                                    page.as_uri()), timeout)
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF-"):
        raise OutputError("the browser produced no PDF", browser)
    return data


def to_pdf(report, page_size: str = "A4", timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The HTML report printed to PDF (A4 by default, or "Letter")."""
    from gapcheck.render.html import to_html

    return html_to_pdf(to_html(report, page_size=page_size), timeout=timeout)
