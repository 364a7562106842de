"""The body of `gapcheck eval`: run, score, print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence, TextIO

from gapcheck.errors import UsageError


def _pct(pair: tuple[int, int]) -> str:
    return f"{pair[0] / pair[1]:.3f} ({pair[0]}/{pair[1]})" if pair[1] else "n/a"


def run_eval(labels_dir: Path, docs_dir: Path, cases: Sequence[str], fmt: str, checklist_dir: Path | None,
             fail_under: float | None, out: TextIO) -> int:
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}: choose text or json", path="--format")
    from gapcheck.checklists import load_checklist
    from gapcheck.evaluate import evaluate
    from gapcheck.pipeline import analyze
    from gapcheck.states import resolve_state

    checklist = load_checklist(checklist_dir) if checklist_dir else load_checklist()
    result = evaluate(labels_dir, docs_dir, lambda paths, state: analyze(paths, resolve_state(state), checklist),
                      only=cases)
    if fmt == "json":
        data = {
            "overall": {"status": list(result.statuses), "elements": list(result.elements),
                        "evidence": list(result.evidence),
                        "status_by_confidence": {k: list(v) for k, v in result.by_confidence.items()}},
            "cases": [
                {"case": c.case, "state": c.state, "status": list(c.statuses), "elements": list(c.elements),
                 "evidence": list(c.evidence), "error": c.error,
                 "disagreements": [d.__dict__ for d in c.disagreements]}
                for c in result.cases
            ],
        }
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        width = max([len(c.case) for c in result.cases] + [7])
        out.write(f"{'case':<{width}}  {'status':<16}  {'elements':<16}  {'evidence':<16}\n")
        for c in result.cases:
            if c.error:
                out.write(f"{c.case:<{width}}  error: {c.error}\n")
                continue
            out.write(f"{c.case:<{width}}  {_pct(c.statuses):<16}  {_pct(c.elements):<16}  {_pct(c.evidence):<16}\n")
        out.write(f"{'overall':<{width}}  {_pct(result.statuses):<16}  {_pct(result.elements):<16}  "
                  f"{_pct(result.evidence):<16}\n")
        levels = result.by_confidence
        if levels:
            out.write("status agreement by gapcheck's confidence: " + ", ".join(
                f"{level} {_pct(levels[level])}" for level in ("high", "medium", "low") if level in levels) + "\n")
        disagreements = [d for c in result.cases for d in c.disagreements]
        if disagreements:
            out.write("\nDisagreements:\n")
            for d in disagreements:
                out.write(f"  {d.case} {d.item} [{d.kind}] expected {d.expected}, got {d.got}\n")
    if fail_under is not None:
        for pair in (result.statuses, result.elements, result.evidence):
            if pair[1] and pair[0] / pair[1] < fail_under:
                return 1
    return 0
