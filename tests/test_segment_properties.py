"""Property tests of the segmenter (issue 8): whatever the text, segmentation never
raises, and the provisions are in order, within bounds, non-overlapping, and their
text is exactly the document's text at their offsets."""

from __future__ import annotations

import time

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gapcheck.extractors.labels import format_label, main_number  # noqa: E402
from gapcheck.extractors.segment import segment  # noqa: E402
from gapcheck.models import Document, MarginNote, Page  # noqa: E402

# statute-shaped pieces, so that the generator reaches the interesting paths
PIECES = [
    "1. ", "2. ", "12. ", "369A. ", "2. (1) ", "§ 1591. ", "§ 7102. ", "Article 4 — ", "Article 12\n", "279.01 (1) ",
    "Section 3. ", "(1) ", "(2) ", "(a) ", "(b) ", "(h) ", "(i) ", "(ii) ", "(v) ", "(A) ", "(I) ", "(aa) ", "(1A) ",
    "a) ", "1° ", "I. - ", "“child” means ", "\"victim\" shall mean ", "The term “coercion” means ",
    "In this Act, unless the context otherwise requires— ", "Human trafficking.—", "namely:—\n", "“369A. ", "”.\n",
    "PART II\n", "CHAPTER I — GENERAL\n", "ARRANGEMENT OF SECTIONS\n", "SCHEDULE\n", "WHEREAS ", "An Act to ",
    "BE IT ENACTED ", "EXPLANATORY STATEMENT\n", "Whoever traffics in persons shall be punished", "under section\n",
    "; or\n", ";\n", ".\n", "\n", "\n\n", " ", "—", "(", ")", "[", "]", "\"", "“", "”", "Page 2\n",
    # drafting styles beyond the dev set (test_segment_styles.py)
    "Article (1)\n", "Article (12)\n", "Article One\n", "Clause 1. ", "Paragraph 2: ", "270.1A ", "271.10 ",
    "2.20B ", "Article 224-1 A\n", "Article L. 425-1\n", "Article R. 425-2\n", "(1B) ", "Penalty: ", "Note: ",
    "LAW No. 27.508\n", "Federal Law No. (9) of 2019\n", "MIGRATION REGULATIONS (EXTRACT)\n", "TITLE I\n",
    "In this Division:\n", "As used in this Act:\n", "debt bondage means ", "exploitation has the meaning given by ",
    "The Child: ", "(a) Child – refers to ", "Explanation 1.—", "Exception 2.—", "Article 5. Scope. ",
]

statute_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map("".join)
any_text = st.text(max_size=400)


def make(text: str, n_pages: int, notes: list[tuple[int, str]]) -> Document:
    """``text`` cut into ``n_pages`` contiguous pages, with margin notes at arbitrary offsets."""
    cuts = sorted({0, len(text)} | {len(text) * k // max(n_pages, 1) for k in range(1, n_pages)})
    pages = tuple(Page(k + 1, a, b) for k, (a, b) in enumerate(zip(cuts, cuts[1:]))) or (Page(1, 0, 0),)
    margin = tuple(MarginNote(min(max(o, 0), len(text)), 1, t) for o, t in notes)
    return Document(path="x.txt", name="x.txt", sha256="", text=text, pages=pages, margin_notes=margin)


def check(document: Document) -> None:
    provisions = segment(document)
    text = document.text
    last_end = 0
    numbers = {p.number for p in document.pages}
    for p in provisions:
        assert 0 <= p.start < p.end <= len(text)
        assert p.start >= last_end                      # in order, non-overlapping
        last_end = p.end
        assert p.text == text[p.start:p.end]
        assert p.text.strip()
        assert p.path and p.label
        assert p.label == format_label_for(p)
        assert p.pages and set(p.pages) <= numbers
        assert p.pages == document.pages_between(p.start, p.end)
        assert p.term is None or (p.term and p.term == p.term.lower())


def format_label_for(p) -> str:
    """The label is the formatted path (whatever the style, the main number comes first)."""
    if p.label.startswith("§"):
        return format_label("usc", p.path)
    if p.label.startswith("Art."):
        return format_label("art", p.path)
    if p.label.startswith("s. "):
        return format_label("s", p.path)
    return p.label


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(statute_text, st.integers(1, 6), st.lists(st.tuples(st.integers(-5, 3000), st.text(max_size=20)), max_size=4))
def test_statute_shaped_text(text, n_pages, notes):
    check(make(text, n_pages, notes))


@SETTINGS
@given(any_text, st.integers(1, 4))
def test_arbitrary_text(text, n_pages):
    check(make(text, n_pages, []))


@pytest.mark.parametrize("text", [
    "x" * 1_000_000,                                      # 1 MB without a newline
    "1. " + "(a) " * 100_000,                             # markers without end
    "1.\n" * 50_000,                                      # numbers without bodies
    "(i)\n" * 50_000,
    "“a” means " * 50_000,
    "§ 1. " + "“" * 200_000,
    "\n" * 200_000 + "2. Offence.—Whoever traffics shall be punished.",
    "271.1 Definitions\nIn this Division:\n" + "debt bondage means a pledge, of a person.\n" * 50_000,
    "Article (1)\nDefinitions\nIn this Law:\n" + "The Child: a person.\n" * 50_000,
    "Article (" * 100_000,
    "1. A person shall act.\n" + "Explanation 1.—x\n" * 50_000,
    "".join(f"LAW No. {k}\n\nTITLE I\n1. A person shall act.\n2. A person shall act.\n3. A person shall act.\n"
            for k in range(5_000)),
    "".join(f"{k}.{k % 13}A Heading\nA person shall act.\n" for k in range(1, 20_000)),
])
def test_adversarial_inputs_are_fast(text):
    started = time.perf_counter()
    check(make(text, 3, []))
    assert time.perf_counter() - started < 10


def test_main_number_of_every_label_is_its_path_head():
    text = ("1. Short title.—This Act may be cited.\n2. In this Act—\n“child” means a person;\n"
            "3. (1) Whoever traffics—\n(a) a child; or\n(b) an adult,\ncommits an offence.\n")
    for p in segment(make(text, 1, [])):
        assert main_number(p.label) == p.number
