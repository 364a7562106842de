"""Held-out evaluation sets D and E (tests/heldout_d/, tests/heldout_e/): complete, well-formed, consistent.

Set D (six laws) and then set E (four laws) were written after sets A, B and C
by annotators who did not see gapcheck's rules, examples or outputs, in
traditions the other sets do not cover. The checks are those of sets A, B and C:
every item and sub-element labelled in STANDARDS.md order, statuses agreeing
with sub-elements, every quote verbatim in the statute, every cited provision
present in it. One module checks both sets: each case is a (set, case) pair.
"""

from __future__ import annotations

import re
from pathlib import Path

import label_checks
import pytest
import test_heldout_files as heldout_ab
import yaml

TESTS = Path(__file__).resolve().parent
SETS = {
    "heldout_d": [
        "d1-nordic-penal-code",
        "d2-east-asian-criminal-law",
        "d3-pacific-immigration-act",
        "d4-east-african-act",
        "d5-lusophone-penal-code",
        "d6-levant-law",
    ],
    "heldout_e": [
        "e1-central-european-penal-code",
        "e2-south-asian-special-act",
        "e3-turkish-style-penal-code",
        "e4-canadian-style-criminal-code",
    ],
}
OTHER_LABELS = [
    *sorted((TESTS / "heldout").glob("*.yaml")),
    *sorted((TESTS / "heldout_c").glob("*.yaml")),
    *sorted((TESTS.parent / "samples").glob("*.yaml")),
]

USER_ASSIGNED = re.compile(r"^(X[A-Z]|ZZ)$")


def _cases_on_disk(name: str) -> list[str]:
    folder = TESTS / name
    return sorted({p.stem for p in folder.glob("*.txt")} | {p.stem for p in folder.glob("*.yaml")})


CASES = [pytest.param(name, case, id=case) for name in SETS for case in _cases_on_disk(name)]


def _label(name: str, case: str) -> dict:
    path = TESTS / name / f"{case}.yaml"
    if not path.is_file():
        pytest.fail(f"tests/{name}/{case}.yaml is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(name: str, case: str) -> str:
    path = TESTS / name / f"{case}.txt"
    if not path.is_file():
        pytest.fail(f"tests/{name}/{case}.txt is missing")
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------- completeness


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_its_cases(name):
    assert _cases_on_disk(name) == SETS[name]


@pytest.mark.parametrize(("name", "case"), CASES)
def test_every_case_has_text_and_label(name, case):
    for suffix in (".txt", ".yaml"):
        assert (TESTS / name / f"{case}{suffix}").is_file(), f"tests/{name}/{case}{suffix} is missing"


@pytest.mark.parametrize(("name", "case"), CASES)
def test_readme_describes_every_case(name, case):
    readme = (TESTS / name / "README.md").read_text(encoding="utf-8")
    assert f"`{case}`" in readme, f"tests/{name}/README.md does not describe {case}"


@pytest.mark.parametrize(("name", "case"), CASES)
def test_text_is_a_plain_statute(name, case):
    text = _text(name, case)
    assert "\t" not in text and "\r" not in text, "plain text: no tabs, LF line ends"
    words = len(text.split())
    assert 300 <= words <= 4000, f"{case}.txt has {words} words: a statute extract of 1-4 pages expected"


# ------------------------------------------------------------- label format


@pytest.mark.parametrize(("name", "case"), CASES)
def test_label_header(name, case):
    label = _label(name, case)
    assert isinstance(label, dict), "the label file is a YAML mapping"
    assert set(label) == {"case", "state", "title", "documents", "items"}
    assert label["case"] == case
    assert USER_ASSIGNED.match(label["state"]), "fictional states use user-assigned codes (XA-XZ, ZZ)"
    assert isinstance(label["title"], str) and label["title"].strip()
    assert label["documents"] == [f"{case}.txt"]


def test_state_codes_are_unique_across_all_labelled_sets():
    mine = [_label(name, case)["state"] for name in SETS for case in _cases_on_disk(name)]
    assert len(mine) == len(set(mine)), mine
    others = {yaml.safe_load(p.read_text(encoding="utf-8"))["state"] for p in OTHER_LABELS}
    assert not set(mine) & others, f"state codes already used by sets A/B/C or the samples: {set(mine) & others}"


@pytest.mark.parametrize(("name", "case"), CASES)
def test_label_lists_every_item_in_standards_order(name, case):
    label_checks.check_items_in_order(case, _label(name, case))


@pytest.mark.parametrize(("name", "case"), CASES)
def test_label_items_are_well_formed(name, case):
    label_checks.check_items_well_formed(case, _label(name, case))


@pytest.mark.parametrize(("name", "case"), CASES)
def test_itemised_status_agrees_with_elements(name, case):
    label_checks.check_status_agrees_with_elements(case, _label(name, case))


@pytest.mark.parametrize(("name", "case"), CASES)
def test_values_for_age_and_reflection_days(name, case):
    label_checks.check_values(case, _label(name, case))


# ------------------------------------------------------- quotes and provisions


@pytest.mark.parametrize(("name", "case"), CASES)
def test_every_quote_is_verbatim_in_the_text(name, case):
    label_checks.check_quotes_verbatim(case, _label(name, case), _text(name, case))


@pytest.mark.parametrize(("name", "case"), CASES)
def test_cited_provisions_exist_in_the_text(name, case):
    text = _text(name, case)
    for item_id, item in _label(name, case)["items"].items():
        for citation in item["provisions"]:
            where = f"{case}.yaml {item_id} {citation!r}"
            match = heldout_ab.CITATION.match(citation)
            assert match, f"{where}: write s. 4(1), Art. 240(2), § 257 or s. 2 \"term\""
            assert heldout_ab._provision_exists(text, match["kind"], match["main"]), f"{where}: no such provision"
            for part in re.findall(r"\([0-9A-Za-z]+\)", match["rest"]):
                assert part in text or f"{part[1:-1]})" in text, f"{where}: no {part} in {case}.txt"
            if match["term"]:
                assert re.search(rf'[“"]{re.escape(match["term"])}[”"]', text), f"{where}: term not defined"
