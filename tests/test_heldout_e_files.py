"""Held-out evaluation set E (tests/heldout_e/): complete, well-formed, consistent.

Set E was written after sets A to D by annotators who did not see
gapcheck's rules, examples or outputs, in four traditions the other sets do not
cover. The checks are those of sets A, B, C and D: every item and sub-element
labelled in STANDARDS.md order, statuses agreeing with sub-elements, every quote
verbatim in the statute, every cited provision present in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import label_checks
import pytest
import test_heldout_files as heldout_ab
import yaml

HELDOUT_E = Path(__file__).resolve().parent / "heldout_e"
OTHER_LABELS = [
    *sorted((Path(__file__).resolve().parent / "heldout").glob("*.yaml")),
    *sorted((Path(__file__).resolve().parent / "heldout_c").glob("*.yaml")),
    *sorted((Path(__file__).resolve().parent / "heldout_d").glob("*.yaml")),
    *sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml")),
]

USER_ASSIGNED = re.compile(r"^(X[A-Z]|ZZ)$")

EXPECTED_CASES = [
    "e1-central-european-penal-code",
    "e2-south-asian-special-act",
    "e3-turkish-style-penal-code",
    "e4-canadian-style-criminal-code",
]
CASES = sorted({p.stem for p in HELDOUT_E.glob("*.txt")} | {p.stem for p in HELDOUT_E.glob("*.yaml")})


def _label(case: str) -> dict:
    path = HELDOUT_E / f"{case}.yaml"
    if not path.is_file():
        pytest.fail(f"tests/heldout_e/{case}.yaml is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(case: str) -> str:
    path = HELDOUT_E / f"{case}.txt"
    if not path.is_file():
        pytest.fail(f"tests/heldout_e/{case}.txt is missing")
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------- completeness


def test_set_e_has_its_four_cases():
    assert CASES == EXPECTED_CASES


@pytest.mark.parametrize("case", CASES)
def test_every_case_has_text_and_label(case):
    for suffix in (".txt", ".yaml"):
        assert (HELDOUT_E / f"{case}{suffix}").is_file(), f"tests/heldout_e/{case}{suffix} is missing"


@pytest.mark.parametrize("case", CASES)
def test_readme_describes_every_case(case):
    readme = (HELDOUT_E / "README.md").read_text(encoding="utf-8")
    assert f"`{case}`" in readme, f"tests/heldout_e/README.md does not describe {case}"


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
    assert not set(mine) & others, f"state codes already used by sets A/B/C or the samples: {set(mine) & others}"


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
            assert match, f"{where}: write s. 4(1), Art. 240(2), § 257 or s. 2 \"term\""
            assert heldout_ab._provision_exists(text, match["kind"], match["main"]), f"{where}: no such provision"
            for part in re.findall(r"\([0-9A-Za-z]+\)", match["rest"]):
                assert part in text or f"{part[1:-1]})" in text, f"{where}: no {part} in {case}.txt"
            if match["term"]:
                assert re.search(rf'[“"]{re.escape(match["term"])}[”"]', text), f"{where}: term not defined"
