"""Segmentation of real legislation: the labelled evaluation cases, the known source
texts (in a plain and a margin-note layout) and the large bench acts.

Figures measured here (label recovery, section-number recovery, speed) are the
ones reported for the segmenter; thresholds are the acceptance bar.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from gapcheck.extractors import read_document
from gapcheck.extractors.labels import main_number
from gapcheck.extractors.segment import segment
from gapcheck.models import Document, MarginNote, Page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval"
if not EVAL.is_dir():
    pytest.skip("shared/eval is not available beside the checkout", allow_module_level=True)

CASES = sorted(p.stem for p in (EVAL / "labels").glob("*.yaml"))
SOURCES = sorted((EVAL / "sources").glob("*/*.txt"))
_SECTION_LINE = re.compile(r"^## (?:§\s*|Article\s+|Section\s+)?(?P<num>\d+[A-Za-z]*(?:[.\-]\d+[A-Za-z]*)*)"
                           r"\.?\s*(?:[—–-]\s*)?(?P<title>.*)$")


# ------------------------------------------------------------------ building documents from the sources

def _paginate(lines: list[str], notes: list[tuple[int, str]], name: str, per_page: int = 45) -> Document:
    """Lines → Document with pages of ``per_page`` lines; ``notes`` are (line index, text)."""
    pages, starts, offset = [], [], 0
    for k in range(0, len(lines), per_page):
        chunk = "\n".join(lines[k:k + per_page]) + "\n"
        pages.append(Page(len(pages) + 1, offset, offset + len(chunk)))
        offset += len(chunk)
    text = "".join("\n".join(lines[k:k + per_page]) + "\n" for k in range(0, len(lines), per_page))
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    margin = tuple(MarginNote(starts[i], i // per_page + 1, t) for i, t in notes)
    return Document(path=name, name=name, sha256="", text=text, pages=tuple(pages), margin_notes=margin)


@lru_cache(maxsize=None)
def source_document(path: Path, layout: str) -> Document:
    """The known text of a rendered PDF as the extractor delivers it: markup removed
    ("plain": section heading lines kept as printed) or, for section styles printed
    with side headings ("margin"), the title moved to a margin note aligned with the
    section's first body line ("2. In this Act …", note "Interpretation")."""
    raw = path.read_text(encoding="utf-8").splitlines()
    lines: list[str] = []
    notes: list[tuple[int, str]] = []
    k = 0
    while k < len(raw):
        line = raw[k]
        m = _SECTION_LINE.match(line)
        if layout == "margin" and m and not line.startswith("## Article") and k + 1 < len(raw):
            number = line[3:].split(m.group("num"), 1)[0] + m.group("num") + "."
            notes.append((len(lines), m.group("title")))
            lines.append(f"{number} {raw[k + 1]}")
            k += 2
            continue
        lines.append(line[3:] if line.startswith("## ") else line[2:] if line.startswith("# ") else line)
        k += 1
    return _paginate(lines, notes, path.with_suffix(".pdf").name)


def expected_sections(path: Path) -> list[tuple[str, str]]:
    return [(m.group("num"), m.group("title").strip()) for m in map(_SECTION_LINE.match, path.read_text().splitlines())
            if m]


# ------------------------------------------------------------------ section numbers and headings from the sources

@pytest.mark.parametrize("layout", ["plain", "margin"])
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.parent.name + "/" + p.stem)
def test_source_section_numbers_and_headings(path, layout):
    want = expected_sections(path)
    provisions = segment(source_document(path, layout))
    numbers = {p.number for p in provisions}
    heading_of = {}
    for p in provisions:
        heading_of.setdefault(p.number, p.heading)
    found = [n for n, _ in want if n in numbers]
    assert len(found) / len(want) >= 0.98, sorted(set(n for n, _ in want) - numbers)
    headed = [n for n, title in want if heading_of.get(n) == title.rstrip(".")]
    assert len(headed) / len(want) >= 0.95, [(n, t, heading_of.get(n)) for n, t in want if n not in headed][:5]
    # only real sections: nothing beyond the "## " lines but front matter and schedules
    extra = numbers - {n for n, _ in want}
    assert all(not x[:1].isdigit() for x in extra), sorted(extra)


