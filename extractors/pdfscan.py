"""A pre-scan of a PDF's streams, before pdfium or pdfplumber opens it.

A PDF of one megabyte can hold a stream that expands to gigabytes
(``/FlateDecode`` compresses a run of spaces a thousandfold, and filters can
be chained). pdfium and pdfminer decompress a page's content streams whole:
such a "decompression bomb" makes them allocate gigabytes, and pdfium aborts
the process when an allocation fails. So before either library sees the
file, this module walks every stream in it (every ``N G obj << … >> stream``
and, as a safety net, every ``stream`` keyword not inside one) and decodes
its filters with bounded, streaming decoders that count the output and
discard it:

- any one stream may expand to at most ``ReadOptions.max_stream_bytes``;
- the streams that are not images (content streams, fonts, object and
  cross-reference streams: what text extraction decodes) may expand to
  ``ReadOptions.max_decoded_bytes`` in total;
- an image's declared size (width × height × depth) must fit
  ``max_stream_bytes`` too, whatever its codec.

Data that merely looks like a zlib stream is decoded even where the
dictionary could not be read, so a dictionary that confuses this parser does
not hide a bomb. Encrypted files are decrypted with pdfminer's security
handler first (when the password opens them; otherwise pdfium refuses the
file anyway). The scan reads the file through a read-only memory map and
costs about a second per gigabyte decoded.
"""

from __future__ import annotations

import bisect
import mmap
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from gapcheck.errors import ExtractionTimeout, LimitExceeded
from gapcheck.options import ReadOptions

CHUNK = 1 << 20
"""Decoders produce (and the scan feeds) at most this many bytes at a time."""

MiB = 1024 * 1024


# ------------------------------------------------------------------ tokens

