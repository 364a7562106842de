"""Born-digital PDFs: the text layer, page by page (interim simple reader)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from gapcheck.errors import EncryptedPdfError, InputError, LimitExceeded
from gapcheck.extractors.files import sha256_of
from gapcheck.extractors.normalize import normalize_text
from gapcheck.models import Document, Page
from gapcheck.options import ReadOptions


def read_pdf(path: Path, options: ReadOptions = ReadOptions(),
             progress: Optional[Callable[[str, int, int], None]] = None) -> Document:
    import pypdfium2 as pdfium

    name = str(path)
    try:
        pdf = pdfium.PdfDocument(str(path), password=options.password)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower():
            raise EncryptedPdfError("the PDF is encrypted; give its password with --password", name) from None
        raise InputError(f"cannot open the PDF ({msg})", name) from None
    try:
        n = len(pdf)
        if n > options.max_pages:
            raise LimitExceeded(f"{n} pages, over the limit of {options.max_pages} (--max-pages)", name)
        pages: list[Page] = []
        parts: list[str] = []
        warnings: list[str] = []
        offset = 0
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            page.close()
            body = normalize_text(raw).strip("\n")
            body = "\n".join(line for line in body.split("\n") if line.strip())
            if body:
                body += "\n"
            has_text = bool(body.strip())
            if not has_text:
                warnings.append(f"{path.name}: page {i + 1} has no text layer (not read)")
            pages.append(Page(number=i + 1, start=offset, end=offset + len(body), has_text=has_text))
            parts.append(body)
            offset += len(body)
            if progress:
                progress(f"reading {path.name}", i + 1, n)
    finally:
        pdf.close()
    return Document(path=name, name=path.name, sha256=sha256_of(path), text="".join(parts), pages=tuple(pages),
                    warnings=tuple(warnings), engine="pdfium")
