"""The data model: immutable values that flow one way through the pipeline.

    file ──extract──▶ Document ──segment──▶ [Provision] ──judge──▶ [Finding] ──▶ Report ──render──▶ …

Offsets are character offsets into ``Document.text``. Every provision, margin
note and evidence quote can be traced back to a page through them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal, Mapping

Status = Literal["met", "partial", "gap"]
Confidence = Literal["high", "medium", "low"]

STATUSES: tuple[Status, ...] = ("met", "partial", "gap")

THEMES: tuple[tuple[str, str], ...] = (
    ("definition", "Definition of trafficking"),
    ("children", "Children"),
    ("scope", "Scope: internal trafficking and all victims"),
    ("exploitation", "All coercive and exploitative practices"),
    ("non-punishment", "Non-punishment of victims"),
    ("residence-return", "Residence, return and remedies"),
)
"""Theme ids (used by findings) and their titles, in report order."""
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")


# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class Page:
    """One printed page of a document, as a span of ``Document.text``.

    ``number`` is the 1-based physical page index in the file (what a PDF
    viewer shows), not the number printed on the page.
    """

    number: int
    start: int
    end: int
    has_text: bool = True
    """False when the page yielded no text at all (no text layer and no OCR)."""
    ocr: bool = False
    """True when the text of this page comes from OCR."""
    ocr_confidence: float | None = None
    """Mean word confidence reported by the OCR engine, 0-100."""


@dataclass(frozen=True, slots=True)
class MarginNote:
    """A marginal note (side heading) printed beside the body text.

    ``offset`` is the offset in ``Document.text`` of the start of the body line
    the note is aligned with (its first line), so the segmenter can attach it
    as the heading of the provision that starts there.
    """

    offset: int
    page: int
    text: str


@dataclass(frozen=True)
class Document:
    """The text read from one input file, page by page.

    ``text`` holds the body text in reading order, one printed line per line
    (after removing running headers and footers, page numbers, margin line
    numbers and margin notes, and after repairing hyphenation and Unicode).
    Pages are contiguous spans of it and always end at a line boundary.
    """

    path: str
    """The path as given by the user."""
    name: str
    """The file name, used to cite the document in evidence."""
    sha256: str
    text: str
    pages: tuple[Page, ...]
    margin_notes: tuple[MarginNote, ...] = ()
    warnings: tuple[str, ...] = ()
    """Human-readable warnings about the reading (one line each)."""
    engine: str = ""
    """Which extraction engine produced the text (e.g. "pdfium", "pdfplumber", "text")."""

    def page_at(self, offset: int) -> int:
        """The page number that contains ``offset`` (clamped to the document)."""
        if not self.pages:
            return 1
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        i = min(max(i, 0), len(self.pages) - 1)
        return self.pages[i].number

    def pages_between(self, start: int, end: int) -> tuple[int, ...]:
        """The page numbers that the span [start, end) touches."""
        first = self.page_at(start)
        last = self.page_at(max(start, end - 1))
        return tuple(range(first, last + 1))

    @property
    def pages_without_text(self) -> tuple[int, ...]:
        return tuple(p.number for p in self.pages if not p.has_text)

    @property
    def ocr_pages(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.ocr)


# --------------------------------------------------------------- provisions


@dataclass(frozen=True, slots=True)
class Provision:
    """The smallest labelled unit of a statute, e.g. ``s. 3(1)(a)``.

    Provisions of a document are in reading order and do not overlap: a
    section's chapeau (the words before its first subsection) is a provision of
    its own, labelled with the section alone. A whole section is the run of
    consecutive provisions sharing ``path[0]``.
    """

    document: str
    """``Document.name`` of the document the provision comes from."""
    label: str
    """The pinpoint citation a lawyer writes: ``s. 3(1)(a)``, ``Art. 4(2)``,
    ``§ 1591(a)``, ``279.01(1)``, ``s. 2 "child"``."""
    path: tuple[str, ...]
    """The label's components: ``("3", "1", "a")``; ``("2", '"child"')`` for an
    unnumbered definition."""
    heading: str
    """The section's heading or margin note ("" when the statute gives none)."""
    text: str
    """The provision's own text, equal to ``document.text[start:end]``."""
    start: int
    end: int
    pages: tuple[int, ...]
    term: str | None = None
    """For a definition: the defined term (e.g. ``child``)."""

    @property
    def number(self) -> str:
        """The main section/article number (``360C`` for ``s. 360C(1)(a)``)."""
        return self.path[0] if self.path else ""

    @property
    def page(self) -> int:
        return self.pages[0] if self.pages else 1


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Evidence:
    """A quoted piece of a provision that a finding rests on."""

    document: str
    provision: str
    """The provision's label, e.g. ``s. 4(1)(b)``."""
    page: int
    quote: str
    """A sentence (or clause) quoted verbatim from the provision's text, with
    whitespace normalised."""
    heading: str = ""
    elements: tuple[str, ...] = ()
    """The sub-elements or qualifiers this quote supports."""


@dataclass(frozen=True)
class ElementResult:
    id: str
    found: bool
    label: str = ""
    """Plain-language name of the sub-element."""
    provisions: tuple[str, ...] = ()
    """Labels of the provisions where it was found."""


@dataclass(frozen=True)
class Finding:
    item_id: str
    title: str
    theme: str
    status: Status
    elements: tuple[ElementResult, ...] = ()
    values: Mapping[str, int] = field(default_factory=dict)
    """Numbers detected: ``age`` for CHILD-AGE-18, ``days`` for RESID-REFLECTION."""
    qualifiers: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    explanation: str = ""
    searched: str = ""
    """For gaps (and missing elements): what was searched for, in which documents."""
    confidence: Confidence = "high"
    confidence_reason: str = ""
    recommendation: str = ""
    """What a drafter could do about it (empty when met)."""
    standard: str = ""
    """The standard in plain words (from the checklist item)."""
    sources: tuple[str, ...] = ()
    """Where the standard comes from: paper section, treaty articles."""

    def __post_init__(self) -> None:
        if self.status in ("met", "partial") and not self.evidence:
            raise ValueError(f"{self.item_id}: a {self.status} finding needs evidence")


# ------------------------------------------------------------------ reports


@dataclass(frozen=True)
class State:
    code: str
    name: str


@dataclass(frozen=True)
class OcrPage:
    page: int
    confidence: float | None


@dataclass(frozen=True)
class DocumentSummary:
    """What a report says about one analysed document."""

    file: str
    sha256: str
    pages: int
    pages_without_text: tuple[int, ...] = ()
    ocr_pages: tuple[OcrPage, ...] = ()
    warnings: tuple[str, ...] = ()
    engine: str = ""
    provisions: int = 0

    @classmethod
    def of(cls, document: Document, provisions: int = 0) -> "DocumentSummary":
        return cls(
            file=document.name,
            sha256=document.sha256,
            pages=len(document.pages),
            pages_without_text=document.pages_without_text,
            ocr_pages=tuple(OcrPage(p.number, p.ocr_confidence) for p in document.ocr_pages),
            warnings=document.warnings,
            engine=document.engine,
            provisions=provisions,
        )


@dataclass(frozen=True)
class ChecklistRef:
    id: str
    version: str
    title: str = ""


@dataclass(frozen=True)
class Report:
    state: State
    documents: tuple[DocumentSummary, ...]
    checklist: ChecklistRef
    findings: tuple[Finding, ...]
    tool_version: str
    generated_at: str
    """ISO 8601 UTC timestamp; honours SOURCE_DATE_EPOCH."""

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for f in self.findings:
            counts[f.status] += 1
        return counts
