"""Segmentation: a Document's text ─▶ flat provisions with pinpoint labels.

How it works (linear passes over the lines, plus one O(n log n) choice):

1. Every line is classified: a section/article start candidate (``12.``,
   ``§ 1591.``, ``Article 4 — …``, ``Article (12)``, ``Article One``, ``279.01 (1)``,
   ``271.7F Harbouring``, ``Section 3.``, the dot-inserted ``Article 127.1.`` of post-Soviet
   codes, U.S. state code sections ``§ 20A-5-3.``, ``§ 18.2-357.1.``, ``§ 787.06``,
   ``Section 39-13-308.``, ``13-1307.``, Texas ``Sec. 20A.02. TRAFFICKING OF PERSONS. (a) …``
   after ``Sec. 20.05``), a structural heading (PART/CHAPTER/TITLE…),
   a table-of-contents or schedule heading, front matter (long title, preamble,
   enacting formula), or body text.
2. The drafting style is the family of candidates that dominates (Commonwealth
   sections, U.S. Code sections, articles). The real sections are the heaviest
   increasing chain of candidates of that family (a weighted longest increasing
   subsequence), so table-of-contents entries, wrapped cross-references
   (``…under section\n12. …``) and stray numbers cannot shadow real sections.
   Decimal numbers are read as fractions (``83.1 < 83.11 < 83.2``) or as integers
   (``271.8 < 271.10``, ``Article 205.9 < 205.10``), whichever the document follows;
   ``127 < 127.1 < 128``; ``20A-5-9 < 20A-5-10``; code parts numbered on their own
   (``L. 425-1`` then ``R. 425-1``) follow each other.
   Quoted sections inserted by an amending act are kept out of that chain and
   labelled with their own numbers (``s. 369A``).
3. Several laws in one file: an instrument's title line ("LAW No. 27.508",
   "MIGRATION REGULATIONS (EXTRACT)", "Federal Law No. (9) of 2019"), a long title or
   an enacting formula where the numbering goes down again — or a title printed on
   its own even where it goes on — or numbering that starts again at 1 under a
   heading, ends one law and starts a chain for the next. Every law keeps its
   provisions, in reading order; labels may repeat across laws. Regulations are
   labelled ``reg. 2.20A(3)``.
4. Inside a section, subdivision markers at line starts (``(1)``, ``(1A)``, ``(a)``,
   ``a)``, ``1.``, ``Clause 1.``, ``(i)``, ``(A)``, ``(I)``, ``(aa)``) open a provision
   only when they fit the sequence (successor of an open level, or first item of a
   new level); roman numerals and letters are told apart by that context. U.S. Code
   sections use the fixed (a)(1)(A)(i)(I)(aa) hierarchy; the other styles, U.S. state
   codes included, nest levels in the order they open (Florida's ``(1)(a)``). State
   codes also have ``A.`` subsections (``§ 18.2-357.1(A)``). Items lettered in Cyrillic
   keep their order (``а) б) в)``); a Cyrillic letter that looks Latin in a Latin list is
   that letter (``е)`` after ``d)`` is ``(e)``). Numbered Explanations of Indian-style
   codes are provisions of their own (``s. 370 Expl. 1``), and so are the Notes after a
   post-Soviet article (``Note. …`` → ``Art. 126 Note``; ``Notes. 1. … 2. …`` →
   ``Art. 127.1 Note 1``, ``Art. 127.1 Note 2``); the numbered parts of such articles are
   ``Art. 127.1(2)``, their items ``Art. 127.1(2)(e)``.
5. Unnumbered definitions (``"child" means …``) become provisions of their own
   (``s. 2 "child"``); every definition gets ``term``. Inside a definitions section
   (heading "Definitions", "Interpretation", "Definition of Terms") or after a
   definitions chapeau ("In this Division:", "As used in this Act:", "… shall have
   the meanings indicated opposite each of them …:"), unquoted entries are
   definitions too: ``debt bondage means …`` (``s. 271.1 "debt bondage"``),
   ``The Child: every person …`` (``Art. 1 "child"``), ``(b) Child – refers to …``
   (``s. 3(b)``, term "child").

It never raises on any text, and ``provision.text == document.text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from gapcheck.extractors import labels as L
from gapcheck.models import Document, Provision

# ================================================================== patterns

_QUOTES = "“”\"‘’„«»"

# --- section / article starts (matched at the start of a stripped line)
_SEC_BARE = re.compile(r"(?P<num>\d{1,4}[A-Z]{0,3})\s?\.(?!\d)(?:\s*[—–-](?=\s*[(A-Z]))?")
_SEC_BARE_QUOTED = re.compile(r"[^\w\n]{0,3}?[“\"‘„](?P<num>\d{1,4}[A-Z]{0,3})\s?[.,](?!\d)")
_SEC_WORD = re.compile(r"(?:SECTION|Section|SEC\.|Sec\.|Sect\.)\s?(?P<num>\d{1,4}[A-Za-z]{0,3}"
                       r"(?:[-.:]\d{1,4}[A-Za-z]{0,3}(?![A-Za-z])){0,3})"
                       r"(?:\s?[.:](?!\d)|\s?[—–-]|(?=\s|$))")
_SEC_DEC = re.compile(r"(?P<num>\d{1,4}\.\d{1,3}[A-Z]{0,2}(?:\.\d{1,3}[A-Z]{0,2})?)(?=\s+[(A-Z“\"])")
# a U.S. state code section number: title-chapter-section "39-13-308", "20A-5-3", "18.2-357.1", "13-1307", "2C:13-8";
# printed without its "§" at a line start ("39-13-308. Trafficking …") or after "Section"
_STATE_CODE_NUMBER = re.compile(
    r"\d{1,3}[A-Z]?(?:(?:[-:]\d{1,4}[A-Z]?){2,3}|\.\d{1,2}(?:[-:]\d{1,4}[A-Z]?){1,2}|[-:]\d{3,4}[A-Z]?)(?:\.\d{1,3})?")
_SEC_HYPHEN = re.compile(r"(?P<num>" + _STATE_CODE_NUMBER.pattern + r")\.(?=\s+[A-Z])")
_DECIMAL_PART = re.compile(r"\d+\.(\d+)")
_SEC_DOTLESS = re.compile(r"(?P<num>\d{1,4}[A-Z]{0,2})\s+(?=\(1\)\s|[A-Z])")
# "§ 1591.", "§ 7102a.", and state codes: "§ 20A-5-3.", "§ 18.2-357.1.", "§ 787.06", "§ 2C:13-8."
_SEC_USC = re.compile(r"(?P<q>[“\"])?§{1,2}\s?"
                      r"(?P<num>\d{1,5}[A-Za-z]{0,3}(?:[-.:]\d{1,4}[A-Za-z]{0,3}(?![A-Za-z])){0,3})(?:\.|(?=\s|$))")
_SEC_USC_PREFIXED = re.compile(r"(?P<h>[A-Z][^§.;:\n]{1,90}?)\s(?=§)")
_SEC_CW_PREFIXED = re.compile(r"(?P<h>[A-Z][A-Za-z,’'\- ]{1,80}?)\s(?=\d{1,4}[A-Z]{0,3}\.\s)")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth")
_WORD_VALUE = {w: k + 1 for k, w in enumerate(_UNITS)} | {w: k + 1 for k, w in enumerate(_ORDINALS)} | \
    {w: 20 + 10 * k for k, w in enumerate(_TENS)}
# "Article One", "ARTICLE (TWELVE)", "Article Twenty-One", "Article First"
_WORD_NUMERAL = (r"(?i:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS[:9]) + "|" + "|".join(_ORDINALS[:9])
                 + r"))?|" + "|".join(sorted(_UNITS + _ORDINALS, key=len, reverse=True)) + r")(?![\w-])")
# "12", "225-4-1", "L. 425-1", "145 bis", "224-1 A", and the dot-inserted articles of post-Soviet codes: "127.1"
_ART_NUMBER = (r"(?:[LRD]\.?\s?)?\d{1,4}(?:[-.]\d{1,4}){0,3}"
               r"(?:\s(?:bis|ter|quater|quinquies|sexies|septies|octies)\b|-?[A-Za-z](?![A-Za-z])|\s[A-Z](?=\s*$))?")
_SEC_ART = re.compile(
    r"(?P<q>[“\"])?(?:ARTICLE|Article|ART\.|Art\.|ARTÍCULO|Artículo|Articulo|ARTIGO|Artigo|Articolo)"
    r"(?:\s*\(\s?(?P<pnum>" + _ART_NUMBER + "|" + _WORD_NUMERAL + r")\s?\)"      # Gulf style: Article (12)
    r"|\s+(?P<num>" + _ART_NUMBER + "|" + _WORD_NUMERAL + r"|premier|PREMIER|1er|[IVXLC]{1,7}(?![A-Za-z])))")

_SEP = re.compile(r"[\s.:—–-]*")
# an inline heading ending in a dot-dash ("Human trafficking.—Whoever", "Definitions.– In this Act")
_HEAD_DOTDASH = re.compile(r"(?P<h>[^\n]{2,160}?)\s?\.\s?[—–-]+\s*")
# an inline heading ending in a dash before the body ("Trafficking in persons — Whoever")
_DOTDASH = re.compile(r"\.\s?[—–-]+\s*")
_HEAD_DASH = re.compile(r"(?P<h>[A-Z][^\n—–]{1,100}?)\s?[—–]\s*(?=[A-Z“\"‘(\[])")
_SENTENCE_VERB = re.compile(r"\b(?:shall|may|must|means|is|are|was|were|has|have|commits?|includes?|applies|"
                            r"apply|prevails?|punished|liable)\b")
_SENTENCE_START = re.compile(
    r"(?:Where|If|When|Whenever|Whoever|Every|Each|Notwithstanding|Subject to|In this|For the purposes|"
    r"Without prejudice|Unless|Save as|Except as|A person|Any person)\b")
# a civil-law article's heading between full stops: "Article 3. Scope. The provisions of this Law …"
_HEAD_DOT = re.compile(r"(?P<h>[A-Z][^.;:,\n()]{1,80}?)\.\s+(?=[A-Z“\"(])")
# an all-caps heading run into the section's first line before a full stop (Texas codes)
_HEAD_CAPS = re.compile(r"(?P<h>[A-Z][A-Z0-9 ,;'’&/-]{2,150}?)\.\s+(?=[(“\"]|[A-Z][a-z])")
_HEAD_VERB = re.compile(r"\b(?:shall|must|may|unless|means(?! of))\b")
_FUNCTION_END = re.compile(
    r"(?:\b(?:of|to|the|a|an|and|or|in|on|by|for|with|from|at|as|under|any|such|be|his|her|its|their|that|"
    r"which|who|where|than|if|is|are|not|shall|may|this|whose)|[,;:(—–-])$", re.IGNORECASE)

# --- subdivision markers at the start of a line (an amendment's "[" may precede them)
_MARKER = re.compile(
    r"\[?(?:\((?P<p>\d{1,4}(?:[A-Za-z]{1,2}|\.\d{1,2})?|[a-z]{1,6}(?:\.\d{1,2})?|[A-Z]{1,6}|[а-яі])\)"
    r"|(?P<c>\d{1,3}|[a-z]{1,2}|[ivx]{1,6}|[а-яі])\)(?!\))"
    r"|(?P<d>\d{1,3}[A-Z]?|[IVX]{1,5}|[A-Z])\.(?=\s|$)(?!\s*\d)"
    r"|(?P<g>\d{1,3})°"
    r"|§\s?(?P<s>\d{1,3})\.?[º°o]?(?=\s)(?!\s*(?:of|to|and|or)\b)"
    r"|(?P<r>[IVX]{1,6})\s?[–—](?=\s)"
    r"|(?:Clause|CLAUSE|Paragraph|PARAGRAPH)\s(?P<w>\d{1,3}[A-Z]?)\s?[.:—–-](?=\s|$)(?!\s*\d))\s*")
"""Subdivision markers at the start of a line: "(1)", "(a)", "a)", "1.", "I.", "1°",
"§ 1" and "I –" (the paragraphs and items of a Lusophone article: "art. 149-A, § 1, II"; "§ 22." of
a Central European code: "Art. 115 § 22"),
"Clause 1."."""


def _marker_token(m: re.Match) -> str:
    """The marker's own token: "1" for "(1)", "1)", "1.", "1°", "§ 1" and "Clause 1."."""
    return m.group("p") or m.group("c") or m.group("d") or m.group("g") or m.group("s") or m.group("r") \
        or m.group("w")


