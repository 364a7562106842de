"""OCR of pages without a usable text layer, with the Tesseract command line.

Each page is rendered by pdfium at 300 dpi in grayscale, cleaned up (a 3×3
median filter against the speckle of scanned gazettes, then a global
threshold placed between the ink and the paper levels of that page, which
drops the grey background and the show-through of the reverse side), and
read by ``tesseract - stdout tsv``: words with boxes and confidences. The
words become chunks that go through the same layout analysis as a text layer.

Pages printed sideways (tables in landscape) are detected by their poor
reading: they are tried again turned a quarter either way and the best
reading is kept.

Pages are OCR'd in parallel, one single-threaded Tesseract process per core;
rendering stays in the calling thread (pdfium is not thread-safe).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Iterator, Optional

from gapcheck.extractors.layout import Chunk, RawPage, merge_words

DPI = 300
INSTALL_ADVICE = "install Tesseract: apt-get install tesseract-ocr"
MIN_LINE_CONFIDENCE = 30.0
"""Lines read with a lower mean word confidence are dropped as noise."""
PAGE_SEGMENTATION = "4"
"""Tesseract's --psm: 4 (one column of text of varying sizes) keeps the
section numbers hanging in the margin of gazettes that the automatic mode (3)
sometimes drops as a separate block."""


def tesseract_path() -> Optional[str]:
    return shutil.which(os.environ.get("GAPCHECK_TESSERACT", "tesseract"))


def tesseract_available() -> bool:
    return tesseract_path() is not None


# ------------------------------------------------------ does a page need OCR

_TOKEN = re.compile(r"\S+")
_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_STRIP = ".,;:()[]{}\"'“”‘’!?—–-/"
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").__contains__

FUNCTION_WORDS = frozenset("""
a an and any as at be been by for from has have if in into is it its may no not of on or shall such that the
their this to under was were which who whom with
au aux ce dans de des du en est et il la le les ne ou par pas pour qui que se sur un une
al con del el en es la las lo los para por que se su un una y
ao com da das do dos em na no nos os para pela pelo por que se um uma
das dem den der des die ein eine einer für ist mit nicht oder und von zu
""".split())
"""Frequent words of English, French, Spanish, Portuguese and German: in
running legal text a third of the words are among them; in a text layer
without a Unicode map (letters shifted or replaced) almost none are."""


def function_word_share(text: str) -> float:
    """Share of the words of ``text`` that are frequent function words."""
    words = [t.strip(_STRIP).lower() for t in _TOKEN.findall(text)]
    words = [w for w in words if w and w.isalpha()]
    return sum(1 for w in words if w in FUNCTION_WORDS) / len(words) if words else 0.0


def text_layer_quality(text: str) -> float:
    """Share of the letter-bearing tokens that look like words (letters only
    once punctuation is stripped, with a vowel when Latin). A text layer
    drawn with fonts lacking a Unicode map reads as ``!"#$%`` soup or
    consonant runs and scores low."""
    tokens = _TOKEN.findall(text)
    alpha = 0
    good = 0
    for tok in tokens:
        core = tok.strip(_STRIP)
        if not core or not any(ch.isalpha() for ch in core):
            continue
        alpha += 1
        if len(core) > 25:
            continue
        letters = core.replace("-", "").replace("'", "").replace("’", "")
        if letters.isalpha() and (not letters.isascii() or _VOWEL.search(letters) or len(letters) <= 3):
            good += 1
    return good / alpha if alpha else 0.0


def ocr_reason(raw_page: RawPage) -> str:
    """Why a page's text layer cannot be used ("" when it can).

    A sample of the page is enough (a font without a Unicode map garbles the
    page throughout). Text whose words include the usual function words is
    decided at once; otherwise control/replacement characters, a soup of
    punctuation, words without vowels, or (in Latin script) no function word
    at all among twenty words mark a garbage layer. Text in other scripts is left to its text layer.
    """
    if raw_page.problem in ("no text layer", "little text over a scanned image"):
        return raw_page.problem
    if not raw_page.chunks:
        return ""
    sample = " ".join(c.text for c in raw_page.chunks[:: max(1, len(raw_page.chunks) // 8)])[:800]
    if function_word_share(sample) >= 0.08:
        return ""  # plainly running text (the usual case, decided cheaply)
    if len(_BAD.findall(sample)) > 0.2 * len(sample):
        return "an unreadable text layer"
    visible = [ch for ch in sample if not ch.isspace()]
    if len(visible) >= 60 and sum(1 for ch in visible if _PUNCT(ch)) > 0.5 * len(visible):
        return "an unreadable text layer"  # symbol soup
    tokens = [t for t in _TOKEN.findall(sample) if any(ch.isalpha() for ch in t)]
    if len(tokens) < 15:
        return ""  # too little to judge (a title page, a table of figures)
    letters = [ch for ch in sample if ch.isalpha()]
    if sum(1 for ch in letters if not ch.isascii()) > 0.5 * len(letters):
        return ""  # another script: the function words above do not apply
    if text_layer_quality(sample) < 0.5:
        return "an unreadable text layer"
    if len(tokens) >= 20 and function_word_share(sample) < 0.02:
        return "an unreadable text layer"
    return ""


# -------------------------------------------------------------- rendering

def render(pdf, index: int, dpi: int = DPI):
    """The page as a grayscale PIL image."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        bitmap.close()
        return image
    finally:
        page.close()


