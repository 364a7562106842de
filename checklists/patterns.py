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
``(a b|c d)``  one of several phrases (a group may hold several words;
               ``(a b|c)?`` makes the whole group optional)
=============  ==========================================================

A bare ``a|b`` alternative is always ONE word: ``set out|listed`` means "set"
followed by "out" or "listed"; write ``(set out|listed)`` for either phrase.

Literal words with inner punctuation (``co-operation``) are split the way the
tokenizer splits them. Every pattern also yields a cheap *anchor*: the longest
required literal, used to skip provisions that cannot match before spaCy runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    segments: tuple[tuple[tuple[dict, ...], ...], ...]
    """Runs of tokens between gaps; each run is a tuple of variants (a phrase
    group expands into one variant per alternative), matched by spaCy's Matcher."""
    gaps: tuple[int, ...]
    """gaps[k]: the most tokens allowed between segment k and segment k + 1.
    (spaCy's own ``{0,N}`` quantifier explodes on long texts, so gaps are joined
    here, after matching.)"""
    anchors: tuple[str, ...]
    """Lower-case literals (prefixes); every match contains at least one of them."""
    required: tuple[tuple[str, ...], ...] = ()
    """For every required token of the pattern, the word prefixes of its
    alternatives: a text can only match if, for each, one of its words starts
    with one of them (a cheap check before spaCy tokenises the text)."""


_BLANK: dict[str, object] = {}


def blank(language: str = "en"):
    """The blank spaCy pipeline of a language, made once per process (it costs
    about 0.2 s: the tokenizer's exceptions are compiled)."""
    nlp = _BLANK.get(language)
    if nlp is None:
        import spacy
        from spacy.attrs import LIKE_NUM, LOWER

        nlp = _BLANK[language] = spacy.blank(language)
        # Every new word of a text becomes a lexeme, with ~20 attributes computed in
        # Python; the patterns read only these two (LOWER, also for REGEX, and LIKE_NUM).
        getters = nlp.vocab.lex_attr_getters
        nlp.vocab.lex_attr_getters = {k: v for k, v in getters.items() if k in (LOWER, LIKE_NUM)}
    return nlp


def _tokenizer():
    return blank("en").tokenizer


def _split_literal(word: str) -> list[str]:
    """How spaCy's English tokenizer splits a literal word (one character or a
    plain word stays whole: no need to load spaCy to know it)."""
    if word.isalnum() or len(word) == 1:
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


_MAX_VARIANTS = 256
_COMMON_WORDS = frozenset("""
a an the of in on to for by with from at as or and nor not no any all every each other another such this that these those
is are was were be been being has have had shall may must will can should would could do does did
person persons people individual individuals who which whom whose where when if than then there thereof
under over years year days day time same said within without upon into out its their his her him them they
section sections article articles act law code part chapter paragraph subsection provision provisions
""".split())


