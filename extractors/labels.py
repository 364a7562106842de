"""Pinpoint labels: reading subdivision markers and section numbers, ordering them,
and writing the citation a lawyer would write (``s. 3(1)(a)``, ``§ 7102(11)(A)``,
``Art. 4(2)``, ``s. 279.01(1)``, ``s. 2 "child"``).

Pure functions over strings; the segmenter (``segment.py``) decides where
provisions start and uses these helpers to name them.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

# ------------------------------------------------------------ label styles

SECTION = "s"          # Commonwealth and Canadian sections: s. 3(1)(a), s. 279.01(1)
USC = "usc"            # United States Code: § 1591(a)(1)
ARTICLE = "art"        # Articles: Art. 4(2)
SCHEDULE = "sch"       # Schedules, annexes: Schedule, para. (a)
FRONT = "front"        # Long title, preamble, enacting formula
TEXT = "text"          # a document without any numbered section
REGULATION = "reg"     # regulations made under an act: reg. 2.20A(3)

LONG_TITLE = "Long title"
PREAMBLE = "Preamble"
ENACTING_FORMULA = "Enacting formula"
NON_OPERATIVE_LABELS = frozenset({LONG_TITLE, PREAMBLE, ENACTING_FORMULA})
"""Labels of the front matter: context, never operative provisions."""


def is_non_operative(label: str) -> bool:
    """True for the long title, preamble and enacting formula."""
    return label in NON_OPERATIVE_LABELS


def format_label(style: str, path: tuple[str, ...]) -> str:
    """The citation for a provision ``path`` in a drafting ``style``.

    ``path[0]`` is the section/article number (or the schedule / front-matter
    name); the other parts are subdivisions (``"1"``, ``"a"``), an unnumbered
    definition's quoted term (``'"child"'``), an Explanation/Exception of an
    Indian-style code (``"Expl. 1"``: ``s. 370 Expl. 1``) or a Note of a
    post-Soviet code (``"Note 2"``: ``Art. 127.1 Note 2``; ``"Note"``: ``Art. 126 Note``).
    """
    if not path:
        return ""
    head, rest = path[0], path[1:]
    tail = "".join(f' {p}' if p.startswith(('"', "Expl.", "Exc.", "Note", "§")) else f"({p})" for p in rest)
    if style == SECTION:
        return f"s. {head}{tail}"
    if style == USC:
        return f"§ {head}{tail}"
    if style == REGULATION:
        return f"reg. {head}{tail}"
    if style == ARTICLE:
        return f"Art. {head}{tail}"
    if style == SCHEDULE:
        if not rest:
            return head
        first = rest[0] if rest[0][:1].isdigit() else f"({rest[0]})"
        more = "".join(f' {p}' if p.startswith('"') else f"({p})" for p in rest[1:])
        return f"{head}, para. {first}{more}"
    if style == TEXT:
        return tail.strip() if rest else "Text"
    return head


_LABEL_PREFIX = re.compile(
    r"^\s*(?:s\.|ss\.|sec\.|section|§+|art\.|arts\.|article|artículo|articulo|regs?\.|regulation|r\.|rule)\s*",
    re.IGNORECASE)
_LABEL_NUMBER = re.compile(
    r"[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*(?:\s(?:bis|ter|quater|quinquies|sexies|septies|octies)\b)?")


def main_number(label: str) -> str:
    """The main section/article number of a citation: ``s. 360C(1)(a)`` → ``360C``,
    ``§ 7102(11)`` → ``7102``, ``Art. 4(2)`` → ``4``, ``279.01(1)`` → ``279.01``,
    ``s. 2 "child"`` → ``2``. Returns "" when the label has no number."""
    rest = _LABEL_PREFIX.sub("", label or "", count=1)
    m = _LABEL_NUMBER.match(rest)
    return m.group(0) if m else ""


# -------------------------------------------------------- roman numerals

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_SHAPE = re.compile(r"^(?:l?x{0,3}|xl|xc)(?:ix|iv|v?i{0,3})$")


@lru_cache(maxsize=4096)
def roman_value(token: str) -> int | None:
    """The value of a lower- or upper-case roman numeral up to 89, else None."""
    t = token.lower()
    if not t or len(t) > 8 or not _ROMAN_SHAPE.match(t):
        return None
    total = 0
    prev = 0
    for ch in reversed(t):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


# ----------------------------------------------------- subdivision markers

class Reading(NamedTuple):
    """One way of reading a subdivision marker: its type and its position in
    the sequence, as (base, sub) where ``sub`` > 0 marks an inserted item
    such as ``(1A)``, ``(ba)``, ``(a.1)``."""

    kind: str
    """"digit", "lower", "upper", "lroman", "uroman", "dlower", "dupper",
    "digitdot" (``1.``), "digitdeg" (``1°``), "uromandot" (``I.``), "upperdot" (``A.``), "para" (``§ 1``
    of a Lusophone article), "uromandash" (``I –``), "cyr" (``б)``,
    Cyrillic letters in their legal order)."""
    base: int
    sub: int = 0


_DIGIT_LETTER = re.compile(r"(\d{1,4})([A-Z])")
_DIGIT_TOKEN = re.compile(r"(\d{1,4})(?:([A-Za-z]{1,2})|\.(\d{1,2}))?")
_LETTER_TOKEN = re.compile(r"([a-z]{1,6}|[A-Z]{1,6})(?:\.(\d{1,2}))?")


def _letters(token: str) -> int:
    return ord(token.lower()) - 96


# Items of Russian-language codes are lettered а) б) в) г) д) е) ж) з) и) к) … (without ё, й, ъ, ы, ь);
# translations keep them, or print a Cyrillic letter that looks like a Latin one in a Latin list ("е)" after "d)")
CYRILLIC_ITEMS = "абвгдежзиклмнопрстуфхцчшщэюя"
_HOMOGLYPHS = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i"}


def latin_letter(token: str) -> str:
    """A Cyrillic letter that looks like a Latin one, as the Latin letter (``е`` → ``e``)."""
    return _HOMOGLYPHS.get(token, token)


def is_cyrillic_only(token: str) -> bool:
    """A Cyrillic item letter that cannot be read as a Latin one (``б``, ``в``)."""
    return len(token) == 1 and token in CYRILLIC_ITEMS and token not in _HOMOGLYPHS


@lru_cache(maxsize=4096)
def readings(token: str, bracket: str) -> tuple[Reading, ...]:
    """The possible readings of a marker ``token`` (without brackets).

    ``bracket`` is "()" for ``(a)``, ")" for ``a)``, "." for ``1.``/``I.``/``A.``, "°" for ``1°``.
    Ambiguous tokens (``i``, ``v``, ``x``, ``ii``, ``I``) get several readings; the
    segmenter picks one by sequence context.
    """
    out: list[Reading] = []
    if bracket == ".":
        if token.isdigit():
            return (Reading("digitdot", int(token)),)
        m = _DIGIT_LETTER.fullmatch(token)
        if m:
            return (Reading("digitdot", int(m.group(1)), _letters(m.group(2))),)
        r = roman_value(token) if token.isupper() else None
        out = [Reading("uromandot", r)] if r else []
        if len(token) == 1 and token.isupper():
            out.append(Reading("upperdot", _letters(token)))     # "A." of U.S. state codes
        return tuple(out)
    if bracket == "°":
        return (Reading("digitdeg", int(token)),) if token.isdigit() else ()
    if bracket == "§":
        return (Reading("para", int(token)),) if token.isdigit() else ()
    if bracket == "–":
        r = roman_value(token)
        return (Reading("uromandash", r),) if r else ()
    m = _DIGIT_TOKEN.fullmatch(token)
    if m:
        sub = 0
        if m.group(2):
            sub = sum(_letters(c) for c in m.group(2)) if len(m.group(2)) == 1 else 26 + _letters(m.group(2)[-1])
        elif m.group(3):
            sub = int(m.group(3))
        return (Reading("digit", int(m.group(1)), sub),)
    if len(token) == 1 and token.lower() in CYRILLIC_ITEMS + "і":
        low = token.lower()
        if low in _HOMOGLYPHS:
            out += readings(_HOMOGLYPHS[low] if low == token else _HOMOGLYPHS[low].upper(), bracket)
        if low in CYRILLIC_ITEMS:
            out.append(Reading("cyr", CYRILLIC_ITEMS.index(low) + 1))
        return tuple(out)
    m = _LETTER_TOKEN.fullmatch(token)
    if not m:
        return ()
    word, dec = m.group(1), m.group(2)
    upper = word.isupper()
    r = roman_value(word)
    if r and not dec:
        out.append(Reading("uroman" if upper else "lroman", r))
    if len(word) == 1:
        out.append(Reading("upper" if upper else "lower", _letters(word), int(dec) if dec else 0))
    elif len(word) == 2 and not dec:
        if word[0] == word[1]:
            out.append(Reading("dupper" if upper else "dlower", _letters(word[0])))
        if word[0] == word[1] or _letters(word[1]) <= 6:
            # an inserted paragraph such as (ba) after (b), or (aa) after (a)
            out.append(Reading("upper" if upper else "lower", _letters(word[0]), _letters(word[1])))
    return tuple(out)


def is_first(r: Reading) -> bool:
    return r.base == 1 and r.sub == 0


def is_successor(prev: Reading, new: Reading) -> bool:
    """``new`` follows ``prev`` directly: (b) after (a), (1A) after (1), (2) after (1A)."""
    if new.base == prev.base:
        return new.sub > prev.sub
    return new.base == prev.base + 1


def gap_after(prev: Reading, new: Reading) -> int:
    """How many items are skipped between ``prev`` and ``new`` (negative if it goes back)."""
    if new.base == prev.base:
        return 0 if new.sub > prev.sub else -1
    return new.base - prev.base - 1


# ----------------------------------------------------- section numbers

_LATIN = {"bis": 2, "ter": 3, "quater": 4, "quinquies": 5, "sexies": 6, "septies": 7, "octies": 8}
_NUMBER = re.compile(r"^(?:(?P<pre>[A-Z])\.?\s?)?(?P<base>\d+)(?P<rest>.*)$")
# letters right after the base number: "2A", "7105a", "20A" of "20A-5-3"
_LEAD_LETTERS = re.compile(r"([A-Za-z]{1,3})(?![A-Za-z])")
# a further part: ".1A" of "271.1A", "-4" of "225-4-1", "-357" and ".1" of "18.2-357.1", " A" of "224-1 A"
_PART = re.compile(r"(?P<sep>[.\-])\s?(?P<digits>\d+)\s?(?P<letters>[A-Za-z]{0,3})(?![A-Za-z])")
_AFTER_DECIMALS = 10 ** 9
# French-style codes number their parts separately: legislative (L.), regulatory (R.), decrees (D.),
# orders (A.); each part is a run of its own, in this order
_PREFIX_RANK = {"L": 1, "R": 2, "D": 3, "A": 4}
PREFIX_STEP = 100_000
"""``section_key(n)[0]`` is ``rank * PREFIX_STEP + base``: ``base_of`` recovers the plain number."""


def base_of(key: tuple) -> int:
    """The plain base number of a section key (without the code-part offset)."""
    return key[0] % PREFIX_STEP if isinstance(key[0], int) else 0


def _letters_rank(letters: str) -> int:
    return sum((ord(c.lower()) - 96) * 27 ** (2 - i) for i, c in enumerate(letters[:3]))


def _fraction(digits: str) -> Fraction:
    """A decimal part read as a fraction, ordered as the digits are (``1 < 10 < 11 < 2``, ``01 < 011 < 02``):
    each digit is one more in base 11, so a shorter prefix comes first."""
    value = Fraction(0)
    for k, ch in enumerate(digits):
        value += Fraction(int(ch) + 1, 11 ** (k + 1))
    return value


def has_fraction_decimals(number: str) -> bool:
    """``279.01``: a decimal part with a leading zero is a fraction (279.01 < 279.011 < 279.02)."""
    m = _NUMBER.match(number.strip())
    return bool(m) and m.group("rest").startswith(".0")


@lru_cache(maxsize=16384)
def section_key(number: str, integer_decimals: bool = False) -> tuple:
    """A sort key under which the sections of one statute increase:
    ``2 < 2A < 2B < 3``, ``279.01 < 279.011 < 279.02``, ``177 < 177 bis``,
    ``225-4 < 225-4-1 < 225-5``, ``224-1 A < 224-1 B``, ``7105 < 7105a``,
    ``270.1 < 270.1A < 270.2``, ``L. 741-1 < R. 425-1``, ``127 < 127.1 < 127.2 < 128``;
    U.S. state codes: ``20A-5-9 < 20A-5-10``, ``18.2-357 < 18.2-357.1 < 18.2-358``.

    Decimal parts right after the base are read as fractions (Canadian ``83.1 < 83.11 <
    83.2``) or, with ``integer_decimals``, as integers (Australian ``271.8 < 271.10 <
    271.11``); the segmenter picks the reading under which a document's numbers increase
    best. Parts after a hyphen are integers. Every key is a tuple of numbers, so any two
    keys compare (keys of the two readings are never mixed in one chain)."""
    s = re.sub(r"^(\d+)-([A-Za-z])$", r"\1\2", number.strip())      # "149-A" (Lusophone) sorts as "149A"
    if s.lower() in ("premier", "1er"):
        return (1, -1, 0)
    r = roman_value(s) if s.isalpha() and s.isupper() else None
    if r:
        return (r, -1, 0)
    m = _NUMBER.match(s)
    if not m:
        return (0, -1, 0)
    base = int(m.group("base")) + _PREFIX_RANK.get(m.group("pre") or "", 0) * PREFIX_STEP
    rest = m.group("rest").strip()
    latin = _LATIN.get(rest.lower())
    if latin:
        return (base, -1, latin)
    out: list = [base]
    lead = _LEAD_LETTERS.match(rest)
    if lead:
        # "2A" comes after "2" and all its decimal parts ("20.05 < 20A.01" in a code whose chapter 20A
        # follows chapter 20)
        out += [_AFTER_DECIMALS, _letters_rank(lead.group(1))]
        rest = rest[lead.end():]
    hyphen = False
    pos = 0
    while pos < len(rest):
        pm = _PART.match(rest, pos)
        if not pm:
            break
        digits, letters = pm.group("digits"), pm.group("letters")
        hyphen = hyphen or pm.group("sep") == "-"
        if len(out) == 1 and hyphen:
            out += [-1, 0]                  # "225-4": no decimal part
        value = int(digits) if hyphen or integer_decimals else _fraction(digits)
        out += [value, _letters_rank(letters)]
        pos = pm.end()
    if len(out) == 1:
        out += [-1, 0]
    return tuple(out)
