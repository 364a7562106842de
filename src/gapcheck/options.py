"""Options that change how input files are read."""

from __future__ import annotations

from dataclasses import dataclass

ENGINES = ("pdfium", "pdfplumber")
OCR_MODES = ("auto", "off", "force")


@dataclass(frozen=True)
class ReadOptions:
    engine: str = "pdfium"
    """Text-layer engine: "pdfium" (fast, default) or "pdfplumber"."""
    ocr: str = "auto"
    """"auto": OCR pages without a usable text layer; "off": never (such pages
    are reported as without text); "force": OCR every page."""
    ocr_language: str = "eng"
    password: str | None = None
    max_pages: int = 5000
    max_bytes: int = 500 * 1024 * 1024
    """The largest input file accepted."""
    max_stream_bytes: int = 256 * 1024 * 1024
    """The most one PDF stream may expand to once decompressed (or an image declare)."""
    max_decoded_bytes: int = 1024 * 1024 * 1024
    """The most a PDF's streams other than images may expand to in all."""
    max_stream_operators: int = 1_000_000
    """The most drawing operators one PDF content stream may hold (each costs a reader memory)."""
    max_operators: int = 10_000_000
    """The most drawing operators a PDF's content streams may hold in all."""
    timeout: float | None = None
    """Seconds allowed to read one document (None: no limit)."""