def _marker_bracket(m: re.Match) -> str:
    """How the marker is printed, as ``labels.readings`` expects it."""
    if m.group("p") is not None:
        return "()"
    if m.group("c") is not None:
        return ")"
    if m.group("g") is not None:
        return "°"
    if m.group("s") is not None:
        return "§"
    if m.group("r") is not None:
        return "–"
    return "."


# what follows a marker that is only a cross-reference: "(2) of section 5", "(a) and (b)"
_MARKER_CONTINUES = re.compile(r"(?:of\b|and\s*\(|or\s*\(|to\s*\(|,|\)|;)")

# --- how the previous line ends
_REF_END = re.compile(
    r"(?:\b(?:sections?|sub-?sections?|paras?|paragraphs?|sub-?paragraphs?|clauses?|sub-?clauses?|items?|"
    r"articles?|arts?|ss?|rules?|regulations?|part|chapter|title|schedule)"
    r"|§+)\.?$", re.IGNORECASE)
_STRONG_END = re.compile(r"[.;:!?—–-]\s*(?:and|or)?[\s”\"’)\]]*$")
_TERMINAL_END = re.compile(r"(?:[.;:!?—–-]|\b(?:and|or))[\s”\"’)\]]*$")

# --- definitions
_TERM = (r"(?:(?:[Tt]he|[Aa]n?)\s+(?:terms?|expressions?|words?|phrases?)\s+)?"
         r"[“\"‘'«](?P<term>[^“”\"‘’«»\n]{1,120}?)\s?[”\"’'»]")
_DEF = re.compile(
    r"\[?\s*" + _TERM +
    r"(?:\s*(?:,|or|and|and/or)\s*[“\"‘'«][^“”\"‘’«»\n]{1,120}[”\"’'»])*"
    r"\s*(?:\([^()\n]{0,80}\)\s*)?,?\s*(?:in relation to [^,\n]{0,80},\s*|in this [A-Za-z ]{1,40},\s*)?"
    r"(?:means|mean|includes|include|shall mean|shall include|shall have the (?:same )?meanings?|"
    r"has the (?:same )?meanings?|have the (?:same )?meanings?|refers to|is defined|denotes|signifies)\b")
# --- numbered explanations and exceptions of Indian-style penal codes: "Explanation 1.—", "Exception 2.—"
# (a single "Explanation.—" is read with its section, as printed)
_EXPLANATION = re.compile(
    r"(?P<w>Explanation|EXPLANATION|Exception|EXCEPTION)\s+(?P<n>\d{1,2}|[IVX]{1,4})"
    r"\s?(?:\.\s?[—–-]+|[—–]|:|\.(?=\s+[A-Z“\"]))\s*")
# --- the Notes of a post-Soviet code's article: "Note. A person who …", "Notes. 1. A person …" then "2. In this
# Article …" (not the "Note:" lines of Australian codes, which stay in their provision)
_NOTE = re.compile(r"(?:Notes?|NOTES?)(?:\s(?P<k>\d{1,2}))?(?:\.(?:\s?[—–-]+)?|(?<=[sS]):)(?=\s|$)\s*"
                   r"(?:(?P<n>\d{1,2})\.(?=\s)\s*)?")
_NOTE_NUMBER = re.compile(r"(?P<n>\d{1,2})\.(?=\s)\s*")
# --- unquoted definitions, only inside a definitions section or after a definitions chapeau
_DICT_HEADING = re.compile(
    r"(?:Definitions|DEFINITIONS|Interpretation|INTERPRETATION|Dictionary|DICTIONARY|Glossary|GLOSSARY)"
    r"(?:\s+(?:for|in|used in|applying to|and interpretation|and definitions)(?:\s+[A-Za-z0-9 .,]{1,60})?)?"
    r"|(?:Definition|DEFINITION|Meaning|Meanings) (?:of|OF) (?:[Tt]erms|TERMS|[Ww]ords|[Ee]xpressions)"
    r"|(?:Use|Use of) terms|Terms used(?: in this [A-Za-z]+)?")
_DICT_CHAPEAU = re.compile(
    r"(?:\b(?:In|For the purposes? of|As used in|In applying(?: the provisions of)?|For the application of|"
    r"In the application of|For the interpretation of)\s+(?:this|these|the present)\s+[A-Za-z]"
    r"|\bthe following (?:words|terms|expressions|definitions)\b|\bhave the (?:following )?meanings?\b)"
    r"[^.\n]{0,300}?[:—–-]\s*$")
# a chapeau that itself defines a term ("In this Act, the term “shareholder” means—") opens a list, not a dictionary
_DEFINES = re.compile(r"[“\"‘«]|\b(?:means?|includes?|refers? to)\b")
_TERM_WORD = r"[A-Za-z][\w’'/()-]*"
_TERM_WORDS = _TERM_WORD + r"(?:\s+" + _TERM_WORD + r"){0,5}?"      # lazy: the first verb ends the term
# Australian dictionaries (terms printed in bold): "debt bondage is …", "confiscate, in relation to a
# document, means …", "coercion, deception and threat have the same meanings as in Division 270."
_BARE_DEF = re.compile(
    r"(?P<terms>" + _TERM_WORDS + r"(?:,\s+" + _TERM_WORDS + r")*(?:,?\s+(?:and|or)\s+" + _TERM_WORDS + r")?)"
    r"(?:,\s+in relation to [^,\n]{1,120},)?"
    r"\s+(?:means|includes|has the (?:same )?meaning|have the (?:same )?meanings?|is|are|refers to|shall mean|"
    r"shall include)\b")
# Philippine style: "Trafficking in Persons – refers to …", "Council - shall mean …"
_DASH_DEF = re.compile(
    r"(?P<term>[A-Z“\"][^–—:;.\n]{0,80}?)(?:\s?[–—]+|\s-{1,2})\s*(?:refers? to|shall refer to|means?|shall mean|"
    r"includes?|shall include|denotes|is|are)\b")
# Gulf style: "The Child: every person who …" (a title-case term, a colon, the meaning)
_COLON_DEF = re.compile(r"(?P<term>[A-Z][^:;,.\n\d“”\"]{0,60}?)\s?:\s+\S")
_NOT_TERMS = frozenset((
    "note", "notes", "penalty", "penalties", "example", "examples", "explanation", "illustration", "illustrations",
    "exception", "proviso", "provided", "source", "amendment", "whereas", "article", "section", "clause",
    "paragraph", "schedule", "part", "chapter", "division", "subdivision", "title", "heading", "see also"))
_STOP_FIRST = frozenset((
    "the", "a", "an", "any", "this", "that", "these", "those", "such", "it", "if", "where", "when", "for", "in",
    "on", "no", "every", "each", "nothing", "subject", "unless", "except", "there", "he", "she", "they", "its",
    "his", "her", "their", "all", "only", "whoever", "reference", "references", "as", "to", "by", "with", "or",
    "and", "of", "at", "from", "but", "not", "so", "who", "which", "what", "whether", "however", "also", "until",
    "after", "before", "upon", "while", "since", "whose", "whom", "being", "having", "save", "other", "another",
    "including", "provided", "notwithstanding", "otherwise", "then", "either", "neither", "both", "more", "less",
    "some", "most", "many", "several", "we", "you", "i", "our", "your", "my", "here", "thereof", "therein"))
_VERBISH = frozenset(("is", "are", "was", "were", "be", "been", "has", "have", "had", "shall", "may", "must", "will",
                      "would", "should", "can", "could", "does", "do", "did", "not", "means", "mean", "includes",
                      "include", "refers", "denotes"))


def _unquoted_term(s: str) -> str | None:
    """The term an unquoted dictionary entry defines (``debt bondage is …``, ``(b) Child –
    refers to …``, ``The Child: every person …``), or None. Only called inside a definitions
    section or after a definitions chapeau."""
    s = s[:300]
    term = None
    m = _DASH_DEF.match(s)
    if m:
        term = m.group("term")
    else:
        m = _COLON_DEF.match(s)
        if m:
            words = m.group("term").split()
            if not (1 <= len(words) <= 6) or not _title_case(m.group("term")) or not words[0][0].isupper():
                return None
            term = m.group("term")
        else:
            m = _BARE_DEF.match(s)
            if not m:
                return None
            term = re.split(r",\s+|\s+(?:and|or)\s+(?=" + _TERM_WORD + r"(?:\s+" + _TERM_WORD + r"){0,5}\s*$)",
                            m.group("terms"))[0] if "," in m.group("terms") else m.group("terms")
    term = re.sub(r"\s+", " ", term).strip().strip(_QUOTES + " ,;:")
    words = term.lower().split()
    if not words or len(words) > 6 or words[0] in _STOP_FIRST and not (m.re is _COLON_DEF and words[0] == "the") \
            or any(w in _VERBISH for w in words) or term.lower() in _NOT_TERMS or any(ch.isdigit() for ch in term):
        return None
    if words[0] == "the" and len(words) > 1:
        words = words[1:]                     # "The Child:" defines "child"
    return " ".join(words)


_WRAPPED_TERM = re.compile(r"\b(?:terms?|expressions?|words?|phrases?|where|which|that|the|whereby|word)\s*$",
                           re.IGNORECASE)
_ENDS_WITH_TERM_WORD = re.compile(r"\b(?:the|an?)\s+(?:terms?|expressions?|words?|phrases?)$", re.IGNORECASE)
_DEF_INTRO = re.compile(
    r"(?:In|For the purposes? of|As used in)\s+(?:this|these|the)\s+[A-Za-z ]{1,40}?,?\s*"
    r"(?:unless[^“\"\n]{0,80}?,?\s*)?(?P<dash>[—–:-])?\s*(?=[“\"‘'«])")

# --- structure
_STRUCT = re.compile(
    r"(?:PART|Part|CHAPTER|Chapter|TITLE|Title|DIVISION|Division|SUBDIVISION|Subdivision|SUB-PART|Sub-Part|"
    r"SUBPART|Subpart|SUBCHAPTER|Subchapter|SUBTITLE|Subtitle|BOOK|Book|SECTION|Section)"
    r"\s+(?P<id>[IVXLC]{1,7}|\d{1,4}[A-Z]?|[A-Z]|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|"
    r"ELEVEN|TWELVE|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)(?!\w)")
