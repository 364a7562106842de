"""Running the checklist's vocabulary over provision texts with spaCy's Matcher.

One ``Matcher`` holds every pattern of the checklist (vocabulary groups and
item sub-elements). A cheap anchor prefilter (a single compiled regex over the
literal words the patterns require) skips texts that cannot match, so spaCy
only tokenises the few provisions that matter, not a whole penal code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from gapcheck.checklists.model import Checklist, PatternEntry
from gapcheck.checklists.patterns import compile_pattern


@dataclass(frozen=True)
class Hit:
    """A concept matched in a text: ``concept`` is ``v:<group>`` or ``e:<ITEM>:<element>``."""

    concept: str
    start: int
    end: int
    text: str
    inferred: bool = False


class TextHits:
    """The hits found in one text, by concept."""

    def merge(self, other: "TextHits") -> "TextHits":
        merged = TextHits()
        for source in (self, other):
            for concept, hits in source.by_concept.items():
                merged.by_concept.setdefault(concept, []).extend(hits)
        return merged

    __slots__ = ("by_concept",)

    def __init__(self) -> None:
        self.by_concept: dict[str, list[Hit]] = {}

    def add(self, hit: Hit) -> None:
        self.by_concept.setdefault(hit.concept, []).append(hit)

    def get(self, concept: str) -> list[Hit]:
        return self.by_concept.get(concept, [])

    def has(self, concept: str) -> bool:
        return bool(self.by_concept.get(concept))

    def __bool__(self) -> bool:
        return bool(self.by_concept)


EMPTY = TextHits()


_WORD = re.compile(r"\w+")
_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


def collapse_space(text: str) -> tuple[str, list[int] | None]:
    """Text with every run of whitespace turned into one space (the tokenizer would
    otherwise make tokens of line breaks), and the map from its offsets back to
    the original text (None when nothing changed)."""
    if not _SPACE_RUN.search(text):
        return text, None
    out: list[str] = []
    back: list[int] = []
    pos = 0
    for m in re.finditer(r"\s+", text):
        out.append(text[pos:m.start()])
        back.extend(range(pos, m.start()))
        out.append(" ")
        back.append(m.start())
        pos = m.end()
    out.append(text[pos:])
    back.extend(range(pos, len(text)))
    back.append(len(text))
    return "".join(out), back


@dataclass
class _Rule:
    concept: str
    entry: PatternEntry
    pattern: object
    near: tuple[object, ...]
    unless: tuple[object, ...]
    matcher: object
    near_matcher: object
    anchors: tuple[str, ...]
    reach: int
    """The most tokens a match can span: the window searched around an anchor."""


def _reach(pattern) -> int:
    return sum(max(len(v) for v in seg) for seg in pattern.segments) + sum(pattern.gaps) + 2


def _windows(positions: list[int] | None, rule: _Rule, n: int) -> list[tuple[int, int]]:
    """Merged token windows around the anchor positions (the whole text when the rule has no anchor)."""
    if not rule.anchors:
        return [(0, n)]
    if not positions:
        return []
    windows: list[tuple[int, int]] = []
    for i in positions:
        lo, hi = max(0, i - rule.reach), min(n, i + rule.reach + 1)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def _assemble(pattern, key: str, raw: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Join the matches of a pattern's segments, each within its gap of the previous
    one (trying every candidate, so "by any means, any person" still joins)."""
    first = raw.get(f"{key}/s0", [])
    if len(pattern.segments) == 1 or not first:
        return first
    later = [sorted(raw.get(f"{key}/s{k}", [])) for k in range(1, len(pattern.segments))]
    if any(not seg for seg in later):
        return []

    def extend(k: int, end: int) -> int | None:
        if k == len(later):
            return end
        limit = pattern.gaps[k]
        for s, e in later[k]:
            if s < end:
                continue
            if s > end + limit:
                break
            done = extend(k + 1, e)
            if done is not None:
                return done
        return None

    spans = []
    for start, end in first:
        done = extend(0, end)
        if done is not None:
            spans.append((start, done))
    return spans


