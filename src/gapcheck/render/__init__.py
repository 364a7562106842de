"""Renderers: a Report in, a string out. No renderer re-reads documents."""

from __future__ import annotations

FORMATS = ("terminal", "json", "html", "markdown")


def render(report, fmt: str, **options) -> str:
    """Render ``report`` in ``fmt`` (one of FORMATS)."""
    if fmt == "json":
        from gapcheck.render.json_report import to_json

        return to_json(report)
    if fmt == "html":
        from gapcheck.render.html import to_html

        return to_html(report, **options)
    if fmt == "markdown":
        from gapcheck.render.markdown import to_markdown

        return to_markdown(report)
    if fmt == "terminal":
        from gapcheck.render.terminal import to_text

        return to_text(report, **options)
    from gapcheck.errors import UsageError

    raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}", path="--format")
