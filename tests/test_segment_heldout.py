"""Segmentation of the held-out corpus (tests/heldout/) and of the samples: every
provision the experts cite must exist.

Only the labels' ``provisions:`` lists are used, to know which provisions must
exist (the segmenter's rules are written for drafting conventions, not for these
files). Labels follow the experts' citation conventions (``Sec. 3(a)``,
``Art. 2(1)``, ``reg. 2.20A(3)``); they are compared on main number and path,
ignoring the prefix style. A label without a subdivision (``s. 9``) cites a whole
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
SAMPLES = ROOT.parent / "samples"
CASES = sorted(p.stem for p in HELDOUT.glob("*.yaml"))
_PREFIX = re.compile(r"^\s*(?:s{1,2}\.|§§?|art(?:icle)?s?\.?|sec\.|sections?|regs?\.|regulations?|rules?|r\.)\s*",
                     re.IGNORECASE)


def pinpoint(label: str) -> str:
    """``Sec. 3(a)`` → ``3(A)``; ``reg. 2.20A(3)`` → ``2.20A(3)``: the label without its prefix style."""
    return re.sub(r"\s+", " ", _PREFIX.sub("", label, count=1)).strip().upper()


def cited(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted({p for item in data["items"].values() for p in (item.get("provisions") or [])})


@lru_cache(maxsize=None)
def provisions_of(path: Path) -> tuple:
    return segment(read_document(path))


def recovery(labels: list[str], provisions: tuple) -> tuple[list[str], list[str]]:
    """(labels whose main number is a provision, labels found in full)."""
    mains = {main_number(p.label) for p in provisions}
    full = {pinpoint(p.label) for p in provisions}
    found_main = [x for x in labels if main_number(x) in mains]
    found_full = [x for x in labels if pinpoint(x) in full
                  or (pinpoint(x) == main_number(x) and main_number(x) in mains)]
    return found_main, found_full


def _documents(case: str) -> list[Path]:
    data = yaml.safe_load((HELDOUT / f"{case}.yaml").read_text(encoding="utf-8"))
    return [HELDOUT / name for name in data["documents"]]


@pytest.mark.parametrize("case", CASES)
def test_heldout_cited_provisions_exist(case):
    labels = cited(HELDOUT / f"{case}.yaml")
    provisions = tuple(p for path in _documents(case) for p in provisions_of(path))
    found_main, found_full = recovery(labels, provisions)
    assert found_main == labels, sorted(set(labels) - set(found_main))
    assert len(found_full) / len(labels) >= 0.95, sorted(set(labels) - set(found_full))


@pytest.mark.parametrize("case", CASES)
def test_heldout_provisions_are_ordered_and_exact(case):
    for path in _documents(case):
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
    for case in CASES:
        labels = cited(HELDOUT / f"{case}.yaml")
        provisions = tuple(p for path in _documents(case) for p in provisions_of(path))
        found_main, found_full = recovery(labels, provisions)
        strict = [x for x in labels if pinpoint(x) in {pinpoint(p.label) for p in provisions}]
        print(f"{case:28s} provisions {len(provisions):4d}  main {len(found_main)}/{len(labels)}  "
              f"full {len(found_full)}/{len(labels)} (exact labels {len(strict)}/{len(labels)})")


if __name__ == "__main__":  # pragma: no cover
    _report()
