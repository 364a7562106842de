"""The held-out evaluation corpus (tests/heldout/): complete, well-formed, consistent.

Each case is a plain-text statute (<case>.txt) and its expert labels (<case>.yaml,
in the label format of shared/eval/README.md). These tests check the files
themselves, not gapcheck's analysis of them: a yardstick is only useful if every
item and sub-element is labelled, statuses agree with sub-elements, every quote is
real text of the statute and every cited provision exists in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import label_checks
import pytest
import yaml

HELDOUT = Path(__file__).resolve().parent / "heldout"
STANDARDS = Path(__file__).resolve().parents[1].parent / "shared" / "STANDARDS.md"

from label_checks import CONFIDENCES, ELEMENTS, ITEMS, STATUSES  # noqa: E402,F401

USER_ASSIGNED = re.compile(r"^(X[A-Z]|ZZ)$")

CASES = sorted({p.stem for p in HELDOUT.glob("*.txt")} | {p.stem for p in HELDOUT.glob("*.yaml")})


def _squash(text: str) -> str:
    return " ".join(text.split())


def _label(case: str) -> dict:
    path = HELDOUT / f"{case}.yaml"
    if not path.is_file():
        pytest.fail(f"tests/heldout/{case}.yaml is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(case: str) -> str:
    path = HELDOUT / f"{case}.txt"
    if not path.is_file():
        pytest.fail(f"tests/heldout/{case}.txt is missing")
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------- completeness


def test_corpus_is_not_empty():
    assert len(CASES) >= 4, CASES


@pytest.mark.parametrize("case", CASES)
def test_every_case_has_text_and_label(case):
    for suffix in (".txt", ".yaml"):
        assert (HELDOUT / f"{case}{suffix}").is_file(), f"tests/heldout/{case}{suffix} is missing"


@pytest.mark.parametrize("case", CASES)
def test_readme_describes_every_case(case):
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    assert f"`{case}`" in readme, f"tests/heldout/README.md does not describe {case}"


@pytest.mark.parametrize("case", CASES)
def test_text_is_a_plain_statute(case):
    text = _text(case)
    assert "\t" not in text and "\r" not in text, "plain text: no tabs, LF line ends"
    words = len(text.split())
    assert 300 <= words <= 4000, f"{case}.txt has {words} words: a statute extract of 1-4 pages expected"


# ------------------------------------------------------------- label format


@pytest.mark.parametrize("case", CASES)
def test_label_header(case):
    label = _label(case)
    assert isinstance(label, dict), "the label file is a YAML mapping"
    assert set(label) == {"case", "state", "title", "documents", "items"}
    assert label["case"] == case
    assert USER_ASSIGNED.match(label["state"]), "fictional states use user-assigned codes (XA-XZ, ZZ)"
    assert isinstance(label["title"], str) and label["title"].strip()
    assert label["documents"] == [f"{case}.txt"]


def test_state_codes_are_unique():
    states = [_label(case)["state"] for case in CASES]
    assert len(states) == len(set(states)), states


@pytest.mark.parametrize("case", CASES)
def test_label_lists_every_item_in_standards_order(case):
    label_checks.check_items_in_order(case, _label(case))


@pytest.mark.parametrize("case", CASES)
def test_label_items_are_well_formed(case):
    label_checks.check_items_well_formed(case, _label(case))


@pytest.mark.parametrize("case", CASES)
def test_itemised_status_agrees_with_elements(case):
    label_checks.check_status_agrees_with_elements(case, _label(case))


@pytest.mark.parametrize("case", CASES)
def test_values_for_age_and_reflection_days(case):
    label_checks.check_values(case, _label(case))


# ------------------------------------------------------- quotes and provisions


@pytest.mark.parametrize("case", CASES)
def test_every_quote_is_verbatim_in_the_text(case):
    label_checks.check_quotes_verbatim(case, _label(case), _text(case))


# A citation: a kind ("s. 370(1)", "Art. L. 425-1", "§ 102(a)", "Sch. 1"), the provision's
# main label (with a Latin ordinal as in "Art. 145 bis"), then optional sub-divisions, an
# Explanation number or a defined term.
LATIN_ORDINALS = r"(?:bis|ter|quater|quinquies|sexies)"
CITATION = re.compile(
    r'^(?P<kind>ss?\.|Sec\.|Section|Art\.|Arts\.|Article|§|Sch\.|Schedule|Rule|reg\.)\s*'
    rf'(?P<main>(?:[A-Z]\.\s*)?[0-9][0-9A-Za-z.\-]*(?:\s{LATIN_ORDINALS}\b|\s[A-Z](?![a-z]))?)'
    r'(?P<rest>[^"]*?)\s*(?:"(?P<term>[^"]+)")?$'
)
HEADING_PREFIX = r"(?:(?:Article|Art\.|Section|SECTION|Sec\.|SEC\.|§|Schedule|SCHEDULE|Clause|Rule)\s*)?\(?"


def _provision_exists(text: str, kind: str, main: str) -> bool:
    """Whether a line of the statute starts with the provision's label, as statutes print them."""
    main = main.rstrip(".")
    if kind in ("Sch.", "Schedule"):
        return re.search(rf"^\s*SCHEDULE {re.escape(main)}\s*$", text, re.M | re.I) is not None
    label = re.escape(main).replace(r"\ ", r"\s+")
    # "Art. 145" is not "Article 145 bis": a bare number must not be followed by an ordinal.
    ordinal = "" if re.search(rf"\s{LATIN_ORDINALS}$", main) else rf"(?!\s+{LATIN_ORDINALS}\b)"
    return re.search(rf"^\s*{HEADING_PREFIX}{label}(?![\w\-]){ordinal}", text, re.M) is not None