class Scanner:
    """Finds every vocabulary concept and sub-element of a checklist in texts.

    Each pattern gets a small ``Matcher`` of its own and runs only on texts that
    contain one of its anchor words, so a provision is matched against the few
    patterns it could satisfy rather than against all of them.
    """

    def __init__(self, checklist: Checklist, role: str = "topic") -> None:
        """``role="trigger"``: the vocabulary that makes a section relevant;
        ``role="topic"``: item sub-elements and signals plus topic vocabulary;
        ``role="marker"``: the marker vocabulary (shall, may, offence, …)."""
        import spacy

        self.nlp = spacy.blank(checklist.language)
        self.rules: list[_Rule] = []
        concepts: list[tuple[str, Sequence[PatternEntry]]] = []
        for gid, group in checklist.vocabulary.items():
            if group.role == role:
                concepts.append((f"v:{gid}", group.patterns))
        if role == "topic":
            for item in checklist.items:
                for element in (*item.elements, *item.signals):
                    concepts.append((f"e:{item.id}:{element.id}", element.patterns.get(checklist.language, ())))
        self.by_anchor: dict[str, list[int]] = {}
        self.always: list[int] = []
        for concept, entries in concepts:
            for entry in entries:
                self._add_rule(concept, entry)
        self._anchor_lengths = sorted({len(a) for a in self.by_anchor})

    def _add_rule(self, concept: str, entry: PatternEntry) -> None:
        from spacy.matcher import Matcher

        matcher = Matcher(self.nlp.vocab, validate=True)
        near_matcher = Matcher(self.nlp.vocab, validate=True) if entry.near else None

        def add(key: str, phrase: str, target=matcher):
            pattern = compile_pattern(phrase)
            for k, variants in enumerate(pattern.segments):
                target.add(f"{key}/s{k}", [list(v) for v in variants])
            return pattern

        main = add("m", entry.match)
        near = tuple(add(f"n{j}", phrase, near_matcher) for j, phrase in enumerate(entry.near))
        unless = tuple(add(f"u{j}", phrase) for j, phrase in enumerate(entry.unless))
        anchors = tuple(a for a in main.anchors if a)
        index = len(self.rules)
        reach = max(_reach(p) for p in (main, *unless))
        self.rules.append(_Rule(concept, entry, main, near, unless, matcher, near_matcher, anchors, reach))
        if anchors:
            for a in anchors:
                self.by_anchor.setdefault(a, []).append(index)
        else:
            self.always.append(index)

    def active_rules(self, text: str) -> set[int]:
        """The cheap prefilter: rules one of whose anchor words starts a word of the text."""
        active = set(self.always)
        lengths = self._anchor_lengths
        by_anchor = self.by_anchor
        for word in set(_WORD.findall(text.lower())):
            for n in lengths:
                if n > len(word):
                    break
                hit = by_anchor.get(word[:n])
                if hit:
                    active.update(hit)
        return active

    def _anchor_positions(self, doc, active: set[int]) -> dict[int, list[int]]:
        """Token indices where an anchor of each active rule occurs."""
        positions: dict[int, list[int]] = {}
        lengths = self._anchor_lengths
        by_anchor = self.by_anchor
        for token in doc:
            word = token.lower_
            for n in lengths:
                if n > len(word):
                    break
                for index in by_anchor.get(word[:n], ()):
                    if index in active:
                        positions.setdefault(index, []).append(token.i)
        return positions

    def could_match(self, text: str) -> bool:
        return bool(self.active_rules(text) - set(self.always)) or bool(self.always)

    def scan(self, texts: Iterable[str]) -> list[TextHits]:
        """Hits for each text (an empty TextHits when no pattern could match)."""
        results: list[TextHits] = []
        strings = self.nlp.vocab.strings
        for text in texts:
            active = self.active_rules(text) if text else set()
            if not active:
                results.append(EMPTY)
                continue
            flat, back = collapse_space(text)
            doc = self.nlp.make_doc(flat)
            positions = self._anchor_positions(doc, active)
            hits = TextHits()
            for index in sorted(active):
                rule = self.rules[index]
                raw: dict[str, list[tuple[int, int]]] = {}
                for lo, hi in _windows(positions.get(index), rule, len(doc)):
                    for match_id, start, end in rule.matcher(doc[lo:hi]):
                        raw.setdefault(strings[match_id], []).append((start + lo, end + lo))
                for key in raw:
                    raw[key] = sorted(set(raw[key]))
                if not raw:
                    continue
                spans = _assemble(rule.pattern, "m", raw)
                if not spans:
                    continue
                if rule.near:
                    # "near" phrases may be anywhere in the text, not only around the anchor
                    near_raw: dict[str, list[tuple[int, int]]] = {}
                    for match_id, start, end in rule.near_matcher(doc):
                        near_raw.setdefault(strings[match_id], []).append((start, end))
                    if not any(_assemble(p, f"n{j}", near_raw) for j, p in enumerate(rule.near)):
                        continue
                vetoes = [v for j, p in enumerate(rule.unless) for v in _assemble(p, f"u{j}", raw)]
                for start, end in _longest(spans):
                    if any(vs < end and start < ve for vs, ve in vetoes):
                        continue
                    span = doc[start:end]
                    a, b = span.start_char, span.end_char
                    if back is not None:
                        a, b = back[a], back[b - 1] + 1
                    hits.add(Hit(rule.concept, a, b, text[a:b], rule.entry.inferred))
            results.append(hits if hits else EMPTY)
        return results


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans contained in a longer span of the same pattern (the matcher reports all lengths of gaps)."""
    spans = sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for s in spans:
        if kept and s[0] >= kept[-1][0] and s[1] <= kept[-1][1]:
            continue
        kept.append(s)
    return kept
