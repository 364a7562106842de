"""A hostile statute through the whole pipeline: every report shows its text as text."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

STATUTE = (
    "HOSTILE ACT 2026\n\n"
    "1. Short title\nThis Act may be cited as the <script>alert(1)</script> Act.\n\n"
    "2. Interpretation\nIn this Act, \"child\" means a person under the age of eighteen years. "
    "<img src=x onerror=alert(1)>\n\n"
    "3. Trafficking in persons\n"
    "(1) A person who recruits, transports, transfers, harbours or receives another person by means of the threat "
    "or use of force, fraud or deception, for the purpose of exploitation <script>alert(1)</script> "
    "[click](javascript:alert(1)) <img src=x onerror=alert(1)> commits the offence of trafficking in persons.\n"
    "(2) The consent of a victim is irrelevant where any means in subsection (1) has been used. "
    "[bold red]MARKUP[/bold red] | pipe | \x1b[31mRED\x1b[0m\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from gapcheck.pipeline import analyze
    from gapcheck.states import resolve_state

    path = Path(tmp_path_factory.mktemp("statute")) / "hostile <b>act[red].txt"
    path.write_text(STATUTE, encoding="utf-8")
    report = analyze([path], resolve_state("XA"))
    quotes = [e.quote for f in report.findings for e in f.evidence]
    assert any("<script>" in q for q in quotes), "the offence provision should be quoted"
    return report


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html(report):
    from gapcheck.render.html import to_html

    html = to_html(report)
    parsed = _Tags(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "hostile <b>act[red].txt" in text
    assert "\x1b" not in html


def test_markdown(report):
    from markdown_it import MarkdownIt

    from gapcheck.render.markdown import to_markdown

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(to_markdown(report))
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<a " not in lowered and "<b>" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_terminal(report):
    from gapcheck.render.terminal import print_summary, to_text

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    print_summary(report, file=out, written_to="r.html")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "hostile <b>act[red].txt" in plain
    assert "\x1b[31mRED" not in out.getvalue()
    text = to_text(report)
    assert "\x1b" not in text and "[bold red]MARKUP[/bold red]" in text.replace("\n", " ")
