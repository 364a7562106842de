"""Layout analysis over positioned text.

Every engine (pdfium, pdfplumber, Tesseract) reduces a page to *chunks*: runs
of text on one printed line with their box, in points, origin at the top-left
of the page as displayed.  Everything after that is here, as pure functions,
so that all engines are cleaned up the same way:

1. ``group_rows``: chunks on the same baseline form a row (overprinted
   duplicates and superscript footnote markers are dropped);
2. ``FurnitureCounter`` (whole document, counted page by page as it is
   read): running headers and footers are the rows at the top or bottom edge
   whose words, in order and without digits, repeat on 40% of the pages (odd
   and even pages alike, whatever the page number printed in them); rows that
   are only a page number are dropped as well; OCR'd pages also match headers
   word by word despite misspellings;
3. ``split_footnotes``: a block of smaller rows at the foot of a page that
   starts with a footnote marker is *set aside*: footnotes in statutes are
   editorial (amendment history, dates of assent) and, left in the text, they
   would be glued into the provision running across the page break. The
   Document names the pages whose footnotes were set aside in a warning;
4. ``find_gutter`` / ``page_regions``: vertical strips of white space split
   the page into regions, classified as margin line numbers (dropped), margin
   notes (kept apart, aligned with the body line they face), or text columns
   (read one after the other, band by band between full-width rows);
5. ``assemble``: body lines of all pages in reading order, hyphenation
   repaired, into ``Document.text`` with page spans and margin notes.

``DocumentLayout`` runs the steps in two passes so that a long document is
read in little memory: pages are packed as they arrive, then laid out one by
one once the running headers are known.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence

from gapcheck.extractors.normalize import join_hyphenated, normalize_line


class Chunk(NamedTuple):
    """A run of text on one printed line, with its box in points (top-down)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float = 0.0
    """Font size (or, failing that, line height) in points; 0 when unknown."""


@dataclass
class RawPage:
    """What an engine read on one page, before layout analysis."""

    number: int
    width: float
    height: float
    chunks: list[Chunk]
    ocr: bool = False
    ocr_confidence: float | None = None
    problem: str = ""
    """Why the page has no text (for the warning), when it has none."""
    ocr_needed: str = ""
    """Why the text layer needs OCR, decided before the chunks were packed."""
    zone: tuple | None = None
    """The page's edge rows as ``FurnitureCounter`` counts them, observed
    before the chunks were packed (see ``page_observation``)."""
    packed: tuple[str, array, array] | None = None
    """The chunks kept compactly while the rest of the document is read
    (see ``pack``): their texts joined, the ends of the texts, and their
    boxes and sizes as doubles."""

    @property
    def has_text(self) -> bool:
        return bool(self.chunks or self.packed)

    def pack(self) -> None:
        """Store the chunks compactly (a few dozen bytes each instead of a
        few hundred), so memory stays small on long documents."""
        if not self.chunks:
            return
        ends = array("I")
        numbers = array("d")
        end = 0
        for c in self.chunks:
            end += len(c.text)
            ends.append(end)
            numbers.extend((c.x0, c.top, c.x1, c.bottom, c.size))
        self.packed = ("".join(c.text for c in self.chunks), ends, numbers)
        self.chunks = []

    def all_chunks(self) -> list[Chunk]:
        """The chunks, unpacked if need be."""
        if self.packed is None:
            return self.chunks
        text, ends, numbers = self.packed
        out = []
        start = 0
        for i, end in enumerate(ends):
            k = 5 * i
            out.append(Chunk(numbers[k], numbers[k + 1], numbers[k + 2], numbers[k + 3], text[start:end],
                             numbers[k + 4]))
            start = end
        return out


