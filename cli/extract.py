"""`gapcheck extract FILE...`: show what gapcheck read, provision by provision.

This is how a user checks the reading behind a finding: for each document,
its pages, the engine, the OCR'd pages and their confidence, the pages
without text and the warnings; then each provision with its label, heading,
pages, OCR flag and text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from gapcheck.cli.common import user_errors
from gapcheck.cli.options import read_options_from

FORMATS = ("text", "json")


def extract(
    files: Annotated[List[Path], typer.Argument(help="Statute files (PDF or .txt) to read.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (readable) or json.")] = "text",
    engine: Annotated[str, typer.Option("--engine", help="Text-layer engine: pdfium (fast) or pdfplumber.")] = "pdfium",
    ocr: Annotated[str, typer.Option("--ocr", help="auto: OCR pages without text; off; force.")] = "auto",
    password: Annotated[Optional[str], typer.Option("--password", help="Password of an encrypted PDF.")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", help="Refuse documents longer than this.")] = 5000,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Seconds allowed to read one document.")] = None,
) -> None:
    """Print the provisions gapcheck reads from each file: labels, headings,
    pages, OCR flags and text."""
    with user_errors():
        from gapcheck.errors import UsageError

        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: choose text or json", path="--format")
        options = read_options_from(engine=engine, ocr=ocr, password=password, max_pages=max_pages, timeout=timeout)
        from gapcheck.extractors import read_document
        from gapcheck.extractors.segment import segment

        views = []
        for path in files:
            document = read_document(Path(path), options)
            views.append(document_view(document, segment(document)))
        if fmt == "json":
            sys.stdout.write(json.dumps(views, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write("\n".join(format_text(view) for view in views))


def document_view(document, provisions) -> dict:
    """What was read from one document, as plain data (the JSON output)."""
    ocr = {p.number: p.ocr_confidence for p in document.pages if p.ocr}
    return {
        "file": document.name,
        "path": document.path,
        "sha256": document.sha256,
        "pages": len(document.pages),
        "engine": document.engine,
        "ocr_pages": [{"page": n, "confidence": c} for n, c in ocr.items()],
        "pages_without_text": list(document.pages_without_text),
        "warnings": list(document.warnings),
        "margin_notes": len(document.margin_notes),
        "provisions": [
            {
                "label": p.label,
                "path": list(p.path),
                "heading": p.heading,
                "term": p.term,
                "pages": list(p.pages),
                "ocr": any(n in ocr for n in p.pages),
                "start": p.start,
                "end": p.end,
                "text": p.text,
            }
            for p in provisions
        ],
    }


def _pages(numbers: list[int]) -> str:
    if not numbers:
        return "none"
    if len(numbers) == 1:
        return f"p. {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pp. {numbers[0]}-{numbers[-1]}"
    return "pp. " + ", ".join(str(n) for n in numbers)


def format_text(view: dict) -> str:
    """The readable listing of one document."""
    out = [view["file"]]
    out.append(f"  pages: {view['pages']} · engine: {view['engine']} · provisions: {len(view['provisions'])}"
               f" · margin notes: {view['margin_notes']}")
    if view["ocr_pages"]:
        parts = [f"{o['page']} ({o['confidence']:.0f})" if o["confidence"] is not None else str(o["page"])
                 for o in view["ocr_pages"]]
        out.append(f"  OCR'd pages (mean word confidence /100): {', '.join(parts)}")
    else:
        out.append("  OCR'd pages: none")
    missing = view["pages_without_text"]
    out.append(f"  pages without text: {', '.join(map(str, missing)) if missing else 'none'}")
    if view["warnings"]:
        out.append("  warnings:")
        out.extend(f"    - {w}" for w in view["warnings"])
    else:
        out.append("  warnings: none")
    out.append("")
    heading = None
    for p in view["provisions"]:
        title = p["label"]
        if p["heading"] and p["heading"] != heading:
            title += f" — {p['heading']}"
        heading = p["heading"]
        flags = _pages(p["pages"]) + (", OCR" if p["ocr"] else "")
        out.append(f"  {title}  [{flags}]")
        out.extend(f"      {line}" for line in p["text"].splitlines())
    out.append("")
    return "\n".join(out) + "\n"
