"""The HTML report in a real browser: headless Chromium screenshots it and prints it.

Checks what a reader gets: a page that is not blank, a PDF with every theme
section in order, each starting a page, the running title on every page, no
coverage-matrix row cut across pages, and every item's heading on the same
page as its assessment line. The hostile report is loaded and its DOM dumped:
no script or image element exists.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from render_factory import hostile_report, sample_report

from gapcheck.render import view
from gapcheck.render.html import keep_together, to_html
from gapcheck.render.pdf import browser_command, find_browser, run_browser, to_pdf

pytestmark = pytest.mark.browser

BROWSER = find_browser()
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")


def screenshot(html_file: Path, png: Path, tmp: Path) -> None:
    run_browser(browser_command(BROWSER, tmp / "profile-shot", "--hide-scrollbars", "--window-size=1280,2000",
                                f"--screenshot={png}", html_file.as_uri()), timeout=120)


def blankness(png: Path) -> tuple[float, float]:
    """(standard deviation of grey levels, share of non-white pixels)."""
    from PIL import Image, ImageStat

    grey = Image.open(png).convert("L")
    stddev = ImageStat.Stat(grey).stddev[0]
    histogram = grey.histogram()
    non_white = sum(histogram[:245]) / (grey.width * grey.height)
    return stddev, non_white


@needs_browser
def test_screenshot_is_not_blank(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(to_html(sample_report()), encoding="utf-8")
    png = tmp_path / "shot.png"
    screenshot(page, png, tmp_path)
    from PIL import Image

    assert Image.open(png).size == (1280, 2000)
    stddev, non_white = blankness(png)
    assert stddev > 20 and non_white > 0.03, (stddev, non_white)

    # the same measure on an empty page says "blank": the check can fail
    empty = tmp_path / "empty.html"
    empty.write_text('<!DOCTYPE html><html lang="en"><body></body></html>', encoding="utf-8")
    screenshot(empty, tmp_path / "empty.png", tmp_path)
    stddev, non_white = blankness(tmp_path / "empty.png")
    assert stddev < 5 and non_white < 0.01


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[str]:
    """The sample report printed to an A4 PDF by Chromium: one normalised text per page."""
    if BROWSER is None:
        pytest.skip("no Chromium installed")
    import pypdfium2

    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    out.write_bytes(to_pdf(sample_report(), page_size="A4"))
    pdf = pypdfium2.PdfDocument(str(out))
    try:
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            # pdfium marks a line broken after a hyphen with U+FFFE; the report never hyphenates words
            # itself (no CSS hyphens), so the mark stands for the hyphen of a file name or citation
            raw = re.sub("\ufffe\\s*", "-", textpage.get_text_range())
            pages.append(" ".join(raw.split()))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    print(f"\nsample report: {len(pages)} PDF pages (A4)")
    return pages


RUNNING_TITLE = "XA (user-assigned code: draft, model law or test): gap analysis of anti-trafficking legislation"
FOOTER = "gapcheck 0.1.0 · checklist icat-2012 1.0 · 15 January 2026, 09:30 UTC"


def body(page: str, number: int, total: int) -> str:
    """A page's text without its margin boxes (running title, footer, page number)."""
    for margin in (RUNNING_TITLE, FOOTER, f"Page {number} of {total}"):
        assert margin in page, (number, margin)
        page = page.replace(margin, "", 1)
    return " ".join(page.split())


def test_every_page_has_the_running_title_and_its_number(printed):
    assert len(printed) >= 2 + len(view.themes(sample_report()))
    for number, page in enumerate(printed, 1):
        body(page, number, len(printed))  # asserts the margin boxes are there


def test_theme_sections_start_a_page_in_order(printed):
    bodies = [body(p, i, len(printed)) for i, p in enumerate(printed, 1)]
    headings = [t.heading for t in view.themes(sample_report())] + ["Methodology and limitations", "Coverage matrix"]
    starts = {}
    for heading in headings:
        pages = [i for i, b in enumerate(bodies) if b.startswith(heading + " ")]
        assert len(pages) == 1, (heading, pages)
        starts[heading] = pages[0]
    order = [starts[h] for h in ["Coverage matrix"] + headings[:-1]]
    assert order == sorted(order), order


def test_matrix_rows_are_never_cut(printed):
    """Each row (item, standard, status, key provision, confidence) lies wholly on one page."""
    bodies = [body(p, i, len(printed)) for i, p in enumerate(printed, 1)]
    first_theme = view.themes(sample_report())[0].heading
    matrix_pages = []
    for b in bodies[next(i for i, b in enumerate(bodies) if b.startswith("Coverage matrix ")):]:
        if b.startswith(first_theme + " "):
            break
        matrix_pages.append(b)
    assert len(matrix_pages) >= 2  # the matrix does cross a page break
    for f in sample_report().findings:
        ev = view.key_evidence(f)
        provision = f"{ev.provision}, p. {ev.page} {ev.document}" if ev else "none found"
        row = " ".join([f.item_id, f.title, view.status_label(f.status), provision, f.confidence])
        hits = [i for i, b in enumerate(matrix_pages) if row in b]
        assert len(hits) == 1, (f.item_id, row)


def test_item_heading_and_assessment_are_on_the_same_page(printed):
    text = "\f".join(printed)
    for f in sample_report().findings:
        head = f"{f.item_id} {f.title} Assessment: {view.status_label(f.status)} · Confidence: {f.confidence}"
        assert text.count(head) == 1, f.item_id  # would contain "\f" if cut


def _last_words(f, n: int = 4) -> str:
    """The last words of an item block as printed: its recommendation, what was searched, or its last quote."""
    last = f.recommendation or f.searched or (f.evidence[-1].quote if f.evidence else f.explanation)
    return " ".join(last.split()[-n:])


def test_short_items_are_kept_on_one_page(printed):
    """Items marked to keep together (break-inside: avoid) end on the page where they start."""
    bodies = [body(p, i, len(printed)) for i, p in enumerate(printed, 1)]
    kept = [f for f in sample_report().findings if keep_together(f)]
    assert len(kept) >= 8
    for f in kept:
        start = next(i for i, b in enumerate(bodies) if f"{f.item_id} {f.title} Assessment:" in b)
        assert _last_words(f) in bodies[start], (f.item_id, _last_words(f))


def test_quotes_are_never_cut(printed):
    """Every quoted provision is printed whole on one page, as often as the report quotes it."""
    from collections import Counter

    quotes = Counter(" ".join(e.quote.split()) for f in sample_report().findings for e in f.evidence)
    for quote, times in quotes.items():
        assert sum(page.count(quote) for page in printed) == times, quote[:60]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@needs_browser
def test_hostile_report_in_the_browser_has_no_script_or_image(tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(to_html(hostile_report()), encoding="utf-8")
    cmd = browser_command(BROWSER, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    dom = subprocess.run(cmd, capture_output=True, timeout=120, check=True, stdin=subprocess.DEVNULL).stdout.decode()
    parsed = _Tags()
    parsed.feed(dom)
    assert "article" in parsed.tags and "svg" in parsed.tags
    assert "script" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert re.search(r"onerror", dom) and not re.search(r"<[^>]+\sonerror=", dom)
