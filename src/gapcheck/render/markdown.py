"""The Markdown report: the HTML report's content as plain text with tables.

Every string that comes from a document (quotes, labels, headings, file
names) goes through :func:`text_safety.md_text`, so statute text can neither
inject HTML nor become a Markdown link, image, heading, list or table cell.
"""

from __future__ import annotations

from gapcheck.models import STATUSES, Report
from gapcheck.render import view
from gapcheck.render.text_safety import md_text as t


def _row(*cells: object) -> str:
    return "| " + " | ".join(t(c) if not isinstance(c, _Raw) else str(c) for c in cells) + " |"


class _Raw(str):
    """Markdown written by this module (already safe), not to be escaped again."""


def _bold(text: object) -> _Raw:
    return _Raw(f"**{t(text)}**")


def _status(status: str) -> _Raw:
    return _bold(view.status_label(status))


def to_markdown(report: Report) -> str:
    themes = view.themes(report)
    out: list[str] = []
    add = out.append

    add(f"# Gap analysis of anti-trafficking legislation: {t(_state(report))}")
    add("")
    add(f"- **State:** {t(report.state.name)} (code {t(report.state.code)})")
    add(f"- **Generated:** {t(view.format_date(report.generated_at))}")
    add(f"- **Tool:** gapcheck {t(report.tool_version)}")
    checklist = f"{report.checklist.id} version {report.checklist.version}"
    if report.checklist.title:
        checklist += f" ({report.checklist.title})"
    add(f"- **Checklist:** {t(checklist)}")
    add("")
    add(f"## Documents analysed ({len(report.documents)}; {view.total_pages(report)} pages)")
    add("")
    add(_row("File", "Pages", "Provisions", "Reading notes", "SHA-256"))
    add("| --- | ---: | ---: | --- | --- |")
    for d in report.documents:
        notes = []
        if d.ocr_pages:
            notes.append("OCR: " + view.ocr_note(d))
        if d.pages_without_text:
            notes.append("no text on " + view.page_list(d.pages_without_text))
        if d.warnings:
            notes.append(view.plural(len(d.warnings), "extraction warning"))
        add(_row(d.file, d.pages, d.provisions, "; ".join(notes) or "text layer read on every page",
                 _Raw(f"`{t(d.sha256)}`") if d.sha256.isalnum() else d.sha256))
    add("")
    add("> **How to read this report.** A gap means *not found in the documents analysed*; legislation that "
        "was not supplied may address the standard. The reading is automated and must be verified against "
        "the official text.")
    add("")

    add("## Executive summary")
    add("")
    add(t(view.counts_sentence(report) + " " + view.themes_sentence(report)))
    add("")
    add(t(view.principal_gaps_paragraph(report)))
    add("")
    add(_row("Theme", "Met", "Partial", "Gap", "Items"))
    add("| --- | ---: | ---: | ---: | ---: |")
    for th in themes:
        c = th.counts
        add(_row(th.heading, c["met"], c["partial"], c["gap"], len(th.findings)))
    s = report.summary
    add(_row(_bold("All themes"), s["met"], s["partial"], s["gap"], len(report.findings)))
    add("")

    add("## Coverage matrix")
    add("")
    add(_row("Theme", "Item", "Standard", "Status", "Key provision", "Confidence"))
    add("| --- | --- | --- | --- | --- | --- |")
    for th in themes:
        for f in th.findings:
            ev = view.key_evidence(f)
            add(_row(th.letter, f.item_id, f.title, _status(f.status), view.citation(ev) if ev else "none found",
                     f.confidence))
    add("")

    for th in themes:
        add(f"## {t(th.heading)}")
        add("")
        for f in th.findings:
            _item(add, f)
    _methodology(add, report)
    return "\n".join(out).rstrip() + "\n"


def _item(add, f) -> None:
    add(f"### {t(f.item_id)}: {t(f.title)}")
    add("")
    reason = f" ({t(f.confidence_reason)})" if f.confidence_reason else ""
    add(f"**Assessment:** {_status(f.status)} · **Confidence:** {t(f.confidence)}{reason}")
    add("")
    if f.standard:
        add(f"- **Standard:** {t(f.standard)}")
    if f.sources:
        add(f"- **Sources:** {t('; '.join(f.sources))}")
    for label, value in view.value_lines(f):
        add(f"- **{t(label)}:** {t(value)}")
    if f.qualifiers:
        add(f"- **Qualifiers:** {t('; '.join(view.qualifier_label(q) for q in f.qualifiers))}")
    add("")
    if f.explanation:
        add(t(f.explanation))
        add("")
    if f.elements:
        found = sum(1 for e in f.elements if e.found)
        add(f"Sub-elements: {found} of {len(f.elements)} found.")
        add("")
        add(_row("Sub-element", "Result", "Where found"))
        add("| --- | --- | --- |")
        for e in f.elements:
            add(_row(view.element_label(e), _bold("Found") if e.found else _bold("Not found"),
                     ", ".join(e.provisions) or "—"))
        add("")
    if f.evidence:
        add("**Provision relied on:**" if len(f.evidence) == 1 else "**Provisions relied on:**")
        add("")
        for e in f.evidence:
            add(f"> {t(e.quote)}")
            add(">")
            cite = f"{e.document}, {e.provision}" + (f" ({e.heading})" if e.heading else "") + f", page {e.page}"
            supports = f"; supports: {', '.join(view.supports_labels(f, e))}" if e.elements else ""
            add(f"> — {t(cite + supports)}")
            add("")
    if view.show_searched(f):
        add(f"**What was searched:** {t(f.searched)}")
        add("")
    if f.recommendation:
        add(f"**Recommendation:** {t(f.recommendation)}")
        add("")


def _methodology(add, report: Report) -> None:
    add("## Methodology and limitations")
    add("")
    for note in view.limitations(report):
        add(f"- {t(note)}")
    add("")
    for d in report.documents:
        ocr = view.ocr_note(d) + " read by OCR" if d.ocr_pages else "no page read by OCR"
        blank = (f"pages {view.page_list(d.pages_without_text)} without text" if d.pages_without_text
                 else "every page had text")
        add(f"- {t(d.file)}: {t(ocr)}; {t(blank)}.")
    add("")
    add("Status: " + "; ".join(f"**{view.status_label(s)}**: {t(view.STATUS_MEANINGS[s])}" for s in STATUSES) + ".")
    add("")
    add("Confidence: " + "; ".join(f"**{c}**: {t(m)}" for c, m in view.CONFIDENCE_MEANINGS.items()) + ".")
    add("")
    add("Sources of the standards: ICAT issue paper *The International Legal Frameworks concerning Trafficking "
        "in Persons* (2012); UN Trafficking in Persons Protocol (2000); OHCHR Recommended Principles and "
        "Guidelines on Human Rights and Human Trafficking (E/2002/68/Add.1); Council of Europe Convention on "
        "Action against Trafficking in Human Beings (CETS No. 197, 2005).")
    add("")
    add(f"*Generated by gapcheck {t(report.tool_version)} on {t(view.format_date(report.generated_at))}.*")


def _state(report: Report) -> str:
    if report.state.name.lower().startswith("user-assigned"):
        return f"{report.state.code} (user-assigned code)"
    return f"{report.state.name} ({report.state.code})"
