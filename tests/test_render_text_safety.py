"""Escaping helpers: every medium gets statute text that cannot act as code."""

from __future__ import annotations

import pytest

from gapcheck.render.text_safety import css_string, csv_cell, md_text, one_line, strip_controls


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("plain text", "plain text"),
        ("line one\nline two\ttab", "line one\nline two\ttab"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[2J\x1b[Hclear", "clear"),
        ("\x1b[38;2;255;0;0mtruecolour\x1b[m", "truecolour"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1b]0;window title\x07after", "after"),
        ("\x1bPdevice control\x1b\\after", "after"),
        ("\x1bcreset", "reset"),
        ("\x9b31m8-bit CSI", "8-bit CSI"),
        ("bell\x07 backspace\x08 nul\x00 del\x7f", "bell backspace nul del"),
        ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
        ("\u202eevil\u202c and \u2066isolate\u2069", "evil and isolate"),
        ("ünïcödé “quotes” § 7102(11) – ok", "ünïcödé “quotes” § 7102(11) – ok"),
        (None, ""),
        (42, "42"),
    ],
)
def test_strip_controls(raw, expected):
    assert strip_controls(raw) == expected


def test_one_line_collapses_whitespace():
    assert one_line("  a\n\n b\t c \x1b[1m d ") == "a b c d"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("A person who recruits", "A person who recruits"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("![img](https://evil.example/x.png)", "\\!\\[img\\](https://evil.example/x.png)"),
        ("a | b", "a \\| b"),
        ("`code` and *em* and _em_ and ~~del~~", "\\`code\\` and \\*em\\* and \\_em\\_ and \\~\\~del\\~\\~"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "&gt; not a quote"),
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("1. not a list", "1\\. not a list"),
        ("12) not a list", "12\\) not a list"),
        ("=== not a heading underline", "\\=== not a heading underline"),
        ("&lt; stays literal", "&amp;lt; stays literal"),
        ("back\\slash", "back\\\\slash"),
        ("multi\nline\n# heading", "multi line # heading"),
        ("s. 3(1)(a)", "s. 3(1)(a)"),
    ],
)
def test_md_text(raw, expected):
    assert md_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'=cmd"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("TIP-MEANS", "TIP-MEANS"),
        ("s. 3(1)", "s. 3(1)"),
        ("a\x1b[31mb", "ab"),
        (16, 16),
        (-3, -3),
        (None, ""),
    ],
)
def test_csv_cell(raw, expected):
    assert csv_cell(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Guyana (GY): gap analysis", '"Guyana (GY): gap analysis"'),
        ('quote " and backslash \\', '"quote \\22  and backslash \\5c "'),
        ("</style><script>", '"\\3c /style\\3e \\3c script\\3e "'),
        ("Côte d’Ivoire", '"Côte d’Ivoire"'),
        ("a\nb", '"a b"'),
    ],
)
def test_css_string(raw, expected):
    assert css_string(raw) == expected
