"""Builders of bad and hostile PDFs for the robustness tests (issue 8).

Everything is generated on the fly: nothing large is committed. ``raw_pdf``
writes a PDF object by object (with a correct cross-reference table unless
asked otherwise), so that tests control exactly what a reader meets.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

STATUTE_LINES = ["1. Whoever recruits a person by force for the purpose of exploitation",
                 "commits the offence of trafficking in persons."]
STATUTE_LINE = " ".join(STATUTE_LINES)


def reportlab_pdf(lines: list[str] | None = None, pages: int = 1, encrypt=None, compress: bool = False) -> bytes:
    """A born-digital PDF of ``lines`` on each of ``pages`` pages."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt, pageCompression=1 if compress else 0)
    for _ in range(pages):
        y = 720
        for line in lines or STATUTE_LINES:
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(user_password: str, lines: list[str] | None = None, compress: bool = False) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return reportlab_pdf(lines, encrypt=StandardEncryption(user_password, ownerPassword="owner-secret"),
                         compress=compress)


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages that are one scanned image each (no text layer)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (1200, 300), 255)
    for k, line in enumerate(STATUTE_LINES):
        ImageDraw.Draw(img).text((20, 100 + 20 * k), line, fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(pages):
        c.drawImage(ImageReader(img), 36, 400, width=540, height=135)
        c.showPage()
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------- raw objects

def stream(data: bytes, entries: str = "", length: int | str | None = None) -> bytes:
    """A stream object body: ``<< /Length n entries >> stream … endstream``."""
    length = len(data) if length is None else length
    return (f"<< /Length {length} {entries} >>\nstream\n".encode("latin-1") + data + b"\nendstream")


def raw_pdf(objects: list[bytes], root: int = 1, xref: bool = True, trailer_extra: str = "") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R {trailer_extra} >>\n"
            f"startxref\n{start}\n%%EOF\n").encode("latin-1")
    return bytes(out)


def one_page_pdf(content: bytes, content_entries: str = "", extra: list[bytes] | None = None,
                 length: int | str | None = None) -> bytes:
    """A one-page PDF whose content stream (object 4) is ``content`` as given
    (already encoded by the filters named in ``content_entries``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, content_entries, length),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(objects + list(extra or []))


def text_content(lines: list[str] | None = None) -> bytes:
    shown = " ".join(f"({line}) Tj 0 -14 Td" for line in lines or STATUTE_LINES)
    return f"BT /F1 12 Tf 72 720 Td {shown} ET\n".encode("latin-1")


def many_pages_pdf(n: int) -> bytes:
    """``n`` pages sharing one small content stream (a small file)."""
    kids = " ".join(f"{6 + i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Font << /F1 5 0 R >> >>",
        stream(text_content()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 3 0 R >>"
    return raw_pdf(objects + [page] * n)


# ------------------------------------------------------------ compression

def deflate_repeated(block: bytes, times: int) -> bytes:
    """A zlib stream of ``block`` repeated ``times`` times, built without
    compressing it all: a block compressed and fully flushed stands alone
    and can be repeated. Costs the Adler-32 of the whole only."""
    c = zlib.compressobj(9)
    head = c.compress(block)
    body = head + c.flush(zlib.Z_FULL_FLUSH)
    header, piece = body[:2], body[2:]
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(block, adler)
    return header + piece * times + b"\x03\x00" + struct.pack(">I", adler)


def deflate_repeated_with_literal(block: bytes, times: int, literal: bytes, at: int) -> bytes:
    """``deflate_repeated`` with ``literal`` stored (uncompressed, verbatim in
    the file) after the ``at``-th block: a stored deflate block after a full
    flush is one byte of header bits, then the length and its complement."""
    c = zlib.compressobj(9)
    body = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    header, piece = body[:2], body[2:]
    stored = b"\x00" + struct.pack("<HH", len(literal), 0xFFFF ^ len(literal)) + literal
    return header + piece * at + stored + piece * (times - at) + b"\x03\x00" + b"\x00\x00\x00\x00"


def flate_bomb(decoded_size: int) -> bytes:
    """A content stream of ``decoded_size`` bytes (a line of text, then spaces, over and over), deflated."""
    block = text_content() + b" " * ((1 << 20) - len(text_content()))
    return deflate_repeated(block, max(1, decoded_size // len(block)))


def lzw_encode(data: bytes, early: int = 1) -> bytes:
    """LZW as PDF readers decode it (9 to 12 bit codes, EarlyChange 1)."""
    table = {bytes([i]): i for i in range(256)}
    codes: list[tuple[int, int]] = []
    width, nxt = 9, 258
    codes.append((256, width))
    w = b""
    for c in data:
        wc = w + bytes([c])
        if wc in table:
            w = wc
            continue
        codes.append((table[w], width))
        table[wc] = nxt
        nxt += 1
        if nxt + early > (1 << width) and width < 12:
            width += 1
        if nxt >= 4094:
            codes.append((256, width))
            table = {bytes([i]): i for i in range(256)}
            width, nxt = 9, 258
        w = bytes([c])
    if w:
        codes.append((table[w], width))
    codes.append((257, width))
    acc = nbits = 0
    out = bytearray()
    for code, wd in codes:
        acc = (acc << wd) | code
        nbits += wd
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 255)
            acc &= (1 << nbits) - 1
    if nbits:
        out.append((acc << (8 - nbits)) & 255)
    return bytes(out)


def run_length_encode(data: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and j - i < 128 and data[j] == data[i]:
            j += 1
        if j - i >= 2:
            out += bytes([257 - (j - i), data[i]])
            i = j
        else:
            k = min(len(data), i + 128)
            out += bytes([k - i - 1]) + data[i:k]
            i = k
    return bytes(out) + b"\x80"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
