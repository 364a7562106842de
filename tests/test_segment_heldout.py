"""Segmentation of the held-out corpora (tests/heldout/, sets A and B, and
tests/heldout_c/, set C) and of the samples: every provision the experts cite must exist.

Only the labels' ``provisions:`` lists are used, to know which provisions must
exist (the segmenter's rules are written for drafting conventions, not for these
files). Labels follow the experts' citation conventions (``Sec. 3(a)``,
``Art. 2(1)``, ``reg. 2.20A(3)``, ``Art. 127.1 part 2(e)``, ``Art. 1 pt. 5``); they are
compared on main number and path, ignoring the prefix style and reading a numbered
part or point as a subdivision (``part 2(e)`` is ``(2)(e)``). A label without a subdivision (``s. 9``) cites a whole
section: it is found when the section exists, whatever its subdivisions.

Run ``python tests/test_segment_heldout.py`` to print the figures.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from gapcheck.evaluate import main_number
from gapcheck.extractors import read_document
from gapcheck.extractors.segment import segment

ROOT = Path(__file__).resolve().parent
HELDOUT = ROOT / "heldout"
HELDOUT_C = ROOT / "heldout_c"
SAMPLES = ROOT.parent / "samples"
CASES = sorted(p.stem for p in HELDOUT.glob("*.yaml"))
CASES_C = sorted(p.stem for p in HELDOUT_C.glob("*.yaml"))
_PREFIX = re.compile(r"^\s*(?:s{1,2}\.|§§?|art(?:icle)?s?\.?|sec\.|sections?|regs?\.|regulations?|rules?|r\.)\s*",
                     re.IGNORECASE)
# a numbered part or point cited in words: "Art. 127.1 part 2(e)", "Art. 1 pt. 5"
_PART = re.compile(r"\s+(?:parts?|pts?\.?|points?)\s+(\w+)", re.IGNORECASE)


def pinpoint(label: str) -> str:
    """``Sec. 3(a)`` → ``3(A)``; ``reg. 2.20A(3)`` → ``2.20A(3)``; ``Art. 127.1 part 2(e)`` →
    ``127.1(2)(E)``: the label without its prefix style."""
    rest = _PART.sub(r"(\1)", _PREFIX.sub("", label, count=1))
    return re.sub(r"\s+", " ", rest).strip().upper()


def cited(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted({p for item in data["items"].values() for p in (item.get("provisions") or [])})


@lru_cache(maxsize=None)
def provisions_of(path: Path) -> tuple:
    return segment(read_document(path))


# a defined term cited with its section alone: 's. 2 "exploitation"'
_TERM_CITATION = re.compile(r'^[^"()]*?\s"(?P<term>[^"]+)"$')


def recovery(labels: list[str], provisions: tuple) -> tuple[list[str], list[str]]:
    """(labels whose main number is a provision, labels found in full). A defined term cited
    with its section alone (``s. 2 "exploitation"``) is found when that section defines the
    term, at whatever subsection (``s. 2(1) "exploitation"``)."""
    mains = {main_number(p.label) for p in provisions}
    full = {pinpoint(p.label) for p in provisions}
    terms = {(main_number(p.label), p.term) for p in provisions if p.term}

    def found(label: str) -> bool:
        if pinpoint(label) in full or (pinpoint(label) == main_number(label) and main_number(label) in mains):
            return True
        m = _TERM_CITATION.match(label)
        return bool(m) and (main_number(label), m.group("term").lower()) in terms

    return [x for x in labels if main_number(x) in mains], [x for x in labels if found(x)]


def _documents(case: str, folder: Path = HELDOUT) -> list[Path]:
    data = yaml.safe_load((folder / f"{case}.yaml").read_text(encoding="utf-8"))
    return [folder / name for name in data["documents"]]


@pytest.mark.parametrize("label, path", [
    ("Sec. 3(a)", "3(A)"), ("reg. 2.20A(3)", "2.20A(3)"), ("Art. 127.1 part 2(e)", "127.1(2)(E)"),
    ("Art. 1 pt. 5", "1(5)"), ("Art. 127.1 Note 2", "127.1 NOTE 2"), ('s. 2 "exploitation"', '2 "EXPLOITATION"'),
    ("§ 20A-5-1(a)(2)(F)", "20A-5-1(A)(2)(F)"),
])
def test_pinpoint_reads_the_citation_conventions(label, path):
    assert pinpoint(label) == path


CASES_ALL = [(HELDOUT, c) for c in CASES] + [(HELDOUT_C, c) for c in CASES_C]


@pytest.mark.parametrize("folder, case", CASES_ALL, ids=[c for _, c in CASES_ALL])
def test_heldout_cited_provisions_exist(folder, case):
    labels = cited(folder / f"{case}.yaml")
    provisions = tuple(p for path in _documents(case, folder) for p in provisions_of(path))
    found_main, found_full = recovery(labels, provisions)
    assert found_main == labels, sorted(set(labels) - set(found_main))
    assert len(found_full) / len(labels) >= 0.95, sorted(set(labels) - set(found_full))


@pytest.mark.parametrize("folder, case", CASES_ALL, ids=[c for _, c in CASES_ALL])
def test_heldout_provisions_are_ordered_and_exact(folder, case):
    for path in _documents(case, folder):
        text = read_document(path).text
        ps = provisions_of(path)
        assert all(p.text == text[p.start:p.end] for p in ps)
        assert all(a.end <= b.start for a, b in zip(ps, ps[1:]))


SAMPLE_FILES = [(y, ext) for y in sorted(SAMPLES.glob("*.yaml")) for ext in (".txt", ".pdf")
                if (SAMPLES / (y.stem + ext)).exists()]


@pytest.mark.parametrize("label_file, ext", SAMPLE_FILES, ids=lambda x: x.stem if isinstance(x, Path) else x)
def test_sample_cited_provisions_exist(label_file, ext):
    labels = cited(label_file)
    data = yaml.safe_load(label_file.read_text(encoding="utf-8"))
    provisions = tuple(p for name in data["documents"] for p in provisions_of(SAMPLES / (Path(name).stem + ext)))
    found_main, found_full = recovery(labels, provisions)
    assert found_main == labels, sorted(set(labels) - set(found_main))
    assert found_full == labels, sorted(set(labels) - set(found_full))


def _report() -> None:  # pragma: no cover - run by hand
    for folder, case in CASES_ALL:
        labels = cited(folder / f"{case}.yaml")
        provisions = tuple(p for path in _documents(case, folder) for p in provisions_of(path))
        found_main, found_full = recovery(labels, provisions)
        strict = [x for x in labels if pinpoint(x) in {pinpoint(p.label) for p in provisions}]
        print(f"{case:30s} provisions {len(provisions):4d}  main {len(found_main)}/{len(labels)}  "
              f"full {len(found_full)}/{len(labels)} (exact labels {len(strict)}/{len(labels)})  "
              f"missing {sorted(set(labels) - set(found_full))}")


if __name__ == "__main__":  # pragma: no cover
    _report()
