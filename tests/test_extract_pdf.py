"""Reading PDFs end to end: layouts built with reportlab, real statutes from
``shared/eval``, and bad inputs. Both engines must read the same text."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.errors import EncryptedPdfError, ExtractionTimeout, InputError, LimitExceeded, OcrUnavailable
from gapcheck.extractors import read_document
from gapcheck.options import ReadOptions

import extract_factory as factory

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ENGINES = ("pdfium", "pdfplumber")


def shared_doc(relative: str) -> Path:
    path = SHARED / "eval" / "docs" / relative
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path


def read(path: Path, engine: str = "pdfium", **kwargs):
    return read_document(path, ReadOptions(engine=engine, **kwargs))


# ------------------------------------------------------------- layouts

@pytest.mark.parametrize("engine", ENGINES)
def test_running_headers_footers_and_page_numbers_removed(tmp_path, engine):
    path, expected = factory.running_headers(tmp_path / "headers.pdf")
    doc = read(path, engine)
    assert doc.text == expected + "\n"
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5, 6]
    assert doc.warnings == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_margin_line_numbers_removed(tmp_path, engine):
    path, expected = factory.line_numbers(tmp_path / "bill.pdf")
    assert read(path, engine).text == expected + "\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_margin_notes_kept_apart_and_aligned(tmp_path, engine):
    path, sections = factory.margin_notes(tmp_path / "act.pdf")
    doc = read(path, engine)
    assert doc.text == "".join(line + "\n" for s in sections for line in s.lines)
    faced = [(doc.text[n.offset:].split("\n")[0].split()[0], n.text) for n in doc.margin_notes]
    assert faced == [(s.number, s.note) for s in sections]
    assert [n.page for n in doc.margin_notes] == [1, 1, 1, 2, 2]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_columns_read_column_by_column(tmp_path, engine):
    path, expected = factory.two_columns(tmp_path / "gazette.pdf")
    doc = read(path, engine)
    assert doc.text.split() == expected.split()


@pytest.mark.parametrize("engine", ENGINES)
def test_hyphenation_repaired_and_compounds_kept(tmp_path, engine):
    path, _ = factory.hyphenated(tmp_path / "hyphens.pdf")
    text = read(path, engine).text
    for word in ("trafficking", "anti-trafficking", "non-governmental", "Attorney-General", "self-employed",
                 "co-operate", "investigation"):
        assert word in text.split(), word
    assert "traf-" not in text and "investi-" not in text


@pytest.mark.parametrize("engine", ENGINES)
def test_overprinted_bold_read_once(tmp_path, engine):
    path, expected = factory.overprinted(tmp_path / "bold.pdf")
    assert read(path, engine).text.split("\n")[:3] == expected.split("\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_footnotes_set_aside_and_markers_dropped(tmp_path, engine):
    path, expected = factory.footnotes(tmp_path / "footnotes.pdf")
    doc = read(path, engine)
    assert doc.text == expected + "\n"
    assert any("footnotes on page 1" in w for w in doc.warnings)


@pytest.mark.parametrize("engine", ENGINES)
def test_rotated_page_reads_upright(tmp_path, engine):
    path, lines = factory.rotated(tmp_path / "landscape.pdf")
    assert read(path, engine).text == "".join(line + "\n" for line in lines)


def test_pages_are_contiguous_and_end_at_line_boundaries(tmp_path):
    path, _ = factory.running_headers(tmp_path / "headers.pdf")
    doc = read(path)
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a.end == b.start
        assert doc.text[a.end - 1] == "\n"


# ----------------------------------------------------- pages without text

def test_blank_page_is_named_in_a_warning(tmp_path):
    doc = read(factory.blank_then_text(tmp_path / "blank.pdf"))
    assert doc.pages_without_text == (2,)
    assert any("page 2" in w and "blank" in w for w in doc.warnings)
    assert "2. Any person who traffics a child" in doc.text


def test_scanned_page_without_tesseract_is_named_with_install_advice(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPCHECK_TESSERACT", str(tmp_path / "no-tesseract"))
    path = factory.scanned(tmp_path / "mixed.pdf", ["1. Any person who traffics a child commits an offence."],
                           with_text_page=True)
    doc = read(path)
    assert doc.pages_without_text == (1,)
    assert any("page 1" in w and "apt-get install tesseract-ocr" in w for w in doc.warnings)
    assert "Schedule. The offences listed" in doc.text


def test_only_scanned_pages_without_tesseract_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPCHECK_TESSERACT", str(tmp_path / "no-tesseract"))
    path = factory.scanned(tmp_path / "scan.pdf", ["1. Any person who traffics a child commits an offence."])
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        read(path)


def test_ocr_off_names_the_page_not_read(tmp_path):
    path = factory.scanned(tmp_path / "mixed.pdf", ["1. Any person who traffics a child."], with_text_page=True)
    doc = read(path, ocr="off")
    assert doc.pages_without_text == (1,)
    assert any("page 1" in w and "--ocr off" in w for w in doc.warnings)


# ------------------------------------------------------------ bad inputs

def test_encrypted_pdf_needs_the_password(tmp_path):
    from reportlab.lib import pdfencrypt

    path = factory.simple(tmp_path / "locked.pdf", encrypt=pdfencrypt.StandardEncryption("s3cret", ownerPassword="o"))
    with pytest.raises(EncryptedPdfError, match="--password"):
        read(path)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        read(path, password="nope")
    for engine in ENGINES:
        assert "traffics another person" in read(path, engine, password="s3cret").text


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_an_input_error_or_read_with_a_warning(tmp_path, cut):
    whole = factory.simple(tmp_path / "whole.pdf", n_pages=3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: int(len(whole) * cut)])
    try:
        doc = read(path)
    except InputError as err:
        assert "cut.pdf" in str(err) and ("damaged" in str(err) or "truncated" in str(err))
    else:
        assert any("truncated" in w for w in doc.warnings)


@pytest.mark.parametrize("content, message", [
    (b"This is a plain text file, not a PDF.\n", "not a PDF"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
])
def test_not_a_pdf_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "statute.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read(path)


def test_too_many_pages(tmp_path):
    with pytest.raises(LimitExceeded, match="--max-pages"):
        read(factory.simple(tmp_path / "long.pdf", n_pages=3), max_pages=2)


def test_timeout_stops_between_pages(tmp_path):
    with pytest.raises(ExtractionTimeout, match="--timeout"):
        read(factory.simple(tmp_path / "slow.pdf", n_pages=3), timeout=1e-9)


def test_input_is_not_modified(tmp_path):
    path = factory.simple(tmp_path / "ro.pdf")
    before = path.read_bytes()
    path.chmod(0o444)
    read(path)
    assert path.read_bytes() == before


# ------------------------------------------------------- real statutes

LK_NOTES = [
    ("1.", "Short title and date of operation."),
    ("2.", "Offence of trafficking of women and children for prostitution."),
    ("3.", "High Court to try offences under this Act."),
    ("4.", "Aggravating Circumstances."),
    ("5.", "Rights of certain persons arrested for the offences made under this Act."),
    ("6.", "Amendment to the Extradition Law No. 8 of 1977."),
    ("7.", "Existing extradition arrangements with convention States deemed to provide for offences in the "
           "Schedule."),
    ("8.", "Minister may treat convention as an extradition arrangement between Sri Lanka and certain convention "
           "States, in respect of offences in the Schedule."),
    ("9.", "Duty of Minister to notify requesting State of measures taken against persons for whose extradition "
           "a request is made."),
    ("10.", "Assistance to Convention States."),
    ("11.", "Minister to issue directions."),
    ("12.", "Minister may take additional measures to combat trafficking."),
    ("13.", "Sinhala text to prevail in case of inconsistency."),
    ("14.", "Interpretation."),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_sri_lankan_margin_notes_face_their_sections(engine):
    doc = read(shared_doc("lk-2005/lk-2005-act30.pdf"), engine)
    faced = [(doc.text[n.offset:].split()[0], n.text) for n in doc.margin_notes]
    assert faced == [("WHEREAS", "Preamble.")] + LK_NOTES
    assert "Offence of trafficking of women" not in doc.text  # notes are not glued into the body
    assert "Convention on Preventing and Combating\nTrafficking in Women and Children for\nProstitution Act" \
        not in doc.text[600:]  # the running header is gone from the inner pages


def test_malaysian_bill_line_numbers_removed():
    doc = read(shared_doc("my-2007/my-2007-atip-bill.pdf"))
    lines = doc.text.split("\n")
    assert "57. Power of Minister to remove trafficked person from one place of refuge to" in lines
    assert "(2) This Act comes into operation on a date to be appointed by the Minister by" in lines
    assert not any(line.isdigit() for line in lines)


def test_pakistani_footnotes_set_aside_and_markers_dropped():
    doc = read(shared_doc("pk-2016/pk-1992-bonded-labour-abolition.pdf"))
    assert "(2) It extends to the whole of [the Punjab]." in doc.text
    assert "Substituted for the word" not in doc.text
    assert any("footnotes" in w for w in doc.warnings)


def test_us_gazette_section_headings_are_margin_notes():
    doc = read(shared_doc("us/18-usc-ch77.pdf"))
    notes = {n.text: doc.text[n.offset:].split("\n")[0] for n in doc.margin_notes}
    assert notes["Peonage; obstructing enforcement"].startswith("§ 1581.")
    assert notes["Sex trafficking of children or by force, fraud, or coercion"].startswith("§ 1591.")


# ------------------------------------------------------------- long documents

def test_long_document_read_in_parallel_reads_the_same(tmp_path, monkeypatch):
    from gapcheck.extractors.pdf import PARALLEL_MIN_PAGES, page_workers

    path, expected = factory.running_headers(tmp_path / "long.pdf", n_pages=PARALLEL_MIN_PAGES + 4)
    monkeypatch.setenv("GAPCHECK_PAGE_WORKERS", "1")
    serial = read(path)
    monkeypatch.setenv("GAPCHECK_PAGE_WORKERS", "3")
    assert page_workers(PARALLEL_MIN_PAGES + 4) == 2
    parallel = read(path)
    assert parallel == serial
    assert serial.text == expected + "\n"


def test_page_workers_only_for_long_documents(monkeypatch):
    from gapcheck.extractors.pdf import PARALLEL_MIN_PAGES, page_workers

    monkeypatch.setenv("GAPCHECK_PAGE_WORKERS", "4")
    assert page_workers(PARALLEL_MIN_PAGES - 1) == 1
    assert page_workers(1000) == 4
    monkeypatch.setenv("GAPCHECK_PAGE_WORKERS", "1")
    assert page_workers(1000) == 1
