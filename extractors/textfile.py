"""Plain-text statutes (.txt): decoded, normalised, split into pages at form feeds."""

from __future__ import annotations

from pathlib import Path

from gapcheck.errors import InputError
from gapcheck.extractors.files import sha256_of
from gapcheck.extractors.normalize import normalize_text
from gapcheck.models import Document, Page
from gapcheck.options import ReadOptions


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode text bytes; UTF-8 (with or without BOM) first, then Windows-1252/Latin-1."""
    warnings: list[str] = []
    if b"\x00" in data[:65536]:
        raise InputError("looks like a binary file, not text (it contains NUL bytes)", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            warnings.append(f"{name}: not UTF-8; decoded as Windows-1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append(f"{name}: not UTF-8; decoded as Latin-1")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 50):
        raise InputError("looks like a binary file, not text (too many control characters)", name)
    return text, warnings


def read_text_file(path: Path, options: ReadOptions = ReadOptions()) -> Document:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror or err})", name) from None
    raw, warnings = decode(data, path.name)
    raw_pages = raw.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    if len(raw_pages) > options.max_pages:
        from gapcheck.errors import LimitExceeded

        raise LimitExceeded(f"{len(raw_pages)} pages, over the limit of {options.max_pages} (--max-pages)", name)
    pages: list[Page] = []
    parts: list[str] = []
    offset = 0
    for number, page_text in enumerate(raw_pages, start=1):
        body = normalize_text(page_text).strip("\n")
        if body:
            body += "\n"
        pages.append(Page(number=number, start=offset, end=offset + len(body), has_text=bool(body.strip())))
        parts.append(body)
        offset += len(body)
    text = "".join(parts)
    if not text.strip():
        raise InputError("the text file contains no text", name)
    return Document(path=name, name=path.name, sha256=sha256_of(path), text=text, pages=tuple(pages),
                    warnings=tuple(warnings), engine="text")
