"""Reading input files into Documents: text layer, OCR, layout clean-up, segmentation.

    read_document(path) ─▶ files (checks) ─▶ pdf.read_pdf ─▶ Document
                                               │  text layer: pdf (pdfium, default) or plumber (pdfplumber)
                                               │  pages without a usable layer: ocr (Tesseract)
                                               └▶ layout (shared by all engines) ─▶ text, pages, margin notes
    segment.segment(document) ─▶ provisions

``gapcheck extract`` shows the result; ``scripts/fidelity.py`` measures it
against the PDFs of ``shared/eval`` rendered from known text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from gapcheck.models import Document
from gapcheck.options import ReadOptions


def read_document(path: Path, options: ReadOptions = ReadOptions(),
                  progress: Optional[Callable[[str, int, int], None]] = None) -> Document:
    """Read one file (PDF or plain text) into a Document, or raise an InputError."""
    from gapcheck.extractors.files import check_readable, is_pdf

    path = Path(path)
    head = check_readable(path, options)
    if path.suffix.lower() == ".pdf" and not is_pdf(head):
        from gapcheck.errors import InputError

        raise InputError("is not a PDF file (no %PDF header), although its name ends in .pdf", str(path))
    if is_pdf(head):
        from gapcheck.extractors.pdf import read_pdf

        return read_pdf(path, options, progress=progress)
    from gapcheck.extractors.textfile import read_text_file

    return read_text_file(path, options)
