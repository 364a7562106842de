"""Extraction fidelity on the PDFs rendered from known text (issue 3).

Every rendered dev PDF in ``shared/eval/docs`` with a source in
``shared/eval/sources`` must be read, by both engines, with word similarity
≥ 0.99 and ≥ 0.98 of the source's section labels recovered as provisions
(measured by ``scripts/fidelity.py``, which explains the measures).
The pdfium engine takes about two seconds for all files; pdfplumber about
forty, so its half is marked ``slow`` (it still runs in CI).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _fidelity_module():
    spec = importlib.util.spec_from_file_location("fidelity_script", ROOT / "scripts" / "fidelity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fidelity = _fidelity_module()
PAIRS = fidelity.rendered_pairs(SHARED) if SHARED.is_dir() else []
IDS = [pdf.name for pdf, _ in PAIRS]


def check(pdf: Path, source: Path, engine: str) -> None:
    result = fidelity.measure(pdf, source, engine)
    assert result.similarity >= fidelity.SIMILARITY_MIN, f"{pdf.name}: similarity {result.similarity:.4f}"
    assert result.labels_found is not None, "the segmenter is not available"
    assert result.label_share >= fidelity.LABELS_MIN, f"{pdf.name}: labels missing: {result.missing}"


def test_every_layout_has_a_rendered_pdf():
    if not PAIRS:
        pytest.skip(f"{SHARED} is not available")
    cases = {pdf.parent.name for pdf, _ in PAIRS}
    assert {"us", "my-2007", "coe", "fidelity"} <= cases  # gazette, lined bill, plain, two columns
    assert any("twocol" in pdf.name for pdf, _ in PAIRS)


@pytest.mark.parametrize("pdf, source", PAIRS, ids=IDS)
def test_pdfium_reads_rendered_pdfs_faithfully(pdf, source):
    check(pdf, source, "pdfium")


@pytest.mark.slow
@pytest.mark.parametrize("pdf, source", PAIRS, ids=IDS)
def test_pdfplumber_reads_rendered_pdfs_faithfully(pdf, source):
    check(pdf, source, "pdfplumber")


@pytest.mark.parametrize("source_text, words, labels", [
    ("# CHAPTER 77\n## § 1581. Peonage\n(a) Whoever holds", ["CHAPTER", "77", "§", "1581.", "Peonage", "(a)",
                                                             "Whoever", "holds"], ["1581"]),
    ("## Article 4 — Definitions\nFor the purposes", ["Article", "4", "—", "Definitions", "For", "the", "purposes"],
     ["4"]),
    ("## 12. Offence of trafficking in persons\nA person", ["12.", "Offence", "of", "trafficking", "in", "persons",
                                                           "A", "person"], ["12"]),
])
def test_source_markup_and_expected_labels(source_text, words, labels):
    assert fidelity.source_words(source_text) == words
    assert fidelity.source_labels(source_text) == labels


def test_margin_notes_are_put_back_after_the_section_number():
    from gapcheck.models import Document, MarginNote, Page

    text = "§ 1581. (a) Whoever holds\nany person\n"
    doc = Document(path="x.pdf", name="x.pdf", sha256="", text=text, pages=(Page(1, 0, len(text)),),
                   margin_notes=(MarginNote(0, 1, "Peonage; obstructing enforcement"),))
    assert fidelity.reading_text(doc).split() == ["§", "1581.", "Peonage;", "obstructing", "enforcement", "(a)",
                                                  "Whoever", "holds", "any", "person"]


def test_similarity_counts_lost_and_added_words():
    words = "one two three four five six seven eight nine ten".split()
    assert fidelity.similarity(words, words) == 1.0
    assert fidelity.similarity(words, words[:-1]) == pytest.approx(18 / 19)
    assert fidelity.similarity(words, words[1:] + ["eleven"]) == pytest.approx(18 / 20)