_WS = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*(?![^\r\n]))"
_OBJ_KEYWORD = re.compile(rb"obj(?![A-Za-z0-9])")
_OBJ_NUMBERS = re.compile(rb"(?<![0-9])(\d{1,10})" + _WS + rb"+(\d{1,5})" + _WS + rb"+\Z")
_STREAM_TAIL = rb"stream[ \t]*(?:\r\n|\n|\r)?"
_STREAM_KEYWORD = re.compile(rb"(?<![A-Za-z0-9])" + _STREAM_TAIL)
_ENDSTREAM = re.compile(rb"(?:\r\n|\n|\r)?endstream")
_TOKEN = re.compile(
    rb"""(?P<ws>(?:[\x00\t\n\x0c\r ]|%[^\r\n]*(?![^\r\n]))+)
       |(?P<open><<)
       |(?P<close>>>)
       |(?P<hex><[^>]*>)
       |(?P<lstr>\()
       |(?P<name>/[^\x00\t\n\x0c\r /\[\]()<>{}%]*)
       |(?P<arr>[\[\]])
       |(?P<word>[^\x00\t\n\x0c\r /\[\]()<>{}%]+)
       |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_STRING_PART = re.compile(rb"\\.|[()]", re.DOTALL)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
MAX_DEPTH = 64


class Name(str):
    """A PDF name (``/FlateDecode`` → ``Name("FlateDecode")``)."""


@dataclass(frozen=True)
class Ref:
    num: int
    gen: int


class _Syntax(Exception):
    pass


def _parse_value(data, pos: int, end: int, depth: int = 0):
    """The PDF object starting at ``pos`` (whitespace skipped) and the position after it."""
    if depth > MAX_DEPTH:
        raise _Syntax("nested too deeply")
    while True:
        m = _TOKEN.match(data, pos, end)
        if m is None:
            raise _Syntax("end of data")
        kind = m.lastgroup
        if kind == "ws":
            pos = m.end()
            continue
        break
    pos = m.end()
    if kind == "open":
        out: dict = {}
        while True:
            key, pos = _parse_value(data, pos, end, depth + 1)
            if key is _CLOSE_DICT:
                return out, pos
            if not isinstance(key, Name):
                continue  # tolerate junk, as readers do
            value, pos = _parse_value(data, pos, end, depth + 1)
            if value is _CLOSE_DICT:
                return out, pos
            out[str(key)] = value
    if kind == "close":
        return _CLOSE_DICT, pos
    if kind == "arr":
        if m.group() == b"]":
            return _CLOSE_ARRAY, pos
        items: list = []
        while True:
            value, pos = _parse_value(data, pos, end, depth + 1)
            if value is _CLOSE_ARRAY or value is _CLOSE_DICT:
                return _refs(items), pos
            items.append(value)
    if kind == "lstr":
        nesting = 1
        for part in _STRING_PART.finditer(data, pos, end):
            if part.group() == b"(":
                nesting += 1
            elif part.group() == b")":
                nesting -= 1
                if nesting == 0:
                    return b"", part.end()
        raise _Syntax("unterminated string")
    if kind == "hex":
        return b"", pos
    if kind == "name":
        raw = _NAME_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), m.group()[1:])
        return Name(raw.decode("latin-1")), pos
    if kind == "word":
        word = m.group()
        if _NUMBER.fullmatch(word):
            return (float(word) if b"." in word else int(word)), pos
        if word == b"R":
            return _R, pos
        return word.decode("latin-1"), pos
    return None, pos


_CLOSE_DICT = object()
_CLOSE_ARRAY = object()
_R = object()


def _refs(items: list) -> list:
    """Fold ``num gen R`` triples of an array into Refs."""
    out: list = []
    for item in items:
        if item is _R and len(out) >= 2 and isinstance(out[-1], int) and isinstance(out[-2], int):
            gen, num = out.pop(), out.pop()
            out.append(Ref(num, gen))
        else:
            out.append(item)
    return out


def _parse_dict(data, pos: int, end: int, depth: int = 0):
    """A dictionary at ``pos`` (``<<`` already at pos after whitespace), with references folded."""
    m = _skip_ws(data, pos, end)
    if data[m:m + 2] != b"<<":
        raise _Syntax("not a dictionary")
    pos = m + 2
    out: dict = {}
    while True:
        key, pos = _parse_value(data, pos, end, depth + 1)
        if key is _CLOSE_DICT:
            return out, pos
        if not isinstance(key, Name):
            continue
        q = _skip_ws(data, pos, end)
        if data[q:q + 2] == b"<<":
            value, pos = _parse_dict(data, q, end, depth + 1)
        else:
            value, pos = _parse_value(data, pos, end, depth + 1)
        if value is _CLOSE_DICT:
            return out, pos
        if isinstance(value, int):
            try:
                gen, p2 = _parse_value(data, pos, end, depth + 1)
                r, p3 = _parse_value(data, p2, end, depth + 1)
                if isinstance(gen, int) and r is _R:
                    value, pos = Ref(value, gen), p3
            except _Syntax:
                pass
        out[str(key)] = value


def _skip_ws(data, pos: int, end: int) -> int:
    while pos < end:
        m = _TOKEN.match(data, pos, end)
        if m is None or m.lastgroup != "ws":
            return pos
        pos = m.end()
    return pos


_SPACE = frozenset(b"\x00\t\n\x0c\r ")
_DIGIT = frozenset(b"0123456789")
_WORD = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def object_headers(data) -> list[tuple[int, int, int]]:
    """(end, number, generation) of every ``N G obj`` in the file, in order.

    The keyword is found first (a fast search), then the two numbers before
    it are read backwards; comments between them are rare and handled by a
    regular expression.
    """
    out = []
    for m in _OBJ_KEYWORD.finditer(data):
        start = m.start()
        if start == 0 or data[start - 1] in _WORD:
            continue
        i = start - 1
        numbers = []
        for _ in range(2):
            j = i
            while j >= 0 and data[j] in _SPACE:
                j -= 1
            if j == i:
                break
            k = j
            while k >= 0 and data[k] in _DIGIT and j - k < 11:
                k -= 1
            if k == j:
                break
            numbers.append(int(data[k + 1:j + 1]))
            i = k
        else:
            if i < 0 or data[i] not in _DIGIT:
                out.append((m.end(), numbers[1], numbers[0]))
            continue
        if b"%" in data[max(0, start - 256):start]:
            n = _OBJ_NUMBERS.search(data[max(0, start - 256):start])
            if n:
                out.append((m.end(), int(n.group(1)), int(n.group(2))))
    return out


# ---------------------------------------------------------------- decoders

Decoder = Callable[[Iterator[bytes], int], Iterator[bytes]]
"""decode(chunks, limit): the decoded data in chunks, stopping after ``limit`` bytes."""


def flate(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    d = zlib.decompressobj()
    produced = 0
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = d.decompress(data, CHUNK)
            except zlib.error:
                return
            produced += len(out)
            if out:
                yield out
            if produced > limit or d.eof:
                return
            data = d.unconsumed_tail
    try:
        out = d.flush()
    except zlib.error:
        return
    if out:
        yield out


def lzw(chunks: Iterator[bytes], limit: int, early: int = 1) -> Iterator[bytes]:
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    width, prev, buf, nbits = 9, b"", 0, 0
    out = bytearray()
    produced = 0
    for chunk in chunks:
        for byte in chunk:
            buf = (buf << 8) | byte
            nbits += 8
            while nbits >= width:
                nbits -= width
                code = (buf >> nbits) & ((1 << width) - 1)
                buf &= (1 << nbits) - 1
                if code == 256:
                    table, width, prev = table[:258], 9, b""
                    continue
                if code == 257:
                    if out:
                        yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                    if prev and len(table) < 4096:
                        table.append(prev + entry[:1])
                elif code == len(table) and prev:
                    entry = prev + prev[:1]
                    if len(table) < 4096:
                        table.append(entry)
                else:
                    if out:
                        yield bytes(out)
                    return
                out += entry
                prev = entry
                size = len(table) + early
                width = 12 if size >= 2048 else 11 if size >= 1024 else 10 if size >= 512 else 9
                if len(out) >= CHUNK:
                    produced += len(out)
                    yield bytes(out)
                    out.clear()
                    if produced > limit:
                        return
    if out:
        yield bytes(out)


def lzw_size(chunks: Iterator[bytes], limit: int, early: int = 1) -> int:
    """The size of LZW-decoded data, counted without building it: an entry
    is one byte longer than the entry read before it was added. The codes of
    a run of one width are cut from the bits at once (numpy); only the chain
    "entry added, entry read" is followed code by code."""
    import numpy as np

    lengths = [1] * 256 + [0, 0]
    append = lengths.append
    width, prev, total = 9, 0, 0
    grow = 512 - early  # the table size at which codes widen
    carry, nbits = 0, 0  # the bits left over from the previous chunk (fewer than a code)
    for chunk in chunks:
        if chunk:
            head = (nbits + 7) // 8
            data = (carry.to_bytes(head, "big") if head else b"") + bytes(chunk)
            pos, end = 8 * head - nbits, 8 * len(data)
            b = np.frombuffer(data + b"\0\0", dtype=np.uint8).astype(np.uint32)
            window = (b[:-2] << 16) | (b[1:-1] << 8) | b[2:]  # 24 bits from each byte on
            while end - pos >= width:
                size = len(lengths)
                if not prev:  # the first code after a clear (or at the start) adds no entry
                    code = int(window[pos >> 3] >> (24 - (pos & 7) - width)) & ((1 << width) - 1)
                    pos += width
                    if code == 256:
                        del lengths[258:]
                        width, grow = 9, 512 - early
                        continue
                    if code >= 257:  # the end, or an entry that does not exist
                        return total
                    prev = lengths[code]
                    total += prev
                    continue
                growing = size < 4096
                run = (end - pos) // width
                if growing:  # each code adds an entry; the width grows after the one reaching ``grow``
                    run = min(run, (grow - size) if width < 12 else 4096 - size)
                at = pos + width * np.arange(run, dtype=np.int64)
                codes = (window[at >> 3] >> (24 - (at & 7) - width)) & ((1 << width) - 1)
                special = (codes == 256) | (codes == 257)
                if growing:  # code j may name any entry up to the one it adds
                    special |= codes > size + np.arange(run)
                found = np.flatnonzero(special)
                k = int(found[0]) if len(found) else run
                pos += width * k  # (at this width: it may grow below)
                if k:
                    if growing:
                        for code in codes[:k].tolist():
                            append(prev + 1)
                            prev = lengths[code]
                        added = lengths[size:size + k]  # the lengths read, shifted by one
                        total += sum(added) - k - (added[0] - 1) + prev
                        if len(lengths) >= grow and width < 12:
                            width += 1
                            grow = (1 << width) - early
                    else:
                        read = np.asarray(lengths, dtype=np.int64)[codes[:k]]
                        total += int(read.sum())
                        prev = int(read[-1])
                if k < run:
                    code = int(codes[k])
                    pos += width
                    if code == 256:
                        del lengths[258:]
                        width, prev, grow = 9, 0, 512 - early
                        continue
                    return total  # the end (257), or a code naming no entry
            nbits = end - pos
            carry = int.from_bytes(data[-3:], "big") & ((1 << nbits) - 1) if nbits else 0
        if total > limit:
            return total
    return total


def run_length(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    out = bytearray()
    produced = 0
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        i = 0
        n = len(data)
        while i < n:
            length = data[i]
            if length == 128:
                if out:
                    yield bytes(out)
                return
            if length < 128:
                if i + 1 + length + 1 > n:
                    break
                out += data[i + 1:i + 2 + length]
                i += 2 + length
            else:
                if i + 1 >= n:
                    break
                out += data[i + 1:i + 2] * (257 - length)
                i += 2
            if len(out) >= CHUNK:
                produced += len(out)
                yield bytes(out)
                out.clear()
                if produced > limit:
                    return
        pending = data[i:]
    if out:
        yield bytes(out)


_HEX_DIGITS = re.compile(rb"[0-9A-Fa-f]")


def ascii_hex(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    odd = b""
    for chunk in chunks:
        end = chunk.find(b">")
        piece = chunk if end < 0 else chunk[:end]
        digits = odd + b"".join(_HEX_DIGITS.findall(piece))
        if len(digits) % 2:
            digits, odd = digits[:-1], digits[-1:]
        else:
            odd = b""
        if digits:
            yield bytes.fromhex(digits.decode("ascii"))
        if end >= 0:
            return


def ascii85(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        end = chunk.find(b"~")  # "~>" ends the data ("~" is nothing else)
        pending += (chunk if end < 0 else chunk[:end]).translate(None, b" \t\r\n\x0c\x00")
        if end >= 0:
            break
    # at most four times the input, itself bounded by the file size: decoded at once
    out = _a85(pending)
    for pos in range(0, len(out), CHUNK):
        yield out[pos:pos + CHUNK]


def _a85(data: bytes) -> bytes:
    """ASCII85 decoding, vectorised (``base64.a85decode`` loops in Python)."""
    import numpy as np

    data = data.replace(b"z", b"!!!!!")
    if not data:
        return b""
    pad = -len(data) % 5
    digits = np.frombuffer(data + b"u" * pad, dtype=np.uint8)
    if digits.min() < 33 or digits.max() > 117:
        return b""  # not ASCII85: a reader stops here too
    groups = (digits.astype(np.uint64) - 33).reshape(-1, 5)
    values = groups[:, 0]
    for col in range(1, 5):
        values = values * 85 + groups[:, col]
    if values.max() > 0xFFFFFFFF:
        return b""
    out = values.astype(">u4").tobytes()
    return out[:len(out) - pad] if pad else out


FILTERS: dict[str, Decoder] = {
    "FlateDecode": flate, "Fl": flate,
    "LZWDecode": lzw, "LZW": lzw,
    "RunLengthDecode": run_length, "RL": run_length,
    "ASCIIHexDecode": ascii_hex, "AHx": ascii_hex,
    "ASCII85Decode": ascii85, "A85": ascii85,
}
"""Filters whose output is bytes for the next stage. The image codecs (DCT,
JPX, JBIG2, CCITTFax) end a chain; their output is bounded by the image's
declared size, checked separately."""


_OPERATORS = frozenset(
    b"Tj TJ ' \" re q Q m l c v y h f f* F S s B B* b b* n W W* Do BI sh BT ET cm gs Td TD Tm T* Tf Tc Tw Tz TL Tr "
    b"Ts d i j J M w g G rg RG k K cs CS sc SC scn SCN ri BDC BMC EMC MP DP d0 d1".split())


def operators_in(chunk: bytes) -> int:
    """The drawing operators and strings in a piece of a content stream.

    Each becomes an object a reader holds in memory (pdfium spends 100 to 600
    bytes on a text operator, a graphics state or an element of a ``TJ``
    array), so a page of millions of them costs gigabytes however few bytes
    it takes. Counted: operator tokens between whitespace, text operators
    written without it (``(x)Tj``), and strings.
    """
    tokens = chunk.split()
    count = len([t for t in tokens if t in _OPERATORS])
    count += chunk.count(b")Tj") + chunk.count(b">Tj") + chunk.count(b"]TJ")
    count += chunk.count(b"(") + max(0, chunk.count(b"<") - 2 * chunk.count(b"<<"))
    return count


def count_operators(chunks: Iterator[bytes]) -> int:
    return sum(operators_in(chunk) for chunk in chunks)


def _looks_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0


MAX_STAGES = 8


class _Count:
    """A stage's output, counted as it passes."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.n = 0
        self.gen = self._run(chunks)

    def _run(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.n += len(chunk)
            yield chunk


def decoded_size(raw: Iterator[bytes], filters: list[str], limit: int, operators: Optional[list[int]] = None,
                 lzw_bytes: bool = False) -> int:
    """The largest size the stream reaches through its filters (stopping just above ``limit``).

    Where the chain ends, or where it names no filter, data that starts like
    a zlib stream is inflated anyway (the size a reader might reach if the
    dictionary was misread). Every stage is measured, since a reader holds
    each one whole. With ``operators`` (a one-item list), the content-stream
    operators of the decoded data are counted into it; a last LZW stage is
    then only decoded (slowly, in Python) when ``lzw_bytes``, else its
    operators are bounded by half its size.
    """
    chunks: Iterator[bytes] = raw
    names = list(filters)
    stages: list[_Count] = []
    last = 0
    while len(stages) < MAX_STAGES:
        first = next(chunks, None)
        if first is None:
            break
        chunks = _prepend(first, chunks)
        if names:
            name = names.pop(0)
            if name in ("LZWDecode", "LZW") and not names and not (operators is not None and lzw_bytes):
                last = lzw_size(chunks, limit)  # the last stage: counting is enough (and faster)
                if operators is not None:
                    operators[0] += last // 2  # an operator takes two bytes at least
                    operators = None
                break
            decoder = FILTERS.get(name)
            if decoder is None:
                break  # an image codec ends the chain
        elif _looks_zlib(first):
            decoder = flate
        else:
            break
        stage = _Count(decoder(chunks, limit))
        stages.append(stage)
        chunks = stage.gen
    if stages:  # the final output (``chunks`` holds any chunk read ahead): measured, operators counted
        final = stages[-1]
        for chunk in chunks:
            if operators is not None:
                operators[0] += operators_in(chunk)
            if final.n > limit:
                break
    for stage in reversed(stages):  # then what is left of the earlier stages
        for _ in stage.gen:
            if stage.n > limit:
                break
    return max([last] + [s.n for s in stages])


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


# ------------------------------------------------------------------- the scan

@dataclass
class StreamInfo:
    offset: int
    """Where the stream's data starts in the file."""
    objnum: Optional[int]
    gennum: int
    filters: list[str]
    image: bool
    declared: int
    """The decoded size an image declares (width × height × depth), 0 otherwise."""
    length: Optional[int]
    """The data length when the dictionary gives it (directly or by reference)."""


@dataclass
class ScanResult:
    streams: int = 0
    decoded: int = 0
    """Total decoded size of the streams that are not images."""
    largest: int = 0
    operators: int = 0
    """Content-stream operators counted in the streams that are not images."""
    problems: list[str] = field(default_factory=list)


_COMPONENTS = {"DeviceGray": 1, "CalGray": 1, "G": 1, "Indexed": 1, "I": 1, "Separation": 1, "Pattern": 1,
               "DeviceRGB": 3, "CalRGB": 3, "RGB": 3, "Lab": 3, "ICCBased": 3, "DeviceCMYK": 4, "CMYK": 4}


def _filters(value) -> list[str]:
    if isinstance(value, Name):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, Name)]
    return []


