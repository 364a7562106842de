"""The pre-scan of a PDF's compressed streams (``extractors/pdfscan.py``, issue 8).

A small PDF can hold a stream that expands to gigabytes; pdfium and pdfminer
would allocate it all (and pdfium aborts the process when an allocation
fails). The scan decodes every stream with bounded decoders before either
library opens the file. These tests build bombs in every disguise a reader
would still decode (chained filters, escaped filter names, confusing
dictionaries, lying lengths, encryption, bare streams) with small limits, and
check that real documents pass.
"""

from __future__ import annotations

import base64
import os
import random
import time
import zlib
from pathlib import Path

import pytest

from bad_pdfs import (
    deflate_repeated,
    deflate_repeated_with_literal,
    encrypted_pdf,
    lzw_encode,
    many_pages_pdf,
    one_page_pdf,
    raw_pdf,
    reportlab_pdf,
    run_length_encode,
    stream,
    text_content,
    write,
)
from gapcheck.errors import ExtractionTimeout, InputError, LimitExceeded
from gapcheck.extractors import pdfscan
from gapcheck.extractors.files import check_readable
from gapcheck.options import ReadOptions

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench"
MiB = 1 << 20
SMALL = ReadOptions(max_stream_bytes=1 * MiB, max_decoded_bytes=4 * MiB, max_stream_operators=20_000,
                    max_operators=100_000)


def _chunks(data: bytes, size: int):
    return iter([data[i:i + size] for i in range(0, len(data), size)] or [b""])


# ----------------------------------------------------------------- decoders

SAMPLES = [b"", b"a", b"abcabcabc" * 500, bytes(range(256)) * 20, b"\x00" * 70_000]


@pytest.mark.parametrize("data", SAMPLES, ids=lambda d: f"{len(d)}B")
@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_decoders_agree_with_reference_implementations(data: bytes, chunk: int):
    from pdfminer.lzw import lzwdecode
    from pdfminer.runlength import rldecode

    rnd = random.Random(len(data) * 31 + chunk)
    noisy = data + bytes(rnd.randrange(256) for _ in range(300))
    for raw in (data, noisy):
        assert b"".join(pdfscan.flate(_chunks(zlib.compress(raw), chunk), 10 * MiB)) == raw
        lzw = lzw_encode(raw)
        assert lzwdecode(lzw) == raw
        assert b"".join(pdfscan.lzw(_chunks(lzw, chunk), 10 * MiB)) == raw
        assert pdfscan.lzw_size(_chunks(lzw, chunk), 10 * MiB) == len(raw)
        rl = run_length_encode(raw)
        assert rldecode(rl) == raw
        assert b"".join(pdfscan.run_length(_chunks(rl, chunk), 10 * MiB)) == raw
        hexed = raw.hex().encode() + b">"
        assert b"".join(pdfscan.ascii_hex(_chunks(hexed, chunk), 10 * MiB)) == raw
        a85 = base64.a85encode(raw, wrapcol=60) + b"~>"
        assert b"".join(pdfscan.ascii85(_chunks(a85, chunk), 10 * MiB)) == raw


def test_decoders_stop_just_past_the_limit():
    bomb = deflate_repeated(b"\x00" * MiB, 64)  # 64 MiB from 70 kB
    out = 0
    for piece in pdfscan.flate(iter([bomb]), 2 * MiB):
        out += len(piece)
    assert 2 * MiB < out <= 3 * MiB
    assert 2 * MiB < pdfscan.decoded_size(iter([bomb]), ["FlateDecode"], 2 * MiB) <= 3 * MiB


def test_garbage_decodes_to_little_and_never_raises():
    rnd = random.Random(8)
    for _ in range(200):
        junk = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 2000)))
        for filters in (["FlateDecode"], ["LZWDecode"], ["RunLengthDecode"], ["ASCIIHexDecode"], ["ASCII85Decode"],
                        ["ASCII85Decode", "FlateDecode"], ["LZWDecode", "FlateDecode"], []):
            assert pdfscan.decoded_size(iter([junk]), filters, MiB) <= 300 * len(junk)


