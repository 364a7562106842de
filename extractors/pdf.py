"""Reading a PDF: open it safely, read each page's text layer with the chosen
engine (or OCR it), then hand the positioned text to the layout analysis.

The default engine is pdfium (``pdfium_page``): the page text comes from
pdfium in content order with its line breaks, and the boxes of its text
objects for any range of characters (``FPDFText_CountRects`` /
``FPDFText_GetRect``, computed in C). A printed line is usually one or a few
text objects side by side, so its box is the union of a handful of rects;
only lines whose rects leave a wide gap (a margin note or a second column on
the same baseline) or sit at different heights (superscripts, or two printed
lines pdfium joined at a hyphen) are read character by character.
"""

from __future__ import annotations

import ctypes
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

from gapcheck.errors import EncryptedPdfError, ExtractionTimeout, InputError, LimitExceeded, OcrUnavailable
from gapcheck.extractors.files import sha256_of
from gapcheck.extractors.layout import Chunk, DocumentLayout, RawPage, assemble
from gapcheck.models import Document, MarginNote, Page
from gapcheck.options import ReadOptions

Progress = Callable[[str, int, int], None]
Transform = Callable[[float, float, float, float], tuple[float, float, float, float]]


# ------------------------------------------------------------------ opening

def open_pdf(path: Path, password: Optional[str]):
    """Open with pypdfium2 or raise EncryptedPdfError / InputError."""
    import pypdfium2 as pdfium

    name = str(path)
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as err:
        msg = str(err)
        low = msg.lower()
        if "success" in low or ("password" in low and not _declares_encryption(path)):
            # pdfium failed without setting its error code (which may be left over from an earlier file)
            raise InputError("cannot open the PDF: it has no pages or its page tree is damaged", name) from None
        if "password" in low:
            if password:
                raise EncryptedPdfError("the PDF is encrypted and the password given is wrong (--password)", name) from None
            raise EncryptedPdfError("the PDF is encrypted; give its password with --password", name) from None
        if "format" in low or "file" in low:
            raise InputError("cannot open the PDF: the file is damaged or truncated "
                             f"({_reason(msg)})", name) from None
        if "security" in low or "handler" in low:
            raise InputError(f"cannot open the PDF: unsupported encryption ({_reason(msg)})", name) from None
        raise InputError(f"cannot open the PDF ({_reason(msg)})", name) from None
    except (OSError, ValueError) as err:
        raise InputError(f"cannot open the PDF ({err})", name) from None


def _declares_encryption(path: Path) -> bool:
    import mmap

    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b"/Encrypt") >= 0
    except (OSError, ValueError):
        return False


def _reason(msg: str) -> str:
    start, end = msg.find("("), msg.rfind(")")
    if 0 <= start < end:
        return msg[start + 1:end].replace("PDFium: ", "").strip()
    return msg.strip()


def looks_truncated(path: Path) -> bool:
    """True when the file does not end with an end-of-file marker."""
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 2048))
            return b"%%EOF" not in f.read()
    except OSError:
        return False


# --------------------------------------------------------------- the engine

def page_transform(page) -> tuple[float, float, Transform]:
    """Display width, height and a function mapping a PDF box (left, bottom,
    right, top) to a top-down box (x0, top, x1, bottom) on the displayed page
    (crop box origin, /Rotate applied)."""
    left, bottom, right, top = page.get_bbox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        def tf(l, b, r, t):
            return b - bottom, l - left, t - bottom, r - left
        return top - bottom, right - left, tf
    if rotation == 180:
        def tf(l, b, r, t):
            return right - r, b - bottom, right - l, t - bottom
        return right - left, top - bottom, tf
    if rotation == 270:
        def tf(l, b, r, t):
            return top - t, right - r, top - b, right - l
        return top - bottom, right - left, tf

    def tf(l, b, r, t):
        return l - left, top - t, r - left, top - b
    return right - left, top - bottom, tf


def pdfium_page(page, number: int) -> RawPage:
    """One page's text layer as positioned chunks."""
    import pypdfium2.raw as raw

    width, height, tf = page_transform(page)
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n_chars = raw.FPDFText_CountChars(tp)
        if n_chars <= 0:
            return RawPage(number, width, height, [])
        text = textpage.get_text_range(0, n_chars)
        if len(text) != n_chars:  # characters outside the BMP: offsets would not line up
            return RawPage(number, width, height, _char_chunks(tp, tf))
        return RawPage(number, width, height, _line_chunks(tp, text, tf))
    finally:
        textpage.close()