# ------------------------------------------------------------------ labelled provisions of the evaluation cases

def _case(case: str) -> dict:
    return yaml.safe_load((EVAL / "labels" / f"{case}.yaml").read_text(encoding="utf-8"))


def _labels(case: str) -> list[str]:
    return sorted({p for item in _case(case)["items"].values() for p in (item.get("provisions") or [])})


def label_recovery(case: str, provisions_by_doc: dict[str, tuple], texts: dict[str, str]
                   ) -> tuple[list[str], list[str], list[str]]:
    """(labels whose main number exists, labels that exist exactly, labels not checkable:
    their number is nowhere in the documents' text, e.g. lost by OCR or not read yet)."""
    mains, exact, unknown = [], [], []
    readable = {name for name, ps in provisions_by_doc.items() if ps is not None}
    for label in _labels(case):
        number = main_number(label)
        hit_main = any(p.number == number for n in readable for p in provisions_by_doc[n])
        token = re.compile(r"(?<![\w.])" + re.escape(number) + r"(?![\w])")
        if not hit_main and not any(token.search(texts.get(n, "")) for n in readable):
            unknown.append(label)
            continue
        if hit_main:
            mains.append(label)
        if any(p.label == label for n in readable for p in provisions_by_doc[n]):
            exact.append(label)
    return mains, exact, unknown


@pytest.mark.parametrize("layout", ["plain", "margin"])
@pytest.mark.parametrize("case", [c for c in CASES if all(
    (EVAL / "sources" / c / (Path(d).stem + ".txt")).exists() for d in _case(c)["documents"])])
def test_labelled_provisions_exist_in_source_texts(case, layout):
    provisions = {d: segment(source_document(EVAL / "sources" / case / (Path(d).stem + ".txt"), layout))
                  for d in _case(case)["documents"]}
    texts = {d: source_document(EVAL / "sources" / case / (Path(d).stem + ".txt"), layout).text
             for d in _case(case)["documents"]}
    mains, exact, unknown = label_recovery(case, provisions, texts)
    total = len(_labels(case))
    assert not unknown
    assert len(mains) == total, sorted(set(_labels(case)) - set(mains))
    assert len(exact) / total >= 0.95, sorted(set(_labels(case)) - set(exact))


@lru_cache(maxsize=None)
def _read(path: Path) -> Document:
    from gapcheck.errors import GapcheckError

    try:
        return read_document(path)
    except GapcheckError as err:                      # e.g. OCR needed but Tesseract missing
        pytest.skip(str(err))


def _needs_ocr(case: str) -> bool:
    """Has one of the case's PDFs a page without a text layer (read through OCR: slow)?"""
    import pypdfium2 as pdfium

    for name in _case(case)["documents"]:
        pdf = pdfium.PdfDocument(str(EVAL / "docs" / case / name))
        try:
            if any(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf))):
                return True
        finally:
            pdf.close()
    return False


@pytest.mark.parametrize("case", [pytest.param(c, marks=[pytest.mark.ocr, pytest.mark.slow]) if _needs_ocr(c) else c
                                  for c in CASES])
def test_labelled_provisions_exist_in_pdfs(case):
    provisions: dict[str, tuple | None] = {}
    for name in _case(case)["documents"]:
        document = _read(EVAL / "docs" / case / name)
        provisions[name] = segment(document) if document.text.strip() else None
    if all(v is None for v in provisions.values()):
        pytest.skip(f"{case}: no document has text yet")
    texts = {name: _read(EVAL / "docs" / case / name).text for name in provisions}
    mains, exact, unknown = label_recovery(case, provisions, texts)
    checked = len(_labels(case)) - len(unknown)
    assert len(mains) == checked, sorted(set(_labels(case)) - set(mains) - set(unknown))
    assert len(exact) / checked >= 0.9, sorted(set(_labels(case)) - set(exact) - set(unknown))
    for name, ps in provisions.items():             # every document: offsets and order hold
        if ps:
            text = _read(EVAL / "docs" / case / name).text
            assert all(p.text == text[p.start:p.end] for p in ps)
            assert all(a.end <= b.start for a, b in zip(ps, ps[1:]))


# ------------------------------------------------------------------ bench acts: long statutes, speed

