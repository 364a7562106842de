"""The bundled sample statutes (samples/): complete, well-formed, consistent.

Each sample is a source text (<name>.txt), the PDF typeset from it by
scripts/build_samples.py (<name>.pdf) and its expected findings (<name>.yaml,
in the label format of shared/eval/README.md). These tests check the files
themselves, not gapcheck's analysis of them: the labels must be usable as a
yardstick, so every quote must be real text, every cited provision must exist,
statuses must agree with the sub-elements, and the PDF must match its source.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import label_checks
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
STANDARDS = REPO.parent / "shared" / "STANDARDS.md"

from label_checks import CONFIDENCES, ELEMENTS, ITEMS, STATUSES  # noqa: E402,F401

USER_ASSIGNED = re.compile(r"^(X[A-Z]|ZZ)$")

NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _label(name: str) -> dict:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def _source(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def _builder():
    """scripts/build_samples.py, imported once (it is a script, not part of the package)."""
    pytest.importorskip("reportlab")
    module = sys.modules.get("gapcheck_build_samples")
    if module is None:
        spec = importlib.util.spec_from_file_location("gapcheck_build_samples", REPO / "scripts" / "build_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
        return pages
    finally:
        pdf.close()


# ------------------------------------------------------------- completeness


def test_at_least_three_samples_in_different_styles():
    builder = _builder()
    assert len(NAMES) >= 3, NAMES
    styles = {builder.LAYOUTS[name].style for name in NAMES}
    assert len(styles) >= 3, styles


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_has_text_pdf_and_label(name):
    for suffix in (".txt", ".pdf", ".yaml"):
        assert (SAMPLES / f"{name}{suffix}").is_file(), f"samples/{name}{suffix} is missing"


def test_no_orphan_pdf_or_label():
    for path in list(SAMPLES.glob("*.pdf")) + list(SAMPLES.glob("*.yaml")):
        assert path.stem in NAMES, f"{path.name} has no source text {path.stem}.txt"


def test_readme_describes_every_sample():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"{name}.txt" in readme or f"`{name}`" in readme, f"samples/README.md does not describe {name}"


# ------------------------------------------------------------- label format


@pytest.mark.parametrize("name", NAMES)
def test_label_header(name):
    label = _label(name)
    assert set(label) == {"case", "state", "title", "documents", "items"}
    assert label["case"] == name
    assert USER_ASSIGNED.match(label["state"]), "synthetic states use user-assigned codes (XA-XZ, ZZ)"
    assert isinstance(label["title"], str) and label["title"].strip()
    assert label["documents"] == [f"{name}.pdf"]


@pytest.mark.parametrize("name", NAMES)
def test_label_lists_every_item_in_standards_order(name):
    label_checks.check_items_in_order(name, _label(name))


@pytest.mark.parametrize("name", NAMES)
def test_label_items_are_well_formed(name):
    label_checks.check_items_well_formed(name, _label(name))


@pytest.mark.parametrize("name", NAMES)
def test_itemised_status_agrees_with_elements(name):
    label_checks.check_status_agrees_with_elements(name, _label(name))


@pytest.mark.parametrize("name", NAMES)
def test_values_for_age_and_reflection_days(name):
    label_checks.check_values(name, _label(name))


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_is_verbatim_in_the_source(name):
    label_checks.check_quotes_verbatim(name, _label(name), _source(name))


# ------------------------------------------------- cited provisions exist

CITATION = re.compile(r'^(?:s\.|Art\.|§)\s*(?P<number>\d+(?:\.\d+)?[A-Z]?)(?P<rest>(?:\([0-9A-Za-z]+\))*)(?: "(?P<term>[^"]+)")?$')


def _section_text(source: str, number: str) -> str | None:
    """The text of section/article ``number``: from its heading line to the next one."""
    lines = source.split("\n")
    starts = (
        re.compile(rf"^§ {re.escape(number)}\.\s"),
        re.compile(rf"^Article {re.escape(number)}$"),
        re.compile(rf"^{re.escape(number)}\.?\s"),
    )
    any_start = re.compile(r"^(§ \d+\.\s|Article \d+[a-z]?$|\d+(?:\.\d+)?[A-Z]?\.?\s)")
    for start in starts:
        begin = next((i for i, line in enumerate(lines) if start.match(line)), None)
        if begin is not None:
            end = next((j for j in range(begin + 1, len(lines)) if any_start.match(lines[j])), len(lines))
            return "\n".join(lines[begin:end])
    return None


@pytest.mark.parametrize("name", NAMES)
def test_cited_provisions_exist_in_the_source(name):
    source = _source(name)
    for item_id, item in _label(name)["items"].items():
        for citation in item["provisions"]:
            where = f"{name}.yaml {item_id} {citation!r}"
            match = CITATION.match(citation)
            assert match, f"{where}: write s. 4(1), Art. 301(2), § 102(a) or s. 2 \"term\""
            section = _section_text(source, match["number"])
            assert section is not None, f"{where}: no section {match['number']} in {name}.txt"
            first, *others = section.split("\n")
            line_starts = [line.strip() for line in others]
            for part in re.findall(r"\([0-9A-Za-z]+\)", match["rest"]):
                bare = part[1:-1] + ")"
                present = (any(s.startswith((part, bare)) for s in line_starts)
                           or re.match(rf"^\S+\s+{re.escape(part)}\s", first))
                assert present, f"{where}: no {part} in section {match['number']}"
            if match["term"]:
                assert re.search(rf'[“"]{re.escape(match["term"])}[”"]', section), f"{where}: term not defined there"


# ------------------------------------------------------------- the PDFs


@pytest.mark.parametrize("name", NAMES)
def test_pdf_is_small_and_of_statute_length(name):
    path = SAMPLES / f"{name}.pdf"
    assert path.stat().st_size < 100 * 1024
    assert 2 <= len(_pdf_pages(path)) <= 5


@pytest.mark.parametrize("name", NAMES)
def test_committed_pdf_is_up_to_date_with_its_source(name, tmp_path):
    rebuilt = _builder().build(name, tmp_path)
    committed = SAMPLES / f"{name}.pdf"
    assert _pdf_pages(rebuilt) == _pdf_pages(committed), (
        f"samples/{name}.pdf is stale: run `python scripts/build_samples.py {name}`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_pdf_carries_every_word_of_the_source(name):
    words = Counter(_source(name).split())
    printed = Counter(" ".join(_pdf_pages(SAMPLES / f"{name}.pdf")).split())
    missing = words - printed
    assert not missing, f"words of {name}.txt missing from {name}.pdf: {sorted(missing)[:10]}"


def test_build_is_deterministic(tmp_path):
    builder = _builder()
    first = builder.build(NAMES[0], tmp_path / "a").read_bytes()
    second = builder.build(NAMES[0], tmp_path / "b").read_bytes()
    assert first == second


def test_pdf_has_running_header_and_page_numbers():
    builder = _builder()
    for name in NAMES:
        layout = builder.LAYOUTS[name]
        pages = _pdf_pages(SAMPLES / f"{name}.pdf")
        for number, text in enumerate(pages, start=1):
            assert _squash(layout.running_header) in _squash(text), f"{name} p. {number}: no running header"
            assert _squash(layout.footer.format(n=number)) in _squash(text), f"{name} p. {number}: no page number"


def test_commonwealth_sample_prints_headings_as_margin_notes():
    """The short heading of a section sits in the margin beside its first line."""
    import pdfplumber

    builder = _builder()
    name = next(n for n in NAMES if builder.LAYOUTS[n].style == "commonwealth")
    layout = builder.LAYOUTS[name]
    with pdfplumber.open(SAMPLES / f"{name}.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    body_left = min(w["x0"] for w in words if re.fullmatch(r"\d+\.", w["text"]))
    interpretation = next(w for w in words if w["text"] == "Interpretation")
    assert interpretation["x1"] < body_left, "the heading is not in the margin"
    assert interpretation["x0"] < 60 + layout.margin_note_width


@pytest.mark.parametrize(
    ("line", "kind", "label"),
    [
        ("4. (1) A person who recruits", "para", "4."),
        ("    (2) A person who", "para", "(2)"),
        ("        (a) abduction;", "para", "(a)"),
        ("    a) has resulted in death;", "para", "a)"),
        ("    (A) causing an individual", "para", "(A)"),
        ('    "child" means a person', "para", ""),
        ("PART II", "centre", ""),
        ("[Date of assent: 14th March, 2023]", "right", ""),
    ],
)
def test_parse_recognises_labels_and_headings(line, kind, label):
    blocks = _builder().parse("TITLE\n\n" + line + "\n", "commonwealth")
    block = blocks[-1]
    assert (block.kind, block.label) == (kind, label)


@pytest.mark.parametrize(
    ("source", "style", "kinds"),
    [
        ("T\n\nInterpretation\n2. In this Act—\n", "commonwealth", ["title", "space", "note", "para"]),
        ("T\n\nArticle 301\nTrafficking\n(1) Whoever\n", "civil", ["title", "space", "article", "article-heading", "para"]),
        ("T\n\n§ 102. Trafficking.\n(a) Offense.\n", "code", ["title", "space", "sechead", "para"]),
        ("T\n\nConsent\n    (2) The consent\n", "decimal", ["title", "space", "subhead", "para"]),
        ("T\n\n\f\nText.\n", "code", ["title", "space", "pagebreak", "para"]),
    ],
)
def test_parse_recognises_each_style(source, style, kinds):
    assert [b.kind for b in _builder().parse(source, style)] == kinds


def test_parse_rejects_ragged_indentation():
    builder = _builder()
    with pytest.raises(builder.SourceError, match="x.txt:3"):
        builder.parse("T\n\n  (a) two spaces\n", "code", "x.txt")


# ------------------------------------------------ the IDs are STANDARDS.md's


def test_item_and_element_ids_match_standards():
    if not STANDARDS.is_file():
        pytest.skip("shared/STANDARDS.md is not beside the checkout")
    ids: list[str] = []
    elements: dict[str, tuple[str, ...]] = {}
    for line in STANDARDS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([A-Z0-9-]+)`", cells[0]) if line.startswith("|") else None
        if not match:
            continue
        ids.append(match[1])
        if len(cells) == 4 and cells[2] not in ("–", "-", ""):
            elements[match[1]] = tuple(re.findall(r"`([a-z_]+)`", cells[2]))
    assert tuple(ids) == ITEMS
    assert elements == ELEMENTS