class Row:
    """Chunks sharing a baseline, left to right."""

    __slots__ = ("top", "bottom", "x0", "x1", "chunks", "marker")

    def __init__(self, chunk: Chunk) -> None:
        self.top = chunk.top
        self.bottom = chunk.bottom
        self.x0 = chunk.x0
        self.x1 = chunk.x1
        self.chunks = [chunk]
        self.marker = False
        """True when a raised footnote marker opening the row was dropped."""

    def add(self, chunk: Chunk) -> None:
        self.chunks.append(chunk)
        if chunk.top < self.top:
            self.top = chunk.top
        if chunk.bottom > self.bottom:
            self.bottom = chunk.bottom
        if chunk.x0 < self.x0:
            self.x0 = chunk.x0
        if chunk.x1 > self.x1:
            self.x1 = chunk.x1

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def size(self) -> float:
        """The size of the row's largest text."""
        return max((c.size or (c.bottom - c.top)) for c in self.chunks)

    @property
    def text(self) -> str:
        """The chunks' text, separated by a space unless they touch (a
        superscript ordinal: 17th)."""
        if len(self.chunks) == 1:
            return self.chunks[0].text
        parts = [self.chunks[0].text]
        for a, b in zip(self.chunks, self.chunks[1:]):
            h = max(a.bottom - a.top, b.bottom - b.top)
            gap = b.x0 - a.x1
            if gap > 0.1 * h and not (gap < 0.35 * h and b.text[:1] in _CLOSING):
                parts.append(" ")
            parts.append(b.text)
        return "".join(parts)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Row({self.top:.1f}-{self.bottom:.1f} x{self.x0:.0f}-{self.x1:.0f} {self.text!r})"


