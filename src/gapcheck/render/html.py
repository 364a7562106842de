"""The HTML report: one self-contained, printable, accessible file.

Jinja2 with autoescape on and StrictUndefined; every value is also stripped of
control characters before escaping. CSS and the chart (SVG) are inline, there
is no script, and a Content-Security-Policy forbids fetching anything, so the
file opens offline years later and statute text cannot attack its reader.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from gapcheck.models import STATUSES, Report
from gapcheck.render import view
from gapcheck.render.text_safety import css_string, strip_controls

# Every colour the report uses. Text colours are tested (tests/test_render_html.py)
# against the backgrounds they are used on, for WCAG AA contrast (4.5:1).
PALETTE: dict[str, str] = {
    "page": "#ffffff",
    "ink": "#1c1917",
    "muted": "#57534e",
    "accent": "#1e3a8a",
    "panel": "#f5f5f4",
    "header": "#e7e5e4",
    "rule": "#a8a29e",
    "rule-strong": "#78716c",
    "met-fg": "#14532d",
    "met-bg": "#dcfce7",
    "partial-fg": "#713f12",
    "partial-bg": "#fef3c7",
    "gap-fg": "#7f1d1d",
    "gap-bg": "#fee2e2",
    "met-strong": "#15803d",
    "partial-strong": "#a16207",
    "gap-strong": "#b91c1c",
    "on-strong": "#ffffff",
}

TEXT_ON_BACKGROUND: tuple[tuple[str, str], ...] = (
    ("ink", "page"), ("ink", "panel"), ("ink", "header"),
    ("muted", "page"), ("muted", "panel"),
    ("accent", "page"), ("accent", "panel"),
    ("met-fg", "met-bg"), ("partial-fg", "partial-bg"), ("gap-fg", "gap-bg"),
    ("on-strong", "met-strong"), ("on-strong", "partial-strong"), ("on-strong", "gap-strong"),
)
"""(text colour, background) pairs as used by report.css; each must reach 4.5:1."""

GRAPHICS_ON_BACKGROUND: tuple[tuple[str, str], ...] = (
    ("met-strong", "page"), ("partial-strong", "page"), ("gap-strong", "page"), ("rule-strong", "panel"),
)
"""Chart bars and quote rules against the page: WCAG 1.4.11 asks 3:1."""

PAGE_SIZES = ("A4", "Letter")


@lru_cache(maxsize=1)
def _environment():
    """The Jinja environment, built once: compiling the template costs ~0.1 s (a batch renders hundreds)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return strip_controls(value)

    env = Environment(
        loader=PackageLoader("gapcheck.templates", "."),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["humanise"] = view.humanise
    return env


def _state_display(report: Report) -> str:
    state = report.state
    if state.name.lower().startswith("user-assigned"):
        return f"{state.code} (user-assigned code: draft, model law or test)"
    return f"{state.name} ({state.code})"


KEEP_TOGETHER_LINES = 22
"""Items estimated shorter than this many printed lines (about 45 % of an A4 page
at 10 pt) are kept on one page; longer ones may break between their blocks
(never inside a quote, table row or recommendation), which avoids leaving
half-empty pages before every long item."""


def estimated_lines(f) -> int:
    """A rough count of the printed lines of an item block (A4, 10 pt)."""
    def lines(text: str, per_line: int = 95) -> int:
        return -(-len(text) // per_line) if text else 0

    n = 3 + lines(f.title, 70)  # heading, assessment
    n += lines(f.standard, 80) + lines("; ".join(f.sources), 80) + len(f.values) + len(f.qualifiers)
    n += lines(f.explanation) + 1
    if f.elements:
        n += len(f.elements) + 3
    for e in f.evidence:
        n += lines(e.quote, 90) + 2
    if f.evidence:
        n += 2
    if view.show_searched(f):
        n += lines(f.searched) + 2
    if f.recommendation:
        n += lines(f.recommendation, 90) + 3
    return n


def keep_together(f) -> bool:
    return estimated_lines(f) <= KEEP_TOGETHER_LINES


def _doc_notes(d) -> list[str]:
    notes = []
    if d.ocr_pages:
        notes.append(f"OCR: {view.ocr_note(d)}")
    if d.pages_without_text:
        notes.append(f"no text on {'page' if len(d.pages_without_text) == 1 else 'pages'} {view.page_list(d.pages_without_text)}")
    if d.warnings:
        notes.append(view.plural(len(d.warnings), "extraction warning") + " (see Methodology)")
    return notes


def _chart(themes: list[view.ThemeView]) -> dict[str, Any]:
    """Geometry of the stacked bar chart (one bar per theme, one unit per item)."""
    bar_left, unit, bar, row_h = 360, 72, 22, 32
    most = max((len(t.findings) for t in themes), default=1)
    width = bar_left + unit * max(most, 5) + 10
    rows = []
    for i, t in enumerate(themes):
        y, x, segments = 8 + i * row_h, bar_left, []
        for s in STATUSES:
            n = t.counts.get(s, 0)
            if n:
                segments.append({"status": s, "x": x, "width": n * unit, "count": n})
                x += n * unit
        label = t.heading if len(t.heading) <= 46 else t.heading[:45] + "…"
        rows.append({"y": y, "label": label, "segments": segments})
    legend_y = 8 + len(themes) * row_h + 8
    legend = [{"status": s, "label": view.status_label(s), "x": bar_left + k * 110} for k, s in enumerate(STATUSES)]
    description = "; ".join(
        f"{t.heading}: " + ", ".join(f"{t.counts.get(s, 0)} {s}" for s in STATUSES) for t in themes
    )
    return {"width": width, "height": legend_y + 24, "bar": bar, "rows": rows, "legend": legend,
            "legend_y": legend_y, "description": description}


def _print_css(report: Report, page_size: str | None) -> str:
    running = f"{_state_display(report)}: gap analysis of anti-trafficking legislation"
    footer = f"gapcheck {report.tool_version} · checklist {report.checklist.id} {report.checklist.version} · {view.format_date(report.generated_at)}"
    size = f" size: {page_size};" if page_size else ""
    margin_font = 'font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8pt; color: var(--muted);'
    return (
        f"@page {{{size}\n"
        f"  @top-center {{ content: {css_string(running)}; {margin_font} }}\n"
        f"  @bottom-left {{ content: {css_string(footer)}; {margin_font} }}\n"
        f"  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); {margin_font} }}\n"
        "}\n"
    )


def stylesheet(report: Report, page_size: str | None = None) -> str:
    """The inline CSS: palette variables, report.css, and the page-margin boxes."""
    env = _environment()
    base = env.loader.get_source(env, "report.css")[0]
    palette = ":root {\n" + "".join(f"  --{k}: {v};\n" for k, v in PALETTE.items()) + "}\n"
    return palette + base + _print_css(report, page_size)


def to_html(report: Report, page_size: str | None = None) -> str:
    """The report as one self-contained HTML document.

    ``page_size`` ("A4" or "Letter") fixes the printed paper size; by default
    the printer's paper is used (the margins suit both).
    """
    from markupsafe import Markup

    if page_size is not None and page_size not in PAGE_SIZES:
        from gapcheck.errors import UsageError

        raise UsageError(f"unknown page size {page_size!r}: choose A4 or Letter")
    env = _environment()
    themes = view.themes(report)
    engines = sorted({d.engine for d in report.documents if d.engine})
    template = env.get_template("report.html.j2")
    return template.render(
        report=report,
        title=f"{_state_display(report)}: gap analysis of anti-trafficking legislation",
        state_display=_state_display(report),
        css=Markup(stylesheet(report, page_size)),
        generated=view.format_date(report.generated_at),
        pages=view.total_pages(report),
        themes=themes,
        chart=_chart(themes),
        counts_sentence=view.counts_sentence(report),
        themes_sentence=view.themes_sentence(report),
        gaps=[(f, r) for f, r in view.principal_gaps(report) if f.status == "gap"],
        partials=[(f, r) for f, r in view.principal_gaps(report) if f.status == "partial"],
        lower_first=view.lower_first,
        limitations=view.limitations(report),
        engines=("text engine: " + ", ".join(engines)) if engines else "text engine not recorded",
        status_meanings=list(view.STATUS_MEANINGS.items()),
        confidence_meanings=list(view.CONFIDENCE_MEANINGS.items()),
        doc_notes=_doc_notes,
        key_evidence=view.key_evidence,
        status_label=view.status_label,
        qualifier_label=view.qualifier_label,
        value_lines=view.value_lines,
        element_label=view.element_label,
        supports_labels=view.supports_labels,
        show_searched=view.show_searched,
        keep_together=keep_together,
        found_count=lambda f: sum(1 for e in f.elements if e.found),
        item_anchor=lambda f: "item-" + view.slug(f.item_id),
        ocr_note=view.ocr_note,
        page_list=view.page_list,
    )
