"""The terminal summary (rich) and the plain-text report.

Statute text and file names are put in ``rich.text.Text`` objects (never parsed
as markup) after :func:`text_safety.strip_controls` removed escape sequences
and control characters. On a non-terminal (a pipe, a file) rich writes no
colour; ``to_text`` never does.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

from rich.text import Text

from gapcheck.models import Finding, Report
from gapcheck.render import view
from gapcheck.render.text_safety import one_line

STATUS_STYLES = {"met": "bold green", "partial": "bold yellow", "gap": "bold red"}
CONFIDENCE_STYLES = {"high": "", "medium": "yellow", "low": "red"}


def _text(value: object, style: str = "") -> Text:
    return Text(one_line(value), style=style)


def _status_text(status: str) -> Text:
    return _text(view.status_label(status), STATUS_STYLES.get(status, ""))


def _console(file: TextIO | None, width: int | None = None, plain: bool = False):
    from rich.console import Console

    kwargs = dict(file=file, highlight=False, markup=False, emoji=False, soft_wrap=False, width=width)
    if plain:
        kwargs.update(color_system=None, force_terminal=False, force_interactive=False, legacy_windows=False)
    return Console(**kwargs)


def _header(report: Report) -> list[Text]:
    first = Text()
    first.append(one_line(report.state.code), style="bold cyan")
    first.append("  " + one_line(report.state.name), style="bold")
    lines = [first, _text(f"gapcheck {report.tool_version} · checklist {report.checklist.id} "
                          f"{report.checklist.version} · {report.generated_at}", "dim")]
    refs = _doc_refs(report)
    for d in report.documents:
        line = Text("  ")
        if refs:
            line.append(refs[d.file] + " ", style="dim")
        line.append(one_line(d.file), style="bold")
        line.append(f"  {view.plural(d.pages, 'page')}, {view.plural(d.provisions, 'provision')}")
        lines.append(line)
        notes = Text("      ")
        if d.ocr_pages:
            ocr = ", ".join(f"{o.page}" + (f" ({o.confidence:.0f} %)" if o.confidence is not None else "")
                            for o in d.ocr_pages)
            notes.append(f"OCR p. {ocr}; ", style="yellow")
        if d.pages_without_text:
            notes.append(f"no text p. {view.page_list(d.pages_without_text)}; ", style="red")
        if d.warnings:
            notes.append(f"{view.plural(len(d.warnings), 'warning')}; ", style="yellow")
        if notes.plain.strip():
            notes.right_crop(2)
            lines.append(notes)
    c = report.summary
    total = Text()
    total.append(f"{c['met']} met", style=STATUS_STYLES["met"])
    total.append(" · ")
    total.append(f"{c['partial']} partial", style=STATUS_STYLES["partial"])
    total.append(" · ")
    total.append(f"{c['gap']} gap", style=STATUS_STYLES["gap"])
    total.append(f"  ({len(report.findings)} items)", style="dim")
    lines.append(total)
    lines.append(_text("A gap means not found in the documents analysed; verify every finding against the "
                       "official text.", "dim"))
    return lines


def _doc_refs(report: Report) -> dict[str, str]:
    """Short references ``[1]``, ``[2]`` for the documents, when there are several."""
    if len(report.documents) < 2:
        return {}
    return {d.file: f"[{i}]" for i, d in enumerate(report.documents, 1)}


def _key_provision(f: Finding, refs: dict[str, str]) -> Text:
    ev = view.key_evidence(f)
    if ev is None:
        return _text("none found", "dim")
    out = _text(f"{ev.provision} p. {ev.page}")
    out.append(" " + refs.get(ev.document, "" if refs else ""), style="dim")
    if not refs:
        out.append(one_line(ev.document), style="dim")
    return out


def _table(report: Report, width: int):
    from rich import box
    from rich.table import Table

    wide = width >= 110
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False, header_style="bold")
    table.add_column("Item", no_wrap=True)
    if wide:
        table.add_column("Standard", ratio=3, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Conf.", no_wrap=True)
    table.add_column("Key provision", ratio=2, overflow="fold")
    refs = _doc_refs(report)
    for th in view.themes(report):
        for f in th.findings:
            cells = [_text(f.item_id)]
            if wide:
                cells.append(_text(f.title))
            cells += [_status_text(f.status), _text(f.confidence, CONFIDENCE_STYLES.get(f.confidence, "")),
                      _key_provision(f, refs)]
            table.add_row(*cells)
    return table


def _gaps(report: Report):
    lines = []
    shortfalls = view.principal_gaps(report)
    if not shortfalls:
        return [Text("Every item is met in the documents analysed.")]
    lines.append(Text(""))
    lines.append(Text("Principal gaps", style="bold"))
    for f, reason in shortfalls:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("  ")
        line.append(view.status_label(f.status).ljust(8), style=STATUS_STYLES.get(f.status, ""))
        line.append(one_line(f.item_id), style="bold")
        line.append(": " + one_line(reason))
        lines.append(line)
    return lines


def _print_summary(console, report: Report, written_to: Path | str | None = None) -> None:
    for line in _header(report):
        console.print(line)
    console.print()
    console.print(_table(report, console.width))
    for line in _gaps(report):
        console.print(line, no_wrap=True, overflow="ellipsis")
    if written_to is not None:
        console.print()
        console.print(Text("Report written to ") + _text(str(written_to), "bold"))


def print_summary(report: Report, file: TextIO | None = None, written_to: Path | str | None = None) -> None:
    """One screen: header, the items with status and key provision, the principal gaps.

    Colours only on a terminal (rich also honours NO_COLOR); fits 80 columns.
    """
    _print_summary(_console(file), report, written_to)


def to_text(report: Report, width: int = 100) -> str:
    """The full report as plain text (no ANSI codes): summary, then every item in detail."""
    from rich.padding import Padding
    buffer = io.StringIO()
    console = _console(buffer, width=width, plain=True)
    _print_summary(console, report)
    for th in view.themes(report):
        console.print()
        console.rule(_text(th.heading, "bold"), align="left", characters="=")
        for f in th.findings:
            console.print()
            console.print(_text(f.item_id, "bold") + Text("  ") + _text(f.title, "bold"))
            line = Text("Assessment: ") + _status_text(f.status) + Text(f" · Confidence: {one_line(f.confidence)}")
            if f.confidence_reason:
                line.append(f" ({one_line(f.confidence_reason)})")
            console.print(line)
            facts = []
            if f.standard:
                facts.append(("Standard", f.standard))
            if f.sources:
                facts.append(("Sources", "; ".join(f.sources)))
            facts += view.value_lines(f)
            if f.qualifiers:
                facts.append(("Qualifiers", "; ".join(view.qualifier_label(q) for q in f.qualifiers)))
            if f.explanation:
                facts.append(("Finding", f.explanation))
            if f.elements:
                facts.append(("Found", ", ".join(
                    f"{view.element_label(e)} ({', '.join(e.provisions)})" if e.provisions else view.element_label(e)
                    for e in f.elements if e.found) or "none"))
                missing = view.missing_elements(f)
                if missing:
                    facts.append(("Not found", ", ".join(missing)))
            for label, value in facts:
                console.print(Padding(_text(f"{label}: {value}"), (0, 0, 0, 2)))
            for e in f.evidence:
                cite = f"{e.document}, {e.provision}" + (f" ({e.heading})" if e.heading else "") + f", page {e.page}"
                console.print(Padding(_text(f"“{e.quote}”"), (0, 0, 0, 4)))
                console.print(Padding(_text(f"— {cite}", "dim"), (0, 0, 0, 6)))
            if view.show_searched(f):
                console.print(Padding(_text(f"Searched: {f.searched}"), (0, 0, 0, 2)))
            if f.recommendation:
                console.print(Padding(_text(f"Recommendation: {f.recommendation}"), (0, 0, 0, 2)))
    console.print()
    console.rule(Text("Methodology and limitations", style="bold"), align="left", characters="=")
    for note in view.limitations(report):
        console.print(Padding(_text(f"- {note}"), (0, 0, 0, 0)))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