@dataclass
class PageText:
    """The reading of one page: body lines in reading order and margin notes."""

    number: int
    lines: list[str] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(index in ``lines`` of the body line the note faces, note text)."""
    footnotes: list[str] = field(default_factory=list)
    """Footnote lines set aside from the body (not part of ``Document.text``)."""
    layout: str = "single"
    """"single", "columns", "notes" or "empty" (for diagnostics and tests)."""
    line_numbers: int = 0
    """How many margin line numbers were removed."""


# ------------------------------------------------------------------ rows

_MARKER = re.compile(r"^[\d*†‡§¶]{1,3}$")
_TOP_X = operator.attrgetter("top", "x0")
_CLOSING = frozenset(",.;:)]}’”!?")


def group_rows(chunks: Iterable[Chunk], clean: bool = True) -> list[Row]:
    """Group chunks into rows by vertical overlap; drop overprinted duplicates
    (the same text drawn twice at nearly the same place, a common way of
    simulating bold) and raised footnote markers (small digits above the
    baseline)."""
    ordered = sorted(chunks, key=_TOP_X)
    rows: list[Row] = []
    for c in ordered:
        if not c.text:
            continue
        top, bottom = c.top, c.bottom
        h = bottom - top
        best = None
        best_overlap = 0.0
        for k in range(len(rows) - 1, max(-1, len(rows) - 5), -1):
            row = rows[k]
            overlap = (row.bottom if row.bottom < bottom else bottom) - (row.top if row.top > top else top)
            if overlap <= 0 or overlap <= best_overlap:
                continue
            rh = row.bottom - row.top
            if overlap >= 0.5 * (h if h < rh else rh):
                best, best_overlap = row, overlap
        if best is None:
            rows.append(Row(c))
            continue
        if clean and _is_duplicate(best, c):
            continue
        best.add(c)
    for row in rows:
        if len(row.chunks) > 1:
            row.chunks.sort(key=lambda c: c.x0)
            if clean:
                _drop_markers(row)
    rows.sort(key=lambda r: r.top)
    return rows


def _is_duplicate(row: Row, c: Chunk) -> bool:
    """The same text drawn again over itself (within a fifth of its width)."""
    tol = max(1.0, 0.2 * (c.x1 - c.x0))
    for d in row.chunks:
        if d.text == c.text and abs(d.x0 - c.x0) <= tol and abs(d.top - c.top) <= tol and abs(d.x1 - c.x1) <= tol:
            return True
    return False


def _drop_markers(row: Row) -> None:
    """Drop footnote markers: short digits or symbols, raised above the
    row's baseline and printed in a smaller font (when the font sizes are
    unknown, nothing is dropped)."""
    tall = max(row.chunks, key=lambda c: c.bottom - c.top)
    th = tall.bottom - tall.top
    size = max(c.size for c in row.chunks)
    keep = []
    for c in row.chunks:
        small = bool(c.size) and c.size < 0.8 * size
        raised = c.bottom < tall.bottom - 0.25 * th and small
        if c is not tall and raised and _MARKER.match(c.text.strip()):
            if not keep:
                row.marker = True
            continue
        keep.append(c)
    if len(keep) != len(row.chunks):
        row.chunks = keep
        row.top = min(c.top for c in keep)
        row.bottom = max(c.bottom for c in keep)
        row.x0 = min(c.x0 for c in keep)
        row.x1 = max(c.x1 for c in keep)


def merge_words(words: Sequence[Chunk]) -> list[Chunk]:
    """Join word boxes (pdfplumber, Tesseract) into chunks: neighbours on one
    baseline separated by no more than a wide word space."""
    out: list[Chunk] = []
    for row in group_rows(words, clean=False):
        heights = sorted(c.bottom - c.top for c in row.chunks)
        h = heights[len(heights) // 2] or 1.0
        limit = max(4.0, 0.7 * h)
        cur = row.chunks[0]
        for w in row.chunks[1:]:
            same_line = abs(w.bottom - cur.bottom) <= 0.2 * h
            gap = w.x0 - cur.x1
            if same_line and -0.5 * h <= gap <= limit:
                sep = " " if gap > 0.1 * h else ""
                cur = Chunk(cur.x0, min(cur.top, w.top), max(cur.x1, w.x1), max(cur.bottom, w.bottom),
                            cur.text + sep + w.text, max(cur.size, w.size))
            else:
                out.append(cur)
                cur = w
        out.append(cur)
    return out


# ------------------------------------------------- headers, footers, numbers

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.)\s*)?(?:[-–—]\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*[-–—])?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
"""A row that is only a page number: "12", "- 12 -", "Page 12", "12 of 40",
"xiv". Numbers in brackets are left alone: "(iii)" or "(2)" alone on a row
is a label far more often than a page number."""
_WORDS = re.compile(r"[^\W\d_]+")
TOP_ZONE = 0.16
BOTTOM_ZONE = 0.86
MIN_ROWS_FOR_ZONES = 3
"""A page of one or two rows has no header or footer to tell apart."""
MAX_TOP_ROWS = 4
MAX_BOTTOM_ROWS = 3


def furniture_key(text: str) -> str:
    """The words of a running header/footer, in order, without the page
    number printed in it (on the left on even pages, on the right on odd)."""
    return " ".join(w.lower() for w in _WORDS.findall(text) if len(w) > 1 or w.isupper())


def zone_limits(rows: Sequence[Row]) -> tuple[float, float]:
    """Where the top zone ends and the bottom zone begins: fractions of the
    extent of the printed matter (not of the sheet: a book page printed in
    the middle of an A4 sheet has wide blank margins)."""
    first = rows[0].top
    last = max(r.bottom for r in rows[-MAX_BOTTOM_ROWS - 2:])
    extent = last - first
    return first + TOP_ZONE * extent, last - (1 - BOTTOM_ZONE) * extent


def zone_rows(rows: Sequence[Row], height: float = 0.0) -> list[Row]:
    """The rows near the top and the bottom edge of the printed matter of a
    page, where running headers, footers and page numbers are printed."""
    if len(rows) < MIN_ROWS_FOR_ZONES:
        return []
    top_limit, bottom_limit = zone_limits(rows)
    top = [r for r in rows[:MAX_TOP_ROWS] if r.top <= top_limit]
    bottom = [r for r in rows[-MAX_BOTTOM_ROWS:] if r.bottom >= bottom_limit and r not in top]
    return top + bottom


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


class FurnitureCounter:
    """Counts, page by page as a document is read, the rows near the edges
    of pages, so that the rows repeated on many pages (running headers and
    footers) are known once all pages are read, without keeping the pages."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.pages = 0
        self.edges: dict[int, list[tuple[str, list[str]]]] = {}
        """OCR'd pages: their edge rows (text, words), for fuzzy matching."""

    def add(self, index: int, observation: tuple) -> None:
        """Count a page's ``page_observation``."""
        has_rows, keys, edges = observation
        if not has_rows:
            return
        self.pages += 1
        self.counts.update(keys)
        if edges is not None and len(self.edges) < MAX_FUZZY_PAGES:
            self.edges[index] = edges

    def keys(self) -> set[str]:
        if self.pages < 2:
            return set()
        need = furniture_quorum(self.pages)
        return {k for k, c in self.counts.items() if c >= need}

    def fuzzy(self) -> set[tuple[int, str]]:
        """(page index, row text) of the edge rows of OCR'd pages that
        resemble an edge row of enough other pages, word for word with OCR's
        misspellings ("GAZETTE" and "GAZLTTF", "PAKISTAN" and "PARISTAN"):
        running headers that exact keys miss. OCR'd words are less certain, so
        a header must be seen on three pages at least."""
        import difflib

        if not self.edges:
            return set()
        quorum = max(3, furniture_quorum(self.pages))
        out: set[tuple[int, str]] = set()
        for i, zone in self.edges.items():
            for text, words in zone:
                if len(words) < 3:
                    continue
                similar_pages = 1
                for j, other in self.edges.items():
                    if j != i and any(_fuzzy_overlap(words, w, difflib) >= 0.5 for _, w in other if len(w) >= 3):
                        similar_pages += 1
                if similar_pages >= quorum:
                    out.add((i, text))
        return out