def _components(cs) -> int:
    if isinstance(cs, list) and cs:
        if cs[0] == "DeviceN" and len(cs) > 1 and isinstance(cs[1], list):
            return max(1, len(cs[1]))
        cs = cs[0]
    return _COMPONENTS.get(str(cs), 3) if isinstance(cs, Name) else 3


def _declared_image_size(d: dict) -> int:
    width, height = d.get("Width", d.get("W")), d.get("Height", d.get("H"))
    if not isinstance(width, (int, float)) or not isinstance(height, (int, float)):
        return 0
    if d.get("ImageMask") == "true":
        depth = 1
    else:
        bpc = d.get("BitsPerComponent", d.get("BPC", 8))
        bpc = bpc if isinstance(bpc, int) and 0 < bpc <= 16 else 8
        depth = bpc * _components(d.get("ColorSpace", d.get("CS")))
    return int(max(width, 0) * max(height, 0) * depth / 8)


_STREAM_AFTER_DICT = re.compile(_WS + b"*" + _STREAM_TAIL)


def _stream_info(data, header_end: int, end: int, objnum: Optional[int], gen: int) -> Optional[StreamInfo]:
    """The stream whose object body starts at ``header_end`` (None when it is not a stream)."""
    try:
        d, pos = _parse_dict(data, header_end, end)
    except (_Syntax, RecursionError):
        return None
    m = _STREAM_AFTER_DICT.match(data, pos, min(end, pos + 4096))
    if m is None:
        return None
    length = d.get("Length")
    image = d.get("Subtype") == "Image"
    return StreamInfo(offset=m.end(), objnum=objnum, gennum=gen, filters=_filters(d.get("Filter", d.get("F"))),
                      image=image, declared=_declared_image_size(d) if image else 0,
                      length=length if isinstance(length, (int, Ref)) else None)


