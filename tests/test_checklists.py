"""The checklist as data: loading, validation, the phrase language, and every item's examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gapcheck.checklists import load_checklist
from gapcheck.checklists.examples import load_examples, run_example
from gapcheck.checklists.patterns import PatternSyntaxError, compile_pattern
from gapcheck.checklists.scan import Scanner, collapse_space
from gapcheck.checklists.standard import STANDARD_ELEMENTS, STANDARD_ITEMS
from gapcheck.errors import ChecklistError

CHECKLIST = load_checklist()
EXAMPLES = load_examples(CHECKLIST)


def test_bundled_checklist_has_every_standard_item_in_order():
    assert tuple(i.id for i in CHECKLIST.items) == STANDARD_ITEMS
    for item in CHECKLIST.items:
        assert item.title and item.standard and item.sources and item.searched
        if item.id in STANDARD_ELEMENTS:
            assert tuple(e.id for e in item.elements) == STANDARD_ELEMENTS[item.id]
        assert item.recommendations.get("gap"), f"{item.id} has no recommendation for a gap"


def test_every_item_has_examples_of_more_than_one_status():
    for item in CHECKLIST.items:
        statuses = {e.expect for e in EXAMPLES if e.item_id == item.id}
        assert len(statuses) >= 2, f"{item.id}: examples cover only {statuses}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.item_id}:{e.line}" for e in EXAMPLES])
def test_item_examples(example):
    result = run_example(CHECKLIST, example)
    assert result.passed, "; ".join(result.problems)


@pytest.mark.parametrize("phrase, text, matches", [
    ("traffick*", "Trafficking in persons", True),
    ("abuse of (a)? position|situation of vulnerab*", "abuse of a position of vulnerability", True),
    ("abuse of (a)? position|situation of vulnerab*", "abuse of position of vulnerability", True),
    ("payment|payments ~10 control", "payments or benefits to achieve the consent of a person having control", True),
    ("payment|payments ~3 control", "payments or benefits to achieve the consent of a person having control", False),
    ("obtain* ~6 any ~1 person", "obtains by any means, any person", True),
    ("co - operat*", "co-operation with the authorities", True),
    ("#num days", "a period of thirty days", True),
    ("within and|or outside ~3 country", "within and\noutside a country", True),
    ("does not apply to ~4 offence ~6 (listed|set out)", "does not apply to an offence set out in Schedule 1", True),
    ("does not apply to ~4 offence ~6 (listed|set out)", "does not apply to an offence set in stone", False),
    ("(increased|more severe) penalty", "a more severe penalty", True),
    ("(increased|more severe) penalty", "an increased penalty", True),
    ("(increased|more severe) penalty", "a severe penalty", False),
    ("(a)? child", "a child", True),
])
def test_phrase_language(phrase, text, matches):
    from gapcheck.checklists.model import Checklist, PatternEntry, VocabularyGroup

    group = VocabularyGroup("probe", "", (PatternEntry(phrase),))
    probe = Checklist("probe", "1", "", "en", (), {"probe": group}, Path("."))
    hits = Scanner(probe, "topic").scan([text])[0]
    assert hits.has("v:probe") is matches


@pytest.mark.parametrize("phrase", ["", "~3 force", "force ~3", "a? b?", "x ~2 ~3 y", "(a b", "(a|b c)? d?"])
def test_phrase_language_rejects(phrase):
    with pytest.raises(PatternSyntaxError):
        compile_pattern(phrase)


def test_hits_map_back_to_the_original_text():
    text = "recruits,  transports\n\nor   harbours a person"
    flat, back = collapse_space(text)
    assert flat == "recruits, transports or harbours a person"
    hits = Scanner(CHECKLIST, "topic").scan([text])[0]
    for hit in hits.get("e:TIP-ACTS:harbouring"):
        assert text[hit.start:hit.end] == hit.text == "harbours"


def _copy_checklist(tmp_path: Path) -> Path:
    target = tmp_path / "checklist"
    shutil.copytree(CHECKLIST.directory / "items", target / "items")
    shutil.copytree(CHECKLIST.directory / "vocabulary", target / "vocabulary")
    shutil.copy(CHECKLIST.directory / "checklist.yaml", target / "checklist.yaml")
    return target


def test_a_yaml_syntax_error_names_file_and_line(tmp_path):
    folder = _copy_checklist(tmp_path)
    path = folder / "items" / "TIP-MEANS.yaml"
    path.write_text(path.read_text().replace("decider: means", "decider: [means"), encoding="utf-8")
    with pytest.raises(ChecklistError) as err:
        load_checklist(folder)
    assert "TIP-MEANS.yaml:" in str(err.value) and "YAML syntax error" in str(err.value)


def test_an_unknown_element_names_file_line_and_item(tmp_path):
    folder = _copy_checklist(tmp_path)
    path = folder / "items" / "TIP-MEANS.yaml"
    path.write_text(path.read_text().replace("- id: payments", "- id: bribery"), encoding="utf-8")
    with pytest.raises(ChecklistError) as err:
        load_checklist(folder)
    message = str(err.value)
    assert "TIP-MEANS.yaml:" in message and "(item TIP-MEANS)" in message and "bribery" in message
    line = int(message.split("TIP-MEANS.yaml:")[1].split()[0])
    assert "bribery" in path.read_text().splitlines()[line - 1]


def test_a_user_checklist_folder_is_used(tmp_path):
    folder = _copy_checklist(tmp_path)
    index = folder / "checklist.yaml"
    index.write_text(index.read_text().replace('version: "', 'version: "user-'), encoding="utf-8")
    assert load_checklist(folder).version.startswith("user-")


PENAL_CODE_NOISE = """\
401. Whoever commits fraud by deception and dishonestly induces the transfer of any property shall be punished with imprisonment for seven years.
402. Whoever dishonestly receives stolen property, knowing it to be stolen, shall be punished with imprisonment for three years.
403. Whoever harbours or conceals an offender, knowing him to be an offender, shall be punished with imprisonment for two years.
404. Whoever, being a member of the armed forces, uses force or threats against a superior officer shall be punished with imprisonment.
405. Whoever, being a public servant, abuses his authority or position of power to obtain a benefit shall be punished with imprisonment.
406. Whoever kidnaps any person from lawful guardianship shall be punished with imprisonment for seven years.
407. Whoever, by deception, recruits or transports a person for the purpose of prostitution commits the offence of trafficking in persons and shall be punished with imprisonment for ten years.
"""


def test_unrelated_penal_code_words_do_not_become_elements_of_trafficking():
    from gapcheck.models import Document, Page
    from gapcheck.extractors.segment import segment
    from gapcheck.checklists import judge

    doc = Document("code.txt", "code.txt", "0" * 64, PENAL_CODE_NOISE, (Page(1, 0, len(PENAL_CODE_NOISE)),))
    findings = {f.item_id: f for f in judge(CHECKLIST, [(doc, segment(doc))])}
    acts = {e.id for e in findings["TIP-ACTS"].elements if e.found}
    means = {e.id for e in findings["TIP-MEANS"].elements if e.found}
    assert acts == {"recruitment", "transportation"}
    assert means == {"deception"}
    assert findings["TIP-MEANS"].status == "partial"
    for item in ("TIP-ACTS", "TIP-MEANS", "TIP-PURPOSES"):
        assert {e.provision for e in findings[item].evidence} == {"s. 407"}
