"""The pdfplumber engine: words with their boxes and font sizes.

Slower than pdfium (pdfminer parses every character in Python) but with
character-level detail: overprinted characters (bold simulated by drawing a
glyph twice) are removed, and words are split where the font size changes,
so that superscript footnote markers stand apart. The words are joined into
chunks and go through the same layout analysis as the pdfium engine's.

``Page.dedupe_chars`` does the de-duplication in pdfplumber but costs about
four times the parsing of the page; ``dedupe_chars`` here is a linear pass
over a grid of the character positions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from gapcheck.extractors.layout import Chunk, RawPage, merge_words

DEDUPE_TOLERANCE = 1.0
"""Characters with the same text within this many points of each other are
one glyph drawn twice."""


def dedupe_chars(chars: list[dict], tolerance: float = DEDUPE_TOLERANCE) -> list[dict]:
    """Drop characters drawn again at (nearly) the same place."""
    seen: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    out = []
    for ch in chars:
        x, y = float(ch["x0"]), float(ch["top"])
        gx, gy = int(x // tolerance), int(y // tolerance)
        text = ch["text"]
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py in seen.get((text, gx + dx, gy + dy), ()):
                    if abs(px - x) <= tolerance and abs(py - y) <= tolerance:
                        duplicate = True
                        break
                if duplicate:
                    break
            if duplicate:
                break
        if duplicate:
            continue
        seen.setdefault((text, gx, gy), []).append((x, y))
        out.append(ch)
    return out


def page_chunks(page) -> list[Chunk]:
    """Chunks of one pdfplumber page."""
    from pdfplumber.utils import extract_words

    chars = dedupe_chars(page.chars)
    words = extract_words(chars, x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False,
                          extra_attrs=["size"])
    return merge_words([Chunk(float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), w["text"],
                              float(w.get("size") or 0.0)) for w in words])


def plumber_pages(path: Path, password: Optional[str], n: int) -> Iterator[RawPage]:
    """Each page of the PDF as a RawPage; pages are closed as soon as read."""
    import pdfplumber

    with pdfplumber.open(str(path), password=password or "") as pdf:
        for i in range(n):
            try:
                page = pdf.pages[i]
            except Exception:
                yield RawPage(i + 1, 0.0, 0.0, [], problem="unreadable")
                continue
            try:
                chunks = page_chunks(page)
                yield RawPage(i + 1, float(page.width), float(page.height), chunks)
            except Exception:
                yield RawPage(i + 1, float(page.width), float(page.height), [], problem="unreadable")
            finally:
                page.close()