def find_streams(data, headers: list[tuple[int, int, int]]) -> Iterator[StreamInfo]:
    """Every ``stream`` keyword in the file, with the dictionary of the object
    it belongs to (``headers``: the end, number and generation of every
    ``N G obj``, in file order); a keyword whose dictionary cannot be read
    is a bare stream, inflated if it looks like zlib data."""
    positions = [h[0] for h in headers]
    for m in _STREAM_KEYWORD.finditer(data):
        info = None
        k = bisect.bisect_right(positions, m.start()) - 1
        if k >= 0:
            pos, num, gen = headers[k]
            info = _stream_info(data, pos, m.end(), num, gen)
            if info is not None and info.offset != m.end():
                info = None
        yield info or StreamInfo(offset=m.end(), objnum=None, gennum=0, filters=[], image=False, declared=0,
                                 length=None)


def _resolve_length(data, objects: dict[int, int], value) -> Optional[int]:
    if isinstance(value, int):
        return value
    if isinstance(value, Ref) and value.num in objects:
        try:
            resolved, _ = _parse_value(data, objects[value.num], min(len(data), objects[value.num] + 64))
        except _Syntax:
            return None
        return resolved if isinstance(resolved, int) else None
    return None


def _data_ends(data, info: StreamInfo, objects: dict[int, int]) -> list[int]:
    """Where the stream's data may end: at ``endstream`` and at the declared
    length (readers trust one or the other)."""
    start = info.offset
    stop = _ENDSTREAM.search(data, start)
    ends = {stop.start() if stop else len(data)}
    length = _resolve_length(data, objects, info.length)
    if length is not None and 0 <= length and start + length <= len(data):
        ends.add(start + length)
    return sorted(ends)