# -------------------------------------------------------------------- bombs

def _bomb(size: int = 2 * MiB) -> bytes:
    return deflate_repeated(b" " * MiB, size // MiB)


LZW_ZEROS = None


def _lzw_zeros() -> bytes:
    global LZW_ZEROS
    if LZW_ZEROS is None:
        LZW_ZEROS = lzw_encode(b"\x00" * (2 * MiB))
    return LZW_ZEROS


_LYING = (run_length_encode(b"\x00" * (MiB // 2))[:-1] + bytes([10]) + b"\nendstream\n"
          + run_length_encode(b"\x00" * (2 * MiB)))

BOMBS = {
    "flate": lambda: one_page_pdf(_bomb(), "/Filter /FlateDecode"),
    "flate, abbreviated name": lambda: one_page_pdf(_bomb(), "/F /Fl"),
    "flate twice": lambda: one_page_pdf(zlib.compress(_bomb(8 * MiB)), "/Filter [/FlateDecode /FlateDecode]"),
    "flate, name with # escapes": lambda: one_page_pdf(_bomb(), "/Filter /Fl#61te#44ecode"),
    "lzw": lambda: one_page_pdf(_lzw_zeros(), "/Filter /LZWDecode"),
    "run length": lambda: one_page_pdf(run_length_encode(b"\x00" * (2 * MiB)), "/Filter /RunLengthDecode"),
    "hex then flate": lambda: one_page_pdf(_bomb().hex().encode() + b">", "/Filter [/AHx /FlateDecode]"),
    "ascii85 then flate": lambda: one_page_pdf(base64.a85encode(_bomb()) + b"~>",
                                               "/Filter [/ASCII85Decode /FlateDecode]"),
    "lzw then flate": lambda: one_page_pdf(lzw_encode(zlib.compress(b" " * (2 * MiB))),
                                           "/Filter [/LZWDecode /FlateDecode]"),
    # the dictionary hides its filter from a naive reader: a string with ">>" and "stream" in it
    "confusing dictionary": lambda: one_page_pdf(_bomb(), "/Junk (>> stream \\) endobj) /Filter /FlateDecode"),
    # the filter by reference: the scan cannot tell, so data that looks like zlib is inflated anyway
    "filter by reference": lambda: one_page_pdf(_bomb(), "/Filter 6 0 R", extra=[b"/FlateDecode"]),
    # the declared length covers a fake "endstream" inside the data (a literal run of the encoding)
    "lying endstream": lambda: one_page_pdf(_LYING, "/Filter /RunLengthDecode", length=len(_LYING)),
    # the same with deflated data: it ends itself, whatever the file says
    "flate with a fake endstream": lambda: one_page_pdf(
        deflate_repeated_with_literal(b" " * MiB, 3, b"\nendstream\n", 1), "/Filter /FlateDecode", length=10),
    "bare stream": lambda: b"%PDF-1.4\n" + b"stream\n" + _bomb() + b"\nendstream\n%%EOF\n",
    "object stream": lambda: raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                      stream(_bomb(), "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode")]),
    "image bigger than declared": lambda: one_page_pdf(text_content(), extra=[stream(
        _bomb(), "/Subtype /Image /Width 10 /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray "
                 "/Filter /FlateDecode")]),
    "image declaring gigapixels": lambda: one_page_pdf(text_content(), extra=[stream(
        b"\xff\xd8\xff", "/Subtype /Image /Width 60000 /Height 60000 /BitsPerComponent 8 /ColorSpace /DeviceRGB "
                         "/Filter /DCTDecode")]),
    # small in bytes, huge in objects: each operator costs a reader 100 to 600 bytes
    "text operators": lambda: one_page_pdf(zlib.compress(b"BT /F1 1 Tf " + b"(x)Tj " * 30_000 + b"ET"),
                                           "/Filter /FlateDecode"),
    "text operators, compact": lambda: one_page_pdf(zlib.compress(b"BT/F1 1 Tf" + b"(x)Tj" * 30_000 + b"ET"),
                                                    "/Filter /FlateDecode"),
    "graphics states": lambda: one_page_pdf(zlib.compress(b"q " * 30_000), "/Filter /FlateDecode"),
    "a long TJ array": lambda: one_page_pdf(zlib.compress(b"BT [" + b"(xy)-1 " * 30_000 + b"] TJ ET"),
                                            "/Filter /FlateDecode"),
    "paths, unfiltered": lambda: one_page_pdf(b"0 0 m 1 1 l S " * 10_000),
    "operators over many streams": lambda: raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>"]
        + [stream(zlib.compress(b"0 0 1 1 re f " * 5_000), "/Filter /FlateDecode") for _ in range(12)]),
    "many streams, each under the limit": lambda: raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>"]
        + [stream(deflate_repeated(b" " * (MiB // 2), 1), "/Filter /FlateDecode") for _ in range(10)]),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_bombs_are_refused(tmp_path: Path, kind: str):
    path = write(tmp_path / "bomb.pdf", BOMBS[kind]())
    with pytest.raises(LimitExceeded) as err:
        pdfscan.scan(path, SMALL)
    assert str(err.value).startswith(str(path) + ": ")
    # and through the reading path, before any library opens the file
    with pytest.raises(LimitExceeded):
        check_readable(path, SMALL)


def test_an_encrypted_bomb_is_refused_once_decrypted(tmp_path: Path):
    lines = [" " * 300_000] * 8  # 2.4 MB of content, deflated then encrypted
    open_ = write(tmp_path / "open.pdf", encrypted_pdf("", lines, compress=True))
    locked = write(tmp_path / "locked.pdf", encrypted_pdf("pw", lines, compress=True))
    assert b"/Encrypt" in open_.read_bytes()
    with pytest.raises(LimitExceeded):
        pdfscan.scan(open_, SMALL)
    with pytest.raises(LimitExceeded):
        pdfscan.scan(locked, ReadOptions(password="pw", max_stream_bytes=MiB))
    # without the password the streams cannot be decoded, and pdfium refuses the file anyway
    assert pdfscan.scan(locked, SMALL).largest < MiB


def test_the_scan_honours_the_timeout(tmp_path: Path, monkeypatch):
    path = write(tmp_path / "many.pdf", raw_pdf([b"<< /Type /Catalog >>"] + [stream(zlib.compress(b"x" * 100),
                                                                                   "/Filter /FlateDecode")] * 2000))
    clock = iter(range(0, 10_000, 1))
    monkeypatch.setattr(pdfscan.time, "monotonic", lambda: float(next(clock)))
    with pytest.raises(ExtractionTimeout, match="--timeout"):
        pdfscan.scan(path, ReadOptions(timeout=5))


def test_a_file_the_scan_cannot_walk_is_not_handed_to_the_readers(tmp_path: Path, monkeypatch):
    path = write(tmp_path / "odd.pdf", reportlab_pdf())

    def broken(*a, **k):
        raise IndexError("a bug")
    monkeypatch.setattr(pdfscan, "scan", broken)
    with pytest.raises(InputError, match="cannot check the PDF's compressed streams"):
        check_readable(path, ReadOptions())


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n" + b"<<" * 100_000 + b"\nstream\n" + zlib.compress(b"x") + b"\nendstream",
    b"%PDF-1.4\n1 0 obj\n<< /Length 99999999999 /Filter /LZWDecode >>\nstream\n\x00\x01",
    b"%PDF-1.4\n1 0 obj\n<< /Length -5 /Filter [/RL /AHx /A85 /LZW /Fl /DCT] >>\nstream\nendstream",
    b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode /Length 2 0 R >> stream\n" + zlib.compress(b"y" * 1000),
    b"%PDF-1.4\n" + b"1 0 obj (" * 50_000 + b"stream\n",
    b"%PDF-1.4\n" + b"% comment " * 10_000 + b"\n1 0 obj stream\r\n" + b"\x78\x9c" * 1000,
    os.urandom(200_000),
], ids=["deep nesting", "huge length", "every filter", "length by missing reference", "unclosed strings",
        "comments and fake zlib headers", "random bytes"])
def test_malformed_files_are_scanned_quickly_without_error(tmp_path: Path, data: bytes):
    path = write(tmp_path / "odd.pdf", data)
    started = time.perf_counter()
    pdfscan.scan(path, SMALL)
    assert time.perf_counter() - started < 5


# ------------------------------------------------------------ good documents

def _good_pdfs() -> list[Path]:
    found = sorted((REPO / "samples").glob("*.pdf"))
    if BENCH.is_dir():
        found += sorted(BENCH.glob("*.pdf"))
    return found


@pytest.mark.parametrize("path", _good_pdfs(), ids=lambda p: p.name)
def test_real_documents_pass_quickly(path: Path):
    started = time.perf_counter()
    result = pdfscan.scan(path, ReadOptions())
    assert result.streams > 0
    assert time.perf_counter() - started < 5
    assert result.largest < ReadOptions().max_stream_bytes


def test_operators_are_counted_as_a_reader_sees_them():
    content = b"q 1 0 0 1 72 720 cm BT /F1 12 Tf 0 0 Td (Hello) Tj [(W)120(orld)] TJ ET 0 0 m 5 5 l S Q\n"
    # q cm BT Tf Td Tj TJ ET m l S Q = 12 operators, and 3 strings
    assert pdfscan.operators_in(content) == 15
    assert pdfscan.operators_in(b"BT(a)Tj(b)Tj<0041>Tj ET") == 1 + 3 + 3  # ET; ")Tj" ">Tj"; strings
    assert pdfscan.operators_in(b"<< /Type /Page >>") == 0
    assert pdfscan.operators_in(b" " * 100_000) == 0


def test_encrypted_and_many_page_documents_pass(tmp_path: Path):
    for name, data in [("enc.pdf", encrypted_pdf("", compress=True)), ("many.pdf", many_pages_pdf(5000)),
                       ("plain.pdf", reportlab_pdf(compress=True))]:
        path = write(tmp_path / name, data)
        pdfscan.scan(path, ReadOptions())


def test_object_headers_are_found_with_comments_and_odd_spacing():
    data = b"1 0 obj\n<<>>\nendobj\r12 3 % note\n obj x 4 0obj 5\t6\x0cobj endobj"
    ends = [data.index(marker) + len(marker) for marker in (b"0 obj", b"note\n obj", b"\x0cobj")]
    assert pdfscan.object_headers(data) == [(ends[0], 1, 0), (ends[1], 12, 3), (ends[2], 5, 6)]


def test_lzw_operators_are_bounded_then_counted_when_it_matters(tmp_path: Path):
    """LZW is decoded in Python, slowly: its operators are first bounded by half its size, and only
    counted exactly when the bounds would exceed the limit."""
    line = b"BT /F1 12 Tf 72 720 Td (Hello world, this is a line of text) Tj ET\n"  # 6 in 70 bytes
    lzw_stream = stream(lzw_encode(line * 500), "/Filter /LZWDecode")
    options = ReadOptions(max_operators=100_000)
    ten = write(tmp_path / "ten.pdf", raw_pdf([b"<< /Type /Catalog >>"] + [lzw_stream] * 10))
    result = pdfscan.scan(ten, options)  # bounds: 10 x 16,750 > 100,000; counts: 10 x 3,000
    assert 10 * 3_000 <= result.operators <= 100_000  # refined until under the limit
    assert pdfscan.scan(ten, ReadOptions(max_operators=30_000)).operators == 10 * 3_000  # all counted
    forty = write(tmp_path / "forty.pdf", raw_pdf([b"<< /Type /Catalog >>"] + [lzw_stream] * 40))
    with pytest.raises(LimitExceeded, match="drawing operators in all"):
        pdfscan.scan(forty, options)
