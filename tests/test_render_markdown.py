"""The Markdown report: faithful content, and statute text that stays text.

The output is parsed with markdown-it (CommonMark + GFM tables, raw HTML
allowed, as most viewers do) to check what a reader would actually see.
"""

from __future__ import annotations

import re

import pytest
from render_factory import HOSTILE, hostile_report, sample_report

from gapcheck.models import THEMES
from gapcheck.render import render
from gapcheck.render.markdown import to_markdown


def parse(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)


@pytest.fixture(scope="module")
def md() -> str:
    return to_markdown(sample_report())


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return parse(to_markdown(hostile_report()))


def test_sections_and_items(md):
    headings = re.findall(r"^(#{1,3}) (.*)$", md, re.M)
    h2 = [t for level, t in headings if level == "##"]
    assert h2[:3] == ["Documents analysed (2; 56 pages)", "Executive summary", "Coverage matrix"]
    assert h2[3:9] == [f"{letter}. {title}" for letter, (_, title) in zip("ABCDEF", THEMES)]
    assert h2[-1] == "Methodology and limitations"
    h3 = [t.split(":")[0] for level, t in headings if level == "###"]
    assert h3 == [f.item_id.replace("_", "\\_") for f in sample_report().findings]


def test_content(md):
    assert "3f1ca9a9" in md and "**Assessment:** **Partial** · **Confidence:** medium" in md
    assert "> \"child\" means a person under the age of sixteen years." in md
    assert "> — trafficking-in-persons-act-2009.pdf, s. 2 \"child\" (Interpretation), page 2" in md
    assert "- **Age threshold found:** 16 years" in md
    assert "**What was searched:** non-punishment for unlawful entry" in md
    assert "Of the 20 standards assessed, the documents analysed fully reflect 8, partly reflect 8 and do not reflect 4." in md
    assert "pages 17 (71 % confidence), 19 (88 % confidence) had no text layer" in md
    assert render(sample_report(), "markdown") == md


def test_tables_keep_their_columns(md):
    html = parse(md)
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) == 3 + 5  # documents, themes, matrix + one per itemised finding
    for table in tables:
        head = len(re.findall(r"<th", re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)))
        for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S):
            assert len(re.findall(r"<td", row)) == head


def test_matrix_has_all_items(md):
    html = parse(md)
    matrix = re.findall(r"<table>(.*?)</table>", html, re.S)[2]
    for f in sample_report().findings:
        label = {"met": "Met", "partial": "Partial", "gap": "Gap"}[f.status]
        assert re.search(rf"<td>{re.escape(f.item_id)}</td>\s*<td>[^<]*</td>\s*<td><strong>{label}</strong></td>", matrix)


def test_hostile_text_cannot_inject_html_links_or_images(hostile_html):
    lowered = hostile_html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<a " not in lowered
    assert "<b>" not in lowered and "<i>" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_html
    assert "[click here](javascript:alert(1))" in hostile_html
    assert "![tracker](https://evil.example/t.png)" in hostile_html
    without_hashes = re.sub(r"<code>[0-9a-f]{64}</code>", "", hostile_html)
    assert "<code>" not in without_hashes and "<del>" not in hostile_html


def test_hostile_text_cannot_break_table_rows():
    html = parse(to_markdown(hostile_report()))
    for table in re.findall(r"<table>(.*?)</table>", html, re.S):
        head = len(re.findall(r"<th", re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)))
        for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S):
            assert len(re.findall(r"<td", row)) == head
    assert "| pipe | cell |" in html


def test_hostile_text_cannot_make_headings_or_lists():
    md = to_markdown(hostile_report())
    item_count = len(sample_report().findings)
    assert len(re.findall(r"^### ", md, re.M)) == item_count
    html = parse(md)
    assert html.count("<h3>") == item_count
    assert "\x1b" not in md and "\u202e" not in md


def test_escaping_was_needed():
    """Unescaped, the same strings would inject markup: the checks above can fail."""
    raw = parse("Text " + " ".join(HOSTILE) + " [x](http://a.example)")
    assert "<script>" in raw and '<a href="http://a.example">' in raw and "<img" in raw and "<code>" in raw
