"""Unicode clean-up of extracted text (NFKC for ligatures, odd spaces and
dashes, control characters) and repair of words hyphenated at line ends."""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_END_HYPHEN = re.compile(r"[\u00ad\ufffe\x02\u2010\u2011]$")


def normalize_text(text: str) -> str:
    """NFKC-normalise, drop soft hyphens and zero-width characters, replace control
    characters by spaces, collapse runs of spaces, strip trailing spaces on lines.

    Line breaks are kept: one printed line stays one line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(normalize_line(line) for line in text.split("\n"))


def normalize_line(line: str) -> str:
    """``normalize_text`` for one printed line. A hyphenation mark at the end
    of the line (soft hyphen, pdfium's U+FFFE / U+0002 hyphen, U+2010) becomes
    "-" so that ``join_hyphenated`` can repair the word."""
    line = line.rstrip()
    if line and _LINE_END_HYPHEN.search(line):
        line = line[:-1] + "-"
    if line.isascii():
        if line.isprintable():
            return " ".join(line.split())
        return " ".join(_CONTROLS.sub(" ", line).split())
    line = unicodedata.normalize("NFKC", line)
    line = _INVISIBLE.sub("", line)
    line = _CONTROLS.sub(" ", line)
    return _SPACES.sub(" ", line).strip()


# ------------------------------------------------------------ hyphenation

_BROKEN = re.compile(r"(?:^|(?<=[\s(\[\"“‘'/-]))([^\W\d_]+)-$")
_FIRST = re.compile(r"^([^\W\d_]+)")

HYPHEN_PREFIXES = frozenset({
    "self", "non", "anti", "co", "ex", "cross", "well", "ill", "all", "half", "quasi", "counter", "vice",
    "so", "great", "step", "pre", "post", "semi", "inter", "intra", "extra", "multi", "sub", "un",
})
"""Prefixes usually written with a hyphen (self-employed, non-governmental,
anti-trafficking, co-operation, cross-border). ``pre``/``post``/``sub``… are
here too, but only decide when the document itself does not show the word
written whole (see ``hyphen_decision``)."""


def hyphen_decision(left: str, right: str, vocabulary: set[str]) -> bool:
    """True to join ``left-`` + ``right`` into one word without the hyphen,
    False to keep the hyphen (a real compound).

    Conservative: a capital after the break keeps the hyphen (Attorney-General,
    non-Commonwealth); then the document decides (the word written elsewhere
    whole, or with its hyphen); then the usual hyphenated prefixes keep it;
    then two real words on both sides keep it (decision-making); otherwise the
    break was a typesetter's hyphenation and the word is joined.
    """
    if not right[:1].islower():
        return False
    lw, rw = left.lower(), right.lower()
    joined, hyphened = lw + rw, f"{lw}-{rw}"
    in_joined, in_hyphened = joined in vocabulary, hyphened in vocabulary
    if in_hyphened and not in_joined:
        return False
    if in_joined and not in_hyphened:
        return True
    if lw in HYPHEN_PREFIXES:
        return False
    if len(lw) >= 4 and len(rw) >= 4 and lw in vocabulary and rw in vocabulary:
        return False
    return True


def vocabulary_of(lines: Sequence[str]) -> set[str]:
    """Lower-cased words (hyphenated compounds whole) written in ``lines``,
    without the fragments of words broken at line ends."""
    words: set[str] = set()
    broken_before = False
    for line in lines:
        if broken_before:
            line = line.partition(" ")[2]
        broken_before = line.endswith("-")
        if broken_before:
            line = line.rpartition(" ")[0]
        # line by line: str.lower() on a long non-ASCII text briefly allocates
        # twelve bytes per character
        words.update(line.lower().translate(_NOT_IN_WORDS).split())
    return words


_NOT_IN_WORDS = str.maketrans({ch: " " for ch in "0123456789.,;:!?()[]{}<>\"“”‘’'/\\|*&%$#@+=_~`^—–"})


def join_hyphenated(lines: Sequence[str], keep_empty: bool = False,
                    vocabulary: set[str] | None = None) -> list[str]:
    """Repair words broken at line ends: the fragment after the break moves up
    to the line where the word starts ("traf-" / "ficking of" → "trafficking"
    / "of"); real compounds keep their hyphen ("anti-" / "trafficking" →
    "anti-trafficking"). Lines stay lines; a line left empty is dropped unless
    ``keep_empty``."""
    out = list(lines)
    for i in range(len(out) - 1):
        line = out[i]
        if not line.endswith("-"):
            continue
        m = _BROKEN.search(line)
        if not m:
            continue
        j = i + 1
        while j < len(out) and not out[j]:
            j += 1
        if j >= len(out):
            break
        nxt = out[j]
        first = _FIRST.match(nxt)
        if not first:
            continue
        if vocabulary is None:
            vocabulary = vocabulary_of(out)
        token, _, rest = nxt.partition(" ")
        if hyphen_decision(m.group(1), first.group(1), vocabulary):
            out[i] = line[:-1] + token
        else:
            out[i] = line + token
        out[j] = rest.strip()
    if keep_empty:
        return out
    return [line for line in out if line]
