"""Making untrusted text (statute text, file names, labels) safe for each output.

Everything a report shows comes from files gapcheck did not write: a PDF can
carry ``<script>``, terminal escape sequences, rich markup, Markdown links or
spreadsheet formulas. Each renderer passes every such string through the
helper for its medium:

- :func:`strip_controls` — all media: removes ANSI/VT escape sequences, C0/C1
  control characters (except newline and tab) and Unicode bidi overrides;
- :func:`one_line` — the same, with all whitespace collapsed to single spaces;
- :func:`md_text` — Markdown inline text (tables, paragraphs, blockquotes);
- :func:`csv_cell` — a spreadsheet cell (no formula injection);
- :func:`css_string` — a quoted CSS string (the running title of the print CSS).

HTML escaping itself is Jinja's autoescape; the HTML renderer also applies
:func:`strip_controls` to every value it outputs.
"""

from __future__ import annotations

import re

# ESC-introduced sequences (7-bit) and their 8-bit C1 equivalents.
_ANSI = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]?            # CSI … final byte
    | \x1b\] .*? (?:\x07|\x1b\\|$)           # OSC … BEL or ST (hyperlinks, titles)
    | \x1b [PX^_] .*? (?:\x1b\\|$)           # DCS / SOS / PM / APC … ST
    | \x1b [ -/]* [0-~]?                     # two-byte escapes (ESC c, ESC ( B, …)
    | \x9b [0-?]* [ -/]* [@-~]?              # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f] .*? (?:\x07|\x9c|\x1b\\|$)  # 8-bit DCS/SOS/OSC/PM/APC
    """,
    re.VERBOSE | re.DOTALL,
)
# Remaining control characters: C0 except \t and \n, DEL, C1; bidi embeddings,
# overrides and isolates (they can make text display in a misleading order).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_SEPARATORS = re.compile("[\r\u2028\u2029\x85]")
_SPACES = re.compile(r"\s+")


def strip_controls(text: object) -> str:
    """``text`` as a string without escape sequences or control characters.

    Newlines and tabs are kept; ``\\r``, U+2028 and U+2029 become newlines.
    """
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n")
    s = _LINE_SEPARATORS.sub("\n", s)
    s = _ANSI.sub("", s)
    return _CONTROLS.sub("", s)


def one_line(text: object) -> str:
    """``strip_controls`` and whitespace (newlines included) collapsed to single spaces."""
    return _SPACES.sub(" ", strip_controls(text)).strip()


# ------------------------------------------------------------------ Markdown

# Inline punctuation with a Markdown (CommonMark/GFM) meaning, escaped with a
# backslash wherever it occurs: emphasis, code spans, links and images,
# table cells, strikethrough, raw HTML entities are handled separately.
_MD_INLINE = {c: "\\" + c for c in "\\`*_[]|~"}
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Constructs that only count at the start of a line (headings, block quotes,
# list items, setext underlines, thematic breaks, footnote/definition markers).
_MD_LINE_START = re.compile(r"^(#|=|-|\+|:|!|(\d{1,9})([.)]))")


def md_text(text: object) -> str:
    """One line of Markdown that renders exactly as ``text``, never as markup.

    No HTML (``<``, ``>`` and ``&`` become entities), no link or image (``[``,
    ``]`` escaped), no code span, emphasis, strikethrough or table-cell break,
    and nothing that turns the line into a heading, quote or list.
    """
    s = one_line(text)
    out = []
    for ch in s:
        if ch in _MD_ENTITIES:
            out.append(_MD_ENTITIES[ch])
        elif ch in _MD_INLINE:
            out.append(_MD_INLINE[ch])
        else:
            out.append(ch)
    s = "".join(out)
    m = _MD_LINE_START.match(s)
    if m:
        if m.group(2):  # "1." / "1)" ordered-list marker
            s = m.group(2) + "\\" + m.group(3) + s[m.end():]
        else:
            s = "\\" + s
    return s


# ----------------------------------------------------------------------- CSV

_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: object) -> object:
    """A value safe to write in a CSV cell opened by a spreadsheet.

    Numbers pass through; strings are stripped of control characters and, when
    they start like a formula (``=``, ``+``, ``-``, ``@``, tab, CR, or their
    full-width forms), prefixed with an apostrophe so they stay text.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raw = str(value)
    s = one_line(raw)
    if raw.startswith(_FORMULA_START) or s.startswith(_FORMULA_START):
        s = "'" + s
    return s


# ----------------------------------------------------------------------- CSS

_CSS_SAFE = re.compile(r"[A-Za-z0-9 ,.:;()'/_\-\u00a0-\uffff]")


def css_string(text: object) -> str:
    """A double-quoted CSS string literal showing ``text`` (safe inside ``<style>``)."""
    out = []
    for ch in one_line(text):
        if _CSS_SAFE.fullmatch(ch) and ch not in "\u2028\u2029":
            out.append(ch)
        else:
            out.append("\\%x " % ord(ch))
    return '"' + "".join(out) + '"'