_STRUCT_MORE = re.compile(r"(?:\.\d{1,3}[A-Z]?)+(?=\s|[—–:-]|$)|\s(?:bis|ter|quater|quinquies|sexies)\b")
_TOC = re.compile(
    r"(?:ARRANGEMENT OF (?:SECTIONS|CLAUSES|ARTICLES|REGULATIONS|RULES|PROVISIONS)|"
    r"Arrangement of (?:Sections|Clauses|Articles)|(?:TABLE OF )?CONTENTS|Table of [Cc]ontents|Contents|"
    r"SECTIONS|Sections|Sec\.|SEC\.)\.?$")
_SCHEDULE = re.compile(
    r"(?:THE\s+)?(?:(?:FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH)\s+)?"
    r"(?P<w>SCHEDULE|ANNEX|APPENDIX)(?:\s+(?P<n>\d{1,3}[A-Z]?|[IVXLC]{1,6}|[A-Z]))?(?!\w)"
    r"|(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\s+)?"
    r"(?P<w2>Schedule|Annex|Appendix)(?:\s+(?P<n2>\d{1,3}[A-Z]?|[IVXLC]{1,6}|[A-Z]))?(?!\w)")
_LONG_TITLE = re.compile(
    r"(?:An?|AN?)\s+(?:Act|ACT|Ordinance|ORDINANCE|Law|LAW|Decree|DECREE)\b(?:\s+(?:to|for|TO|FOR|To|For|"
    r"relating|RELATING|further|FURTHER|providing|PROVIDING|respecting|RESPECTING)\b|\s*$)")
_PREAMBLE = re.compile(
    r"(?:WHEREAS|Whereas|PREAMBLE|Preamble|The (?:States Parties|High Contracting Parties|member States|"
    r"Member States|Contracting Parties|Parties)\b)")
_ENACTING = re.compile(
    r"(?:NOW,?\s+THEREFORE|Now,?\s+[Tt]herefore|BE IT (?:THEREFORE )?ENACTED|Be it (?:therefore )?enacted|"
    r"ENACTED by|Enacted by|IT IS HEREBY ENACTED|It is hereby enacted|[Hh]ave agreed as follows|"
    r"HAVE AGREED AS FOLLOWS|The (?:Parliament|Legislature|Congress|National Assembly|General Assembly)\b"
    r"[^.\n]{0,80}\benacts?\b)")
_DIGITS = re.compile(r"\d+")
_ACT_TITLE = re.compile(r"\b(?:ACT|CODE|ORDINANCE|LAW|DECREE|STATUTE|PROCLAMATION|REGULATIONS|RULES)\b")
# what an all-caps title may carry in lower case: "LAW No. 27.508", "MIGRATION ACT (EXTRACT)"
_TITLE_NOISE = re.compile(r"\bNos?\.|\((?:[Ee]xtracts?|[Ee]xcerpts?|[Uu]nofficial[^)]{0,40}|[Aa]s amended[^)]{0,40})\)")
# a title-case instrument name with its number or year: "Federal Law No. (9) of 2019",
# "Modern Slavery Act 2016", "Prevention of Trafficking in Persons Act, 2003", "Decree-Law No. 12/2020"
_NAMED_TITLE = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w'’.-]*\s+(?:(?:of|and|the|on|in|for|to|against|relating to)\s+)*){1,8}"
    r"(?:Act|Code|Law|Decree|Decree-Law|Ordinance|Regulations|Rules|Proclamation|Statute)")
# the line under an act's name that cites it: "S.L. 2001, c. 27", "R.S.C. 1985, c. C-46", "(Act No. 9 of 2011)"
_CITATION_LINE = re.compile(r"\(?(?:[A-Z]\.){1,4}\s*(?:\d{4}|c\.)|\(?(?:Act|Law)\s+No\.?\s*\d|\(?No\.\s*\d+\s+of\s+\d{4}")
_NUMBERED_TITLE = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+(?:(?:of|and|the|on|in|for|to|against|relating to)\s+)*){0,8}"
    r"(?:Act|Code|Law|Decree|Decree-Law|Ordinance|Regulations|Rules|Proclamation|Statute)"
    r"(?=.*\d)(?:,?\s+No\.?\s*\(?\d[\d./-]*\)?)?(?:,?\s+(?:of\s+)?(?:\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}))?")
_REGULATIONS_TITLE = re.compile(r"\b(?:REGULATIONS|Regulations)\b")
_BARE_NUMBER = re.compile(r"[\divxlcIVXLC]{1,6}\.?$")
# explanatory matter printed with bills: not part of the law
_EXPLANATORY = re.compile(
    r"(?:EXPLANATORY (?:STATEMENT|MEMORANDUM|NOTES?)|Explanatory (?:[Ss]tatement|[Mm]emorandum|[Nn]otes?)|"
    r"(?:MEMORANDUM|STATEMENT) OF OBJECTS AND REASONS|(?:Memorandum|Statement) of [Oo]bjects and [Rr]easons|"
    r"OBJECTS AND REASONS|FINANCIAL (?:IMPLICATIONS|MEMORANDUM))\.?$")

# --- amending acts
_OPENER_END = re.compile(r"(?:[:;]\s*[—–-]*|\bnamely\b[\s:,.;—–-]*|\bfollows\b[\s:,.;—–-]*|\bviz\.?[\s:,—–-]*)$",
                         re.IGNORECASE)
_INSERT_WORDS = re.compile(r"\b(?:insert(?:ed|ion)?|substitut(?:ed|ion|e)|add(?:ed|ition)?|re-?enact(?:ed)?)\b",
                           re.IGNORECASE)
_AMENDING_WORDS = re.compile(r"\b(?:amend(?:ed|ment)?|insert(?:ed|ion)|substitut(?:ed|ion)|omi(?:tted|ssion)|"
                             r"repeal(?:ed)?|addition)\b", re.IGNORECASE)
_NEW_SECTIONS = re.compile(r"\b(?:new|following)\s+(?:sections?|articles?|clauses?)\b", re.IGNORECASE)
_CLOSER = re.compile(r"[”\"’]\s*[.;,]?\s*$")


def _tail(s: str) -> str:
    """The end of a line, enough for the "how does it end" patterns (keeps them O(1))."""
    return s[-60:]


def _ends_terminal(s: str) -> bool:
    return bool(_TERMINAL_END.search(_tail(s)))


def _ends_with_reference(s: str) -> bool:
    t = _tail(s)
    return bool(_REF_END.search(t)) and not _TERMINAL_END.search(t)


# ================================================================ lines


class _Line(NamedTuple):
    start: int      # offset of the first non-blank character
    end: int        # offset just after the last non-blank character
    begin: int      # offset of the line's first character
    text: str       # the stripped line


def _split_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip()) if stripped else 0
        out.append(_Line(pos + lead, pos + lead + len(stripped), pos, stripped))
        pos += len(raw) + 1
    return out


# ================================================================ candidates


class _Cand(NamedTuple):
    line: int
    family: str         # "cw" (Commonwealth/Canadian), "usc", "art"
    style: str          # label style (labels.SECTION, USC, ARTICLE)
    number: str
    key: tuple
    rest: int           # index in the line where the text after the number starts
    quoted: bool
    dotless: bool = False
    heading: str = ""   # a heading printed before the number on the same line
    prefixed: bool = False


def _rest_ok(rest: str) -> bool:
    """After a section/article number comes a heading or a body, not the rest of a
    sentence ("Article 154P of the Constitution", "Section 12, …")."""
    if rest and rest[0] in ",;)":
        return False
    r = rest.lstrip(" .:—–-")
    return not r or r[0].isupper() or r[0].isdigit() or r[0] in "([“\"‘'§"


def _article_number(raw: str) -> str:
    """An article's number as cited: "12", "145 bis", "224-1 A", "L. 425-1"; word numerals
    become digits ("One" → "1", "Twenty-One" → "21")."""
    num = re.sub(r"\s+", " ", raw).strip()
    if num[:1].isalpha() and num[1:2] not in (".", " ") and num.lower() not in ("premier",) \
            and not L.roman_value(num):
        words = re.split(r"[\s-]+", num.lower())
        value = sum(_WORD_VALUE.get(w, 0) for w in words)
        if value:
            return str(value)
    return num


def _candidate(i: int, s: str) -> _Cand | None:
    """The section/article start on the stripped line ``s``, if it has the shape of one."""
    if len(s) < 2:
        return None
    c0 = s[0]
    if c0 == "§" or (c0 in "“\"" and s[1] == "§"):
        m = _SEC_USC.match(s)
        if m and _rest_ok(s[m.end():]):
            return _Cand(i, "usc", L.USC, m.group("num"), L.section_key(m.group("num")), m.end(), bool(m.group("q")))
        return None
    if c0 == "A" or (c0 in "“\"" and s[1] == "A"):
        m = _SEC_ART.match(s)
        if m and _rest_ok(s[m.end():]):
            num = _article_number(m.group("num") or m.group("pnum"))
            return _Cand(i, "art", L.ARTICLE, num, L.section_key(num), m.end(), bool(m.group("q")))
    if c0 == "S":
        m = _SEC_WORD.match(s)
        # (a compound number before a bracket is a citation: "Section 15.2 (extended jurisdiction) applies …")
        cited = m is not None and re.search(r"[-.:]\d", m.group("num")) and s[m.end():].lstrip()[:1] == "("
        if m and _rest_ok(s[m.end():]) and not cited:
            num = m.group("num")
            if _STATE_CODE_NUMBER.fullmatch(num):          # "Section 39-13-308": a U.S. state code
                return _Cand(i, "usc", L.USC, num, L.section_key(num), m.end(), False)
            return _Cand(i, "cw", L.SECTION, num, L.section_key(num), m.end(), False)
    if c0.isdigit():
        m = _SEC_BARE.match(s)
        if m:
            r = s[m.end():].lstrip()
            if not r or r[0].isupper() or r[0] in "([“\"‘'—–":
                return _Cand(i, "cw", L.SECTION, m.group("num"), L.section_key(m.group("num")), m.end(), False)
            return None
        m = _SEC_HYPHEN.match(s)
        if m:
            return _Cand(i, "usc", L.USC, m.group("num"), L.section_key(m.group("num")), m.end(), False)
        m = _SEC_DEC.match(s)
        if m:
            return _Cand(i, "cw", L.SECTION, m.group("num"), L.section_key(m.group("num")), m.end(), False)
        m = _SEC_DOTLESS.match(s)
        if m:
            return _Cand(i, "cw", L.SECTION, m.group("num"), L.section_key(m.group("num")), m.end(), False, True)
        return None
    if c0 in "“\"‘„" or not c0.isalnum():
        m = _SEC_BARE_QUOTED.match(s)
        if m:
            return _Cand(i, "cw", L.SECTION, m.group("num"), L.section_key(m.group("num")), m.end(), True)
        return None
    if c0.isupper() and "§" in s[:100]:
        # a side heading run into the line in some layouts: "Purposes and findings § 7101. (a) …"
        h = _SEC_USC_PREFIXED.match(s)
        if h and not _FUNCTION_END.search(h.group("h").strip()):
            m = _SEC_USC.match(s, h.end())
            if m and not m.group("q") and _rest_ok(s[m.end():]):
                return _Cand(i, "usc", L.USC, m.group("num"), L.section_key(m.group("num")), m.end(), False,
                             heading=h.group("h").strip())
    if c0.isupper():
        # the same with a Commonwealth margin note: "Interpretation 2. In this Act, …"
        h = _SEC_CW_PREFIXED.match(s)
        if h:
            head = h.group("h").strip()
            m = _SEC_BARE.match(s, h.end())
            r = s[m.end():].lstrip() if m else ""
            if m and r and (r[0].isupper() or r[0] in "([“\"") and len(head.split()) <= 8 \
                    and not _REF_END.search(head) and (not _FUNCTION_END.search(head) or r.startswith("(1)")):
                return _Cand(i, "cw", L.SECTION, m.group("num"), L.section_key(m.group("num")), m.end(), False,
                             heading=head, prefixed=True)
    return None


