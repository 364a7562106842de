"""A small phrase language for legal vocabulary, compiled to spaCy ``Matcher`` patterns.

Checklist YAML files write patterns as phrases a lawyer can read::

    "abuse of (a)? position|situation of vulnerab*"

Tokens are separated by spaces and matched case-insensitively on ``LOWER``:

=============  ==========================================================
``word``       the word itself
``word*``      any word starting with ``word`` (``traffick*``)
``a|b*|c``     one of several alternatives
``tok?``       an optional token (``(a)?`` is the same as ``a?``)
``~N``         up to N arbitrary tokens (a gap), e.g. ``payment* ~6 consent``;
               the parts on either side are matched separately and joined
``#num``       a number, in digits or words (``18``, ``eighteen``)
=============  ==========================================================

Literal words with inner punctuation (``co-operation``) are split the way the
tokenizer splits them. Every pattern also yields a cheap *anchor*: the longest
required literal, used to skip provisions that cannot match before spaCy runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_GAP = re.compile(r"^~(\d{1,2})$")
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty forty-five fifty sixty ninety hundred"
).split()


class PatternSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    segments: tuple[tuple[dict, ...], ...]
    """Runs of token patterns, matched by spaCy's Matcher one by one."""
    gaps: tuple[int, ...]
    """gaps[k]: the most tokens allowed between segment k and segment k + 1.
    (spaCy's own ``{0,N}`` quantifier explodes on long texts, so gaps are joined
    here, after matching.)"""
    anchors: tuple[str, ...]
    """Lower-case literals (prefixes); every match contains at least one of them."""


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _split_literal(word: str) -> list[str]:
    """How spaCy's English tokenizer splits a literal word."""
    if word.isalnum():
        return [word]
    return [t.text for t in _tokenizer()(word)]


def _alternative(alt: str) -> tuple[str, str]:
    """('exact'|'prefix', text) for one alternative."""
    if alt.endswith("*") and len(alt) > 1:
        return "prefix", alt[:-1]
    return "exact", alt


def _token_spec(raw: str) -> tuple[list[dict], str]:
    """Compile one DSL token into one or more spaCy token dicts, and its anchor candidate."""
    optional = False
    if raw.endswith("?") and len(raw) > 1:
        optional = True
        raw = raw[:-1]
        if raw.startswith("(") and raw.endswith(")") and len(raw) > 2:
            raw = raw[1:-1]
    if raw == "#num":
        spec = {"LIKE_NUM": True}
        if optional:
            spec["OP"] = "?"
        return [spec], ""
    alts = [a for a in raw.split("|") if a]
    if not alts:
        raise PatternSyntaxError(f"empty token in pattern: {raw!r}")
    kinds = [_alternative(a.lower()) for a in alts]
    # A single exact literal with punctuation is split like the tokenizer does.
    if len(kinds) == 1 and kinds[0][0] == "exact":
        parts = _split_literal(kinds[0][1])
        specs = [{"LOWER": p} for p in parts]
        if optional:
            if len(specs) > 1:
                raise PatternSyntaxError(f"an optional token cannot contain punctuation: {raw!r}")
            specs[0]["OP"] = "?"
        return specs, kinds[0][1] if not optional else ""
    if all(k == "exact" for k, _ in kinds):
        spec: dict = {"LOWER": {"IN": [t for _, t in kinds]}}
    else:
        regex = "^(?:" + "|".join(re.escape(t) + ("$" if k == "exact" else "") for k, t in kinds) + ")"
        spec = {"LOWER": {"REGEX": regex}}
    if optional:
        spec["OP"] = "?"
    anchor = ""
    if not optional and len(kinds) == 1:
        anchor = kinds[0][1]
    return [spec], anchor


def compile_pattern(source: str) -> CompiledPattern:
    """Compile a phrase into spaCy Matcher token dicts."""
    words = source.strip().split()
    if not words:
        raise PatternSyntaxError("empty pattern")
    segments: list[list[dict]] = [[]]
    gaps: list[int] = []
    tokens: list[dict] = []
    anchor_candidates: list[str] = []
    alt_groups: list[list[str]] = []
    for i, w in enumerate(words):
        gap = _GAP.match(w)
        if gap:
            if i == 0 or i == len(words) - 1:
                raise PatternSyntaxError(f"a gap cannot start or end a pattern: {source!r}")
            if _GAP.match(words[i - 1]):
                raise PatternSyntaxError(f"two gaps in a row: {source!r}")
            gaps.append(int(gap.group(1)))
            segments.append([])
            continue
        specs, anchor = _token_spec(w)
        tokens.extend(specs)
        segments[-1].extend(specs)
        if anchor:
            anchor_candidates.append(anchor)
        elif not w.endswith("?") and w != "#num":
            alt_groups.append([a.rstrip("*").lower() for a in w.split("|") if a])
    for seg in segments:
        if all("OP" in t for t in seg):
            raise PatternSyntaxError(f"a part of the pattern has only optional tokens: {source!r}")
    anchor_candidates = [_word_part(a) for a in anchor_candidates if _word_part(a)]
    alt_groups = [[_word_part(a) for a in g] for g in alt_groups if all(_word_part(a) for a in g)]
    if anchor_candidates:
        anchors: tuple[str, ...] = (max(anchor_candidates, key=len),)
    elif alt_groups:
        # No single required literal: any alternative of the most selective group
        # (the one whose shortest word is longest, so "a|any|the" is avoided).
        anchors = tuple(max(alt_groups, key=lambda g: (min(len(a) for a in g), -len(g))))
    else:
        anchors = ()
    return CompiledPattern(source=source, segments=tuple(tuple(seg) for seg in segments), gaps=tuple(gaps),
                           anchors=anchors)


def _word_part(literal: str) -> str:
    """The longest run of word characters in a literal: what a text word must start with."""
    parts = re.findall(r"\w+", literal.lower())
    return max(parts, key=len) if parts else ""


def number_words() -> tuple[str, ...]:
    return tuple(_NUMBER_WORDS)
