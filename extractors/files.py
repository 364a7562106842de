"""Checks before a file is opened: it exists, is a readable regular file, is not empty or oversized."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gapcheck.errors import GapcheckError, InputError, LimitExceeded
from gapcheck.options import ReadOptions


def check_readable(path: Path, options: ReadOptions) -> bytes:
    """Return the first bytes of ``path`` or raise an InputError saying what is wrong."""
    name = str(path)
    if not path.exists():
        raise InputError("no such file", name)
    if path.is_dir():
        raise InputError("is a directory, not a file", name)
    if not path.is_file():
        raise InputError("is not a regular file", name)
    if not os.access(path, os.R_OK):
        raise InputError("permission denied: the file is not readable", name)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty (0 bytes)", name)
    if size > options.max_bytes:
        raise LimitExceeded(f"the file is {size:,} bytes, over the limit of {options.max_bytes:,}", name)
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror or err})", name) from None
    if is_pdf(head):
        check_pdf_streams(path, options)
    return head


def check_pdf_streams(path: Path, options: ReadOptions) -> None:
    """Refuse a PDF whose compressed streams expand beyond the limits (before
    pdfium or pdfminer decompresses them: they would allocate it all)."""
    from gapcheck.extractors.pdfscan import scan

    try:
        scan(path, options)
    except (GapcheckError, KeyboardInterrupt):
        raise
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror or err})", str(path)) from None
    except Exception as err:  # fail closed: a file the check cannot walk is not handed to the readers
        raise InputError(f"cannot check the PDF's compressed streams ({type(err).__name__}: {err})",
                         str(path)) from err


def is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