def _heaviest_increasing(keys: list[tuple], weights: list[float]) -> list[int]:
    """Indices of the heaviest subsequence whose keys strictly increase (weighted
    longest increasing subsequence with a Fenwick tree of prefix maxima; ties go
    to the later candidate, so a table of contents loses to the body)."""
    n = len(keys)
    if not n:
        return []
    ordered = sorted(set(keys))
    rank = {k: r + 1 for r, k in enumerate(ordered)}
    size = len(ordered)
    tree_w = [0.0] * (size + 1)
    tree_i = [-1] * (size + 1)
    best = [0.0] * n
    back = [-1] * n
    for j in range(n):
        r = rank[keys[j]] - 1
        bw, bi = 0.0, -1
        while r > 0:
            if tree_w[r] > bw or (tree_w[r] == bw and tree_i[r] > bi and bi >= 0):
                bw, bi = tree_w[r], tree_i[r]
            r -= r & -r
        best[j] = bw + weights[j]
        back[j] = bi
        r = rank[keys[j]]
        while r <= size:
            if best[j] >= tree_w[r]:
                tree_w[r], tree_i[r] = best[j], j
            r += r & -r
    j = max(range(n), key=lambda k: (best[k], k))
    chain: list[int] = []
    while j >= 0:
        chain.append(j)
        j = back[j]
    chain.reverse()
    return chain


# ================================================================ the sweep state


@dataclass
class _Level:
    kind: str                      # a reading kind, "sec" for the root, "def" for an unnumbered definition
    value: L.Reading | None
    token: str                     # its part of the path
    rank: float
    term: str | None = None


@dataclass
class _Start:
    offset: int
    style: str
    path: tuple[str, ...]
    heading: str
    term: str | None
    words: bool = False            # has the provision words of its own yet?


@dataclass
class _State:
    style: str
    number: str
    heading: str = ""
    fixed: bool = False            # the U.S. Code's fixed hierarchy
    allow_digitdot: bool = False   # "1." is a paragraph marker (articles, U.S. Code, schedules)
    letter_dot: bool = False       # "A." is a subsection (U.S. state codes: "§ 18.2-357.1(A)")
    note: int | None = None        # the number of the open Note of a post-Soviet article (0: "Notes." alone)
    stack: list[_Level] = field(default_factory=list)
    dict_owner: _Level | None = None   # the level whose chapeau (or heading) opened a dictionary
    dict_depth: int = 0                # its entries go at this depth of the stack

    def in_dictionary(self) -> bool:
        return self.dict_owner is not None and len(self.stack) >= self.dict_depth and \
            self.stack[self.dict_depth - 1] is self.dict_owner

    def open_dictionary(self) -> None:
        self.dict_owner, self.dict_depth = self.stack[-1], len(self.stack)


def _path(stack: list[_Level]) -> tuple[str, ...]:
    """The label path of the innermost open provision. Below an Explanation or Exception
    the levels it interrupts are not part of its label ("s. 370 Expl. 1", not "s. 370(1)(e)
    Expl. 1"); they stay on the stack so that "(2)" can follow "(1)" after it."""
    for x in range(len(stack) - 1, 0, -1):
        if stack[x].kind == "expl":
            return (stack[0].token,) + tuple(lv.token for lv in stack[x:])
    return tuple(lv.token for lv in stack)


_US_RANK = {"upperdot": 0.5, "lower": 1, "digit": 2, "digitdot": 2, "digitdeg": 2, "upper": 3, "lroman": 4, "uroman": 5,
            "uromandot": 5, "dlower": 6, "dupper": 7}