def _lex(source: str) -> list[str]:
    """Split a phrase into DSL tokens; a parenthesised group (which may contain
    spaces) is one token: ``(set out|listed)``, ``(a)?``."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        if source[i].isspace():
            i += 1
            continue
        if source[i] == "(":
            depth, j = 0, i
            while j < n:
                if source[j] == "(":
                    depth += 1
                elif source[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                raise PatternSyntaxError(f"unclosed parenthesis: {source!r}")
            j += 1
            if j < n and source[j] == "?":
                j += 1
            if j < n and not source[j].isspace():
                # "(a)b" is not a group but a literal with punctuation
                while j < n and not source[j].isspace():
                    j += 1
            out.append(source[i:j])
            i = j
            continue
        j = i
        while j < n and not source[j].isspace():
            j += 1
        out.append(source[i:j])
        i = j
    return out


def _group(word: str) -> tuple[list[list[dict]], bool, list[str]] | None:
    """A phrase group ``(a b|c)`` or ``(a b|c)?``: its alternatives as token lists,
    whether it is optional, and an anchor word per alternative."""
    m = re.fullmatch(r"\((.+)\)(\?)?", word)
    if not m or ("|" not in m.group(1) and " " not in m.group(1).strip()):
        return None
    alternatives: list[list[dict]] = []
    anchors: list[str] = []
    for phrase in m.group(1).split("|"):
        words = phrase.split()
        if not words:
            raise PatternSyntaxError(f"empty alternative in {word!r}")
        specs: list[dict] = []
        for w in words:
            if w.endswith("?") or w.startswith("~") or w.startswith("("):
                raise PatternSyntaxError(f"only plain words may appear in a group: {word!r}")
            token, _ = _token_spec(w)
            specs.extend(token)
        alternatives.append(specs)
        anchors.append(max((_word_part(w.rstrip("*")) for w in words), key=len))
    return alternatives, bool(m.group(2)), anchors


def compile_pattern(source: str) -> CompiledPattern:
    """Compile a phrase into spaCy Matcher token patterns (one list of variants per segment)."""
    words = _lex(source.strip())
    if not words:
        raise PatternSyntaxError("empty pattern")
    segments: list[list[list[dict]]] = [[[]]]
    gaps: list[int] = []
    required: list[tuple[str, ...]] = []
    needed: list[tuple[str, ...]] = []  # as required, without groups that have an alternative of punctuation only
    for i, w in enumerate(words):
        if "|" in w and not w.startswith("(") and i + 1 < len(words) and words[i + 1] in ("-", "–"):
            raise PatternSyntaxError(f"{w!r} followed by '-': a bare alternative is one word; "
                                     f"write a group such as (co - operate|cooperate): {source!r}")
        gap = _GAP.match(w)
        if gap:
            if i == 0 or i == len(words) - 1:
                raise PatternSyntaxError(f"a gap cannot start or end a pattern: {source!r}")
            if _GAP.match(words[i - 1]):
                raise PatternSyntaxError(f"two gaps in a row: {source!r}")
            gaps.append(int(gap.group(1)))
            segments.append([[]])
            continue
        group = _group(w)
        if group is not None:
            alternatives, optional, anchors = group
            choices = alternatives + ([[]] if optional else [])
            segments[-1] = [v + alt for v in segments[-1] for alt in choices]
            if len(segments[-1]) > _MAX_VARIANTS:
                raise PatternSyntaxError(f"too many combinations in {source!r}")
            if not optional:
                required.append(tuple(a for a in anchors if a))
                if all(anchors):
                    needed.append(tuple(anchors))
            continue
        specs, anchor = _token_spec(w)
        segments[-1] = [v + specs for v in segments[-1]]
        if not w.endswith("?") and w != "#num":
            alts = tuple(_word_part(a.rstrip("*")) for a in w.split("|") if a)
            if all(alts):
                required.append(alts)
                needed.append(alts)
    for seg in segments:
        if any(not variant or all("OP" in t for t in variant) for variant in seg):
            raise PatternSyntaxError(f"a part of the pattern has only optional tokens: {source!r}")
    # The anchor is the most selective required token: common words ("been", "any",
    # "person", "shall") make poor anchors, then the longer the word the rarer it is.
    def selectivity(alts: tuple[str, ...]) -> tuple[int, int, int]:
        common = sum(1 for a in alts if a in _COMMON_WORDS)
        return (-common, min(len(a) for a in alts), -len(alts))

    anchors: tuple[str, ...] = tuple(max(required, key=selectivity)) if required else ()
    return CompiledPattern(source=source, segments=tuple(tuple(tuple(v) for v in seg) for seg in segments),
                           gaps=tuple(gaps), anchors=anchors, required=tuple(needed))


def _word_part(literal: str) -> str:
    """The longest run of word characters in a literal: what a text word must start with."""
    parts = re.findall(r"\w+", literal.lower())
    return max(parts, key=len) if parts else ""


def number_words() -> tuple[str, ...]:
    return tuple(_NUMBER_WORDS)
