"""What every human-readable report says, derived once from a Report.

The HTML, Markdown and terminal renderers show the same facts: findings grouped
by theme, counts, the key provision of each item, the principal gaps, the
plain-language labels of statuses, qualifiers and values, the limitations.
They are computed here, as plain strings (not yet escaped for any medium).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from gapcheck.models import STATUSES, THEMES, DocumentSummary, Evidence, Finding, Report

STATUS_LABELS = {"met": "Met", "partial": "Partial", "gap": "Gap"}
STATUS_MEANINGS = {
    "met": "the documents analysed contain provisions that fully reflect the standard",
    "partial": "provisions exist but miss sub-elements, are discretionary where the standard is mandatory, "
    "are narrower in scope, or carry a condition the standard criticises",
    "gap": "no provision was found in the documents analysed, or a provision contradicts the standard",
}
CONFIDENCE_MEANINGS = {
    "high": "the wording matched is explicit and found where the standard requires it",
    "medium": "the wording is indirect, or found in a provision whose role is not certain",
    "low": "the text is hard to read (OCR, damaged layout) or the match is weak; check by hand",
}

QUALIFIER_LABELS = {
    # shortfalls
    "discretionary": "discretionary wording (“may”) where the standard is mandatory",
    "cooperation-condition": "conditional on cooperation with the authorities",
    "cross-border-required": "requires crossing a border",
    "cross-border-required-for-some": "requires crossing a border for some victims or purposes",
    "organised-crime-element": "requires an organised criminal group or a transnational element",
    "organised-crime-element-for-some": "requires an organised criminal group or a transnational element for some offences",
    "women-children-only": "limited to women and/or children",
    "children-only": "only for child victims",
    "some-victims-only": "only for some victims",
    "sexual-exploitation-only": "limited to sexual exploitation",
    "child-exception-limited": "the child exception covers only some purposes or actions",
    "age-below-18": "age threshold below 18",
    "differing-age-thresholds": "different age thresholds in different provisions",
    "limited-to-named-offences": "limited to named offences",
    "no-causal-link": "no link required with the trafficking (compulsion or direct consequence)",
    "mitigation-only": "only mitigates the penalty",
    "general-duress-defence-only": "only a general defence of duress, compulsion or necessity",
    "general-permit-only": "only a general discretionary permit, not addressed to victims",
    "civil-action-only": "only through a general civil action",
    "detention-exception": "detention allowed as an exception",
    "mandatory-shelter-detention": "mandatory stay in a shelter",
    "length-not-stated": "length of the period not stated",
    "shorter-than-30-days": "shorter than 30 days",
    "maximum-only": "only a maximum length is set, no minimum",
    "removal-not-suspended": "removal not suspended",
    "no-safety": "no regard for the victim's safety required",
    "no-voluntariness": "return not required to be voluntary",
    "return-without-safeguards": "return without guarantee of safety or voluntariness",
    # neutral or favourable
    "mandatory": "mandatory wording (“shall”)",
    "removal-suspended": "removal suspended during the period",
    "organised-crime-aggravating": "organised crime only as an aggravating circumstance",
    "no-means-required": "no means required for any victim (broader than the Protocol)",
    "definition-imported": "relies on a definition in another provision",
    "cooperation-ground-also": "cooperation is one ground among others",
    "general-victims-of-crime": "a general provision for victims of crime",
}
NEUTRAL_QUALIFIERS = frozenset({
    "mandatory", "removal-suspended", "organised-crime-aggravating", "no-means-required", "definition-imported",
    "cooperation-ground-also", "general-victims-of-crime",
})
"""Qualifiers that describe a provision without being a shortfall (left out of the reasons of a partial)."""

VALUE_LABELS = {
    "age": ("Age threshold found", "{} years"),
    "days": ("Reflection period found", "{} days"),
}

_THEME_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.capitalize())


def humanise(identifier: str) -> str:
    """``abuse_of_vulnerability`` → ``abuse of vulnerability``."""
    return re.sub(r"[_\-]+", " ", identifier).strip()


def qualifier_label(qualifier: str) -> str:
    return QUALIFIER_LABELS.get(qualifier, humanise(qualifier))


def value_lines(finding: Finding) -> list[tuple[str, str]]:
    """(label, value) pairs for the numbers detected (age, days, …)."""
    out = []
    for key, value in finding.values.items():
        label, fmt = VALUE_LABELS.get(key, (humanise(key).capitalize(), "{}"))
        out.append((label, fmt.format(value)))
    return out


def element_label(element) -> str:
    return element.label or humanise(element.id)


def citation(evidence: Evidence, short: bool = False) -> str:
    """``act.pdf, s. 3(1), page 5`` (``act.pdf s. 3(1) p. 5`` when short)."""
    if short:
        return f"{evidence.document} {evidence.provision} p. {evidence.page}"
    return f"{evidence.document}, {evidence.provision}, page {evidence.page}"


def key_evidence(finding: Finding) -> Evidence | None:
    """The provision a finding rests on first (None for a gap without evidence)."""
    return finding.evidence[0] if finding.evidence else None


def missing_elements(finding: Finding) -> list[str]:
    return [lower_first(element_label(e)) for e in finding.elements if not e.found]


def supports_labels(finding: Finding, evidence: Evidence) -> list[str]:
    """What a quote supports, as element labels (sub-element ids mapped to their labels)."""
    labels = {e.id: lower_first(element_label(e)) for e in finding.elements}
    return [labels.get(x) or QUALIFIER_LABELS.get(x) or humanise(x) for x in evidence.elements]


def show_searched(finding: Finding) -> bool:
    """What was searched is shown for gaps and partial items (met items need no search story)."""
    return bool(finding.searched) and finding.status != "met"


def found_elements(finding: Finding) -> list[str]:
    return [element_label(e) for e in finding.elements if e.found]


def slug(text: str) -> str:
    """An HTML id fragment made only of [a-z0-9-]."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class ThemeView:
    id: str
    letter: str
    title: str
    findings: tuple[Finding, ...]

    @property
    def heading(self) -> str:
        return f"{self.letter}. {self.title}"

    @property
    def anchor(self) -> str:
        return "theme-" + slug(self.id)

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for f in self.findings:
            counts[f.status] = counts.get(f.status, 0) + 1
        return counts