def ink_and_paper(image) -> tuple[int, int]:
    """The grey levels of the ink (1st percentile) and of the paper (median)."""
    hist = image.histogram()
    total = sum(hist)
    return _percentile(hist, total, 0.01), _percentile(hist, total, 0.5)


def binarize(image, k: float = 0.35, levels: Optional[tuple[int, int]] = None):
    """Median filter, then threshold between the ink level and the paper
    level of the page (``levels``, measured on ``image`` by default)."""
    from PIL import ImageFilter

    ink, paper = levels or ink_and_paper(image)
    if paper - ink < 40:  # a nearly uniform page: nothing to separate
        return image
    threshold = ink + k * (paper - ink)
    smooth = image.filter(ImageFilter.MedianFilter(3))
    return smooth.point(lambda v: 255 if v > threshold else 0)


def _percentile(hist: list[int], total: int, q: float) -> int:
    acc = 0
    for value, count in enumerate(hist):
        acc += count
        if acc >= q * total:
            return value
    return 255


# -------------------------------------------------------------- tesseract

class TsvWord:
    __slots__ = ("block", "par", "line", "left", "top", "width", "height", "conf", "text")

    def __init__(self, fields: list[str]) -> None:
        self.block, self.par, self.line = int(fields[2]), int(fields[3]), int(fields[4])
        self.left, self.top, self.width, self.height = (int(fields[6]), int(fields[7]), int(fields[8]),
                                                        int(fields[9]))
        self.conf = float(fields[10])
        self.text = fields[11]


def run_tesseract(image, language: str = "eng", timeout: Optional[float] = None, psm: str = PAGE_SEGMENTATION,
                  options: tuple[str, ...] = ()) -> list[TsvWord]:
    """Words read by Tesseract from a PIL image (``tesseract - stdout tsv``)."""
    exe = tesseract_path()
    if exe is None:
        raise FileNotFoundError("tesseract")
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run([exe, "stdin", "stdout", "-l", language, "--dpi", str(DPI), "--psm", psm, *options,
                           "tsv"],
                          input=buf.getvalue(), capture_output=True, timeout=timeout, env=env, check=False)
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(detail[-1] if detail else f"tesseract exited with {proc.returncode}")
    words = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            words.append(TsvWord(fields))
    return words


def _keep(word: TsvWord) -> bool:
    """Stray punctuation read in the speckle of a scan is dropped; words are
    kept whatever their confidence (Tesseract gives 0 to some bold words it
    reads right)."""
    return any(ch.isalnum() for ch in word.text) or word.conf >= 60