def _line_chunks(tp, text: str, tf: Transform) -> list[Chunk]:
    import pypdfium2.raw as raw

    count_rects = raw.FPDFText_CountRects
    get_rect = raw.FPDFText_GetRect
    l_, t_, r_, b_ = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    pl, pt, pr, pb = ctypes.byref(l_), ctypes.byref(t_), ctypes.byref(r_), ctypes.byref(b_)
    size_of = _font_sizer(tp)
    chunks: list[Chunk] = []
    pos = 0
    for seg in text.split("\r\n"):
        s = pos
        pos += len(seg) + 2
        stripped = seg.strip()
        if not stripped:
            continue
        k = count_rects(tp, s, len(seg))
        if k <= 0:
            continue
        if k == 1:
            get_rect(tp, 0, pl, pt, pr, pb)
            x0, top, x1, bottom = tf(l_.value, b_.value, r_.value, t_.value)
            chunks.append(Chunk(x0, top, x1, bottom, stripped, size_of(text, s, s + len(seg))))
            continue
        boxes = []
        raw_boxes = []
        for j in range(k):
            get_rect(tp, j, pl, pt, pr, pb)
            raw_boxes.append((l_.value, b_.value, r_.value, t_.value))
            boxes.append(tf(l_.value, b_.value, r_.value, t_.value))
        if _one_run(boxes):
            x0 = min(b[0] for b in boxes)
            top = min(b[1] for b in boxes)
            x1 = max(b[2] for b in boxes)
            bottom = max(b[3] for b in boxes)
            chunks.append(Chunk(x0, top, x1, bottom, stripped, size_of(text, s, s + len(seg))))
        else:
            chunks.extend(_piece_chunks(tp, text, s, len(seg), boxes, raw_boxes, size_of, tf))
    return chunks


def _piece_chunks(tp, text: str, start: int, count: int, boxes: list, raw_boxes: list, size_of,
                  tf: Transform) -> list[Chunk]:
    """Chunks of a line whose rects do not make one run: each rect is a
    text object, whose first character is the one pdfium finds at the rect's
    left edge (checked: the rects come in character order; failing that, it
    is found by bisecting ``FPDFText_CountRects`` over prefixes of the line).
    Neighbouring rects on one baseline without a wide gap are joined."""
    end = start + count
    starts = _rect_starts(tp, text, start, end, raw_boxes)
    widest = max(range(len(boxes)), key=lambda j: starts[j + 1] - starts[j])
    line_size = size_of(text, starts[widest], starts[widest + 1])
    pieces = []
    for j, box in enumerate(boxes):
        a, b = starts[j], starts[j + 1]
        raw_piece = text[a:b]
        piece = raw_piece.strip()
        if piece:
            first = a + len(raw_piece) - len(raw_piece.lstrip())
            last = a + len(raw_piece.rstrip()) - 1
            spaced = raw_piece[:1].isspace()
            size = size_of(text, a, b) if len(piece) <= 3 else line_size
            pieces.append((box, piece, size, spaced, raw_piece[-1:].isspace(), first, last))
    baseline = _baseliner(tp, tf)
    loose_x = _loose_xer(tp, tf)
    chunks: list[Chunk] = []
    cur = None
    cur_first = cur_last = 0
    trailing = False
    for box, piece, size, leading, trails, first, last in pieces:
        if cur is not None:
            h = max(cur[3] - cur[1], box[3] - box[1])
            gap = box[0] - cur[2]
            overlap = min(cur[3], box[3]) - max(cur[1], box[1])
            superscript = False
            if len(piece) <= 3 and box[3] < cur[3] - 0.25 * h or len(cur[4]) <= 3 and cur[3] < box[3] - 0.25 * h:
                # a short piece raised above its neighbour: a superscript if its baseline is raised too
                superscript = abs(baseline(first) - baseline(cur_first)) > 0.2 * h
            near = -0.5 * h <= gap <= max(4.0, 0.8 * h)
            same_line = overlap >= 0.5 * min(cur[3] - cur[1], box[3] - box[1])
            if near and not same_line and not superscript and overlap > -h:
                # small punctuation hangs low: compare the baselines
                same_line = abs(baseline(first) - baseline(cur_first)) <= 0.2 * h
            if not superscript and same_line and near:
                if trailing or leading:
                    sep = " "
                else:
                    # pdfium wrote no space: trust the advance widths (loose boxes), not the ink
                    sep = " " if loose_x(first)[0] - loose_x(cur_last)[1] > 0.12 * (size or h) else ""
                cur = (cur[0], min(cur[1], box[1]), max(cur[2], box[2]), max(cur[3], box[3]), cur[4] + sep + piece,
                       max(cur[5], size))
                cur_last = last
                trailing = trails
                continue
            chunks.append(Chunk(*cur))
        cur = (box[0], box[1], box[2], box[3], piece, size)
        cur_first, cur_last = first, last
        trailing = trails
    if cur is not None:
        chunks.append(Chunk(*cur))
    return chunks