@pytest.mark.parametrize("case", CASES)
def test_cited_provisions_exist_in_the_text(case):
    text = _text(case)
    for item_id, item in _label(case)["items"].items():
        for citation in item["provisions"]:
            where = f"{case}.yaml {item_id} {citation!r}"
            match = CITATION.match(citation)
            assert match, f"{where}: write s. 4(1), Art. 225-4-1, Art. L. 425-1, § 102(a), Sch. 1 or s. 2 \"term\""
            assert _provision_exists(text, match["kind"], match["main"]), f"{where}: no such provision in {case}.txt"
            for part in re.findall(r"\([0-9A-Za-z]+\)", match["rest"]):
                assert part in text or f"{part[1:-1]})" in text, f"{where}: no {part} in {case}.txt"
            if match["term"]:
                assert re.search(rf'[“"]{re.escape(match["term"])}[”"]', text), f"{where}: term not defined"


@pytest.mark.parametrize(
    ("citation", "kind", "main", "term"),
    [
        ("s. 370(1)(a)", "s.", "370", None),
        ("s. 370 Expl. 3", "s.", "370", None),
        ('s. 2 "exploitation"', "s.", "2", "exploitation"),
        ("Art. 225-4-1", "Art.", "225-4-1", None),
        ("Art. 224-1 A", "Art.", "224-1 A", None),
        ("Art. L. 425-1", "Art.", "L. 425-1", None),
        ("Art. R. 425-2", "Art.", "R. 425-2", None),
        ("Art. 4(2)", "Art.", "4", None),
        ("§ 1591(e)(2)", "§", "1591", None),
        ("Sch. 1", "Sch.", "1", None),
        ("Sec. 4(a)", "Sec.", "4", None),
        ("Art. 145 bis", "Art.", "145 bis", None),
        ("Art. 145 ter(1)", "Art.", "145 ter", None),
        ("s. 271.2(1B)", "s.", "271.2", None),
        ("reg. 2.20A(3)", "reg.", "2.20A", None),
    ],
)
def test_citation_grammar(citation, kind, main, term):
    match = CITATION.match(citation)
    assert match, citation
    assert (match["kind"], match["main"], match["term"]) == (kind, main, term)


@pytest.mark.parametrize(
    ("text", "kind", "main", "found"),
    [
        ("13 Defence for victims\n", "s.", "13", True),
        ("370. Trafficking of persons.—(1) Whoever\n", "s.", "370", True),
        ("Article 225-4-1\nI. — Trafficking\n", "Art.", "225-4-1", True),
        ("Article 225-4-10\n", "Art.", "225-4-1", False),
        ("Article 224-1 B\n", "Art.", "224-1 A", False),
        ("Article R. 425-2\n", "Art.", "R. 425-2", True),
        ("Article (2)\nThe Crime\n", "Art.", "2", True),
        ("SEC. 4. Acts of Trafficking\n", "s.", "4", True),
        ("in section 13 of this Act\n", "s.", "13", False),
        ("SCHEDULE 1\nSection 13\n", "Sch.", "1", True),
        ("Article 145 bis. Shall be punished\n", "Art.", "145 bis", True),
        ("Article 145 bis. Shall be punished\n", "Art.", "145 ter", False),
        ("Article 145 bis. Shall be punished\n", "Art.", "145", False),
        ("Article 145. Whoever\n", "Art.", "145", True),
        ("271.7F Harbouring a victim\n", "s.", "271.7", False),
        ("271.7 Offence of domestic trafficking in children\n", "s.", "271.7", True),
        ("2.20A Bridging F (Class WF) visa\n", "reg.", "2.20A", True),
    ],
)
def test_provision_lookup(text, kind, main, found):
    assert _provision_exists(text, kind, main) is found


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
