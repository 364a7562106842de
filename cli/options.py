"""Validation of the options shared by analyze, extract and batch."""

from __future__ import annotations

from typing import Optional

from gapcheck.errors import UsageError
from gapcheck.options import ENGINES, OCR_MODES, ReadOptions


def read_options_from(engine: str = "pdfium", ocr: str = "auto", password: Optional[str] = None,
                      max_pages: int = 5000, timeout: Optional[float] = None) -> ReadOptions:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose {' or '.join(ENGINES)}", path="--engine")
    if ocr not in OCR_MODES:
        raise UsageError(f"unknown OCR mode {ocr!r}: choose {', '.join(OCR_MODES)}", path="--ocr")
    if max_pages < 1:
        raise UsageError("must be at least 1", path="--max-pages")
    if timeout is not None and timeout <= 0:
        raise UsageError("must be a positive number of seconds", path="--timeout")
    return ReadOptions(engine=engine, ocr=ocr, password=password, max_pages=max_pages, timeout=timeout)
