"""Measuring gapcheck against expert labels (format: shared/eval/README.md).

For every labelled case, the documents are analysed together and compared with
the labels:

- status agreement: share of (case, item) pairs whose status equals the label;
- element agreement: share of (case, item, sub-element) triples whose
  found/missing equals the label;
- evidence hit rate: among labels ``met``/``partial`` that name provisions, the
  share where gapcheck's evidence cites at least one of them (compared on the
  main section/article number: ``s. 360C(1)(a)`` → ``360C``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from gapcheck.errors import InputError, UsageError
from gapcheck.models import Report

# A citation prefix (s., ss., §, Art., Article, Sec., Section, reg., r., rule, cl., para.) and then
# the main number: 360C, 279.01, 225-4-1, 2.20A; for civil-law codes also "L. 425-1" / "R. 425-2".
_MAIN_NUMBER = re.compile(r"^\s*(?:§§?|[A-Za-z]{1,10}\.?)?\s*((?:[LRD]\.\s*)?[0-9]+[A-Za-z]*(?:[.\-][0-9]+[A-Za-z]*)*"
                          r"(?:\s+(?:bis|ter|quater|quinquies))?|[IVXLC]+\b)", re.I)


def main_number(label: str) -> str:
    """The main section/article number of a pinpoint label: ``s. 360C(1)(a)`` → ``360C``."""
    m = _MAIN_NUMBER.match(label or "")
    return re.sub(r"\s+", " ", m.group(1)).upper() if m else (label or "").strip().upper()


@dataclass(frozen=True)
class Disagreement:
    case: str
    item: str
    kind: str  # "status" | "element" | "evidence"
    expected: str
    got: str
    note: str = ""


@dataclass
class CaseScore:
    case: str
    state: str
    statuses: tuple[int, int] = (0, 0)
    elements: tuple[int, int] = (0, 0)
    evidence: tuple[int, int] = (0, 0)
    disagreements: list[Disagreement] = field(default_factory=list)
    error: str = ""
    by_confidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Status agreement split by gapcheck's own confidence (is "high" trustworthy?)."""

    @staticmethod
    def rate(pair: tuple[int, int]) -> float | None:
        return pair[0] / pair[1] if pair[1] else None


@dataclass
class EvalResult:
    cases: list[CaseScore]

    def _total(self, attr: str) -> tuple[int, int]:
        hits = sum(getattr(c, attr)[0] for c in self.cases)
        total = sum(getattr(c, attr)[1] for c in self.cases)
        return hits, total

    @property
    def statuses(self) -> tuple[int, int]:
        return self._total("statuses")

    @property
    def elements(self) -> tuple[int, int]:
        return self._total("elements")

    @property
    def evidence(self) -> tuple[int, int]:
        return self._total("evidence")

    @property
    def by_confidence(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for c in self.cases:
            for level, (hit, tot) in c.by_confidence.items():
                h, t = out.get(level, (0, 0))
                out[level] = (h + hit, t + tot)
        return out


@dataclass(frozen=True)
class LabelCase:
    case: str
    state: str
    documents: tuple[str, ...]
    items: dict
    path: Path


def load_labels(labels_dir: Path) -> list[LabelCase]:
    import yaml

    labels_dir = Path(labels_dir)
    if not labels_dir.is_dir():
        raise UsageError("not a folder of label files", str(labels_dir))
    cases = []
    for path in sorted(labels_dir.glob("*.yaml")) + sorted(labels_dir.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise InputError(f"cannot read label file ({err})", str(path)) from None
        if not isinstance(data, dict) or not {"case", "state", "documents", "items"} <= set(data):
            continue  # not a label file (e.g. a README or another YAML)
        cases.append(LabelCase(str(data["case"]), str(data["state"]), tuple(data["documents"]),
                               dict(data["items"]), path))
    if not cases:
        raise UsageError("no label files (with case, state, documents and items) found", str(labels_dir))
    return cases


def locate_documents(case: LabelCase, docs_dir: Path) -> list[Path]:
    """Documents of a case: DOCS/<case>/<file>, or DOCS/<file> for a flat folder."""
    paths = []
    for name in case.documents:
        for candidate in (docs_dir / case.case / name, docs_dir / name, case.path.parent / name):
            if candidate.exists():
                paths.append(candidate)
                break
        else:
            raise InputError(f"document {name!r} of case {case.case!r} not found", str(docs_dir))
    return paths


def score_case(case: LabelCase, report: Report) -> CaseScore:
    score = CaseScore(case.case, case.state)
    findings = {f.item_id: f for f in report.findings}
    s_hit = s_tot = e_hit = e_tot = v_hit = v_tot = 0
    for item_id, label in case.items.items():
        finding = findings.get(item_id)
        if finding is None:
            score.disagreements.append(Disagreement(case.case, item_id, "status", label.get("status", "?"), "missing"))
            s_tot += 1
            continue
        expected = label.get("status")
        s_tot += 1
        h, t = score.by_confidence.get(finding.confidence, (0, 0))
        score.by_confidence[finding.confidence] = (h + (finding.status == expected), t + 1)
        if finding.status == expected:
            s_hit += 1
        else:
            score.disagreements.append(Disagreement(case.case, item_id, "status", str(expected), finding.status,
                                                    finding.explanation))
        got_elements = {e.id: e.found for e in finding.elements}
        for eid, exp in (label.get("elements") or {}).items():
            e_tot += 1
            if got_elements.get(eid) == bool(exp):
                e_hit += 1
            else:
                score.disagreements.append(Disagreement(case.case, item_id, "element", f"{eid}={bool(exp)}",
                                                        f"{eid}={got_elements.get(eid)}"))
        provisions = label.get("provisions") or []
        if expected in ("met", "partial") and provisions:
            v_tot += 1
            wanted = {main_number(p) for p in provisions}
            cited = {main_number(e.provision) for e in finding.evidence}
            if wanted & cited:
                v_hit += 1
            else:
                score.disagreements.append(Disagreement(case.case, item_id, "evidence", ", ".join(provisions),
                                                        ", ".join(e.provision for e in finding.evidence) or "none"))
    score.statuses, score.elements, score.evidence = (s_hit, s_tot), (e_hit, e_tot), (v_hit, v_tot)
    return score


def evaluate(labels_dir: Path, docs_dir: Path, analyse: Callable[[Sequence[Path], str], Report],
             only: Sequence[str] = ()) -> EvalResult:
    """Analyse every labelled case with ``analyse(paths, state)`` and score it."""
    from gapcheck.errors import GapcheckError

    results = []
    for case in load_labels(Path(labels_dir)):
        if only and case.case not in only:
            continue
        try:
            paths = locate_documents(case, Path(docs_dir))
            report = analyse(paths, case.state)
        except GapcheckError as err:
            results.append(CaseScore(case.case, case.state, (0, len(case.items)), error=str(err)))
            continue
        results.append(score_case(case, report))
    return EvalResult(results)