_BOX = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
_BOX_REFS = tuple(ctypes.byref(v) for v in _BOX)
"""Out-parameters for FPDFText_GetCharBox (made once: pdfium runs in one
thread per process)."""


def _rect_starts(tp, text: str, start: int, end: int, raw_boxes: list) -> list[int]:
    """The character index where each rect of ``[start, end)`` begins, and
    ``end``. Most rects begin a word (a number hanging before its text, a
    bold heading): the next word starts are tried first, each checked
    against the rect's left edge with one character box; otherwise pdfium
    finds the character at the rect's left edge."""
    import pypdfium2.raw as raw

    get_box = raw.FPDFText_GetCharBox
    l_, r_, b_, t_ = _BOX
    pl, pr, pb, pt = _BOX_REFS
    starts = [start]
    for left, bottom, right, top in raw_boxes[1:]:
        found = -1
        i = starts[-1] + 1
        for _ in range(4):  # the next few word starts
            while i < end and not text[i - 1].isspace():
                i += 1
            while i < end and text[i].isspace():
                i += 1
            if i >= end:
                break
            if get_box(tp, i, pl, pr, pb, pt) and abs(l_.value - left) < 1.0 and b_.value < top and t_.value > bottom:
                found = i
                break
            i += 1
        if found < 0:
            break
        starts.append(found)
    if len(starts) == len(raw_boxes):
        return starts + [end]
    at_pos = raw.FPDFText_GetCharIndexAtPos
    starts = [start]
    ok = True
    for left, bottom, right, top in raw_boxes[1:]:
        i = at_pos(tp, left + 0.01, (bottom + top) / 2, 0.5, 0.5)
        if not starts[-1] < i < end:
            ok = False
            break
        starts.append(i)
    if ok:
        return starts + [end]
    count_rects = raw.FPDFText_CountRects
    starts = [start]
    for j in range(1, len(raw_boxes)):
        lo, hi = starts[-1] + 1, end
        while lo < hi:
            mid = (lo + hi) // 2
            if count_rects(tp, start, mid - start) >= j + 1:
                hi = mid
            else:
                lo = mid + 1
        starts.append(lo - 1)
    return starts + [end]


def _loose_xer(tp, tf: Transform) -> Callable[[int], tuple[float, float]]:
    """loose_x(index): the left and right edges of a character's advance."""
    import pypdfium2.raw as raw

    get_loose = raw.FPDFText_GetLooseCharBox
    rect = raw.FS_RECTF()
    pr = ctypes.byref(rect)

    def loose_x(i: int) -> tuple[float, float]:
        if not get_loose(tp, i, pr):
            return 0.0, 0.0
        x0, _, x1, _ = tf(rect.left, rect.bottom, rect.right, rect.top)
        return x0, x1
    return loose_x


def _baseliner(tp, tf: Transform) -> Callable[[int], float]:
    """baseline(index): the top-down y of a character's origin."""
    import pypdfium2.raw as raw

    get_origin = raw.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.byref(ox), ctypes.byref(oy)

    def baseline(i: int) -> float:
        get_origin(tp, i, pox, poy)
        return tf(ox.value, oy.value, ox.value, oy.value)[1]
    return baseline