class _Segmenter:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.text = document.text or ""
        self.lines = _split_lines(self.text)
        self.n = len(self.lines)
        self.starts: list[_Start] = []
        self.stops: list[int] = []
        # the index of the previous / next non-blank line of every line
        self.prev_idx = [-1] * self.n
        last = -1
        for i, ln in enumerate(self.lines):
            self.prev_idx[i] = last
            if ln.text:
                last = i
        self.next_idx = [self.n] * self.n
        nxt = self.n
        for i in range(self.n - 1, -1, -1):
            self.next_idx[i] = nxt
            if self.lines[i].text:
                nxt = i

    # ------------------------------------------------------------ small helpers
    def prev_text(self, i: int) -> str:
        j = self.prev_idx[i] if 0 <= i < self.n else -1
        return self.lines[j].text if j >= 0 else ""

    def next_text(self, i: int) -> str:
        j = self.next_idx[i] if 0 <= i < self.n else self.n
        return self.lines[j].text if j < self.n else ""

    def emit(self, start: _Start) -> None:
        if self.starts and self.starts[-1].offset == start.offset:
            self.starts[-1] = start
        elif not self.starts or self.starts[-1].offset < start.offset:
            self.starts.append(start)

    def words(self) -> None:
        if self.starts:
            self.starts[-1].words = True

    # ------------------------------------------------------------ the whole run
    def run(self) -> tuple[Provision, ...]:
        if not self.text.strip():
            return ()
        self.cand_at: dict[int, _Cand] = {}
        self.structural = [False] * self.n
        for i, ln in enumerate(self.lines):
            s = ln.text
            if not s:
                continue
            c = _candidate(i, s)
            if c is not None:
                self.cand_at[i] = c
            if s[0].isalpha() and self._is_structural(s):
                self.structural[i] = True
        self._article_headings()
        cands = self._decimal_reading(list(self.cand_at.values()))
        self.cand_at = {c.line: c for c in cands}
        self.running = self._running_headers()
        self.family = self._family(cands)
        self.inserted, self.insert_regions = self._insertions(cands)
        self.toc_lines = self._toc_region()
        self.explanatory = self._explanatory_region()
        eligible = [c for c in cands if c.family == self.family and c.line not in self.insert_regions
                    and c.line not in self.explanatory and not c.quoted]
        weights = self._weights(eligible)
        restarts = self._restart_cuts(eligible, weights)
        chain = []
        bounds = [0] + restarts + [self.n]
        k = 0
        for a, b in zip(bounds, bounds[1:]):
            seg_c: list[_Cand] = []
            seg_w: list[float] = []
            while k < len(eligible) and eligible[k].line < b:
                seg_c.append(eligible[k])
                seg_w.append(weights[k])
                k += 1
            picked = self._pick(seg_c, seg_w)
            if picked and picked[0].family == "cw" and self._regulations(a, picked[0].line):
                picked = [c._replace(style=L.REGULATION) for c in picked]     # reg. 2.20A(3)
            chain.extend(picked)
        # schedules end the sections of their act
        self.schedule_lines: set[int] = set()
        self.restart_lines: set[int] = set(restarts)
        ends = sorted(restarts) + [self.n]
        kept: list[_Cand] = []
        k = 0
        block_first: int | None = None
        cut = None
        for c in chain:
            while k < len(ends) and ends[k] <= c.line:
                k += 1
                block_first, cut = None, None
            if cut is not None and c.line >= cut:
                continue
            if block_first is None:
                block_first = c.line
                cut = self._schedule_start(c.line, ends[k] if k < len(ends) else self.n)
                if cut is not None:
                    self.schedule_lines.add(cut)
            kept.append(c)
        chain = kept
        first_line = chain[0].line if chain else None
        self.chain = {c.line: c for c in chain}
        titled = sum(1 for c in chain
                     if self._title_span(c, self.lines[c.line].text[c.rest:].strip(" .:—–-")) is not None)
        self.title_lines = len(chain) <= 3 or titled * 2 >= len(chain)
        self._sweep(first_line)
        return self._build()

    def _article_headings(self) -> None:
        """"ARTICLE 5. OFFENSES AGAINST PERSONAL LIBERTY" over "§ 20A-5-1. Definitions.", "ARTICLE I\n
        Section 1. …": an article that holds sections is a heading of the code's structure."""
        for i, c in list(self.cand_at.items()):
            if c.family != "art":
                continue
            j = self.next_idx[i]
            if j < self.n and j not in self.cand_at and _all_caps(self.lines[j].text):
                j = self.next_idx[j]                    # "ARTICLE I\nGENERAL PROVISIONS\nSection 1. …"
            below = self.cand_at.get(j)
            if below is None or not (below.family == "usc" or self.lines[j].text[:1] == "S"):
                continue
            rest = self.lines[i].text[c.rest:].strip(" .:—–-")
            if len(rest) < 120 and not _SENTENCE_VERB.search(rest) and (not rest or rest[0].isupper()):
                del self.cand_at[i]
                self.structural[i] = True

    @staticmethod
    def _decimal_reading(cands: list[_Cand]) -> list[_Cand]:
        """Are decimal section numbers fractions (``83.1 < 83.11 < 83.2``, Canada) or
        integers (``271.8 < 271.10 < 271.11``, Australia; ``Article 205.10`` after ``205.9``
        in a post-Soviet code)? A leading zero (``279.01``) means fractions; otherwise the
        reading under which more numbers increase wins. Each family decides for itself."""
        for family in ("cw", "art", "usc"):
            own = [c for c in cands if c.family == family and not c.quoted]
            dec = [m.group(1) for m in (_DECIMAL_PART.match(c.number) for c in own) if m]
            if not any(len(d) >= 2 for d in dec) or any(d.startswith("0") for d in dec):
                continue
            as_int = [L.section_key(c.number, True) for c in own]
            fraction = len(_heaviest_increasing([c.key for c in own], [1.0] * len(own)))
            integer = len(_heaviest_increasing(as_int, [1.0] * len(own)))
            if integer > fraction:
                cands = [c._replace(key=L.section_key(c.number, True)) if c.family == family else c for c in cands]
        return cands

    def _is_structural(self, s: str) -> bool:
        m = _STRUCT.match(s)
        if not m:
            return False
        rest = s[m.end():]
        # "Part 2.3—Circumstances …" (not "Section 15.2 (extended …) applies …"), "Section 1 bis — Of …"
        more = _STRUCT_MORE.match(rest)
        if more:
            rest = rest[more.end():]
        r = rest.lstrip()
        if not r:
            return True
        if rest[0] in ",;(" or r[0] in ",;(":
            return False
        if r[0] in "—–-.:":
            return True
        if r[0].isupper():
            # "PART II PRELIMINARY", "Part 2 Offences" (not "Part II of this Act", "Chapter 77 of title 18")
            words = r.split()[:4]
            return not any(w[0].islower() and w not in ("and", "the", "for", "to", "in") for w in words)
        return False

    def _family(self, cands: list[_Cand]) -> str:
        counts = {"cw": 0, "usc": 0, "art": 0}
        for c in cands:
            if not c.quoted:
                counts[c.family] += 1
        # "Article 149-A. …" then "§ 1 The penalty is increased …", "§ 2 …", and again under the next
        # article: the paragraphs of articles (Lusophone codes), not sections of a code
        restarts = sum(1 for c in cands if c.family == "usc" and not c.quoted and c.number == "1")
        # "Art. 189a. § 1. Whoever …": the first paragraph printed on the article's own line (Central European codes)
        divided = sum(1 for c in cands if c.family == "art" and not c.quoted
                      and self.lines[c.line].text[c.rest:].lstrip(" .").startswith("§"))
        if counts["art"] >= 2 and (restarts >= 2 or divided >= 2):
            return "art"
        if counts["art"] >= 2 and counts["art"] >= counts["usc"] and counts["art"] * 10 >= counts["cw"]:
            return "art"
        if counts["usc"] >= 1 and counts["usc"] * 10 >= counts["cw"]:
            return "usc"
        if counts["art"] >= 1 and counts["cw"] == 0:
            return "art"
        return "cw"

    # ------------------------------------------------------------ amending acts
    def _insertions(self, cands: list[_Cand]) -> tuple[dict[int, _Cand], set[int]]:
        """Sections an amending act inserts (``…namely:—\\n"369A. Human trafficking.—…"``):
        their start lines, and all lines of the quoted text (kept out of the act's own chain)."""
        inserted: dict[int, _Cand] = {}
        region: set[int] = set()
        k, n = 0, len(cands)
        while k < n:
            c = cands[k]
            prev = self.prev_text(c.line)
            pj = self.prev_idx[c.line]
            context = prev + " " + (self.prev_text(pj) if pj >= 0 else "")
            opener = bool(_OPENER_END.search(_tail(prev))) and bool(_INSERT_WORDS.search(context))
            if c.quoted:
                starts = opener or bool(_CLOSER.search(_tail(prev))) or bool(_INSERT_WORDS.search(context))
            else:
                starts = (opener and bool(re.search(r"\bsections?\b|\barticles?\b|§", context, re.IGNORECASE))) \
                    or self._announced(c)
            if not starts:
                k += 1
                continue
            inserted[c.line] = c
            end = None
            j = c.line
            limit = min(self.n, c.line + 2000)
            while j < limit:
                s = self.lines[j].text
                if j > c.line and s:
                    cj = self.cand_at.get(j)
                    if cj is not None and cj.family == c.family:
                        if not cj.quoted and (cj.key < c.key or _AMENDING_WORDS.search(s[:120])):
                            end = self.prev_idx[j]
                            break
                        if cj.key > c.key:
                            inserted[j] = cj
                if s and _CLOSER.search(_tail(s)) and not (j == c.line and len(s) < 12):
                    end = j
                    break
                j += 1
            if end is None:
                end = j - 1
            region.update(range(c.line, end + 1))
            while k < n and cands[k].line <= end:
                k += 1
        return inserted, region

    def _announced(self, c: _Cand) -> bool:
        """An amending section announced this number a little earlier ("Insertion of new
        sections 292A and 292B …"): the section is inserted even if its quotes were lost."""
        if not hasattr(self, "_announcing"):
            self._announcing = [i for i, ln in enumerate(self.lines) if _NEW_SECTIONS.search(ln.text[:300])]
        k = bisect.bisect_left(self._announcing, c.line)
        token = None
        while k > 0 and c.line - self._announcing[k - 1] <= 60:
            k -= 1
            token = token or re.compile(r"(?<![\w.])" + re.escape(c.number) + r"(?![\w])")
            if token.search(self.lines[self._announcing[k]].text[:300]):
                return True
        return False

    # ------------------------------------------------------------ tables of contents
    def _is_toc_heading(self, s: str) -> bool:
        return len(s) < 60 and s[:1].isupper() and _TOC.match(s) is not None

    def _toc_region(self) -> set[int]:
        """Lines under an "ARRANGEMENT OF SECTIONS" / "Contents" heading, up to the long
        title, preamble or enacting formula, or the first section with a real body."""
        out: set[int] = set()
        i = 0
        while i < self.n:
            s = self.lines[i].text
            if s and self._is_toc_heading(s):
                j = i + 1
                while j < self.n:
                    t = self.lines[j].text
                    if t and (_LONG_TITLE.match(t) or _PREAMBLE.match(t) or _ENACTING.match(t)
                              or t in ("A BILL", "BILL", "TEXT", "An", "AN")):
                        break
                    c = self.cand_at.get(j)
                    if c is not None and self._content_len(c) >= 250:
                        break
                    out.add(j)
                    j += 1
                i = j
            i += 1
        return out

    def _explanatory_region(self) -> set[int]:
        """Lines of an explanatory statement / memorandum of objects and reasons, from
        its heading to the end, or to the long title or enacting formula of the bill."""
        out: set[int] = set()
        i = 0
        while i < self.n:
            s = self.lines[i].text
            if s and len(s) < 60 and _EXPLANATORY.match(s):
                j = i
                while j < self.n:
                    t = self.lines[j].text
                    if j > i and t and (_LONG_TITLE.match(t) or _ENACTING.match(t) or t in ("A BILL", "BILL")):
                        break
                    out.add(j)
                    j += 1
                i = j
            i += 1
        return out

    def _content_len(self, c: _Cand) -> int:
        """Characters of text after the number, up to the next candidate of the same
        family or a heading (capped: only "short or not" matters)."""
        total = len(self.lines[c.line].text) - c.rest
        j = c.line + 1
        while j < self.n and total < 400:
            other = self.cand_at.get(j)
            if (other is not None and other.family == c.family) or self.structural[j]:
                break
            t = self.lines[j].text
            if t and not _BARE_NUMBER.match(t):
                total += len(t)
            j += 1
        return total

    def _content_head(self, c: _Cand) -> str:
        """The first words after the number (up to 150 characters, over the next lines when the
        number stands alone or with a heading: "Article (3)\nPenalty\nWhoever commits …")."""
        head = self.lines[c.line].text[c.rest:c.rest + 150]
        j = c.line + 1
        while j < self.n and len(head) < 150 and j - c.line <= 3:
            other = self.cand_at.get(j)
            if (other is not None and other.family == c.family) or self.structural[j]:
                break
            head += " " + self.lines[j].text[:150]
            j += 1
        return head[:150]

    def _weights(self, cands: list[_Cand]) -> list[float]:
        """How much each candidate looks like a real section start (0 = not at all)."""
        if not cands:
            return []
        contents = [self._content_len(c) for c in cands]
        short = [x < 100 and not _SENTENCE_VERB.search(self._content_head(c)) for x, c in zip(contents, cands)]
        repeated: dict[str, int] = {}
        for c in cands:
            if c.dotless:
                r = self.lines[c.line].text[c.rest:].strip()
                repeated[r] = repeated.get(r, 0) + 1
        weights: list[float] = []
        for k, c in enumerate(cands):
            prev = self.prev_text(c.line)
            w = 1.0
            if c.line in self.toc_lines and contents[k] < 250:
                w = 0.02
            elif short[k] and ((k > 0 and short[k - 1]) or (k + 1 < len(cands) and short[k + 1])):
                w = 0.1                                   # a run of entries without bodies: a table of contents
            if prev and _ends_with_reference(prev):
                w *= 0.05                                 # "… under section\n12. …"
            elif prev and prev[-1].isalpha() and prev[-1].islower() and self.prev_idx[c.line] == c.line - 1 \
                    and self._heading_above(c.line) is None:
                w *= 0.5                                  # the previous line runs on
            if c.dotless:
                rest = self.lines[c.line].text[c.rest:].strip()
                nxt = self.next_text(c.line)
                if repeated.get(rest, 0) > 1:
                    w = 0.0                               # a running header "2 Convention on …"
                elif rest.startswith("(1)") or (nxt.startswith("(1)") and len(rest) < 100):
                    w *= 0.5
                elif prev and _STRONG_END.search(_tail(prev)) and contents[k] >= 100:
                    w *= 0.3                              # "245 On the date shown …" (a dropped full stop)
                elif self._heading_above(c.line) is not None:
                    w *= 0.5                              # "Voluntary return\n24.3 The Minister shall …"
                elif self._after_structural_heading(c.line) and contents[k] >= 100:
                    w *= 0.5                              # "PART 5\nGENERAL\n17 Interpretation\nIn this Act—"
                else:
                    w = 0.0
            if c.prefixed:
                w *= 0.6
            if c.style == L.SECTION and 1800 <= c.key[0] <= 2100:
                w *= 0.2                                  # a year at the start of a wrapped line
            weights.append(w)
        return weights

    def _after_structural_heading(self, i: int) -> bool:
        """Line ``i`` follows a PART/CHAPTER heading (and its all-caps title)."""
        j = self.prev_idx[i]
        if j < 0:
            return False
        if self.structural[j]:
            return True
        b = self.prev_idx[j]
        return b >= 0 and self.structural[b] and _all_caps(self.lines[j].text)

    def _pick(self, cands: list[_Cand], weights: list[float]) -> list[_Cand]:
        """The real sections: the heaviest chain of increasing numbers."""
        kept = [k for k, w in enumerate(weights) if w > 0]
        picked = _heaviest_increasing([cands[k].key for k in kept], [weights[k] for k in kept])
        chain = [cands[kept[k]] for k in picked]
        out: list[_Cand] = []
        for k, c in enumerate(chain):                     # drop an isolated far jump (a stray number)
            b = c.key[0]
            if b >= L.PREFIX_STEP:
                out.append(c)                             # "L. 425-1": a part of a code, numbered on its own
                continue
            far_prev = k > 0 and b > 3 * chain[k - 1].key[0] + 200
            far_next = k + 1 == len(chain) or chain[k + 1].key[0] > 3 * b + 200
            if far_prev and far_next and len(chain) > 2:
                continue
            out.append(c)
        return out

    def _restart_cuts(self, eligible: list[_Cand], weights: list[float]) -> list[int]:
        """Several acts in one file: an act's title line, long title or enacting formula
        after which the numbering of sections goes down again starts a new run."""
        titles: dict[str, int] = {}
        for ln in self.lines:
            if ln.text and len(ln.text) < 240 and _ACT_TITLE.search(ln.text) and _caps_title(ln.text):
                titles[ln.text] = titles.get(ln.text, 0) + 1
        cuts = [i for i, ln in enumerate(self.lines)
                if ln.text and ln.text[0].isupper() and i not in self.toc_lines and i not in self.explanatory
                and (_LONG_TITLE.match(ln.text) or _ENACTING.match(ln.text)
                     or (self._act_title(i) and titles.get(ln.text, 0) < 3))]
        good = [(c.line, c.key) for c, w in zip(eligible, weights) if w >= 0.3]
        lines = [g[0] for g in good]
        eligible_lines = [c.line for c in eligible]
        # an untitled restart: numbering starts again at 1 under a heading or after a clear gap
        first_ones = {c.line for c, w in zip(eligible, weights)
                      if w >= 0.5 and L.base_of(c.key) == 1 and c.key[0] == 1 and c.key[1] in ("", -1)
                      and not any(c.key[2:]) and c.line not in self.toc_lines and self._set_apart_start(c.line)}
        if first_ones:
            cuts = sorted(set(cuts) | first_ones)
            schedules = [i for i, ln in enumerate(self.lines) if ln.text and self._schedule_name(i)]
        out: list[int] = []
        last = 0
        for a in cuts:
            k = bisect.bisect_left(lines, a)
            before = [key for line, key in good[max(0, k - 3):k] if line >= last]
            after = [key for _, key in good[k:k + 3]]
            if a in first_ones:
                # three real sections before and no schedule since (its paragraphs restart), "2." after "1."
                sch = bisect.bisect_left(schedules, a)
                if len(before) < 3 or len(after) < 2 or not before[0] < before[1] < before[2] \
                        or not after[0] < after[1] <= (3, ) + after[1][1:] \
                        or (sch and schedules[sch - 1] >= last) or min(after) >= max(before):
                    continue
                out.append(a)
                last = a
                continue
            # the new instrument has two sections, or is an extract of one at the end of the file
            t = self.lines[a].text
            if not before or (not _caps_title(t) and not _LONG_TITLE.match(t) and not _ENACTING.match(t)
                              and not self._set_apart_title(a)):
                continue                  # a title-case title is a boundary only when printed on its own
                #                           (not "… under the\nProceeds of Crime Act, No. 5 of 2025.")
            if (len(after) >= 2 or (len(after) == 1 and k + 1 == len(good))) \
                    and (min(after) < max(before) or self._set_apart_title(a)):
                # only after a real run of sections (not a table of contents): two or more, or
                # a single real one ("CIVIL CODE\nArticle 388 …\nPENAL CODE\nArticle 122-2 …")
                lo, hi = bisect.bisect_left(eligible_lines, last), bisect.bisect_left(eligible_lines, a)
                run = self._pick(eligible[lo:hi], weights[lo:hi])
                w_of = {eligible[j].line: weights[j] for j in range(lo, hi)}
                mean = sum(w_of[c.line] for c in run) / len(run) if run else 0.0
                if (len(run) >= 2 and mean >= 0.3) or (len(run) == 1 and mean >= 0.5):
                    out.append(a)
                    last = a
        return out

    def _regulations(self, a: int, first: int) -> bool:
        """Is the instrument whose title is printed between lines ``a`` and ``first`` (its
        first section) a set of regulations ("MIGRATION REGULATIONS (EXTRACT)")?"""
        for i in range(a, min(first, a + 12)):
            s = self.lines[i].text
            if s and _REGULATIONS_TITLE.search(s) and self._act_title(i):
                return True
        return False

    def _set_apart_start(self, i: int) -> bool:
        """A section printed under a heading (PART/TITLE/CHAPTER, an all-caps title) or after
        a clear gap of blank lines."""
        j = self.prev_idx[i]
        if j < 0:
            return False
        t = self.lines[j].text
        return self.structural[j] or j < i - 2 or (
            j not in self.cand_at and _all_caps(t) and len(t) < 100 and not self._is_running(t))

    def _set_apart_title(self, i: int) -> bool:
        """An instrument's title printed on its own after the end of the previous text
        (a document boundary even where the numbering goes on increasing: "CODE OF ENTRY
        AND RESIDENCE" after the Code of Criminal Procedure's Article 706-3)."""
        if not self._act_title(i):
            return False
        j = self.prev_idx[i]
        return j < 0 or j < i - 1 or _ends_terminal(self.lines[j].text)

    def _act_title(self, i: int) -> bool:
        """An instrument's name printed as a title line: "IMMIGRATION AND PROTECTION ACT", "CRIMINAL
        CODE", "LAW No. 27.508", "MIGRATION REGULATIONS (EXTRACT)", "Federal Law No. (9) of 2019"."""
        s = self.lines[i].text
        if len(s) >= 240 or self.structural[i]:
            return False
        if _caps_title(s):     # long when the title is dated and numbered: "ACT OF 10 JUNE 2010 NO. 35 ON …"
            return _ACT_TITLE.search(s) is not None
        if len(s) >= 100:
            return False
        if _NUMBERED_TITLE.fullmatch(s) is not None:
            return True
        # "Immigration and Refugee Protection Act" over its citation "S.L. 2001, c. 27"
        j = self.next_idx[i]
        return (_NAMED_TITLE.fullmatch(s) is not None and j < self.n
                and _CITATION_LINE.match(self.lines[j].text) is not None)

    # ------------------------------------------------------------ schedules
    def _schedule_start(self, first_line: int, end: int) -> int | None:
        for i in range(first_line + 1, end):
            if self.lines[i].text and i not in self.insert_regions and self._schedule_name(i):
                return i
        return None

    def _schedule_name(self, i: int) -> str | None:
        s = self.lines[i].text
        if not s or s[0] not in "TFSAENtfsaen" or len(s) > 150:
            return None
        m = _SCHEDULE.match(s)
        if not m:
            return None
        rest = s[m.end():].strip()
        if m.group("w2") and not (m.group("n2")):
            nxt = self.next_text(i)
            if rest or not nxt or nxt[0].islower():
                return None
        if rest and not (rest[0] in "(—–-.:[" or rest[0].isupper()):
            return None
        words = s[:m.end()].split()
        return " ".join(w.capitalize() if w.isupper() and not L.roman_value(w) and len(w) > 1 else w
                        for w in words)

    # ------------------------------------------------------------ the sweep
    def _sweep(self, first_line: int | None) -> None:
        lines = self.lines
        st: _State | None = None
        amending: _State | None = None
        mode = "front"
        if first_line is None:
            # no numbered section at all: one virtual section over the whole text
            st = _State(L.TEXT, "", fixed=self.family == "usc", allow_digitdot=True,
                        stack=[_Level("sec", None, "", 0)])
            first = next(i for i, ln in enumerate(lines) if ln.text)
            self.emit(_Start(lines[first].start, L.TEXT, ("",), "", None))
            mode = "body"
        front_active = False
        heading_block = False
        self.skip_lines: set[int] = set()
        self.continue_at: dict[int, int] = {}
        self.heading_lines: set[int] = set()
        for i in range(self.n):
            ln = lines[i]
            s = ln.text
            if not s:
                continue
            if i in self.chain:
                st = self._section_start(self.chain[i], True)
                amending = st
                mode = "body"
                heading_block = False
                continue
            if i in self.restart_lines:
                self.stops.append(ln.start)           # another act begins: its long title, enacting formula
                mode, st, front_active, heading_block = "front", None, False, False
            if i in self.schedule_lines or (mode == "schedule" and self._schedule_name(i)):
                name = self._schedule_name(i) or "Schedule"
                st = _State(L.SCHEDULE, name, allow_digitdot=True, stack=[_Level("sec", None, name, 0)])
                self.emit(_Start(ln.start, L.SCHEDULE, (name,), "", None))
                mode = "schedule"
                heading_block = False
                continue
            if i in self.inserted and mode in ("body", "insert"):
                st = self._section_start(self.inserted[i], False)
                mode = "insert"
                continue
            if mode == "insert" and i not in self.insert_regions and amending is not None:
                # the quoted text is over: the amending section goes on
                st = amending
                del st.stack[1:]
                self.emit(_Start(ln.start, st.style, (st.number,), st.heading, None))
                mode = "body"
            if i in self.skip_lines:
                continue
            if i in self.continue_at and st is not None:
                self._continue_section_line(i, st, self.continue_at[i])
                continue
            if i in self.explanatory:
                self.stops.append(ln.start)
                continue
            if mode != "insert" and (self.structural[i] or (self._is_toc_heading(s) and i not in self.cand_at)):
                self.stops.append(ln.start)
                heading_block = True
                front_active = False
                if mode == "schedule" and st is not None:
                    if self.structural[i]:
                        del st.stack[1:]
                    else:                             # a table of contents: another act's front matter
                        mode, st = "front", None
                continue
            if heading_block:
                if _all_caps(s) and i not in self.cand_at and not _MARKER.match(s):
                    self.stops.append(ln.start)
                    continue
                heading_block = False
            if mode == "front":
                if i in self.toc_lines:
                    continue
                label = self._front_label(i, front_active)
                if label:
                    self.emit(_Start(ln.start, L.FRONT, (label,), "", None, True))
                    front_active = True
                continue
            if st is None:
                continue
            prev = "" if self.prev_idx[i] in self.heading_lines else self.prev_text(i)
            if st.style in (L.SECTION, L.REGULATION) and s[0] in "EX" and self._explanation_line(i, st):
                continue
            if st.style in (L.ARTICLE, L.SECTION) and (s[0] == "N" or (st.note is not None and s[0].isdigit())) \
                    and self._note_line(i, st):
                continue
            if self._definition_line(i, st, prev):
                continue
            if not self._markers_line(i, st, prev):
                self._words(st, s)

    def _front_label(self, i: int, active: bool) -> str | None:
        s = self.lines[i].text
        if _ENACTING.match(s):
            return L.ENACTING_FORMULA
        if _LONG_TITLE.match(s) or (s in ("An", "AN") and self.next_text(i)[:3] in ("Act", "ACT")):
            return L.LONG_TITLE
        if s.startswith(("AND WHEREAS", "And whereas")):
            return None if active else L.PREAMBLE
        if _PREAMBLE.match(s):
            if s.rstrip(".:").strip() in ("Preamble", "PREAMBLE"):
                nxt = self.next_text(i)
                if not nxt or _LONG_TITLE.match(nxt) or nxt.startswith(("[", "L.D")):
                    return None
            if self.starts and self.starts[-1].path == (L.PREAMBLE,):
                return None
            return L.PREAMBLE
        return None

    def _heading_above(self, i: int) -> int | None:
        """A heading line printed just above a section number ("Interpretation\\n2. In this Act…")."""
        j = self.prev_idx[i]
        if j < 0 or self.structural[j] or j in self.cand_at:
            return None
        s = self.lines[j].text
        if len(s) > 90 or not s[0].isupper() or s[-1] in ".;:,—–-)]" or _MARKER.match(s) or self._is_running(s):
            return None
        if _FUNCTION_END.search(s) or _HEAD_VERB.search(s) or _all_caps(s) or _BARE_NUMBER.match(s):
            return None
        if s[0] in _QUOTES:
            return None
        b = self.prev_idx[j]
        if b >= 0:
            blank_between = b < j - 1
            before = self.lines[b].text
            if not blank_between and not _ends_terminal(before) and not self.structural[b] and not _all_caps(before):
                return None
        return j

    def _section_start(self, c: _Cand, heading_above_allowed: bool) -> _State:
        ln = self.lines[c.line]
        s = ln.text
        # the U.S. Code's fixed (a)(1)(A)(i) hierarchy; state codes ("§ 787.06", "§ 20A-5-3") nest their
        # levels in the order they open, as Florida's (1)(a)1.a. does
        federal = c.family == "usc" and c.number[:1].isdigit() and not re.search(r"[-.:]", c.number)
        st = _State(c.style, c.number, fixed=federal, allow_digitdot=c.family in ("usc", "art"),
                    letter_dot=c.family == "usc",
                    stack=[_Level("sec", None, c.number, 0)])
        m = _SEP.match(s, c.rest)
        pos = m.end() if m else c.rest
        body = s[pos:]
        heading = c.heading
        cm = _HEAD_CAPS.match(body[:200]) if body and not heading else None
        if cm and re.search(r"[A-Z]{4}", cm.group("h")) and len(cm.group("h").split()) <= 15:
            heading = cm.group("h")                     # "Sec. 20A.02. TRAFFICKING OF PERSONS. (a) A person …"
            pos += cm.end()
        if body and not heading and not _MARKER.match(body):
            hm = _HEAD_DOTDASH.match(body[:200])
            h = hm.group("h") if hm else ""
            if hm and h[:1].isupper() and not re.search(r"\b(?:shall|may|must)\b", h):
                heading = h
                pos += hm.end()
            else:
                hm = _HEAD_DASH.match(body[:200])
                h = hm.group("h").rstrip() if hm else ""
                dm = _HEAD_DOT.match(body[:120]) if c.family == "art" and s[c.rest:c.rest + 1] == "." else None
                if hm and not _HEAD_VERB.search(h) and not _FUNCTION_END.search(h):
                    heading = h
                    pos += hm.end()
                elif dm and not _SENTENCE_VERB.search(dm.group("h")) and not _HEAD_VERB.search(dm.group("h")) \
                        and not _FUNCTION_END.search(dm.group("h")) and len(dm.group("h").split()) <= 8:
                    heading = dm.group("h")             # "Article 5. Rights of the victim. Victims shall have …"
                    pos += dm.end()
                else:
                    heading = self._wrapped_heading(c.line, body) if body[:1].isupper() else ""
                    if heading:
                        pos = len(s)
                    else:
                        heading = self._line_is_heading(c, body)
                        if heading:
                            pos = len(s)
                            self.heading_lines.add(c.line)
        if not heading and c.family == "art" and not body.strip():
            j = self.next_idx[c.line]
            nxt = self.next_text(c.line)
            if nxt and len(nxt) < 100 and nxt[0].isupper() and nxt[-1] not in ".;:,—–-" and not _MARKER.match(nxt) \
                    and j not in self.chain and not self.structural[j] and not _HEAD_VERB.search(nxt):
                heading = nxt                            # "Article 14\nCriminal offence\n(1) …"
                self.skip_lines.add(j)
                self.heading_lines.add(j)
        if not heading:
            heading = self._margin_heading(c.line)
        above = self._heading_above(c.line) if heading_above_allowed else None
        if above is not None and not heading:
            heading = self.lines[above].text
        st.heading = _clean_heading(heading)
        if st.heading and _DICT_HEADING.fullmatch(st.heading):
            st.open_dictionary()                        # "Definitions", "Definition of Terms", "Interpretation"
        start = self.lines[above].start if above is not None else ln.start
        self.emit(_Start(start, c.style, (c.number,), st.heading, None))
        rest = s[pos:]
        consumed = self._apply_markers(c.line, st, rest, "", stacked=True)
        remaining = rest[consumed:].strip()
        if remaining:
            self._words(st, remaining)
            if not consumed and not self._split_inline_definition(c.line, st, pos):
                term = _definition_term(remaining)
                if term is not None:
                    self._set_term(st, term)
            elif consumed:
                term = _definition_term(remaining)
                if term is not None:
                    self._set_term(st, term)
        return st

    def _wrapped_heading(self, i: int, body: str) -> str:
        """An inline heading that runs over the next line(s) before its dot-dash
        ("9. Authorities who may be specified for implementing the\nprovisions of this
        Act.– (1) The …"). The body then starts on that later line."""
        if _TERMINAL_END.search(_tail(body)) or len(body) > 160:
            return ""
        text = body
        j = i
        for _ in range(2):
            j = self.next_idx[j]
            if j >= self.n or j in self.chain or self.structural[j]:
                return ""
            t = self.lines[j].text
            if _MARKER.match(t) or t[0] in _QUOTES:
                return ""
            m = _DOTDASH.search(t[:120])
            if m:
                heading = text + " " + t[:m.start()]
                if len(heading) > 220 or re.search(r"\b(?:shall|must)\b", heading):
                    return ""
                for k in range(i + 1, j):
                    self.skip_lines.add(k)
                self.continue_at[j] = m.end()
                return heading
            if _TERMINAL_END.search(_tail(t)):
                return ""
            text += " " + t
        return ""

    def _continue_section_line(self, i: int, st: _State, pos: int) -> None:
        """The line where a wrapped inline heading ends: the body starts after the dash."""
        s = self.lines[i].text
        rest = s[pos:]
        consumed = self._apply_markers(i, st, rest, "", stacked=True)
        remaining = rest[consumed:].strip()
        if remaining:
            self._words(st, remaining)
            term = _definition_term(remaining)
            if term is not None:
                self._set_term(st, term)

    def _split_inline_definition(self, i: int, st: _State, pos: int) -> bool:
        """"2. In this Act, unless the context otherwise requires— "child" means …" on one
        line: the chapeau ends at the dash, the definition starts at the quote."""
        s = self.lines[i].text
        m = _DEF_INTRO.match(s, pos)
        if not m or not m.group("dash") or m.end() >= len(s):
            return False
        term = _definition_term(s[m.end():m.end() + 300], at_start=True)
        if term is None:
            return False
        st.stack.append(_Level("def", None, f'"{term}"', st.stack[-1].rank + 0.5, term))
        self.emit(_Start(self.lines[i].start + m.end(), st.style, _path(st.stack), st.heading,
                         term, True))
        return True

    def _title_span(self, c: _Cand, b: str) -> int | None:
        """If the rest of a section's first line (``b``) is its title, the index of the
        title's last line (the title may wrap onto one more short line), else None."""
        if not b or len(b) > (250 if c.family == "art" else 150) or not b[0].isupper() \
                or _ENDS_WITH_TERM_WORD.search(b) or _SENTENCE_START.match(b):
            return None
        if _HEAD_VERB.search(b) and c.family != "art":
            return None
        if b.endswith(".") and (len(b.split()) > 12 or re.search(r"\b(?:shall|may|must)\b", b)):
            return None
        last = c.line
        title = b
        longest = 100 if c.family == "art" else 60
        for _ in range(3):
            # a title wrapped onto short lines: "§ 7105. Protection and assistance for victims
            # of\ntrafficking", "§ 7109b. Presidential Award for Extraordinary\nEfforts To Combat
            # Trafficking in\nPersons"
            j = self.next_idx[last]
            if j >= self.n or j in self.chain or self.structural[j]:
                return None
            t = self.lines[j].text
            if not (t[0].islower() or _FUNCTION_END.search(title) or _title_case(t)):
                break
            if len(t) > longest or _MARKER.match(t) or t[0] in _QUOTES or _TERMINAL_END.search(_tail(t)) \
                    or _HEAD_VERB.search(t) or len(title) + len(t) > 250:
                if _FUNCTION_END.search(title) or t[0].islower():
                    return None
                break
            title += " " + t
            last = j
        if _FUNCTION_END.search(title):
            return None
        j = self.next_idx[last]
        if j >= self.n or j in self.chain or self.structural[j] or self.lines[j].text[0].islower():
            return None
        return last

    def _line_is_heading(self, c: _Cand, body: str) -> str:
        """"12. Offence of trafficking in persons" / "§ 1581. Peonage; obstructing enforcement":
        the rest of the line is the section's title; the body starts on the next line. Only
        in documents printed that way (most sections look like it). Returns the title."""
        b = body.strip()
        last = self._title_span(c, b) if self.title_lines else None
        if last is None:
            return ""
        title = [b]
        j = c.line
        while j != last:
            j = self.next_idx[j]
            self.skip_lines.add(j)
            self.heading_lines.add(j)
            title.append(self.lines[j].text)
        return " ".join(title)

    def _running_headers(self) -> set[str]:
        """Lines repeated on many pages once their numbers are removed (stray running
        headers: "Companies Act, No. 07 of 2007 13")."""
        counts: dict[str, int] = {}
        for ln in self.lines:
            t = ln.text
            if 8 <= len(t) <= 120 and (t[-1:].isdigit() or t[:1].isdigit()):
                key = _DIGITS.sub("", t).strip()
                if len(key) >= 6:
                    counts[key] = counts.get(key, 0) + 1
        return {k for k, v in counts.items() if v >= 3}

    def _is_running(self, t: str) -> bool:
        return bool(self.running) and (t[-1:].isdigit() or t[:1].isdigit()) and _DIGITS.sub("", t).strip() in self.running

    def _margin_heading(self, i: int) -> str:
        notes = self.doc.margin_notes
        if not notes:
            return ""
        if not hasattr(self, "_note_offsets"):
            self._notes = sorted(notes, key=lambda m: m.offset)
            self._note_offsets = [m.offset for m in self._notes]
        ln = self.lines[i]
        k = bisect.bisect_left(self._note_offsets, ln.begin)
        if k < len(self._notes) and self._notes[k].offset <= ln.end:
            return self._notes[k].text
        return ""

    # ------------------------------------------------------------ inside a section
    def _set_term(self, st: _State, term: str) -> None:
        if len(st.stack) > 1:
            st.stack[-1].term = term
        if self.starts:
            self.starts[-1].term = term

    def _definition_line(self, i: int, st: _State, prev: str) -> bool:
        """An unnumbered definition starting this line: ``"child" means …``."""
        s = self.lines[i].text
        if s[0] not in _QUOTES and not (s[0] == "[" and len(s) > 1 and s[1] in _QUOTES):
            return self._unquoted_definition_line(i, st, prev)
        if prev and _WRAPPED_TERM.search(_tail(prev)):
            return False                      # "… the expression\n“child” means …" is a sentence going on
        chunk = s[:300]
        if len(chunk) < 300:
            chunk += " " + self.next_text(i)[:200]
        term = _definition_term(chunk, at_start=True)
        if term is None:
            return False
        k = next((x for x, lv in enumerate(st.stack) if lv.kind == "def"), len(st.stack))
        del st.stack[max(k, 1):]
        st.stack.append(_Level("def", None, f'"{term}"', st.stack[-1].rank + 0.5, term))
        self.emit(_Start(self.lines[i].start, st.style, _path(st.stack), st.heading, term, True))
        return True

    def _explanation_line(self, i: int, st: _State) -> bool:
        """"Explanation 1.—“Exploitation” includes …", "Exception 2.—Nothing in this section …":
        a provision of the section of its own (``s. 370 Expl. 1``, ``s. 300 Exc. 2``)."""
        s = self.lines[i].text
        m = _EXPLANATION.match(s)
        if not m:
            return False
        token = ("Expl. " if m.group("w")[2] in "pP" else "Exc. ") + m.group("n")
        k = next((x for x, lv in enumerate(st.stack) if lv.kind in ("expl", "def")), len(st.stack))
        del st.stack[max(k, 1):]
        st.stack.append(_Level("expl", None, token, st.stack[-1].rank + 0.5))
        self.emit(_Start(self.lines[i].start, st.style, _path(st.stack), st.heading, None, True))
        remaining = s[m.end():].strip()
        if remaining:
            self._words(st, remaining)
            term = _definition_term(remaining)
            if term is not None:
                self._set_term(st, term)
        return True

    def _note_line(self, i: int, st: _State) -> bool:
        """The Notes after a post-Soviet article: "Note. A person …" is ``Art. 126 Note``;
        "Notes. 1. A person …" then "2. In this Article …" are ``Art. 127.1 Note 1`` and
        ``Art. 127.1 Note 2``. Notes end the article's parts: items inside a note are its own
        (``Art. 127.1 Note 2(a)``)."""
        s = self.lines[i].text
        m = _NOTE.match(s) if s[0] == "N" else None
        if m is not None:
            n = m.group("n") or m.group("k")
            remaining = s[m.end():].strip()
            st.note = int(n) if n else (0 if not remaining else None)
            merge = False
        else:
            m = _NOTE_NUMBER.match(s) if st.note is not None else None
            if m is None or int(m.group("n")) != st.note + 1:
                return False
            n = m.group("n")
            remaining = s[m.end():].strip()
            last = self.starts[-1] if self.starts else None
            merge = st.note == 0 and last is not None and not last.words and last.path == (st.number, "Note")
            st.note = int(n)
        del st.stack[1:]
        st.stack.append(_Level("expl", None, f"Note {n}" if n else "Note", 0.5))
        if merge:
            self.starts[-1].path = _path(st.stack)          # "Notes." on a line of its own, then "1. …"
        else:
            self.emit(_Start(self.lines[i].start, st.style, _path(st.stack), st.heading, None))
        if remaining:
            self._words(st, remaining)
            term = _definition_term(remaining)
            if term is not None:
                self._set_term(st, term)
        return True

    def _unquoted_definition_line(self, i: int, st: _State, prev: str) -> bool:
        """An entry of a dictionary without quotes, on a line of its own: ``debt bondage
        means …`` (Australia), ``The Child: every person …`` (Gulf). The previous line must
        have ended (a definition, or the chapeau)."""
        if not st.in_dictionary() or (prev and not _STRONG_END.search(_tail(prev))):
            return False
        s = self.lines[i].text
        if _MARKER.match(s):
            return False
        term = _unquoted_term(s)
        if term is None:
            return False
        del st.stack[st.dict_depth:]
        st.stack.append(_Level("def", None, f'"{term}"', st.stack[-1].rank + 0.5, term))
        self.emit(_Start(self.lines[i].start, st.style, _path(st.stack), st.heading, term, True))
        return True

    def _words(self, st: _State, text: str) -> None:
        """Words of the current provision; a definitions chapeau ("In this Division:",
        "As used in this Act:", "… the following words … shall have the meanings indicated
        opposite each of them …:") opens a dictionary at the current level."""
        self.words()
        if text and text[-1] in ":—–-" and _DICT_CHAPEAU.search(text[-400:]) and not _DEFINES.search(text):
            st.open_dictionary()

    def _markers_line(self, i: int, st: _State, prev: str) -> bool:
        s = self.lines[i].text
        if not _MARKER.match(s):
            return False
        consumed = self._apply_markers(i, st, s, prev, stacked=False)
        if not consumed:
            return False
        remaining = s[consumed:].strip()
        if remaining:
            self._words(st, remaining)
            term = _definition_term(remaining)
            if term is None and len(remaining) < 100 and remaining[-1] not in ".;:,—–-":
                term = _definition_term(self.next_text(i)[:300])     # "(3) Coercion\nThe term “coercion” means"
            if term is None and st.in_dictionary() and len(st.stack) == st.dict_depth + 1:
                term = _unquoted_term(remaining)                     # "(b) Child – refers to …"
            if term is not None:
                self._set_term(st, term)
        return True

    def _apply_markers(self, i: int, st: _State, s: str, prev: str, stacked: bool) -> int:
        """Read the markers at the start of ``s`` (a line, or the rest of a section's
        first line when ``stacked``); accepted ones go on the stack and open a
        provision. Returns the number of characters consumed."""
        pos = 0
        line_start = self.lines[i].start
        while pos < len(s):
            m = _MARKER.match(s, pos)
            if not m:
                break
            if m.group("d") is not None and not st.allow_digitdot:
                break
            if (m.group("g") is not None or m.group("s") is not None) and st.style != L.ARTICLE:
                break                   # "1°" and "§ 1" divide articles only (in a code of sections, "§ 1" is one)
            token = _marker_token(m)
            bracket = _marker_bracket(m)
            after = s[m.end():m.end() + 40]
            if _MARKER_CONTINUES.match(after):
                break
            first = pos == 0 and not stacked
            lenient = first or st.fixed or (stacked and pos == 0 and len(st.stack) == 1)
            level = self._choose(st, token, bracket, prev if first else "", after, i, lenient=lenient)
            if level is None:
                break
            st.stack.append(level)
            pos = m.end()
            path = _path(st.stack)
            term = next((lv.term for lv in reversed(st.stack) if lv.term), None)
            last = self.starts[-1] if self.starts else None
            if last is not None and not last.words and last.style == st.style and \
                    path[:len(last.path)] == last.path and len(path) > len(last.path):
                last.path = path            # no words yet: "(3) (a) Any person" is one provision, s. x(3)(a)
                last.term = term
            else:
                self.emit(_Start(line_start, st.style, path, st.heading, term))
        return pos

    def _choose(self, st: _State, token: str, bracket: str, prev: str, after: str, i: int,
                lenient: bool) -> _Level | None:
        """Does marker ``token`` open a provision here, and at which level? On success
        the stack is cut back to the new level's parent."""
        options = L.readings(token, bracket)
        if not options:
            return None
        prev_terminal = not prev or _ends_terminal(prev) or _MARKER.fullmatch(prev) is not None
        a = after.lstrip()
        starts_well = not a or a[0].isupper() or a[0] in "“\"‘[(" or a[0].isdigit() or (
            bool(prev) and prev.rstrip()[-1:] in ":—–-")      # an item of a list the previous line opens
        stack = st.stack
        best = None
        for r in options:
            kind = r.kind
            if kind == "upperdot" and not st.letter_dot:
                continue                      # "A." opens a subsection only in U.S. state codes
            doubled = r.sub and len(token) == 2 and token[0] == token[1]
            if st.fixed:
                if doubled:
                    continue                  # (aa) in the U.S. Code is a sixth level, not an inserted (a)
                rank = _US_RANK.get(kind, 8)
                k = 1
                while k < len(stack) and stack[k].rank < rank:
                    k += 1
                same = stack[k] if k < len(stack) and stack[k].rank == rank and stack[k].value is not None else None
                pop_to = k
            else:
                idx = next((x for x in range(len(stack) - 1, 0, -1) if stack[x].kind == kind), None)
                if doubled and idx is not None and any(lv.kind == "uroman" for lv in stack[idx + 1:]):
                    continue                  # (I)(aa): a new level, not an inserted paragraph
                same = stack[idx] if idx is not None else None
                pop_to = idx if idx is not None else len(stack)
                rank = same.rank if same is not None else stack[-1].rank + 1
                if kind == "para" and same is None:
                    pop_to, rank = 1, stack[0].rank + 1     # "§ 1" follows the article's items, not inside them
            if same is not None:
                if L.is_successor(same.value, r):
                    if len(stack) - pop_to > 2 and prev and not _STRONG_END.search(_tail(prev)):
                        continue              # climbing several levels mid-sentence: "…, or\n(b) is described…"
                    cls = 0.0
                elif 0 < L.gap_after(same.value, r) <= (40 if kind == "para" else 4) and prev_terminal:
                    cls = 2.0                 # items left out of an extract ("§ 4." then "§ 22." of a glossary)
                else:
                    continue
            elif L.is_first(r):
                cls = 1.0
            elif lenient and prev_terminal and starts_well and r.base <= 60 and not r.sub:
                cls = 3.0                     # a level whose first items are missing (an excerpt, an OCR loss)
            else:
                continue
            if cls == 0.0 and kind in ("lower", "upper") and any(o.kind.endswith("roman") for o in options):
                nxt = self._next_marker_token(i)
                if nxt is not None and len(nxt) > 1 and L.roman_value(nxt) == (L.roman_value(token) or 0) + 1:
                    cls = 1.5                 # "(i)" after "(h)" but followed by "(ii)": a roman list
            if cls == 1.0 and kind == "cyr" and len(options) > 1:
                nxt = self._next_marker_token(i)
                if nxt is not None and L.is_cyrillic_only(nxt):
                    cls = 0.9                 # "а)" then "б)": a Cyrillic list, not a Latin "a)"
            tiebreak = 1 if (cls == 1.0 and kind.endswith("roman")
                             and any(o.kind in ("lower", "upper", "upperdot") for o in options)) else 0
            if best is None or (cls, tiebreak) < (best[0], best[1]):
                shown = L.latin_letter(token) if kind in ("lower", "upper") else token   # "е)" in a Latin list
                if kind == "para":
                    shown = f"§ {token}"
                best = (cls, tiebreak, _Level(kind, r, shown, rank), pop_to)
        if best is None:
            return None
        del stack[best[3]:]
        return best[2]

    def _next_marker_token(self, i: int) -> str | None:
        j = self.next_idx[i]
        for _ in range(40):
            if j >= self.n or j in self.chain:
                return None
            m = _MARKER.match(self.lines[j].text)
            if m:
                return _marker_token(m)
            j = self.next_idx[j]
        return None

    # ------------------------------------------------------------ provisions
    def _build(self) -> tuple[Provision, ...]:
        text = self.text
        doc = self.doc
        page_starts = [p.start for p in doc.pages]
        page_numbers = [p.number for p in doc.pages]

        def page_at(offset: int) -> int:          # the same answer as Document.page_at, in O(log n)
            if not page_starts:
                return 1
            k = bisect.bisect_right(page_starts, offset) - 1
            return page_numbers[min(max(k, 0), len(page_starts) - 1)]

        bounds = sorted(set([s.offset for s in self.starts] + self.stops + [len(text)]))
        out: list[Provision] = []
        for s in self.starts:
            k = bisect.bisect_right(bounds, s.offset)
            end = bounds[k] if k < len(bounds) else len(text)
            while end > s.offset and text[end - 1].isspace():
                end -= 1
            if end <= s.offset:
                continue
            first, last = page_at(s.offset), page_at(max(s.offset, end - 1))
            out.append(Provision(
                document=doc.name, label=L.format_label(s.style, s.path), path=s.path,
                heading=s.heading, text=text[s.offset:end], start=s.offset, end=end,
                pages=tuple(range(first, last + 1)), term=s.term))
        return tuple(out)


