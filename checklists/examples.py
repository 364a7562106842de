"""Annotated example files: short provisions with the finding they must produce.

Each item may have ``examples/<ITEM-ID>.txt`` beside its YAML file, in the
manner of semgrep's ``ruleid:``/``ok:`` annotations. Examples are separated by a
line of three dashes; annotation lines start with ``#:``; other lines starting
with ``#`` are comments; everything else is statute text::

    #: expect: partial
    #: found: force, fraud
    #: missing: payments
    #: values: age=16
    #: qualifiers: discretionary
    4. Any person who, by force or fraud, recruits …

``expect`` is required; ``found``/``missing`` list sub-elements (itemised items)
that must be found or missing; ``values`` numbers that must be reported;
``qualifiers`` qualifiers that must be present.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from gapcheck.errors import ChecklistError

SEPARATOR = re.compile(r"^-{3,}\s*$")
_KEYS = {"expect", "found", "missing", "values", "qualifiers", "why"}


@dataclass(frozen=True)
class Example:
    item_id: str
    file: str
    line: int
    text: str
    expect: str
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    values: dict = field(default_factory=dict)
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    passed: bool
    problems: tuple[str, ...]
    status: str


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def parse_examples(path: Path, item_id: str) -> list[Example]:
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ChecklistError(f"cannot read examples ({err})", str(path), item=item_id) from None
    examples: list[Example] = []
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    block_start = 1
    for number, line in enumerate(content.splitlines(), start=1):
        if SEPARATOR.match(line):
            blocks.append((block_start, current))
            current, block_start = [], number + 1
        else:
            current.append(line)
    blocks.append((block_start, current))
    for start_line, block in blocks:
        notes: dict[str, str] = {}
        body: list[str] = []
        first_line = None
        for offset, line in enumerate(block):
            stripped = line.strip()
            if stripped.startswith("#:"):
                key, _, value = stripped[2:].partition(":")
                key = key.strip().lower()
                if key not in _KEYS:
                    raise ChecklistError(f"unknown annotation {key!r}", str(path), start_line + offset, item_id)
                notes[key] = value.strip()
                first_line = first_line or start_line + offset
            elif stripped.startswith("#") and not body:
                continue
            else:
                body.append(line)
        text = "\n".join(body).strip("\n")
        if not text and not notes:
            continue
        if "expect" not in notes:
            raise ChecklistError("example without an '#: expect:' line", str(path), first_line or start_line, item_id)
        if notes["expect"] not in ("met", "partial", "gap"):
            raise ChecklistError(f"expect must be met, partial or gap, not {notes['expect']!r}", str(path),
                                 first_line, item_id)
        values = {}
        for pair in _split_list(notes.get("values", "")):
            k, _, v = pair.partition("=")
            values[k.strip()] = int(v) if v.strip().isdigit() else v.strip()
        examples.append(Example(item_id, str(path), first_line or start_line, text + "\n", notes["expect"],
                                _split_list(notes.get("found", "")), _split_list(notes.get("missing", "")),
                                values, _split_list(notes.get("qualifiers", ""))))
    return examples


def load_examples(checklist) -> list[Example]:
    examples: list[Example] = []
    folder = Path(checklist.directory) / "examples"
    for item in checklist.items:
        path = folder / f"{item.id}.txt"
        if path.exists():
            examples.extend(parse_examples(path, item.id))
    return examples


def _document(example: Example):
    from gapcheck.extractors.normalize import normalize_text
    from gapcheck.models import Document, Page

    text = normalize_text(example.text)
    name = f"{example.item_id}-example-line-{example.line}.txt"
    return Document(path=name, name=name, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
                    pages=(Page(1, 0, len(text)),), engine="text")


def run_example(checklist, example: Example) -> ExampleResult:
    from gapcheck.checklists.context import Context  # noqa: F401  (import cost paid once)
    from gapcheck.checklists.engine import judge
    from gapcheck.extractors.segment import segment

    document = _document(example)
    findings = judge(checklist, [(document, segment(document))])
    finding = next(f for f in findings if f.item_id == example.item_id)
    problems = []
    if finding.status != example.expect:
        problems.append(f"expected {example.expect}, got {finding.status}: {finding.explanation}")
    found = {e.id for e in finding.elements if e.found}
    for eid in example.found:
        if eid not in found:
            problems.append(f"sub-element {eid} should be found")
    for eid in example.missing:
        if eid in found:
            problems.append(f"sub-element {eid} should be missing")
    for key, value in example.values.items():
        if finding.values.get(key) != value:
            problems.append(f"{key} should be {value}, got {finding.values.get(key)}")
    for q in example.qualifiers:
        if q not in finding.qualifiers:
            problems.append(f"qualifier {q} missing (got {', '.join(finding.qualifiers) or 'none'})")
    return ExampleResult(example, not problems, tuple(problems), finding.status)


def run_examples(checklist, only: str | None = None) -> list[ExampleResult]:
    return [run_example(checklist, ex) for ex in load_examples(checklist) if only is None or ex.item_id == only]