BENCH = sorted((SHARED / "bench").glob("*.pdf"))


@pytest.mark.parametrize("path", BENCH, ids=lambda p: p.stem)
def test_bench_act_sections_are_complete_and_in_order(path):
    document = _read(path)
    started = time.perf_counter()
    provisions = segment(document)
    elapsed = time.perf_counter() - started
    sections: list[int] = []
    for p in provisions:
        if p.number[:1].isdigit():
            n = int(re.match(r"\d+", p.number).group())
            if not sections or sections[-1] != n:
                sections.append(n)
    assert sections == sorted(sections)
    assert set(range(1, sections[-1] + 1)) - set(sections) == set()
    assert elapsed < 3.0
    assert all(p.pages == document.pages_between(p.start, p.end) for p in provisions[::50])


def test_thousand_pages_segment_in_about_a_second():
    """About 1000 pages: the Malaysian bill (table of contents, long title, 67 sections,
    explanatory statement) printed twenty times over, each copy a new act."""
    bill = source_document(EVAL / "sources" / "my-2007" / "my-2007-atip-bill.txt", "plain").text
    text = bill * (1_600_000 // len(bill) + 1)
    pages = tuple(Page(k + 1, k * 1600, min(len(text), (k + 1) * 1600)) for k in range(len(text) // 1600 + 1))
    document = Document(path="big.txt", name="big.txt", sha256="", text=text, pages=pages)
    started = time.perf_counter()
    provisions = segment(document)
    elapsed = time.perf_counter() - started
    assert len(provisions) > 5000
    assert elapsed < 4.0, f"{elapsed:.2f} s for {len(text)} characters"


def _report() -> None:  # pragma: no cover - run by hand: python tests/test_segment_corpus.py
    """Print the figures: label recovery per case (PDFs as read, and the source texts),
    section-number and heading recovery on the sources, bench acts and speed."""
    for case in CASES:
        docs = _case(case)["documents"]
        provisions, texts = {}, {}
        for name in docs:
            document = _read(EVAL / "docs" / case / name)
            provisions[name] = segment(document) if document.text.strip() else None
            texts[name] = document.text
        mains, exact, unknown = label_recovery(case, provisions, texts)
        total = len(_labels(case))
        print(f"pdf     {case:8s} labels {total:3d}  main {len(mains)}/{total - len(unknown)}  "
              f"exact {len(exact)}/{total - len(unknown)}  not in text {unknown}  "
              f"missing {sorted(set(_labels(case)) - set(exact) - set(unknown))}")
        if all((EVAL / "sources" / case / (Path(d).stem + ".txt")).exists() for d in docs):
            for layout in ("plain", "margin"):
                src = {d: source_document(EVAL / "sources" / case / (Path(d).stem + ".txt"), layout) for d in docs}
                m, e, u = label_recovery(case, {d: segment(s) for d, s in src.items()},
                                         {d: s.text for d, s in src.items()})
                print(f"{layout:7s} {case:8s} labels {total:3d}  main {len(m)}/{total}  exact {len(e)}/{total}")
    for path in SOURCES:
        for layout in ("plain", "margin"):
            want = expected_sections(path)
            ps = segment(source_document(path, layout))
            numbers = {p.number for p in ps}
            heads: dict[str, str] = {}
            for p in ps:
                heads.setdefault(p.number, p.heading)
            print(f"source  {path.parent.name}/{path.stem} [{layout}] sections "
                  f"{sum(n in numbers for n, _ in want)}/{len(want)}  headings "
                  f"{sum(heads.get(n) == t.rstrip('.') for n, t in want)}/{len(want)}  provisions {len(ps)}")
    for path in BENCH:
        document = _read(path)
        started = time.perf_counter()
        ps = segment(document)
        elapsed = time.perf_counter() - started
        numbers = sorted({int(re.match(r"\d+", p.number).group()) for p in ps if p.number[:1].isdigit()})
        print(f"bench   {path.name}: {len(document.text)} chars, {len(document.pages)} pages, {len(ps)} provisions, "
              f"sections {len(numbers)} of 1..{numbers[-1]}, {elapsed:.2f} s")


if __name__ == "__main__":  # pragma: no cover
    _report()