def _reader(data, start: int, end: int) -> Iterator[bytes]:
    for pos in range(start, end, CHUNK):
        yield bytes(data[pos:min(end, pos + CHUNK)])


def _self_delimiting(filters: list[str]) -> bool:
    return not filters or filters[0] in ("FlateDecode", "Fl")


def stream_size(data, info: StreamInfo, objects: dict[int, int], limit: int, decrypt=None,
                count_ops: bool = False, exact: bool = False) -> tuple[int, int]:
    """The largest size one stream reaches once decoded (just above ``limit``
    at most), and, with ``count_ops``, the operators it holds (a bound for a
    small LZW stream unless ``exact``: see ``bounded_operators``)."""
    ends = _data_ends(data, info, objects)
    start = info.offset
    if decrypt is not None and info.objnum is not None:
        results = [(0, 0)]
        for end in ends:
            raw = bytes(data[start:end])
            plain = decrypt(info.objnum, info.gennum, raw)
            if plain:
                results.append(_measure(lambda: iter([plain]), info.filters, limit, count_ops, exact))
                if not info.filters and count_ops:
                    results.append((0, count_operators(iter([plain]))))
        results.append(_measure(lambda: _reader(data, start, max(ends)), info.filters, limit, count_ops, exact))
        return max(r[0] for r in results), max(r[1] for r in results)
    stop = len(data) if _self_delimiting(info.filters) else max(ends)  # flate data ends itself
    size, ops = _measure(lambda: _reader(data, start, stop), info.filters, limit, count_ops, exact)
    if count_ops and not info.filters:  # unfiltered content, counted as it is in the file
        ops += count_operators(_reader(data, start, max(ends)))
    return size, ops


