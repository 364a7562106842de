"""`gapcheck eval`: scoring against expert labels, and the agreement the judgement must keep."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gapcheck.checklists import load_checklist
from gapcheck.evaluate import evaluate, main_number
from gapcheck.pipeline import analyze
from gapcheck.states import resolve_state

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize("label, number", [
    ("s. 360C(1)(a)", "360C"),
    ("§ 7102(11)", "7102"),
    ("Art. 4(2)", "4"),
    ("s. 2 \"child\"", "2"),
    ("s. 279.01(1)", "279.01"),
    ("279.04(2)(a)", "279.04"),
    ("Article 12", "12"),
    ("§ 1101(a)(15)(T)(i)(III)(cc)", "1101"),
    ("Art. 225-4-1", "225-4-1"),
    ("Sec. 3(a)", "3"),
    ("Section 17", "17"),
    ("reg. 2.20A(3)", "2.20A"),
    ("Art. 145 bis", "145 BIS"),
    ("Art. L. 425-1", "L. 425-1"),
    ("s. 271.2(1B)", "271.2"),
])
def test_main_number(label, number):
    assert main_number(label) == number


def _run(labels: Path, docs: Path):
    checklist = load_checklist()
    return evaluate(labels, docs, lambda paths, state: analyze(paths, resolve_state(state), checklist))


def _rate(pair):
    return pair[0] / pair[1]


def test_samples_agree_with_their_expected_findings():
    result = _run(ROOT / "samples", ROOT / "samples")
    assert len(result.cases) >= 3
    assert _rate(result.statuses) >= 0.95
    assert _rate(result.elements) >= 0.95
    assert _rate(result.evidence) >= 0.95


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "eval" / "labels").is_dir(), reason="shared/eval is not beside the checkout")
def test_dev_set_agreement():
    result = _run(SHARED / "eval" / "labels", SHARED / "eval" / "docs")
    assert not [c.error for c in result.cases if c.error]
    assert _rate(result.statuses) >= 0.95
    assert _rate(result.elements) >= 0.95
    assert _rate(result.evidence) >= 0.95


def test_eval_command_prints_the_three_rates(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gapcheck", "eval", str(ROOT / "samples"), str(ROOT / "samples"),
                          "--case", "weak"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "status" in out.stdout and "elements" in out.stdout and "evidence" in out.stdout
    assert out.stdout.splitlines()[1].startswith("weak")


def test_eval_rejects_a_folder_without_labels(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gapcheck", "eval", str(tmp_path), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "no label files" in out.stderr and "Traceback" not in out.stderr