def themes(report: Report) -> list[ThemeView]:
    """Findings grouped by theme, in report order; themes without findings are left out.

    Findings whose theme is not one of ``models.THEMES`` (a user's own
    checklist) are grouped under their own theme id, after the known ones.
    """
    known = [t for t, _ in THEMES]
    titles = dict(THEMES)
    order = known + sorted({f.theme for f in report.findings if f.theme not in titles})
    views = []
    for theme_id in order:
        found = tuple(f for f in report.findings if f.theme == theme_id)
        if not found:
            continue
        title = titles.get(theme_id) or (humanise(theme_id).capitalize() if theme_id else "Other items")
        views.append(ThemeView(theme_id, _THEME_LETTERS[len(views) % 26], title, found))
    return views


def total_pages(report: Report) -> int:
    return sum(d.pages for d in report.documents)


def document_names(report: Report) -> str:
    return join_words([d.file for d in report.documents]) or "no document"


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"


def page_list(pages: Sequence[int]) -> str:
    """``1, 3-5, 9``."""
    pages = sorted(set(pages))
    runs: list[str] = []
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        runs.append(str(pages[i]) if i == j else f"{pages[i]}–{pages[j]}")
        i = j + 1
    return ", ".join(runs)


def ocr_note(doc: DocumentSummary) -> str:
    """``pages 3 (71 %), 4 (88 %)``, or "" when no page was OCR'd."""
    if not doc.ocr_pages:
        return ""
    parts = []
    for o in doc.ocr_pages:
        conf = f" ({o.confidence:.0f} % confidence)" if o.confidence is not None else " (confidence unknown)"
        parts.append(f"{o.page}{conf}")
    return ("page " if len(parts) == 1 else "pages ") + ", ".join(parts)


def format_date(iso: str) -> str:
    """``2025-11-29T12:00:00Z`` → ``29 November 2025, 12:00 UTC`` (unchanged if unparsable)."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return iso
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def counts_sentence(report: Report) -> str:
    c = report.summary
    n = len(report.findings)
    return (
        f"Of the {plural(n, 'standard')} assessed, the documents analysed fully reflect {c['met']}, "
        f"partly reflect {c['partial']} and do not reflect {c['gap']}."
    )


def themes_sentence(report: Report) -> str:
    parts = []
    for t in themes(report):
        c = t.counts
        detail = ", ".join(f"{c[s]} {s}" for s in STATUSES if c.get(s))
        parts.append(f"{t.title.split(':')[0].lower()} ({detail})")
    return "By theme: " + "; ".join(parts) + "." if parts else ""


def _partial_reason(f: Finding) -> str:
    reasons = []
    missing = missing_elements(f)
    if missing:
        reasons.append("missing " + join_words(missing))
    reasons += [f"{label.lower()}: {value}" for label, value in value_lines(f)]
    reasons += [qualifier_label(q) for q in f.qualifiers if q not in NEUTRAL_QUALIFIERS]
    return "; ".join(reasons) or "narrower than the standard"


def principal_gaps(report: Report) -> list[tuple[Finding, str]]:
    """The items that fall short, each with a short reason: gaps first, then partial items."""
    out = []
    for f in report.findings:
        if f.status == "gap":
            out.append((f, "not found in the documents analysed" if not f.evidence else "the provision found does not meet the standard"))
    for f in report.findings:
        if f.status == "partial":
            out.append((f, _partial_reason(f)))
    return out


def principal_gaps_paragraph(report: Report) -> str:
    """One paragraph naming the gaps and partial items, generated from the findings."""
    gaps = [f for f in report.findings if f.status == "gap"]
    partial = [f for f in report.findings if f.status == "partial"]
    sentences = []
    if gaps:
        names = [f"{lower_first(f.title)} ({f.item_id})" for f in gaps]
        sentences.append("Not reflected in the documents analysed: " + "; ".join(names) + ".")
    if partial:
        names = [f"{lower_first(f.title)} ({f.item_id}: {_partial_reason(f)})" for f in partial]
        sentences.append("Partly reflected: " + "; ".join(names) + ".")
    if not sentences:
        sentences.append("Every standard assessed is fully reflected in the documents analysed.")
    return " ".join(sentences)


def lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def limitations(report: Report) -> list[str]:
    """Plain sentences on what the reading could not see."""
    notes = [
        f"Only the documents listed were analysed ({document_names(report)}). A gap means that no provision "
        "was found in these documents: legislation that was not supplied (another act, a penal code, "
        "regulations, case law) may address the standard.",
        "The reading is automated: gapcheck matches the wording of provisions against patterns for each "
        "standard. Every finding must be verified against the official text by a lawyer before it is relied on.",
    ]
    for d in report.documents:
        if d.ocr_pages:
            notes.append(f"{d.file}: {ocr_note(d)} had no text layer and were read by OCR; "
                         "OCR can misread words, so quotes from these pages need checking against the printed page.")
        if d.pages_without_text:
            notes.append(f"{d.file}: {'page' if len(d.pages_without_text) == 1 else 'pages'} "
                         f"{page_list(d.pages_without_text)} yielded no text and could not be analysed.")
        for w in d.warnings:
            notes.append(f"{d.file}: {w}")
    return notes