def _font_sizer(tp) -> Callable[[Optional[str], int, int], float]:
    """size_of(text, start, end): the font size in points (the size set for
    the font times the scale of the text matrix) of the character in the
    middle of ``text[start:end]``."""
    import math

    import pypdfium2.raw as raw

    get_size = raw.FPDFText_GetFontSize
    get_matrix = raw.FPDFText_GetMatrix
    matrix = raw.FS_MATRIX()
    pm = ctypes.byref(matrix)

    def size_of(text: Optional[str], start: int, end: int) -> float:
        i = (start + end) // 2
        while text is not None and i < end - 1 and text[i].isspace():
            i += 1
        size = get_size(tp, i)
        if get_matrix(tp, i, pm):
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        return size if size >= 2.0 else 0.0  # implausible: unknown
    return size_of


def _one_run(boxes: list[tuple[float, float, float, float]]) -> bool:
    """True when the rects of a line sit on one baseline without a wide gap
    and without a raised small rect (a superscript footnote marker)."""
    h = max(b[3] - b[1] for b in boxes)
    centers = [b[1] + b[3] for b in boxes]
    if (max(centers) - min(centers)) / 2 > 0.7 * h:
        return False
    widest = max(boxes, key=lambda b: b[2] - b[0])
    for b in boxes:
        bh = b[3] - b[1]
        if b is not widest and bh < 0.75 * h and b[3] < widest[3] - 0.3 * h and b[2] - b[0] < 3 * bh:
            return False
    ordered = sorted(boxes)
    right = ordered[0][2]
    for b in ordered[1:]:
        gap = b[0] - right
        if gap > max(4.0, 0.8 * h):
            return False
        if 0.1 * h < gap < 0.45 * h:
            return False  # maybe a word space pdfium did not write (small capitals): look closer
        right = max(right, b[2])
    return True


def _char_chunks(tp, tf: Transform) -> list[Chunk]:
    """The page's chunks read character by character, for text whose
    offsets do not match pdfium's character indexes (characters outside the
    Basic Multilingual Plane): each character's loose box (advance width,
    font ascent to descent), its origin (baseline) and its code point."""
    import pypdfium2.raw as raw

    get_loose = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    get_unicode = raw.FPDFText_GetUnicode
    loose = raw.FS_RECTF()
    ploose = ctypes.byref(loose)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.byref(ox), ctypes.byref(oy)
    sizer = _font_sizer(tp)
    glyphs: list = []
    for i in range(raw.FPDFText_CountChars(tp)):
        ch = chr(get_unicode(tp, i))
        if ch.isspace() or not get_loose(tp, i, ploose):
            glyphs.append(None)
            continue
        box = tf(loose.left, loose.bottom, loose.right, loose.top)
        if box[2] - box[0] < 0.01:
            glyphs.append(None)
            continue
        get_origin(tp, i, pox, poy)
        base = tf(ox.value, oy.value, ox.value, oy.value)[1]
        glyphs.append((box[0], box[1], box[2], box[3], base, ch, i))
    return glyph_chunks(glyphs, lambda i: sizer(None, i, i + 1))


