"""End to end: files in, findings out, every claim backed by a quote found in the document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gapcheck.checklists import load_checklist
from gapcheck.checklists.standard import STANDARD_ELEMENTS, STANDARD_ITEMS
from gapcheck.pipeline import analyze, read_documents
from gapcheck.render.json_report import from_json, to_dict, to_json
from gapcheck.states import resolve_state

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _check_report(report, documents):
    by_name = {d.name: d for d in documents}
    assert tuple(f.item_id for f in report.findings) == STANDARD_ITEMS
    for f in report.findings:
        if f.item_id in STANDARD_ELEMENTS:
            assert tuple(e.id for e in f.elements) == STANDARD_ELEMENTS[f.item_id]
        if f.status in ("met", "partial"):
            assert f.evidence, f"{f.item_id} is {f.status} without evidence"
        else:
            assert f.searched and all(d.name in f.searched for d in documents)
        for e in f.evidence:
            doc = by_name[e.document]
            page = next(p for p in doc.pages if p.number == e.page)
            # the quote is verbatim (modulo whitespace) in the document, starting on the cited page
            page_onwards = _squash(doc.text[page.start:])
            assert _squash(e.quote) in page_onwards, (f.item_id, e.provision, e.quote)
            assert _squash(e.quote)[:40] in _squash(doc.text[page.start:page.end]) + " " + _squash(
                doc.text[page.end:page.end + 400]), (f.item_id, e.provision)


@pytest.mark.parametrize("name, state", [("strong", "XA"), ("mixed", "XB"), ("weak", "XC"), ("compilation", "XD")])
def test_samples_end_to_end(name, state):
    paths = [SAMPLES / f"{name}.pdf"]
    report = analyze(paths, resolve_state(state), load_checklist())
    _check_report(report, read_documents(paths))
    assert report.summary["met"] + report.summary["partial"] + report.summary["gap"] == 20


def test_json_contract_round_trips():
    report = analyze([SAMPLES / "mixed.pdf"], resolve_state("XB"))
    data = json.loads(to_json(report))
    assert data["schema"] == "gapcheck/report-v1"
    assert set(data) >= {"schema", "tool", "state", "documents", "checklist", "findings", "summary"}
    assert data["documents"][0]["pages_without_text"] == []
    finding = data["findings"][2]
    assert set(finding) >= {"id", "title", "status", "elements", "values", "qualifiers", "evidence", "explanation",
                            "confidence"}
    assert set(finding["evidence"][0]) >= {"document", "provision", "page", "quote"}
    assert to_dict(from_json(to_json(report))) == data


def _cases():
    labels = SHARED / "eval" / "labels"
    return sorted(p.stem for p in labels.glob("*.yaml")) if labels.is_dir() else []


@pytest.mark.slow
@pytest.mark.parametrize("case", _cases())
def test_eval_documents_quotes_are_verbatim(case):
    import yaml

    label = yaml.safe_load((SHARED / "eval" / "labels" / f"{case}.yaml").read_text())
    paths = [SHARED / "eval" / "docs" / case / d for d in label["documents"]]
    report = analyze(paths, resolve_state(label["state"]))
    _check_report(report, read_documents(paths))
