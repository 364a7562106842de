"""Running the checklist's vocabulary over provision texts with spaCy's Matcher.

Each pattern (a vocabulary entry or an item sub-element) gets a small
``Matcher`` of its own, run only where it could match:

1. a word prefilter, before any tokenising: every literal word a pattern
   requires must start a word of the text (its *anchor*, the most selective
   of them, is looked up in a table of the text's words; the others are
   checked after it), so most provisions of a long code are never tokenised;
2. the texts that pass are tokenised once, whichever scanners read them (a
   ``ScanCache`` is shared by the trigger, topic and marker scanners);
3. each pattern's Matcher runs only in token windows around its anchors.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Sequence, TypeVar

from gapcheck.checklists.model import Checklist, PatternEntry
from gapcheck.checklists.patterns import blank, compile_pattern


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
_SPACES = re.compile(r"\s+")
_LONG_SPACES = re.compile(r"\s{2,}")


class OffsetMap:
    """Offsets in a text whose whitespace runs were collapsed → offsets in the
    original (``back[i]``, for ``0 <= i <= len(flat)``)."""

    __slots__ = ("_starts", "_shifts", "_length")

    def __init__(self, text: str, flat_length: int) -> None:
        starts: list[int] = []  # flat offsets from which a larger shift applies
        shifts: list[int] = []
        shift = 0
        for m in _LONG_SPACES.finditer(text):
            shift += m.end() - m.start() - 1
            starts.append(m.start() - (shift - (m.end() - m.start() - 1)) + 1)
            shifts.append(shift)
        self._starts = starts
        self._shifts = shifts
        self._length = flat_length

    def __getitem__(self, i: int) -> int:
        if not 0 <= i <= self._length:
            raise IndexError(i)
        k = bisect_right(self._starts, i)
        return i + (self._shifts[k - 1] if k else 0)

    def __len__(self) -> int:
        return self._length + 1


def collapse_space(text: str) -> tuple[str, OffsetMap | None]:
    """Text with every run of whitespace turned into one space (the tokenizer would
    otherwise make tokens of line breaks), and the map from its offsets back to
    the original text (None when nothing changed)."""
    if not _SPACE_RUN.search(text):
        return text, None
    flat = _SPACES.sub(" ", text)
    return flat, OffsetMap(text, len(flat))


class Words:
    """The words of a text (lower case, as ``\\w+`` runs): what the prefilter reads."""

    __slots__ = ("unique", "_sorted")

    def __init__(self, text: str) -> None:
        self.unique = set(_WORD.findall(text.lower()))
        self._sorted: list[str] | None = None

    def starts_any(self, prefixes: tuple[str, ...]) -> bool:
        """Does a word of the text start with one of ``prefixes``?"""
        words = self._sorted
        if words is None:
            words = self._sorted = sorted(self.unique)
        for p in prefixes:
            i = bisect_left(words, p)
            if i < len(words) and words[i].startswith(p):
                return True
        return False


class Tokens:
    """A text tokenised once: its spaCy Doc (over the collapsed text), the map back
    to the original offsets, and the lower-case form of each token (as hashes)."""

    __slots__ = ("doc", "back", "lower")

    def __init__(self, nlp, text: str) -> None:
        from spacy.attrs import LOWER

        flat, self.back = collapse_space(text)
        self.doc = nlp.make_doc(flat)
        self.lower: list[int] = self.doc.to_array(LOWER).tolist() if len(self.doc) else []


class ScanCache:
    """Texts' words and tokens, shared by the scanners that read the same texts
    (tokenising is most of the cost of a scan). ``keep=False``: nothing is kept
    (a long code's tokens would take tens of megabytes)."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.words: dict[str, Words] = {}
        self.tokens: dict[tuple[int, str], Tokens] = {}

    def words_of(self, text: str) -> Words:
        found = self.words.get(text)
        if found is None:
            found = Words(text)
            if self.keep:
                self.words[text] = found
        return found

    def tokens_of(self, nlp, text: str) -> Tokens:
        key = (id(nlp.vocab), text)
        found = self.tokens.get(key)
        if found is None:
            found = Tokens(nlp, text)
            if self.keep:
                self.tokens[key] = found
        return found


class _Memo(dict):
    """A dict that computes a missing value with ``find(key)`` and keeps it."""

    def __init__(self, find) -> None:
        super().__init__()
        self._find = find

    def __missing__(self, key):
        value = self[key] = self._find(key)
        return value


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
    required: tuple[tuple[str, ...], ...]
    """Word prefixes the text must contain (one of each tuple) for the main phrase to match."""
    near_required: tuple[tuple[tuple[str, ...], ...], ...]
    """The same for each "near" phrase (one of them must match)."""

    def possible(self, words: Words) -> bool:
        """The prefilter: can this rule match a text with these words?"""
        starts = words.starts_any
        if not all(starts(alts) for alts in self.required):
            return False
        return not self.near_required or any(all(starts(alts) for alts in req) for req in self.near_required)


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
    contain the words it requires, in windows around its anchor words, so a
    provision is matched against the few patterns it could satisfy rather than
    against all of them.
    """

    def __init__(self, checklist: Checklist, role: str = "topic", validate: bool = False) -> None:
        """``role="trigger"``: the vocabulary that makes a section relevant;
        ``role="topic"``: item sub-elements and signals plus topic vocabulary;
        ``role="marker"``: the marker vocabulary (shall, may, offence, …).
        ``validate``: spaCy checks every compiled pattern (slower; the tests do)."""
        self.nlp = blank(checklist.language)
        self.validate = validate
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
        self._word_rules = _Memo(self._find_rules_of_word)
        """word → the rules one of whose anchors starts it."""
        self._lower_rules = _Memo(lambda h: self._word_rules[self.nlp.vocab.strings[h]])
        """The same by the hash of a token's lower-case text."""

    def _add_rule(self, concept: str, entry: PatternEntry) -> None:
        from spacy.matcher import Matcher

        matcher = Matcher(self.nlp.vocab, validate=self.validate)
        near_matcher = Matcher(self.nlp.vocab, validate=self.validate) if entry.near else None

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
        self.rules.append(_Rule(concept, entry, main, near, unless, matcher, near_matcher, anchors, reach,
                                main.required, tuple(p.required for p in near)))
        if anchors:
            for a in anchors:
                self.by_anchor.setdefault(a, []).append(index)
        else:
            self.always.append(index)

    def _find_rules_of_word(self, word: str) -> tuple[int, ...]:
        hit: set[int] = set()
        for n in self._anchor_lengths:
            if n > len(word):
                break
            hit.update(self.by_anchor.get(word[:n], ()))
        return tuple(sorted(hit))

    def _rules_of_word(self, word: str) -> tuple[int, ...]:
        return self._word_rules[word]

    def active_rules(self, text: str, words: Words | None = None) -> set[int]:
        """The rules one of whose anchor words starts a word of the text."""
        active = set(self.always)
        active.update(chain.from_iterable(map(self._word_rules.__getitem__, (words or Words(text)).unique)))
        return active

    def possible_rules(self, text: str, words: Words | None = None) -> list[int]:
        """The rules that can match the text, judged from its words alone (in order)."""
        words = words or Words(text)
        rules = self.rules
        return [i for i in sorted(self.active_rules(text, words)) if rules[i].possible(words)]

    def _anchor_positions(self, tokens: Tokens, active: list[int]) -> dict[int, list[int]]:
        """Token indices where an anchor of each active rule occurs."""
        wanted = set(active)
        positions: dict[int, list[int]] = {}
        memo = self._lower_rules
        for i, rules in enumerate(map(memo.__getitem__, tokens.lower)):
            for index in rules:
                if index in wanted:
                    positions.setdefault(index, []).append(i)
        return positions

    def could_match(self, text: str) -> bool:
        return bool(self.possible_rules(text))

    def scan(self, texts: Iterable[str], cache: ScanCache | None = None) -> list[TextHits]:
        """Hits for each text (an empty TextHits when no pattern could match).
        ``cache`` shares the texts' words and tokens with other scans (none: nothing is kept)."""
        cache = cache or ScanCache(keep=False)
        results: list[TextHits] = []
        done: dict[str, TextHits] = {}
        for text in texts:
            if not text:
                results.append(EMPTY)
                continue
            found = done.get(text)
            if found is None:
                found = done[text] = self._scan_one(text, cache)
            results.append(found)
        return results

    def _scan_one(self, text: str, cache: ScanCache) -> TextHits:
        active = self.possible_rules(text, cache.words_of(text))
        if not active:
            return EMPTY
        strings = self.nlp.vocab.strings
        tokens = cache.tokens_of(self.nlp, text)
        doc, back = tokens.doc, tokens.back
        positions = self._anchor_positions(tokens, active)
        hits = TextHits()
        for index in active:
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
        return hits if hits else EMPTY


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans contained in a longer span of the same pattern (the matcher reports all lengths of gaps)."""
    spans = sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for s in spans:
        if kept and s[0] >= kept[-1][0] and s[1] <= kept[-1][1]:
            continue
        kept.append(s)
    return kept


T = TypeVar("T")
R = TypeVar("R")

SHARED_WORK = 100_000
"""Characters of text to scan from which a forked process takes half of them."""


def in_two(function: Callable[[list[T]], R], items: list[T], weights: Sequence[int],
           least: int | None = None) -> list[R]:
    """``function`` over ``items`` in two halves on two cores when there are at least
    ``SHARED_WORK`` characters to scan (see ``gapcheck.readahead.in_two``)."""
    from gapcheck.readahead import in_two as split

    return split(function, items, weights, SHARED_WORK if least is None else least)
