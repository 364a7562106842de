#!/usr/bin/env python
"""Extraction fidelity: how closely gapcheck reads PDFs whose text is known.

    python scripts/fidelity.py [--engine pdfium|pdfplumber] [SHARED_DIR]

For every PDF ``SHARED_DIR/eval/docs/<case>/<stem>.pdf`` that has a source
``SHARED_DIR/eval/sources/<case>/<stem>.txt``, the PDF is read with
``gapcheck.extractors.read_document`` and compared with the source.

Word similarity. Both texts are reduced to their sequence of words: the
source's "# " / "## " markup prefixes are stripped, both sides are
NFKC-normalised, and split on whitespace (punctuation stays attached, case
is kept, so a lost comma or a wrong capital counts). Margin notes are put
back into the reading where the source has its section headings: right
after the section number of the line they face ("§ 1581." + note + "(a)
Whoever…"), or before that line when it has no number. The measure is
difflib's ratio over the two word lists, 2·M / (|source| + |read|) where M is
the number of words in matching blocks: 1.0 is a perfect reading; a word
lost, added or misread costs about one word in the total.

Labels. The expected labels are the section/article numbers of the source's
"## " lines (``## § 1581. Peonage`` → 1581, ``## Article 4 — Definitions`` →
4, ``## 12. Offence of…`` → 12). The recovered labels are the main numbers
(``Provision.number``) of the provisions the segmenter
(``gapcheck.extractors.segment.segment``) finds in the reading. The share is
|expected ∩ recovered| / |expected|.

Exit status 1 when a file is under the thresholds of the extraction issue
(similarity 0.99, labels 0.98), so the script can gate a build.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SIMILARITY_MIN = 0.99
LABELS_MIN = 0.98

_SOURCE_LABEL = re.compile(r"^##\s+(?:§+\s*|Article\s+|Art\.\s*|Section\s+|Sec\.\s*)?(\d+[A-Za-z]{0,3}(?:-\d+)?)\b")
_LINE_NUMBER = re.compile(r"^((?:§+\s*\d[\w\-]*\.?)|(?:\d+[A-Z]{0,3}\.)|(?:Article\s+\d+[A-Z]?\.?)|(?:Section\s+\d+[A-Z]?\.?))"
                          r"(?=\s|$)")


@dataclass(frozen=True)
class Fidelity:
    case: str
    file: str
    pages: int
    seconds: float
    similarity: float
    source_words: int
    read_words: int
    labels_expected: int
    labels_found: int | None
    """None when the segmenter is not available."""
    missing: tuple[str, ...] = ()

    @property
    def label_share(self) -> float | None:
        if self.labels_found is None:
            return None
        return self.labels_found / self.labels_expected if self.labels_expected else 1.0

    @property
    def ok(self) -> bool:
        share = self.label_share
        return self.similarity >= SIMILARITY_MIN and (share is None or share >= LABELS_MIN)


def source_words(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.startswith("## "):
            line = line[3:]
        elif line.startswith("# "):
            line = line[2:]
        lines.append(line)
    return unicodedata.normalize("NFKC", "\n".join(lines)).split()


def source_labels(text: str) -> list[str]:
    labels = []
    for line in text.splitlines():
        m = _SOURCE_LABEL.match(line)
        if m:
            labels.append(m.group(1))
    return labels


def reading_text(document) -> str:
    """The document's text with its margin notes put back beside the section
    numbers they face."""
    notes: dict[int, list[str]] = {}
    for note in document.margin_notes:
        notes.setdefault(note.offset, []).append(note.text)
    if not notes:
        return document.text
    out = []
    offset = 0
    for line in document.text.split("\n"):
        original = line
        here = notes.get(offset)
        if here:
            joined = " ".join(here)
            m = _LINE_NUMBER.match(line)
            line = f"{m.group(1)} {joined} {line[m.end():].lstrip()}" if m else f"{joined} {line}"
        out.append(line)
        offset += len(original) + 1
    return "\n".join(out)


def similarity(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def recovered_labels(document) -> set[str] | None:
    try:
        from gapcheck.extractors.segment import segment
    except ImportError:
        return None
    return {p.number for p in segment(document)}


def measure(pdf: Path, source: Path, engine: str) -> Fidelity:
    from gapcheck.extractors import read_document
    from gapcheck.options import ReadOptions

    started = time.perf_counter()
    document = read_document(pdf, ReadOptions(engine=engine))
    seconds = time.perf_counter() - started
    src = source.read_text(encoding="utf-8")
    expected_words = source_words(src)
    read = unicodedata.normalize("NFKC", reading_text(document)).split()
    expected_labels = source_labels(src)
    found = recovered_labels(document)
    missing: tuple[str, ...] = ()
    n_found = None
    if found is not None:
        missing = tuple(label for label in expected_labels if label not in found)
        n_found = len(expected_labels) - len(missing)
    return Fidelity(case=pdf.parent.name, file=pdf.name, pages=len(document.pages), seconds=seconds,
                    similarity=similarity(expected_words, read), source_words=len(expected_words),
                    read_words=len(read), labels_expected=len(expected_labels), labels_found=n_found,
                    missing=missing)


def rendered_pairs(shared: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for pdf in sorted((shared / "eval" / "docs").glob("*/*.pdf")):
        source = shared / "eval" / "sources" / pdf.parent.name / (pdf.stem + ".txt")
        if source.is_file():
            pairs.append((pdf, source))
    return pairs


def default_shared() -> Path:
    return Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=default_shared(),
                        help="the shared data folder (default: ../shared beside the repository)")
    parser.add_argument("--engine", choices=("pdfium", "pdfplumber"), default="pdfium")
    parser.add_argument("--diff", action="store_true", help="print the word differences of each file")
    args = parser.parse_args(argv)
    pairs = rendered_pairs(args.shared)
    if not pairs:
        print(f"no rendered PDF with a source under {args.shared}/eval", file=sys.stderr)
        return 2
    print(f"engine: {args.engine}")
    print(f"{'case':<9} {'file':<30} {'pages':>5} {'s':>6} {'similarity':>10} {'words':>13} {'labels':>9}")
    bad = 0
    for pdf, source in pairs:
        result = measure(pdf, source, args.engine)
        share = result.label_share
        labels = "n/a" if share is None else f"{result.labels_found}/{result.labels_expected}"
        flag = "" if result.ok else "  <-- under threshold"
        print(f"{result.case:<9} {result.file:<30} {result.pages:>5} {result.seconds:>6.2f} "
              f"{result.similarity:>10.4f} {result.read_words:>6}/{result.source_words:<6} {labels:>9}{flag}")
        if result.missing:
            print(f"          missing labels: {', '.join(result.missing)}")
        if args.diff:
            print_diff(pdf, source, args.engine)
        bad += not result.ok
    return 1 if bad else 0


def print_diff(pdf: Path, source: Path, engine: str) -> None:
    from gapcheck.extractors import read_document
    from gapcheck.options import ReadOptions

    document = read_document(pdf, ReadOptions(engine=engine))
    a = source_words(source.read_text(encoding="utf-8"))
    b = unicodedata.normalize("NFKC", reading_text(document)).split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            print(f"    {tag:7} src: {' '.join(a[i1:i2])[:120]!r}\n            got: {' '.join(b[j1:j2])[:120]!r}")


if __name__ == "__main__":
    sys.exit(main())