def observe_chunks(chunks: Sequence[Chunk], height: float, ocr: bool = False) -> tuple:
    """``page_observation`` from a page's chunks, grouping into rows only
    the chunks at the top and the bottom of the page."""
    if len(chunks) <= 48:
        return page_observation(group_rows(chunks), height, ocr)
    ordered = sorted(chunks, key=_TOP_X)
    head = group_rows(ordered[:24])[:MAX_TOP_ROWS]
    tail = group_rows(ordered[-18:])[-MAX_BOTTOM_ROWS:]
    return page_observation(head + tail, height, ocr)


def page_observation(rows: Sequence[Row], height: float, ocr: bool = False) -> tuple:
    """What ``FurnitureCounter`` needs of a page: whether it has rows, the
    keys of its edge rows, and for an OCR'd page its edge rows' words."""
    if not rows:
        return False, frozenset(), None
    keys = frozenset({furniture_key(r.text) for r in zone_rows(rows, height)} - {""})
    edges = [(r.text, _fuzzy_words(r.text)) for r in _edge_rows(rows, height)] if ocr else None
    return True, keys, edges


def furniture_quorum(pages_with_text: int) -> int:
    """On how many pages a row must repeat to be a running header or footer:
    40% of the pages (a header printed on even pages only qualifies), and at
    least two."""
    return max(2, math.ceil(0.4 * pages_with_text))


MAX_FUZZY_PAGES = 60


def _edge_rows(rows: Sequence[Row], height: float) -> list[Row]:
    """The first and the last row of a page, when near the edge."""
    zone = zone_rows(rows, height)
    return [r for r in (rows[:1] + rows[-1:]) if r in zone] if rows else []


def _fuzzy_words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text) if len(w) >= 3]


def _fuzzy_overlap(a: list[str], b: list[str], difflib) -> float:
    """Share of the words of the shorter list that have a close match in the other."""
    if len(a) > len(b):
        a, b = b, a
    hits = sum(1 for w in a if w in b or difflib.get_close_matches(w, b, n=1, cutoff=0.7))
    return hits / len(a) if a else 0.0


def strip_furniture(rows: list[Row], height: float, keys: set[str], extra: set[str] = frozenset()) -> list[Row]:
    """Rows without the running headers/footers (``keys``, or the texts in
    ``extra``) and page numbers: from each edge of the page inwards, while
    the rows are furniture."""
    def furniture(r: Row) -> bool:
        if extra and r.text in extra:
            return True
        text = r.text
        if is_page_number(text):
            return True
        key = furniture_key(text)
        return bool(key) and key in keys

    if not rows:
        return rows
    if len(rows) < MIN_ROWS_FOR_ZONES:  # a sparse page: every row is at an edge
        top_limit, bottom_limit = math.inf, -math.inf
    else:
        top_limit, bottom_limit = zone_limits(rows)
    first = 0
    while first < min(len(rows), MAX_TOP_ROWS) and rows[first].top <= top_limit and furniture(rows[first]):
        first += 1
    last = len(rows)
    while (last > first and len(rows) - last < MAX_BOTTOM_ROWS and rows[last - 1].bottom >= bottom_limit
           and furniture(rows[last - 1])):
        last -= 1
    if first == 0 and last == len(rows):
        return rows
    return rows[first:last]


# ------------------------------------------------------------ footnotes

_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¶]{1,3}|\(\d{1,3}\)|\[\d{1,3}\])(?:\s*\S|$)")


