"""A hostile statute never becomes a hostile report (issue 8).

A statute (text and PDF) laced with HTML and script, Markdown links and
images, rich markup, terminal escape sequences and spreadsheet formulas, in a
file whose name is hostile too, goes through the whole pipeline and every
output: HTML, Markdown, JSON, the plain-text report, the terminal summary (on
a pipe and on a forced colour terminal), and the batch matrix CSV and index.
The renderers' own unit tests (``test_render_*``) use a hand-built hostile
Report; these go end to end, from the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bad_pdfs import reportlab_pdf, write

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    "<img src=x onerror=alert(2)>",
    "\"><svg onload=alert(3)>",
    "{{ 7*7 }}",
    "[click](https://evil.example/a)",
    "![pixel](https://evil.example/p.png)",
    "<https://evil.example/auto>",
    "[bold red]RED[/bold red]",
    "[link=https://evil.example/l]LINK[/link]",
    "=HYPERLINK(\"https://evil.example\")",
    "\x1b[2J\x1b[31mCLEAR\x1b[0m",
    "\x1b]8;;https://evil.example/osc\x07OSC\x1b]8;;\x07",
    "\x1b]0;window title\x07",
    "\x07\x07bell",
    "over\rwrite",
    "\x9b31mC1",
    "\u202eevil override",
]
HOSTILE = " ".join(PAYLOADS)
# a file name can carry most of it too (no "/" and no NUL)
HOSTILE_NAME = "act <img src=x onerror=alert(9)> [bold red]N \x1b[31m\x1b]0;T\x07=1+1\r.txt"

EVIL_HOST = "evil.example"


def _hostile_statute() -> str:
    """The strong sample with the payload after every comma: inside the sentences quoted as evidence."""
    text = (SAMPLES / "strong.txt").read_text(encoding="utf-8")
    return text.replace(", ", f", {HOSTILE} ", 40)


@pytest.fixture(scope="module")
def statute(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    path = d / HOSTILE_NAME
    try:
        path.write_text(_hostile_statute(), encoding="utf-8")
    except OSError:
        pytest.skip("the file system refuses control characters in file names")
    return path


def _analyze(statute: Path, fmt: str, env: dict | None = None, output: bool = False) -> str:
    import os
    import subprocess

    full_env = dict(os.environ, **(env or {}))
    full_env.pop("NO_COLOR", None) if env and "FORCE_COLOR" in env else None
    args = [sys.executable, "-m", "gapcheck", "analyze", statute.name, "--state", "XA", "--format", fmt]
    out = statute.parent / f"report-{fmt}.out"
    if output:
        args += ["--output", out.name, "--quiet"]
    proc = subprocess.run(args, capture_output=True, cwd=statute.parent, env=full_env, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stderr == b"", proc.stderr
    data = out.read_bytes() if output else proc.stdout
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def reports(statute: Path) -> dict[str, str]:
    return {fmt: _analyze(statute, fmt, output=fmt != "terminal")
            for fmt in ("json", "html", "markdown", "terminal")} | {
        "text": _analyze(statute, "terminal", output=True),
        "tty": _analyze(statute, "terminal", env={"FORCE_COLOR": "1", "COLUMNS": "120", "TERM": "xterm-256color"}),
    }


def test_the_payload_reaches_the_evidence(reports: dict[str, str]):
    """Otherwise the other tests would prove nothing."""
    report = json.loads(reports["json"])
    quotes = " ".join(e["quote"] for f in report["findings"] for e in f["evidence"])
    assert quotes.count("<script>alert(1)</script>") >= 3
    assert "[bold red]RED[/bold red]" in quotes and "[click](https://evil.example/a)" in quotes
    assert report["documents"][0]["file"] == HOSTILE_NAME


# --------------------------------------------------------------------- HTML

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "style", "xlink:href", "poster"}
"""Attributes through which a page fetches or navigates (text in a title attribute is harmless)."""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_has_no_injected_markup(reports: dict[str, str]):
    html = reports["html"]
    parser = _Elements()
    parser.feed(html)
    names = {t for t, _ in parser.tags}
    assert "script" not in names and "img" not in names and "iframe" not in names
    assert "svg" not in names or all("onload" not in a for t, a in parser.tags if t == "svg")
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in URL_ATTRIBUTES & attrs.keys():
            assert EVIL_HOST not in (attrs[key] or ""), (tag, attrs)
    shown = "".join(parser.text)
    assert SCRIPT in shown  # shown as text, escaped in the source
    assert "{{ 7*7 }}" in shown and "49" not in shown.split("{{ 7*7 }}")[0][-5:]
    assert "Content-Security-Policy" in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", html)


# ----------------------------------------------------------------- Markdown

def test_markdown_renders_no_link_image_or_html(reports: dict[str, str]):
    from markdown_it import MarkdownIt

    md = reports["markdown"]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", md)
    tokens = MarkdownIt("commonmark").enable("table").parse(md)

    def walk(ts):
        for t in ts:
            yield t
            yield from walk(t.children or [])

    for t in walk(tokens):
        assert t.type not in ("html_inline", "html_block", "image"), (t.type, t.content[:80])
        if t.type == "link_open":
            assert EVIL_HOST not in (t.attrGet("href") or ""), t.attrGet("href")
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in rendered and "<img" not in rendered and EVIL_HOST + "/a\"" not in rendered


# --------------------------------------------------------------------- JSON

def test_json_is_valid_and_keeps_the_text_as_data(reports: dict[str, str]):
    raw = reports["json"]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw)  # control characters only as \\u escapes
    report = json.loads(raw)
    assert report["schema"] == "gapcheck/report-v1"


# ----------------------------------------------------------------- terminal

TERMINAL_CONTROLS = re.compile(r"\x1b\]|\x1bP|\x1b[^\[]|[\x07\x08\r\x9b\x9d\u202e]|\x1b\[[0-9;]*[A-La-ln-z]")
"""Anything but SGR colour codes (ESC [ … m): OSC (titles, hyperlinks), DCS,
bells, carriage returns, cursor movement and screen clearing, C1 codes, bidi."""


@pytest.mark.parametrize("kind", ["terminal", "text", "tty"])
def test_terminal_output_has_no_control_sequences_and_no_markup(reports: dict[str, str], kind: str):
    out = reports[kind]
    assert not TERMINAL_CONTROLS.search(out), repr(TERMINAL_CONTROLS.search(out).group())
    if kind != "tty":
        assert "\x1b" not in out
    else:
        assert "\x1b[" in out, "FORCE_COLOR should give colours (else this test proves less)"
    plain = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", out).split())
    assert "[bold red]N" in plain, "the file name's markup is shown literally"
    if kind == "text":  # the full report shows the quotes: markup stays literal
        assert "[bold red]RED[/bold red]" in plain
        assert "[link=https://evil.example/l]LINK[/link]" in plain


# -------------------------------------------------------------- from a PDF

def test_a_pdf_with_hostile_text_and_controls(tmp_path: Path):
    """Text drawn in a PDF (with control characters in its strings) is cleaned like any other."""
    lines = ["1. Whoever recruits, " + SCRIPT + " transports or harbours a person by force \x1b[2J\x07",
             "for the purpose of exploitation [bold red]X[/bold red] commits the offence of trafficking",
             "in persons. =cmd|' /C calc'!A0 \x1b]0;title\x07"]
    pdf = write(tmp_path / "hostile.pdf", reportlab_pdf(lines))
    html = _analyze(pdf, "html", output=True)
    text = _analyze(pdf, "terminal", output=True)
    data = json.loads(_analyze(pdf, "json"))
    quotes = " ".join(e["quote"] for f in data["findings"] for e in f["evidence"])
    assert "<script>" in quotes, "the PDF's text should reach the evidence"
    assert "\x1b" not in quotes and "\x07" not in quotes
    parser = _Elements()
    parser.feed(html)
    assert "script" not in {t for t, _ in parser.tags}
    assert not TERMINAL_CONTROLS.search(text) and "\x1b" not in text


# -------------------------------------------------------------------- batch

def test_batch_matrix_csv_and_index_are_safe(tmp_path: Path):
    from typer.testing import CliRunner

    from gapcheck.cli.main import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    names = ["=cmd.txt", "+SUM(1).txt", "-2+3.txt", "@SUM(A1).txt"]
    for name in names:
        shutil.copy(SAMPLES / "weak.txt", inputs / name)
    manifest = inputs / "m.yaml"
    manifest.write_text(
        "- state: XA\n  name: '=HYPERLINK(\"https://evil.example\",\"x\")'\n  files: ['=cmd.txt']\n"
        "- state: XB\n  name: '\uff1dSUM(1,2)'\n  files: ['+SUM(1).txt']\n"
        "- state: XC\n  name: '@SUM(A1) <script>alert(1)</script>'\n  files: ['-2+3.txt']\n"
        "- state: XD\n  name: \"\\tTAB \\x1b[31m[bold]x[/bold]\"\n  files: ['@SUM(A1).txt']\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(manifest), "--out", str(out), "--jobs", "1", "--format", "html"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO((out / "matrix.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 5
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")), row
            assert "\x1b" not in cell
    assert any("HYPERLINK" in cell for row in rows for cell in row)  # kept, as text
    parser = _Elements()
    index = (out / "index.html").read_text(encoding="utf-8")
    parser.feed(index)
    assert "script" not in {t for t, _ in parser.tags}
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert all(EVIL_HOST not in (attrs[k] or "") for k in URL_ATTRIBUTES & attrs.keys())
    assert "\x1b" not in index
