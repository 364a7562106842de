"""OCR of pages without a usable text layer (Tesseract).

Tests marked ``ocr`` run the real engine (installed by ``.ci/run``); the
others check the decisions around it without Tesseract.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gapcheck.extractors import read_document
from gapcheck.extractors.layout import Chunk, RawPage
from gapcheck.extractors.ocr import (
    TsvWord,
    clean_words,
    label_candidates,
    ocr_reason,
    tesseract_available,
    text_layer_quality,
)
from gapcheck.options import ReadOptions

import extract_factory as factory

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PK_GAZETTE = SHARED / "eval" / "docs" / "pk-2016" / "pk-2016-criminal-law-second-amendment.pdf"

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")


# ------------------------------------------------- deciding what needs OCR

@pytest.mark.parametrize("text, good", [
    ("Any person who recruits, transports or harbours a child for the purpose of exploitation "
     "commits an offence and shall be liable to imprisonment for twenty years.", True),
    ("Kdw shuvrq zkr uhfuxlwv wudqvsruwv ru kduerxuv d fklog iru wkh sxusrvh ri hasorlwdwlrq "
     "frpplwv dq riihqfh dqg vkdoo eh oldeoh wr lpsulvrqphqw iru wzhqwb bhduv.", False),
    ("!\"# $%& '()* +,-./ 0123 :;<= >?@ [\\]^ _`{| }~!\" #$%& '()* +,-. /012 3456 789: ;<=> ?@[\\ "
     "]^_` {|}~ !\"#$ %&'( )*+, -./0", False),
    ("Toute personne qui recrute, transporte ou héberge un enfant aux fins d'exploitation commet "
     "une infraction punie de vingt ans d'emprisonnement.", True),
])
def test_text_layer_quality(text, good):
    page = RawPage(1, 595, 842, [Chunk(72, 100 + 12 * i, 500, 110 + 12 * i, part, 10)
                                 for i, part in enumerate(re.findall(r".{1,60}(?:\s|$)", text))])
    assert (ocr_reason(page) == "") is good


def test_words_without_vowels_are_not_words():
    assert text_layer_quality("Xbz qrtw pldkf mnbvc trwq plk xzcv bnmq wrtp zxcv") < 0.5
    assert text_layer_quality("the offence of trafficking in persons") == 1.0


def test_scanned_and_blank_pages_are_told_apart():
    assert ocr_reason(RawPage(1, 595, 842, [], problem="no text layer")) == "no text layer"
    assert ocr_reason(RawPage(1, 595, 842, [], problem="blank")) == ""


def tsv(line: int, left: int, text: str, conf: float) -> TsvWord:
    return TsvWord(["5", "1", "1", "1", str(line), "1", str(left), str(100 * line), "80", "30", str(conf), text])


def test_noise_lines_and_stray_punctuation_are_dropped_but_low_confidence_words_kept():
    words = [
        tsv(1, 100, "Short", 96), tsv(1, 200, "commencement.", 0.0), tsv(1, 400, "_", 15),  # a real line
        tsv(2, 100, "ee", 12), tsv(2, 200, "iy", 2), tsv(2, 300, "~", 20),  # show-through
    ]
    assert [w.text for w in clean_words(words)] == ["Short", "commencement."]


@pytest.mark.parametrize("words, doubtful", [
    ([("si", 403, 27), ("O7TA.", 503, 0), ("Sexual", 667, 51)], ["O7TA."]),
    ([("“369A,", 350, 84), ("Trafficking", 530, 95)], []),  # a clean number
    ([("377B.", 360, 40), ("Punishment", 530, 95)], []),  # clean, whatever its confidence
    ([("_", 300, 15), ("S77A.,", 500, 30), ("Sexual", 667, 51)], ["S77A.,"]),
    ([("of", 400, 90), ("1&6)", 500, 30)], []),  # no letter: not a mangled label
    ([("[17th", 400, 30), ("March,", 500, 90)], []),  # an ordinal
    ([("the", 300, 90), ("Penal", 400, 90), ("cade.", 500, 60), ("1&6)", 600, 30)], []),  # mid-line
    ([("O7TA.", 1500, 0)], []),  # right half of the page
])
def test_doubtful_section_numbers(words, doubtful):
    tsv_words = [TsvWord(["5", "1", "1", "1", "1", str(k), str(left), "250", "80", "60", str(conf), text])
                 for k, (text, left, conf) in enumerate(words)]
    assert [w.text for w in label_candidates(tsv_words, 2000)] == doubtful


# ------------------------------------------------------------ real engine

@pytest.mark.ocr
@needs_tesseract
def test_scanned_page_is_read_with_its_confidence(tmp_path):
    lines = ["1. Any person who recruits, transports, transfers, harbours or receives a child",
             "for the purpose of exploitation commits the offence of trafficking in persons.",
             "2. The consent of the child is irrelevant."]
    doc = read_document(factory.scanned(tmp_path / "scan.pdf", lines, with_text_page=True))
    page = doc.pages[0]
    assert page.ocr and page.has_text and page.ocr_confidence is not None and page.ocr_confidence > 80
    assert not doc.pages[1].ocr
    assert doc.text.split("\n")[:3] == lines
    assert "Schedule. The offences listed" in doc.text


@pytest.mark.ocr
@needs_tesseract
def test_garbage_text_layer_is_replaced_by_ocr(tmp_path):
    lines = ["1. Any person who recruits, transports or harbours a child for the purpose",
             "of exploitation commits the offence of trafficking in persons and shall be",
             "liable to imprisonment for a term of not less than ten years."]
    doc = read_document(factory.scanned_with_garbage_layer(tmp_path / "bad-layer.pdf", lines))
    assert doc.pages[0].ocr
    assert doc.text.split("\n")[:3] == lines


@pytest.mark.ocr
@needs_tesseract
def test_forced_ocr_reads_a_text_page_too(tmp_path):
    doc = read_document(factory.simple(tmp_path / "text.pdf", n_pages=1), ReadOptions(ocr="force"))
    assert doc.pages[0].ocr
    assert "traffics another person" in doc.text


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pk_gazette():
    if not PK_GAZETTE.is_file():
        pytest.skip(f"{PK_GAZETTE} is not available")
    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    return read_document(PK_GAZETTE)


@pytest.mark.ocr
def test_pakistani_gazette_is_read_by_ocr_page_by_page(pk_gazette):
    doc = pk_gazette
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5, 6]
    assert all(p.ocr and p.has_text for p in doc.pages)
    assert all(p.ocr_confidence is not None and p.ocr_confidence >= 55 for p in doc.pages)
    # the body pages read well
    assert all(p.ocr_confidence >= 75 for p in doc.pages[1:4])


@pytest.mark.ocr
@pytest.mark.parametrize("passage", [
    "369A, Trafficking of human beings.—Whoever involves himself in human trafficking shall be punished "
    "with imprisonment for",
    "Explanation.—The word “human trafficking” in this section.",
    "Prevention and Control of Human Trafficking Ordinance,",
    "292B. Child pornography.",
    "328A. Cruelty to a child",
    "377B. Punishment.—Whoever commits the offence of sexual abuse",
    "377A. Sexual",  # a speck glued to the number made it "O7TA."; read again on its own
    "Whoever employs, uses, forces, persuades,",
    "or with both.",
    "6. Insertion of new section 369A, Act XLV of 1860.",
])
def test_pakistani_gazette_sections_read_clearly(pk_gazette, passage):
    assert squash(passage) in squash(pk_gazette.text)


@pytest.mark.ocr
def test_pakistani_gazette_running_headers_removed(pk_gazette):
    assert "GAZETTE OF PAKISTAN" not in pk_gazette.text.upper().replace("-", " ")