def _title_case(s: str) -> bool:
    """"Efforts To Combat Trafficking in": every longer word capitalised."""
    words = [w for w in s.split() if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _all_caps(s: str) -> bool:
    has_upper = False
    for ch in s[:150]:
        if ch.islower():
            return False
        if ch.isupper():
            has_upper = True
    return has_upper and len(s) <= 150


def _caps_title(s: str) -> bool:
    """An all-caps title line, allowing "No." and "(Extract)"."""
    return _all_caps(_TITLE_NOISE.sub("", s))


def _clean_heading(h: str) -> str:
    h = re.sub(r"\s+", " ", h or "").strip().strip(" " + _QUOTES)
    h = re.sub(r"\s\d{1,3}\s?(?=\[)", " ", h)          # footnote numbers before an amendment's brackets
    return h.rstrip(" .:;—–-").strip()


_INLINE_DEF_HEADING = re.compile(r"[A-Z][^\n.—–]{0,80}?(?:\.\s?[—–-]|[—–]|\.)\s*(?=(?:[Tt]he|[Aa]n?)\s+(?:terms?|expressions?)\b|[“\"‘'«])")


def _definition_term(s: str, at_start: bool = False) -> str | None:
    """The defined term if ``s`` opens a definition (``"child" means …``, ``The term
    “coercion” means …``, ``In this section “abet” … shall have the same meaning …``)."""
    if not s:
        return None
    s = s[:400]
    m = _DEF.match(s)
    if m is None and not at_start:
        intro = _DEF_INTRO.match(s)
        if intro:
            m = _DEF.match(s, intro.end())
    if m is None:
        # An inline subsection heading before the definition: "Exploitation.—The term “exploitation” means"
        heading = _INLINE_DEF_HEADING.match(s)
        if heading:
            m = _DEF.match(s, heading.end())
    if m is None:
        return None
    term = re.sub(r"\s+", " ", m.group("term")).strip().strip(_QUOTES + " ,;:").lower()
    return term or None


def segment(document: Document) -> tuple[Provision, ...]:
    """Split ``document`` into flat provisions in reading order, each labelled with the
    pinpoint citation a lawyer would write. Never raises on odd text."""
    return _Segmenter(document).run()