def clean_words(words: list[TsvWord]) -> list[TsvWord]:
    """The words worth keeping: lines read with a mean confidence under
    ``MIN_LINE_CONFIDENCE`` are noise (show-through, stains, rules), and so
    is stray punctuation."""
    lines: dict[tuple[int, int, int], list[TsvWord]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    kept = []
    for line in lines.values():
        if sum(w.conf for w in line) / len(line) < MIN_LINE_CONFIDENCE:
            continue
        kept.extend(w for w in line if _keep(w))
    return kept


def score(words: list[TsvWord]) -> float:
    """How well a page was read: the confidence mass of the plausible words."""
    return sum(w.conf for w in words if w.conf >= 50 and len(w.text) >= 2 and any(c.isalpha() for c in w.text))


def words_to_page(words: list[TsvWord], number: int, width_px: int, height_px: int) -> RawPage:
    """Tesseract words (pixels) as a RawPage in points. Their size is left
    unknown (0): the height of a word box says little about its font size."""
    k = 72 / DPI
    kept = clean_words(words)
    chunks = [Chunk(w.left * k, w.top * k, (w.left + w.width) * k, (w.top + w.height) * k, w.text, 0.0)
              for w in kept]
    confidence = round(sum(w.conf for w in kept) / len(kept), 1) if kept else None
    return RawPage(number=number, width=width_px * k, height=height_px * k, chunks=merge_words(chunks),
                   ocr=True, ocr_confidence=confidence)


def ocr_image(image, number: int, language: str = "eng", timeout: Optional[float] = None) -> RawPage:
    """OCR one rendered page; pages read poorly (few words, or a low mean
    confidence) are also tried turned a quarter either way."""
    clean = binarize(image)
    words = run_tesseract(clean, language, timeout)
    best, best_score, best_size = words, score(words), clean.size
    mean = sum(w.conf for w in words) / len(words) if words else 0.0
    long_words = sum(1 for w in words if len(w.text) >= 3)
    if mean < 55 or long_words < 50:
        # printed sideways (or nearly empty): Tesseract finds few words, and poorly
        from PIL import Image

        for angle in (90, 270):
            turned = clean.transpose(Image.Transpose.ROTATE_90 if angle == 90 else Image.Transpose.ROTATE_270)
            alt = run_tesseract(turned, language, timeout)
            alt_score = score(alt)
            if alt_score > 1.3 * best_score:
                best, best_score, best_size = alt, alt_score, turned.size
    if best is words:
        best = repair_labels(image, words, language, timeout)
    return words_to_page(best, number, best_size[0], best_size[1])


# ------------------------------------------------------ section numbers

_LABEL = re.compile(r"^[\"“‘']?(\d{1,4}[A-Z]{0,2})[.,]?$")
_ORDINAL = re.compile(r"^\W*\d+(?:st|nd|rd|th)\W*$")
_LABEL_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.\"“”'"
LABEL_THRESHOLDS = (0.25, 0.35)
"""Ink/paper thresholds tried again on a doubtful section number."""


def label_candidates(words: list[TsvWord], page_width: int) -> list[TsvWord]:
    """Doubtful section numbers: among the first three words of a line, in
    the left part of the page, a short token with a digit that is not read
    as a clean number ("O7TA." for "377A.", with a speck glued to it)."""
    lines: dict[tuple[int, int, int], list[TsvWord]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    out = []
    for line in lines.values():
        for w in sorted(line, key=lambda w: w.left)[:3]:
            text = w.text
            if (w.left < 0.45 * page_width and 2 <= len(text) <= 7 and any(ch.isdigit() for ch in text)
                    and w.conf < 50 and not _LABEL.match(text) and any(ch.isalpha() for ch in text)
                    and not _ORDINAL.match(text)):
                out.append(w)
    return out


def read_label(image, word: TsvWord, language: str, timeout: Optional[float]) -> Optional[str]:
    """Read a doubtful section number again, from its box alone, with only
    digits, capitals and punctuation allowed, under a few thresholds and
    segmentations; keep the reading at least two attempts agree on."""
    from PIL import Image

    votes: dict[str, float] = {}
    counts: dict[str, int] = {}
    box = (max(0, word.left - 4), max(0, word.top - 4), word.left + word.width + 4, word.top + word.height + 4)
    levels = ink_and_paper(image)
    for k in LABEL_THRESHOLDS:
        crop = binarize(image.crop(box), k, levels)
        for scale in (1, 2):
            if scale > 1:
                crop_s = crop.resize((crop.size[0] * scale, crop.size[1] * scale), Image.LANCZOS)
            else:
                crop_s = crop
            for psm in ("7", "8"):
                found = run_tesseract(crop_s, language, timeout, psm=psm,
                                      options=("-c", f"tessedit_char_whitelist={_LABEL_CHARS}"))
                if len(found) != 1:
                    continue
                m = _LABEL.match(found[0].text)
                if m:
                    label = m.group(1)
                    votes[label] = votes.get(label, 0.0) + found[0].conf + 1.0
                    counts[label] = counts.get(label, 0) + 1
    agreed = [label for label in votes if counts[label] >= 2]
    return max(agreed, key=lambda label: votes[label]) if agreed else None


def repair_labels(image, words: list[TsvWord], language: str = "eng",
                  timeout: Optional[float] = None) -> list[TsvWord]:
    """Section numbers are what provisions are cut and cited by: a doubtful
    one hanging in the margin is read again on its own (``read_label``),
    and the specks read as words before it on its line are dropped."""
    candidates = label_candidates(words, image.size[0])
    if not candidates:
        return words
    drop: set[int] = set()
    for word in candidates:
        label = read_label(image, word, language, timeout)
        if label is None:
            continue
        quote = word.text[0] if word.text[:1] in "\"“‘'" else ""
        word.text = f"{quote}{label}."
        word.conf = max(word.conf, 50.0)
        for other in words:
            if ((other.block, other.par, other.line) == (word.block, word.par, word.line)
                    and other.left < word.left and len(other.text) <= 3 and other.conf < 40):
                drop.add(id(other))
    return [w for w in words if id(w) not in drop]


def _ocr_job(image, number: int, language: str, timeout: Optional[float]) -> RawPage:
    try:
        return ocr_image(image, number, language, timeout)
    finally:
        image.close()


def ocr_pages(pdf, indexes: list[int], language: str = "eng", deadline: Optional[float] = None,
              progress: Optional[Callable[[str, int, int], None]] = None,
              label: str = "OCR") -> Iterator[tuple[int, RawPage | str]]:
    """OCR the pages ``indexes`` of an open pypdfium2 document.

    Yields (index, RawPage) or (index, reason) when a page failed. Pages are
    rendered here one at a time and read by parallel Tesseract processes;
    at most two rendered pages wait per worker.
    """
    workers = max(1, min(len(indexes), os.cpu_count() or 1))
    pending: list[tuple[int, Future]] = []
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        def drain(limit: int) -> Iterator[tuple[int, RawPage | str]]:
            nonlocal done
            while len(pending) > limit:
                i, fut = pending.pop(0)
                try:
                    result: RawPage | str = fut.result()
                except subprocess.TimeoutExpired:
                    result = "timed out"
                except Exception as err:  # tesseract failed on this page
                    result = f"{type(err).__name__}: {err}"
                done += 1
                if progress:
                    progress(label, done, len(indexes))
                yield i, result

        for i in indexes:
            remaining = None
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
            try:
                image = render(pdf, i)
            except Exception as err:
                pending.append((i, _failed(f"cannot render the page ({err})")))
                continue
            pending.append((i, pool.submit(_ocr_job, image, i + 1, language, remaining)))
            yield from drain(2 * workers)
        yield from drain(0)


def _failed(reason: str) -> Future:
    fut: Future = Future()
    fut.set_result(reason)
    return fut