def split_footnotes(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Split off a block of footnotes at the foot of the page: the last rows,
    printed smaller than the body, the first of them starting with a marker."""
    if len(rows) < 4:
        return rows, []
    sizes = sorted(r.size for r in rows if len(r.text) >= 20)
    if len(sizes) < 3:
        return rows, []
    body = sizes[len(sizes) // 2]
    i = len(rows)
    while i > 0 and rows[i - 1].size <= 0.85 * body:
        i -= 1
    if i == len(rows) or i == 0:
        return rows, []
    # the block may hold several footnotes: find the first row of the block
    # that starts with a marker and split there
    block = rows[i:]
    for j, r in enumerate(block):
        if r.marker or _FOOTNOTE_START.match(r.text):
            if sum(len(x.text) for x in block[j:]) >= 20:
                return rows[:i + j], block[j:]
            break
    return rows, []


# --------------------------------------------------------------- regions

_NUMBER = re.compile(r"^\d{1,4}$")
_LABEL = re.compile(
    r"^(?:[\(\[]?(?:\d{1,4}[A-Z]{0,2}|[a-zA-Z]{1,2}|[ivxlcdmIVXLCDM]{1,6})[\)\]]?[\.:]?"
    r"|§{1,2}\s*\d[\w.\-]*\.?|(?:Art(?:icle)?|Section|Sec|Rule|Clause|Reg)\.?\s*\d+[A-Z]?\.?)$")


def find_gutter(chunks: Sequence[Chunk], min_width: float) -> tuple[float, float, int] | None:
    """The widest vertical strip of white space between text on both sides.

    Returns (left edge, right edge, chunks crossing it). A few chunks may
    cross the strip (full-width titles); the strip must have text on both
    sides (four chunks at least on one side), side by side vertically.
    """
    n = len(chunks)
    if n < 6:
        return None
    events = []
    for c in chunks:
        events.append((c.x0, 1))
        events.append((c.x1, -1))
    events.sort()
    tol = max(1, n // 12)
    count = 0
    runs: list[tuple[float, float, int]] = []
    prev_x = events[0][0]
    lo = events[0][0]
    hi = events[-1][0]
    i = 0
    while i < len(events):
        x = events[i][0]
        if x > prev_x and prev_x > lo and x < hi and count <= tol:
            runs.append((prev_x, x, count))
        while i < len(events) and events[i][0] == x:
            count += events[i][1]
            i += 1
        prev_x = x
    if not runs:
        return None
    # merge adjacent runs, keeping the least crossed part
    best = None
    best_min = min(r[2] for r in runs)
    merged: list[list[float]] = []
    for a, b, k in runs:
        if k != best_min:
            continue
        if merged and abs(merged[-1][1] - a) < 1e-6:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    for a, b in merged:
        if b - a < min_width:
            continue
        left = [c for c in chunks if c.x1 <= a + 0.01]
        right = [c for c in chunks if c.x0 >= b - 0.01]
        if not left or not right or max(len(left), len(right)) < 4:
            continue
        lt, lb = min(c.top for c in left), max(c.bottom for c in left)
        rt, rb = min(c.top for c in right), max(c.bottom for c in right)
        overlap = min(lb, rb) - max(lt, rt)
        if overlap <= 0:
            continue
        if best is None or b - a > best[1] - best[0]:
            best = (a, b, best_min)
    return best


def _extent(chunks: Sequence[Chunk]) -> float:
    return max(c.x1 for c in chunks) - min(c.x0 for c in chunks)


def _mass(chunks: Sequence[Chunk]) -> int:
    return sum(len(c.text) for c in chunks)


def _all_numbers(chunks: Sequence[Chunk]) -> bool:
    return len(chunks) >= 3 and all(_NUMBER.match(c.text.strip()) for c in chunks)


def _mostly_labels(chunks: Sequence[Chunk]) -> bool:
    labels = sum(1 for c in chunks if _LABEL.match(c.text.strip()))
    return labels >= 0.6 * len(chunks)


def _wordy(chunks: Sequence[Chunk]) -> bool:
    wordy = sum(1 for c in chunks if any(len(w) >= 3 for w in _WORDS.findall(c.text)))
    return wordy >= 0.6 * len(chunks)


@dataclass
class Regions:
    body: list[Chunk]
    notes: list[Chunk] = field(default_factory=list)
    left: list[Chunk] = field(default_factory=list)
    right: list[Chunk] = field(default_factory=list)
    """Two text columns (``body`` then holds only the full-width chunks)."""
    line_numbers: int = 0

    @property
    def kind(self) -> str:
        if self.left:
            return "columns"
        if self.notes:
            return "notes"
        return "single"


def page_regions(chunks: list[Chunk], width: float) -> Regions:
    """Split a page's chunks into body, margin notes, text columns, and drop
    margin line numbers."""
    regions = Regions(body=list(chunks))
    heights = sorted(c.bottom - c.top for c in chunks)
    if not heights:
        return regions
    line_h = heights[len(heights) // 2]
    min_gutter = max(4.0, 0.8 * line_h)
    for _ in range(3):
        found = find_gutter(regions.body, min_gutter)
        if found is None:
            break
        a, b, _k = found
        body = regions.body
        left = [c for c in body if c.x1 <= a + 0.01]
        right = [c for c in body if c.x0 >= b - 0.01]
        cross = [c for c in body if c.x1 > a + 0.01 and c.x0 < b - 0.01]
        if _all_numbers(left):
            regions.line_numbers += len(left)
            regions.body = right + cross
            continue
        if _all_numbers(right):
            regions.line_numbers += len(right)
            regions.body = left + cross
            continue
        if _mostly_labels(left) or _mostly_labels(right):
            break
        wl, wr = _extent(left), _extent(right)
        ml, mr = _mass(left), _mass(right)
        if not regions.notes and wl <= 0.5 * wr and ml <= 0.6 * mr and _wordy(left):
            regions.notes = left
            regions.body = right + cross
            continue
        if not regions.notes and wr <= 0.5 * wl and mr <= 0.6 * ml and _wordy(right):
            regions.notes = right
            regions.body = left + cross
            continue
        if min(wl, wr) >= 0.6 * max(wl, wr) and min(wl, wr) >= 0.2 * width and not regions.notes:
            regions.left, regions.right, regions.body = left, right, cross
        break
    return regions


def reading_rows(regions: Regions) -> list[Row]:
    """Body rows in reading order: for two columns, band by band between the
    full-width rows, the left column and then the right one."""
    if not regions.left:
        return group_rows(regions.body)
    spans = group_rows(regions.body)
    left = group_rows(regions.left)
    right = group_rows(regions.right)
    out: list[Row] = []
    li = ri = 0
    for span in spans + [None]:
        limit = span.top if span is not None else math.inf
        while li < len(left) and left[li].top < limit:
            out.append(left[li])
            li += 1
        while ri < len(right) and right[ri].top < limit:
            out.append(right[ri])
            ri += 1
        if span is not None:
            out.append(span)
    return out


_SECTION_START = re.compile(r"^(?:[\"“‘']?\d+[A-Z]{0,3}\.|§|Art(?:icle)?\.?\s*\d|Section\s+\d|Sec\.\s*\d|Rule\s+\d)")


def group_notes(rows: list[Row], body: list[Row] | None = None) -> list[list[Row]]:
    """Consecutive margin-note rows form one note. The next note starts after
    a wider step than between the lines of a note, or where a row follows a
    finished sentence and faces the start of a numbered section."""
    if not rows:
        return []
    steps = [b.top - a.top for a, b in zip(rows, rows[1:])]
    line_h = sorted(r.height for r in rows)[len(rows) // 2]
    typical = min(sorted(steps)[len(steps) // 4] if steps else line_h, 1.5 * line_h)
    section_tops = [r.top for r in body or () if _SECTION_START.match(r.text)]
    notes = [[rows[0]]]
    for step, row in zip(steps, rows[1:]):
        prev = notes[-1][-1]
        starts = (prev.text.rstrip().endswith(".") and row.text[:1].isupper()
                  and any(abs(t - row.top) <= 0.5 * row.height + 1 for t in section_tops))
        if step > 1.6 * typical or starts:
            notes.append([row])
        else:
            notes[-1].append(row)
    return notes


def layout_page(rows: list[Row], number: int, width: float) -> PageText:
    """Read one page (rows already stripped of running headers and footers)."""
    page = PageText(number=number)
    if not rows:
        page.layout = "empty"
        return page
    rows, foot = split_footnotes(rows)
    page.footnotes = [normalize_line(r.text) for r in foot]
    chunks = [c for r in rows for c in r.chunks]
    regions = page_regions(chunks, width)
    page.layout = regions.kind
    page.line_numbers = regions.line_numbers
    if regions.kind == "single" and not regions.line_numbers:
        body = rows  # nothing was split off: the rows stand
    else:
        body = reading_rows(regions)
    lines = []
    tops = []
    for r in body:
        text = normalize_line(r.text)
        if text:
            lines.append(text)
            tops.append((r.top, r.bottom))
    page.lines = lines
    if regions.notes:
        for note in group_notes(group_rows(regions.notes), body):
            text = " ".join(join_hyphenated([normalize_line(r.text) for r in note])).strip()
            if not text:
                continue
            page.notes.append((_aligned_line(tops, note[0].top), text))
    return page


def _aligned_line(tops: list[tuple[float, float]], top: float) -> int:
    """Index of the first body line that is not entirely above ``top``."""
    for i, (t, b) in enumerate(tops):
        if b > top + 0.5:
            return i
    return max(0, len(tops) - 1)


# ------------------------------------------------------------- document

@dataclass
class Assembled:
    text: str
    spans: list[tuple[int, int]]
    """(start, end) of each page, in the order of the pages given."""
    notes: list[tuple[int, int, str]]
    """(offset, page number, text) of each margin note."""


SHARED_LAYOUT = 300_000
"""Characters of text on the pages from which a forked process reads half the pages."""


class DocumentLayout:
    """Layout analysis of a whole document in two passes, so that long
    documents are read in little memory: ``add`` each page as it is read
    (its edge rows are counted, its chunks packed), then ``pages`` reads
    the pages one by one, knowing the running headers and footers."""

    def __init__(self) -> None:
        self.raw: list[RawPage] = []
        self.furniture = FurnitureCounter()

    def add(self, raw: RawPage, pack: bool = True, pending: bool = False) -> None:
        """Add the next page; a ``pending`` page (to be OCR'd) is counted
        once ``replace`` gives its reading."""
        self.raw.append(raw)
        if not pending:
            index = len(self.raw) - 1
            if raw.zone is not None:
                self.furniture.add(index, raw.zone)
            else:
                self.furniture.add(index, observe_chunks(raw.all_chunks(), raw.height, raw.ocr))
        if pack:
            raw.pack()

    def replace(self, index: int, raw: RawPage) -> None:
        """A page read again (by OCR) after it was added."""
        self.raw[index] = raw
        self.furniture.add(index, observe_chunks(raw.all_chunks(), raw.height, raw.ocr))
        raw.pack()

    def pages(self) -> list[PageText]:
        """Each page read, knowing the running headers and footers. On a long
        document, the second half of the pages is read by a forked process
        (``gapcheck.readahead.in_two``): each page is read on its own."""
        from gapcheck.readahead import in_two

        keys = self.furniture.keys()
        fuzzy: dict[int, set[str]] = {}
        for i, text in self.furniture.fuzzy():
            fuzzy.setdefault(i, set()).add(text)

        def read(indices: list[int]) -> list[PageText]:
            out = []
            for i in indices:
                raw = self.raw[i]
                rows = strip_furniture(group_rows(raw.all_chunks()), raw.height, keys, fuzzy.get(i, frozenset()))
                out.append(layout_page(rows, raw.number, raw.width))
            return out

        weights = [len(raw.packed[0]) if raw.packed is not None else sum(len(c.text) for c in raw.chunks)
                   for raw in self.raw]
        return [page for part in in_two(read, list(range(len(self.raw))), weights, SHARED_LAYOUT) for page in part]


def analyse_pages(raw_pages: Sequence[RawPage]) -> list[PageText]:
    """Layout analysis of a whole document (running headers need all pages)."""
    layout = DocumentLayout()
    for raw in raw_pages:
        layout.add(raw, pack=False)
    return layout.pages()


def assemble(pages: Sequence[PageText]) -> Assembled:
    """Join the pages' lines into one text (one printed line per line), with
    hyphenation repaired across lines and pages."""
    flat: list[str] = []
    owner: list[int] = []
    for i, page in enumerate(pages):
        flat.extend(page.lines)
        owner.extend([i] * len(page.lines))
    fixed = join_hyphenated(flat, keep_empty=True)
    parts: list[str] = []
    line_start: list[int] = []
    offset = 0
    spans = []
    k = 0
    for i, page in enumerate(pages):
        start = offset
        for _ in page.lines:
            line_start.append(offset)
            line = fixed[k]
            k += 1
            if line:
                parts.append(line)
                parts.append("\n")
                offset += len(line) + 1
        spans.append((start, offset))
    notes = []
    base = 0
    for i, page in enumerate(pages):
        for idx, text in page.notes:
            j = base + idx
            # a line emptied by hyphenation repair: the note faces the next one
            while j + 1 < len(fixed) and not fixed[j] and owner[j + 1] == i:
                j += 1
            at = line_start[j] if j < len(line_start) else offset
            notes.append((at, page.number, text))
        base += len(page.lines)
    return Assembled(text="".join(parts), spans=spans, notes=notes)