def glyph_chunks(glyphs: list, size_of: Optional[Callable[[int], float]] = None) -> list[Chunk]:
    """Group glyphs (x0, top, x1, bottom, baseline, char, index), None
    standing for a space, into chunks: a new chunk at a wide gap or a change
    of baseline (the next printed line, or a superscript); a space where the
    text has one or the glyphs stand apart. ``size_of(index)`` gives the font
    size of a character (default: from the glyph boxes' height)."""
    heights = sorted(g[3] - g[1] for g in glyphs if g)
    if not heights:
        return []
    line_h = heights[(len(heights) * 3) // 4] or 1.0
    gap_limit = max(4.0, 0.7 * line_h)
    chunks: list[Chunk] = []
    cur: list = []
    chars: list[str] = []
    space = False

    def flush() -> None:
        text = "".join(chars).strip()
        if not text:
            return
        middle = cur[len(cur) // 2]
        size = size_of(middle[6]) if size_of else 0.8 * (middle[3] - middle[1])
        chunks.append(Chunk(min(g[0] for g in cur), min(g[1] for g in cur), max(g[2] for g in cur),
                            max(g[3] for g in cur), text, size))

    for g in glyphs:
        if g is None:
            space = True
            continue
        if cur:
            p = cur[-1]
            gap = g[0] - p[2]
            if abs(g[4] - p[4]) > 0.15 * line_h or gap > gap_limit or gap < -line_h:
                flush()
                cur, chars, space = [], [], False
            elif gap > 0.12 * min(g[3] - g[1], p[3] - p[1]):
                space = True
        if space and cur:
            chars.append(" ")
        cur.append(g)
        chars.append(g[5])
        space = False
    if cur:
        flush()
    return chunks


# ---------------------------------------------------------------- the driver

def read_pdf(path: Path, options: ReadOptions = ReadOptions(),
             progress: Optional[Progress] = None) -> Document:
    """Read a PDF into a Document (text layer, OCR where needed, layout).

    Pages are read one at a time and closed; what is kept of each until the
    end is its packed chunks (see ``RawPage.pack``), so memory stays small."""
    from gapcheck.extractors import ocr

    name = str(path)
    started = time.monotonic()
    deadline = started + options.timeout if options.timeout else None
    notes = Notes(path.name)
    if looks_truncated(path):
        notes.add("the file looks truncated (no end-of-file marker); read what could be read")
    pdf = open_pdf(path, options.password)
    layout = DocumentLayout()
    try:
        n = len(pdf)
        if n == 0:
            raise InputError("the PDF has no pages", name)
        if n > options.max_pages:
            raise LimitExceeded(f"{n} pages, over the limit of {options.max_pages} (--max-pages)", name)
        todo: list[int] = []  # pages to OCR
        failed = 0
        for i, raw_page in enumerate(_text_layer(pdf, path, options, n, deadline)):
            pending = False
            if raw_page.problem == "unreadable":
                failed += 1
                notes.page(i + 1, "could not be read (damaged page); it has no text")
            elif options.ocr == "force":
                pending = True
            elif raw_page.problem == "blank":
                notes.page(i + 1, "is blank (no text and no image)")
            else:
                reason = raw_page.ocr_needed if raw_page.packed is not None else ocr.ocr_reason(raw_page)
                if reason and options.ocr == "off":
                    notes.page(i + 1, f"has {reason} and was not read (--ocr off)")
                    raw_page = RawPage(raw_page.number, raw_page.width, raw_page.height, [], problem=reason)
                elif reason:
                    pending = True
            if pending:
                todo.append(i)
            layout.add(raw_page, pending=pending)
            if progress:
                progress(f"reading {path.name}", i + 1, n)
        if failed == n:
            raise InputError("cannot read any page of the PDF: the file is damaged", name)
        if todo:
            _run_ocr(pdf, path, options, layout, todo, notes, deadline, progress)
    except (InputError, KeyboardInterrupt):
        raise
    except MemoryError:
        raise InputError("the PDF is too large to read in memory", name) from None
    except Exception as err:  # a library failure on a malformed file: one line (--debug shows the cause)
        raise InputError(f"cannot read the PDF ({type(err).__name__}: {err})", name) from err
    finally:
        pdf.close()
    return build_document(path, layout, notes, engine=options.engine)


class Notes:
    """The warnings of one document, one line each, naming the file and page."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.pages: set[int] = set()
        """Pages already named in a warning."""

    def add(self, text: str) -> None:
        self.lines.append(f"{self.name}: {text}")

    def page(self, number: int, text: str) -> None:
        self.pages.add(number)
        self.lines.append(f"{self.name}: page {number} {text}")


def _check_deadline(deadline: Optional[float], path: Path, options: ReadOptions, page: int) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise ExtractionTimeout(f"reading took longer than {options.timeout:g} s (--timeout); "
                                f"stopped at page {page}", str(path))


def _text_layer(pdf, path: Path, options: ReadOptions, n: int, deadline: Optional[float]) -> Iterator[RawPage]:
    """The text layer of each page, with the chosen engine."""
    if options.ocr == "force":
        for i in range(n):
            _check_deadline(deadline, path, options, i + 1)
            page = pdf[i]
            try:
                width, height, _ = page_transform(page)
            finally:
                page.close()
            yield RawPage(i + 1, width, height, [])
        return
    if options.engine == "pdfplumber":
        from gapcheck.extractors.plumber import plumber_pages

        for i, raw_page in enumerate(plumber_pages(path, options.password, n)):
            _check_deadline(deadline, path, options, i + 1)
            if raw_page.problem != "unreadable" and sum(len(c.text) for c in raw_page.chunks) < SCAN_TEXT_LIMIT:
                raw_page = _classify_empty(pdf, i, raw_page)
            yield raw_page
        return
    workers = page_workers(n)
    if workers > 1:
        yield from _parallel_pages(pdf, path, options, n, workers, deadline)
        return
    for i in range(n):
        _check_deadline(deadline, path, options, i + 1)
        yield _pdfium_page_at(pdf, i)


def _pdfium_page_at(pdf, i: int) -> RawPage:
    """Page ``i`` read with pdfium (a damaged page is marked unreadable)."""
    import pypdfium2 as pdfium

    try:
        page = pdf[i]
    except pdfium.PdfiumError:
        return RawPage(i + 1, 0.0, 0.0, [], problem="unreadable")
    try:
        raw_page = pdfium_page(page, i + 1)
        _check_scan(page, raw_page)
    except pdfium.PdfiumError:
        raw_page = RawPage(i + 1, 0.0, 0.0, [], problem="unreadable")
    finally:
        page.close()
    return raw_page


# -------------------------------------------------- pages read in parallel

PARALLEL_MIN_PAGES = 96
"""Documents at least this long have their text layer read by several
processes (pdfium is not thread-safe); shorter ones are not worth the start."""


def page_workers(n_pages: int) -> int:
    """How many processes read the text layer of a document of ``n_pages``:
    one per available core (at most four, and 48 pages each at least), only
    in the main process (a batch worker does not fork again), without other
    threads running, and where ``fork`` exists; ``GAPCHECK_PAGE_WORKERS``
    sets the number of cores (1 turns it off)."""
    import multiprocessing
    import os

    setting = os.environ.get("GAPCHECK_PAGE_WORKERS", "")
    if setting.strip().isdigit():
        cores = int(setting)
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    if cores < 2 or n_pages < PARALLEL_MIN_PAGES:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    process = multiprocessing.current_process()
    if process.daemon or process.name != "MainProcess":
        return 1
    import threading

    if threading.active_count() > 1:
        return 1  # forking beside other threads (a progress bar, a loader) risks inheriting a held lock
    return max(1, min(cores, 4, n_pages // 48))


def _read_range(path: str, password: Optional[str], start: int, stop: int) -> list[RawPage]:
    """In a worker process: pages ``start`` to ``stop`` read and prepared
    (OCR need decided, running-header keys counted, chunks packed)."""
    pdf = open_pdf(Path(path), password)
    try:
        out = []
        for i in range(start, stop):
            raw_page = _pdfium_page_at(pdf, i)
            prepare_page(raw_page)
            out.append(raw_page)
        return out
    finally:
        pdf.close()


def prepare_page(raw_page: RawPage) -> None:
    """Decide whether the page needs OCR and observe its edge rows while its
    chunks are at hand, then pack them."""
    from gapcheck.extractors import ocr
    from gapcheck.extractors.layout import observe_chunks

    if raw_page.problem in ("", "little text over a scanned image", "no text layer"):
        raw_page.ocr_needed = ocr.ocr_reason(raw_page)
    raw_page.zone = observe_chunks(raw_page.all_chunks(), raw_page.height, raw_page.ocr)
    raw_page.pack()


def _parallel_pages(pdf, path: Path, options: ReadOptions, n: int, workers: int,
                    deadline: Optional[float]) -> Iterator[RawPage]:
    """The pages in order: the first share read here while the other shares
    are read by forked processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    bounds = [n * k // workers for k in range(workers + 1)]
    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = [pool.submit(_read_range, str(path), options.password, bounds[k], bounds[k + 1])
                   for k in range(1, workers)]
        for i in range(bounds[0], bounds[1]):
            _check_deadline(deadline, path, options, i + 1)
            yield _pdfium_page_at(pdf, i)
        for future in futures:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                pages = future.result(timeout=remaining)
            except TimeoutError:
                _check_deadline(deadline, path, options, bounds[1] + 1)
                raise
            yield from pages
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # do not wait for a worker on an error
        raise
    pool.shutdown(wait=True)  # all done: the workers and the pool's thread end now


SCAN_TEXT_LIMIT = 80
"""Pages with fewer characters than this are checked for a scanned image."""


def _check_scan(page, raw_page: RawPage) -> None:
    """Mark a page without text as blank or as a scan, and a page with very
    little text over a full-page image as a scan too (a stamp or a header
    printed on a scanned page)."""
    chars = sum(len(c.text) for c in raw_page.chunks)
    if chars >= SCAN_TEXT_LIMIT:
        return
    coverage = _image_coverage(page, raw_page.width * raw_page.height)
    if not raw_page.chunks:
        raw_page.problem = "no text layer" if coverage > 0 else "blank"
    elif coverage >= 0.5:
        raw_page.problem = "little text over a scanned image"


def _classify_empty(pdf, index: int, raw_page: RawPage) -> RawPage:
    page = pdf[index]
    try:
        _check_scan(page, raw_page)
    finally:
        page.close()
    return raw_page


def _image_coverage(page, area: float) -> float:
    """The share of the page covered by its largest image (0 when none)."""
    import pypdfium2.raw as raw

    best = 0.0
    try:
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
            left, bottom, right, top = obj.get_pos()
            best = max(best, (right - left) * (top - bottom))
    except Exception:
        return 1.0
    return best / area if area > 0 else 0.0


def _run_ocr(pdf, path: Path, options: ReadOptions, layout: DocumentLayout, todo: list[int], notes: Notes,
             deadline: Optional[float], progress: Optional[Progress]) -> None:
    from gapcheck.extractors import ocr

    raws = layout.raw
    if not ocr.tesseract_available():
        pending = set(todo)
        have_text = any(p.has_text for j, p in enumerate(raws) if j not in pending)
        if not have_text:
            raise OcrUnavailable(f"no page has a text layer and OCR is needed, but Tesseract is not installed; "
                                 f"{ocr.INSTALL_ADVICE}", str(path))
        notes.add(f"{_page_list([i + 1 for i in todo])} need OCR but Tesseract is not installed, so they were "
                  f"not read; {ocr.INSTALL_ADVICE}")
        notes.pages.update(i + 1 for i in todo)
        for i in todo:
            layout.replace(i, RawPage(raws[i].number, raws[i].width, raws[i].height, [], problem="needs OCR"))
        return
    for i, result in ocr.ocr_pages(pdf, todo, options.ocr_language, deadline=deadline, progress=progress,
                                   label=f"OCR {path.name}"):
        if isinstance(result, str):
            notes.page(i + 1, f"could not be OCR'd ({result}); it has no text")
            layout.replace(i, RawPage(raws[i].number, raws[i].width, raws[i].height, [], problem=result))
        else:
            if not result.chunks:
                notes.page(i + 1, "was OCR'd but no text was found")
            layout.replace(i, result)
    if deadline is not None and time.monotonic() > deadline:
        raise ExtractionTimeout(f"reading took longer than {options.timeout:g} s (--timeout) during OCR", str(path))


def _page_list(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return "pages " + ", ".join(str(n) for n in numbers)


# ---------------------------------------------------------------- assembling

def build_document(path: Path, layout: DocumentLayout, notes: Notes, engine: str) -> Document:
    """Layout analysis of all pages and the Document."""
    pages_text = layout.pages()
    assembled = assemble(pages_text)
    pages = []
    footnote_pages = []
    for raw_page, page_text, (start, end) in zip(layout.raw, pages_text, assembled.spans):
        if not raw_page.has_text and raw_page.number not in notes.pages:
            notes.page(raw_page.number, "has no text")
        if page_text.footnotes:
            footnote_pages.append(raw_page.number)
        pages.append(Page(number=raw_page.number, start=start, end=end, has_text=raw_page.has_text,
                          ocr=raw_page.ocr, ocr_confidence=raw_page.ocr_confidence))
    if footnote_pages:
        notes.add(f"footnotes on {_page_list(footnote_pages)} were set aside (not part of the provisions' text)")
    for p in pages:
        if p.ocr and p.ocr_confidence is not None and p.ocr_confidence < LOW_OCR_CONFIDENCE:
            notes.add(f"page {p.number}: OCR confidence is low ({p.ocr_confidence:.0f}/100); "
                      "check the reading with gapcheck extract")
    if not any(p.has_text for p in pages):
        notes.add("no text could be read from any page")
    margin_notes = tuple(MarginNote(offset=o, page=pg, text=t) for o, pg, t in assembled.notes)
    return Document(path=str(path), name=path.name, sha256=sha256_of(path), text=assembled.text,
                    pages=tuple(pages), margin_notes=margin_notes, warnings=tuple(notes.lines), engine=engine)


LOW_OCR_CONFIDENCE = 70.0
"""OCR'd pages read with a lower mean word confidence get a warning."""
