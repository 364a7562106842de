"""Quoting provisions: the clause around a match, verbatim, as evidence."""

from __future__ import annotations

import re

from gapcheck.models import Document, Evidence, Provision

MAX_QUOTE = 320
# A sentence ends at a full stop or colon after a word (not after a number: "407. Whoever"),
# at a semicolon, or at a blank line or a dash closing a line.
_BOUNDARY = re.compile(r"(?<=[a-z)\]\"”’'][.:])\s+(?=[\"“(A-Z0-9])|;\s+|:\s*\n|\n\s*\n|—\s*\n")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence or clause of ``text`` that contains [start, end)."""
    left = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        left = m.end()
    right = len(text)
    m = _BOUNDARY.search(text, end)
    if m:
        right = m.start() + (1 if text[m.start()] in ";:" else 0)
    return left, right


def _trim(text: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """Shrink an over-long clause to a window around the match, on word boundaries."""
    if right - left <= MAX_QUOTE:
        return left, right
    budget = max(MAX_QUOTE - (end - start), 40)
    lo = max(left, start - budget // 2)
    hi = min(right, end + budget - (start - lo))
    while lo > left and not text[lo - 1].isspace():
        lo += 1
        if lo >= start:
            lo = start
            break
    while hi < right and not text[hi].isspace() and hi > end:
        hi -= 1
    return lo, max(hi, end)


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    left, right = _clause_bounds(text, start, end)
    left, right = _trim(text, left, right, start, end)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def make_evidence(document: Document, provision: Provision, start: int | None = None, end: int | None = None,
                  supports: tuple[str, ...] = ()) -> Evidence:
    """Evidence quoting the clause of ``provision`` around [start, end) (offsets
    relative to the provision text), or its opening clause when no span is given."""
    text = provision.text
    if start is None or end is None:
        first_word = re.search(r"[a-z]{2,}", text)
        start = first_word.start() if first_word else 0
        end = min(len(text), start + 1)
    left, right = quote_span(text, start, end)
    quote = normalise_space(text[left:right])
    if not quote:
        quote = normalise_space(text[:MAX_QUOTE])
    page = document.page_at(provision.start + left)
    return Evidence(document=provision.document, provision=provision.label, page=page, quote=quote,
                    heading=provision.heading, elements=supports)
