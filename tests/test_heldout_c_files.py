"""Held-out evaluation set C (tests/heldout_c/): complete, well-formed, consistent.

Set C was written apart from sets A and B (tests/heldout/) and never run through
gapcheck. The same checks apply: every item and sub-element labelled in
STANDARDS.md order, statuses agreeing with sub-elements, every quote verbatim in the
statute and every cited provision present in it. The citation grammar and the
provision lookup are those of tests/test_heldout_files.py, so both sets obey one
convention.
"""

from __future__ import annotations

import re
from pathlib import Path

import label_checks
import pytest
import test_heldout_files as heldout_ab
import yaml

HELDOUT_C = Path(__file__).resolve().parent / "heldout_c"
OTHER_LABELS = [
    *sorted((Path(__file__).resolve().parent / "heldout").glob("*.yaml")),
    *sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml")),
]

USER_ASSIGNED = re.compile(r"^(X[A-Z]|ZZ)$")

CASES = sorted({p.stem for p in HELDOUT_C.glob("*.txt")} | {p.stem for p in HELDOUT_C.glob("*.yaml")})


def _label(case: str) -> dict:
    path = HELDOUT_C / f"{case}.yaml"
    if not path.is_file():
        pytest.fail(f"tests/heldout_c/{case}.yaml is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(case: str) -> str:
    path = HELDOUT_C / f"{case}.txt"
    if not path.is_file():
        pytest.fail(f"tests/heldout_c/{case}.txt is missing")
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------- completeness


def test_set_c_has_four_cases():
    assert CASES == [
        "c1-post-soviet-criminal-code",
        "c2-us-state-statute",
        "c3-southeast-asian-act",
        "c4-caribbean-commonwealth-act",
    ]


@pytest.mark.parametrize("case", CASES)
def test_every_case_has_text_and_label(case):
    for suffix in (".txt", ".yaml"):
        assert (HELDOUT_C / f"{case}{suffix}").is_file(), f"tests/heldout_c/{case}{suffix} is missing"


@pytest.mark.parametrize("case", CASES)
def test_readme_describes_every_case(case):
    readme = (HELDOUT_C / "README.md").read_text(encoding="utf-8")
    assert f"`{case}`" in readme, f"tests/heldout_c/README.md does not describe {case}"


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


def test_state_codes_are_unique_across_all_labelled_sets():
    mine = [_label(case)["state"] for case in CASES]
    assert len(mine) == len(set(mine)), mine
    others = {yaml.safe_load(p.read_text(encoding="utf-8"))["state"] for p in OTHER_LABELS}
    assert not set(mine) & others, f"state codes already used by sets A/B or the samples: {set(mine) & others}"


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


@pytest.mark.parametrize("case", CASES)
def test_cited_provisions_exist_in_the_text(case):
    text = _text(case)
    for item_id, item in _label(case)["items"].items():
        for citation in item["provisions"]:
            where = f"{case}.yaml {item_id} {citation!r}"
            match = heldout_ab.CITATION.match(citation)
            assert match, f"{where}: write s. 4(1), Art. 127.1 part 2(e), Art. 1 pt. 5, § 20A-5-3(a) or s. 2 \"term\""
            assert heldout_ab._provision_exists(text, match["kind"], match["main"]), f"{where}: no such provision"
            for part in re.findall(r"\([0-9A-Za-z]+\)", match["rest"]):
                assert part in text or f"{part[1:-1]})" in text, f"{where}: no {part} in {case}.txt"
            if match["term"]:
                assert re.search(rf'[“"]{re.escape(match["term"])}[”"]', text), f"{where}: term not defined"


@pytest.mark.parametrize(
    ("citation", "kind", "main"),
    [
        ("Art. 127.1 part 2(e)", "Art.", "127.1"),
        ("Art. 127.1 Note 3", "Art.", "127.1"),
        ("Art. 1 pt. 5", "Art.", "1"),
        ("§ 20A-5-1(a)(2)(F)", "§", "20A-5-1"),
    ],
)
def test_set_c_citation_styles_parse(citation, kind, main):
    """The styles set C adds (parts and notes of post-Soviet articles, points of a definitions
    article, hyphenated state-code sections) parse to the provision's main number."""
    match = heldout_ab.CITATION.match(citation)
    assert match, citation
    assert (match["kind"], match["main"]) == (kind, main)


@pytest.mark.parametrize(
    ("text", "main", "found"),
    [
        ("Article 127.1. Trafficking in Human Beings\n", "127.1", True),
        ("Article 127.2. Use of Slave Labour\n", "127.1", False),
        ("Article 150. Involving a Minor\n", "15", False),
        ("§ 20A-5-10. Civil action.\n", "20A-5-1", False),
    ],
)
def test_set_c_provision_lookup(text, main, found):
    kind = "§" if main.startswith("20A") else "Art."
    assert heldout_ab._provision_exists(text, kind, main) is found