def bounded_operators(info: StreamInfo) -> bool:
    """True when ``stream_size`` gives a bound rather than a count: the
    operators of an LZW stream are bounded by half its decoded size, since
    decoding LZW in Python to count them exactly is slow."""
    return bool(info.filters) and info.filters[-1] in ("LZWDecode", "LZW")


def _measure(reader: Callable[[], Iterator[bytes]], filters: list[str], limit: int,
             count_ops: bool, exact: bool = False) -> tuple[int, int]:
    """(decoded size, operators): one pass when operators are not needed or cheap to count."""
    if not count_ops:
        return decoded_size(reader(), filters, limit), 0
    ops = [0]
    size = decoded_size(reader(), filters, limit, operators=ops, lzw_bytes=exact)
    if not exact and filters and filters[-1] in ("LZWDecode", "LZW") and ops[0] > LZW_EXACT_OPERATORS:
        ops = [0]  # a large LZW content stream: decode it for an exact count
        decoded_size(reader(), filters, limit, operators=ops, lzw_bytes=True)
    return size, ops[0]


LZW_EXACT_OPERATORS = 1_000_000
"""Above this bound (half the decoded size) an LZW stream's operators are counted exactly."""


def scan(path: Path, options: ReadOptions = ReadOptions()) -> ScanResult:
    """Scan the streams of the PDF at ``path``; raise LimitExceeded when one
    expands beyond the limits."""
    name = str(path)
    result = ScanResult()
    deadline = time.monotonic() + options.timeout if options.timeout else None
    with open(path, "rb") as f:
        try:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return result
    try:
        decrypt = _decryptor(path, data, options.password)
        headers = object_headers(data)
        objects = {num: pos for pos, num, _ in headers}
        limit = options.max_stream_bytes
        bounded: list[tuple[StreamInfo, int]] = []  # streams whose operators were bounded, not counted
        for info in find_streams(data, headers):
            result.streams += 1
            if info.image and info.declared > limit:
                raise LimitExceeded(f"an image declares {info.declared / MiB:,.0f} MB of pixels, over the limit "
                                    f"of {limit / MiB:,.0f} MB per stream", name)
            if deadline is not None and time.monotonic() > deadline:
                raise ExtractionTimeout(f"checking its compressed streams took longer than {options.timeout:g} s "
                                        "(--timeout)", name)
            # an image decodes to about its declared size: more is a bomb (and costs no more to find out)
            cap = min(limit, 2 * info.declared + MiB) if info.image and info.declared else limit
            size, ops = stream_size(data, info, objects, cap, decrypt, count_ops=not info.image)
            result.largest = max(result.largest, size)
            if info.image and size > cap and cap < limit:
                raise LimitExceeded(f"an image stream expands to more than twice its declared size "
                                    f"({info.declared / MiB:,.1f} MB; a decompression bomb?)", name)
            if size > limit:
                raise LimitExceeded(f"a compressed stream expands to more than {limit / MiB:,.0f} MB "
                                    "(a decompression bomb?)", name)
            if ops > options.max_stream_operators:
                raise LimitExceeded(f"a content stream holds more than {options.max_stream_operators:,} drawing "
                                    "operators (reading it would take gigabytes of memory)", name)
            result.operators += ops
            if bounded_operators(info) and ops <= LZW_EXACT_OPERATORS:
                bounded.append((info, ops))
            while result.operators > options.max_operators and bounded:  # count the bounded ones exactly
                again, bound = bounded.pop()
                result.operators += stream_size(data, again, objects, limit, decrypt, True, exact=True)[1] - bound
            if result.operators > options.max_operators:
                raise LimitExceeded(f"its content streams hold more than {options.max_operators:,} drawing "
                                    "operators in all (reading them would take gigabytes of memory)", name)
            if not info.image:
                result.decoded += size
                if result.decoded > options.max_decoded_bytes:
                    raise LimitExceeded(f"its compressed streams expand to more than "
                                        f"{options.max_decoded_bytes / MiB:,.0f} MB in all", name)
    finally:
        data.close()
    return result


def _decryptor(path: Path, data, password: Optional[str]):
    """decrypt(objnum, gen, data) for an encrypted file the password opens, else None."""
    if data.find(b"/Encrypt") < 0:
        return None
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser

        with open(path, "rb") as f:
            doc = PDFDocument(PDFParser(f), password=password or "")
    except Exception:
        return None  # wrong password or a file pdfminer cannot open: pdfium decides
    decipher = doc.decipher
    if decipher is None:
        return None

    def decrypt(objnum: int, gen: int, raw: bytes) -> bytes:
        try:
            return decipher(objnum, gen, raw)
        except Exception:
            return b""
    return decrypt
