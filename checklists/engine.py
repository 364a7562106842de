"""Judging a state's framework against a checklist: locate, then decide each item."""

from __future__ import annotations

from typing import Sequence

from gapcheck.checklists.context import Context
from gapcheck.checklists.deciders import DECIDERS
from gapcheck.checklists.framework import Framework
from gapcheck.checklists.model import Checklist
from gapcheck.checklists.scan import Scanner
from gapcheck.models import Document, Finding, Provision

_SCANNERS: dict[int, tuple[Checklist, Scanner, Scanner, Scanner]] = {}


def scanners_for(checklist: Checklist) -> tuple[Scanner, Scanner, Scanner]:
    """The compiled matchers of a checklist (built once per checklist object)."""
    cached = _SCANNERS.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        cached = (checklist, Scanner(checklist, "trigger"), Scanner(checklist, "topic"), Scanner(checklist, "marker"))
        _SCANNERS[id(checklist)] = cached
    return cached[1], cached[2], cached[3]


def build_context(checklist: Checklist, segmented: Sequence[tuple[Document, Sequence[Provision]]]) -> Context:
    trigger, topic, marker = scanners_for(checklist)
    return Context(checklist, Framework(checklist, segmented, trigger, topic, marker))


def judge(checklist: Checklist, segmented: Sequence[tuple[Document, Sequence[Provision]]]) -> tuple[Finding, ...]:
    """Findings for every item of the checklist, in its order, over all documents together."""
    ctx = build_context(checklist, segmented)
    findings = []
    for item in checklist.items:
        verdict = DECIDERS[item.decider](ctx, item)
        findings.append(ctx.finding(item, verdict))
    return tuple(findings)
