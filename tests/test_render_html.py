"""The HTML report: structure, self-containment, escaping, accessibility, contrast."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from render_factory import HOSTILE, hostile_report, sample_report

from gapcheck.errors import UsageError
from gapcheck.models import THEMES, Finding
from gapcheck.render import render
from gapcheck.render.html import GRAPHICS_ON_BACKGROUND, PALETTE, TEXT_ON_BACKGROUND, to_html
from gapcheck.render.json_report import from_json, to_json


class Doc(HTMLParser):
    """A tiny DOM summary: start tags with attributes, headings and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._level = 0
        self._in_style = False
        self.feed(html)
        self.close()

    BLOCKS = {"p", "div", "dt", "dd", "td", "th", "li", "tr", "blockquote", "figcaption", "caption", "br",
              "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "table", "ul", "ol"}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self.text.append(" ")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.text.append(" ")
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def all_text(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture(scope="module")
def html() -> str:
    return to_html(sample_report())


@pytest.fixture(scope="module")
def doc(html) -> Doc:
    return Doc(html)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return to_html(hostile_report())


# ------------------------------------------------------------------ structure


def test_title_block_names_state_documents_hashes_versions_and_date(doc):
    text = doc.all_text
    report = sample_report()
    assert doc.headings[0][0] == 1 and "XA" in doc.headings[0][1]
    for d in report.documents:
        assert d.file in text and d.sha256 in text
    assert "Documents analysed (2; 56 pages)" in text
    assert "gapcheck 0.1.0" in text and "icat-2012 version 1.0" in text
    assert "15 January 2026, 09:30 UTC" in text


def test_sections_in_order(doc):
    h2 = [title for level, title in doc.headings if level == 2]
    expected = ["Contents", "Executive summary", "Coverage matrix"] + [
        f"{letter}. {title}" for letter, (_, title) in zip("ABCDEF", THEMES)
    ] + ["Methodology and limitations"]
    assert h2 == expected


def test_every_item_has_its_section_in_checklist_order(doc):
    h3 = [title for level, title in doc.headings if level == 3]
    ids = [f.item_id for f in sample_report().findings]
    item_headings = [h for h in h3 if h.split(" ")[0] in ids]
    assert [h.split(" ")[0] for h in item_headings] == ids
    assert len(ids) == 20


def test_heading_levels_never_skip(doc):
    levels = [level for level, _ in doc.headings]
    assert levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, (before, after)


def test_executive_summary_counts_and_principal_gaps(doc):
    text = doc.all_text
    assert "Of the 20 standards assessed, the documents analysed fully reflect 8, partly reflect 8 and do not reflect 4." in text
    assert ("Not reflected in the documents analysed: slavery, servitude, forced labour and debt bondage are "
            "offences in their own right (EXPL-STANDALONE); status-related offences") in text
    assert "(CHILD-AGE-18: age threshold found: 16 years)" in text
    assert "(RESID-PERMIT: conditional on cooperation with the authorities)" in text
    # the same paragraph as the Markdown and terminal reports
    from gapcheck.render.view import principal_gaps_paragraph

    assert principal_gaps_paragraph(sample_report()) in text


def test_item_details(doc):
    text = doc.all_text
    # the standard and its sources
    assert "Where the victim is a child, recruiting, transporting" in text
    assert "ICAT issue paper (2012) s. 2.2; Protocol art. 3(c)" in text
    # status line, confidence with reason
    assert "Assessment: Partial · Confidence: medium (the purpose restriction is inferred from the offence wording)" in text
    # elements found / missing with their provisions
    assert "Sub-elements of TIP-MEANS: 5 of 8 found" in text
    assert "abuse of a position of vulnerability Not found" in text
    # quote with document, provision, heading and page
    assert "immigration-act-cap-14-02.pdf, s. 22B (Temporary residence), page 13" in text
    # values, qualifiers, searched, recommendation
    assert "Reflection period found 15 days" in text
    assert "conditional on cooperation with the authorities" in text
    assert "What was searched non-punishment for unlawful entry" in text
    assert "Recommendation Replace \u201cmay not be prosecuted\u201d" in text or "Recommendation Replace \"may not be prosecuted\"" in text


def test_methodology_names_ocr_pages_blank_pages_and_warnings(doc):
    text = doc.all_text
    assert "immigration-act-cap-14-02.pdf: pages 17 (71 % confidence), 19 (88 % confidence) had no text layer and were read by OCR" in text
    assert "immigration-act-cap-14-02.pdf: page 18 yielded no text and could not be analysed" in text
    assert "immigration-act-cap-14-02.pdf: pages 2-40: a running header was removed" in text
    assert "A gap means that no provision was found in these documents" in text
    assert "must be verified against the official text" in text


def test_matrix_has_every_item_with_a_text_status(html):
    matrix = html[html.index('<table class="matrix">'):html.index("</table>", html.index('<table class="matrix">'))]
    for f in sample_report().findings:
        row = re.search(rf'<th scope="row"><a href="#item-{f.item_id.lower()}">{f.item_id}</a></th>(.*?)</tr>', matrix, re.S)
        assert row, f.item_id
        label = {"met": "Met", "partial": "Partial", "gap": "Gap"}[f.status]
        assert f'<span class="status status-{f.status}">{label}</span>' in row.group(1)


def test_chart_is_inline_svg_with_a_text_alternative(doc, html):
    assert html.count("<svg") == 1
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"', html)
    assert "A. Definition of trafficking: 3 met, 2 partial, 0 gap" in html
    rects = [a for t, a in doc.tags if t == "rect" and a.get("class", "").startswith("seg-")]
    # one segment per non-zero (theme, status), plus 3 legend swatches
    assert len(rects) == 11 + 3


def test_unknown_theme_of_a_custom_checklist_gets_its_own_section():
    extra = Finding("LOCAL-1", "A local item", "local-rules", "gap", searched="local words")
    report = replace(sample_report(), findings=sample_report().findings + (extra,))
    h2 = [t for level, t in Doc(to_html(report)).headings if level == 2]
    assert "G. Local rules" in h2


def test_empty_report_renders():
    report = replace(sample_report(), findings=(), documents=())
    text = Doc(to_html(report)).all_text
    assert "Every standard assessed is fully reflected" in text or "Of the 0 standards" in text


def test_render_dispatch_and_json_round_trip(html):
    assert render(sample_report(), "html") == html
    assert to_html(from_json(to_json(sample_report()))).count("<article") == 20


def test_page_size():
    assert "size: A4;" in to_html(sample_report(), page_size="A4")
    assert "size: Letter;" in to_html(sample_report(), page_size="Letter")
    assert not re.search(r"@page \{ size:", to_html(sample_report()))
    with pytest.raises(UsageError):
        to_html(sample_report(), page_size="A3; } body { display:none")


# ------------------------------------------------------------ self-contained

REFERENCE = re.compile(
    r"""(?:\b(?:src|href|action|formaction|poster|data|srcset|background|cite|xlink:href|ping|manifest)\s*=\s*["']?\s*([^"'\s>]*))"""
    r"""|(?:url\(\s*["']?([^"')]*))|(?:@import\s+["']?([^"';\s]*))""",
    re.I,
)


def external_references(html: str) -> list[str]:
    # statute text is escaped, so a reference can only be in markup: inspect tags and style blocks
    markup = " ".join(re.findall(r"<[^>]*>", html) + re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    refs = []
    for m in REFERENCE.finditer(markup):
        value = next(g for g in m.groups() if g is not None)
        if not (value.startswith("#") or value.startswith("data:")):
            refs.append(m.group(0))
    return refs


@pytest.mark.parametrize("factory", [sample_report, hostile_report])
def test_no_external_reference(factory):
    html = to_html(factory())
    assert external_references(html) == []
    for t, attrs in Doc(html).tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (t, name)
            if name in ("href", "src"):
                assert value and value.startswith("#"), (t, name, value)


def test_the_detector_of_external_references_does_find_them():
    assert external_references('<link href="https://fonts.example/x.css"><img src="x.png">') != []
    assert external_references("<style>@import 'x.css'; body{background:url(http://e/x.png)}</style>") != []
    assert external_references('<a href="#item-x">x</a><img src="data:image/png;base64,AA">') == []


def test_no_url_at_all_in_a_normal_report(html):
    assert "http://" not in html and "https://" not in html and "//" not in re.sub(r"<!--.*?-->", "", html).replace("://", "")


def test_content_security_policy_forbids_scripts_and_fetches(html):
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m and "default-src 'none'" in m.group(1) and "script-src" not in m.group(1)
    assert "<script" not in html.lower()


# ------------------------------------------------------------------- hostile


def test_hostile_statute_text_appears_as_text(hostile_html):
    doc = Doc(hostile_html)
    tags = {t for t, _ in doc.tags}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert "<script" not in hostile_html.lower()
    assert "<img" not in hostile_html.lower()
    text = doc.all_text
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "[click here](javascript:alert(1))" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html


def test_hostile_control_characters_are_removed(hostile_html):
    assert "\x1b" not in hostile_html and "\u202e" not in hostile_html
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", hostile_html)


def test_hostile_file_name_cannot_break_the_running_title_css():
    from gapcheck.models import State

    report = replace(sample_report(), state=State("XB", 'Evil"; } body { display: none } </style><script>alert(1)</script>'))
    html = to_html(report)
    style = html[html.index("<style>"):html.index("</style>")]
    assert "<script" not in style and "display: none }" not in style
    assert html.count("</style>") == 1
    assert Doc(html).all_text.count("<script>alert(1)</script>") >= 1


# ------------------------------------------------------------ accessibility


def test_lang_and_charset(html):
    assert re.search(r'<html lang="en">', html)
    assert '<meta charset="utf-8">' in html


def test_every_th_has_a_scope(doc):
    ths = [a for t, a in doc.tags if t == "th"]
    assert len(ths) > 40
    for attrs in ths:
        assert attrs.get("scope") in ("col", "row", "colgroup", "rowgroup"), attrs


def test_status_is_never_colour_alone(html):
    for m in re.finditer(r'<span class="status status-(met|partial|gap)">([^<]*)</span>', html):
        assert m.group(2).strip() in ("Met", "Partial", "Gap", "Found", "Not found")
    assert html.count('class="status status-') >= 20 + 3


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


@pytest.mark.parametrize("fg, bg", TEXT_ON_BACKGROUND)
def test_text_colours_pass_wcag_aa(fg, bg):
    assert contrast(PALETTE[fg], PALETTE[bg]) >= 4.5, (fg, bg, round(contrast(PALETTE[fg], PALETTE[bg]), 2))


@pytest.mark.parametrize("fg, bg", GRAPHICS_ON_BACKGROUND)
def test_graphics_pass_wcag_non_text_contrast(fg, bg):
    assert contrast(PALETTE[fg], PALETTE[bg]) >= 3.0


def test_css_uses_only_palette_colours_and_every_text_colour_is_checked():
    from importlib import resources

    css = resources.files("gapcheck.templates").joinpath("report.css").read_text(encoding="utf-8")
    css_no_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", css_no_comments), "literal colour in report.css"
    colour_props = r"(?:color|background(?:-color)?|fill|stroke|border(?:-(?:top|right|bottom|left))?(?:-color)?)"
    named = re.findall(rf"(?<![-\w]){colour_props}\s*:\s*([A-Za-z]+)\s*[;}}]", css_no_comments)
    assert set(named) <= {"currentColor", "none", "transparent", "inherit"}
    text_vars = set(re.findall(r"(?<![-\w])(?:color|fill)\s*:\s*var\(--([\w-]+)\)", css_no_comments))
    checked = {fg for fg, _ in TEXT_ON_BACKGROUND} | {fg for fg, _ in GRAPHICS_ON_BACKGROUND}
    assert text_vars and text_vars <= checked, text_vars - checked
    used = set(re.findall(r"var\(--([\w-]+)\)", css_no_comments))
    assert used <= set(PALETTE), used - set(PALETTE)


# --------------------------------------------------------------------- print


def test_print_rules(html):
    assert "@media print" in html
    assert re.search(r"\.theme, #matrix, #methodology \{ break-before: page; \}", html)
    assert re.search(r"\.item\.keep \{ break-inside: avoid; \}", html)
    assert re.search(r"thead \{ display: table-header-group; \}", html)
    assert re.search(r"@page \{ margin: 20mm 16mm 20mm 16mm; \}", html)
    assert re.search(r'@top-center \{ content: "XA \(user-assigned code: draft, model law or test\): gap analysis', html)
    assert 'counter(page) " of " counter(pages)' in html


def test_hostile_list_is_complete():
    # every hostile sample is exercised by the tests above
    assert len(HOSTILE) >= 10


def test_what_was_searched_is_shown_for_shortfalls_only():
    met = replace(sample_report().findings[0], searched="offence-creating provisions SEARCHED-MET")
    partial = replace(sample_report().findings[2], searched="the means SEARCHED-PARTIAL")
    report = replace(sample_report(), findings=(met, partial) + sample_report().findings[3:])
    html = to_html(report)
    assert "SEARCHED-PARTIAL" in html and "SEARCHED-MET" not in html


def test_evidence_supports_are_named_by_element_label(doc):
    assert "supports: threat or use of force, other forms of coercion, abduction, fraud, deception" in doc.all_text
