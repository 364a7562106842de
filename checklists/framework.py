"""Locate before judging: the roles provisions play in a state's framework.

Given every provision of every document analysed for one state, this module
finds the provisions that *criminalise* trafficking, the provisions that
*define* it, the definitions those provisions rely on (by the defined term or
by an explicit cross-reference), the provisions set in a trafficking context
and those addressed to victims. Items are then judged inside the right places:
the means of trafficking are looked for in the trafficking offence and its
definitions, not wherever "fraud" appears in a penal code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator, Sequence

from gapcheck.checklists.model import Checklist
from gapcheck.checklists.scan import EMPTY, Hit, ScanCache, Scanner, TextHits, in_two
from gapcheck.models import Document, Provision

REQUIRED_GROUPS = (
    "relevance",
    "trafficking", "trafficking_term", "offence", "non_operative_heading", "hortatory", "programme", "victim",
    "child", "age", "penalty", "reference", "external_definition", "aggravation", "ocg", "ocg_irrelevant",
    "cross_border", "domestic_explicit", "mandatory", "discretionary", "cooperation", "duress",
)

ACT_ITEM = "TIP-ACTS"
MEANS_ITEM = "TIP-MEANS"
PURPOSES_ITEM = "TIP-PURPOSES"

_NON_OPERATIVE_LABELS = re.compile(r"^(preamble|long title|title|recitals?|schedule|contents)\b", re.I)
_REF_NUMBER = re.compile(
    r"(?:section|sections|article|articles|§§?|subsection|paragraph)\s+"
    r"((?:[LRD]\.\s*)?(?:\d+[A-Za-z]*(?:[.\-]\d+[A-Za-z]*)*)(?:\s*\([A-Za-z0-9]+\))*)"
    r"((?:\s*(?:,|or|and|to)\s*\d+[A-Za-z]*(?:\([A-Za-z0-9]+\))*)*)",
    re.I,
)
_AIM_BEFORE = re.compile(
    r"\b(purposes? of|for the purposes?|in support of|support(?:ing)?|furtherance of|facilitat\w*|connection with|"
    r"relation to|relating to|related to|proceeds of|benefit\w* from|profit\w* from|intent to|attempt\w* to|"
    r"abet\w*|victims? of|obstruct\w*|investigat\w* of|prevent\w*|combat\w*|against|anti-)"
    r"\W*(?:\w+\W+){0,4}$", re.I)
_INSTRUMENT_AFTER = re.compile(
    r"(?:[\s-]+(?:[A-Z][\w'’-]*|in|of|and|the|on|for|against|to))*[\s-]+"
    r"(?:Act|Bill|Ordinance|Convention|Protocol|Law|Decree|Proclamation|Code)\b")
_DEFINES_EXPLOITING = re.compile(
    r"\bfor\s+the\s+purposes?\s+of\s+(?:[^.;:]|\.(?=\d)){1,100}?,?\s+"
    r"(?:a|any)\s+person\s+(?:exploits|is\s+exploited)\b", re.I)
_DEFINING_HEADING = re.compile(
    r"(?:(?:the\s+)?(?:meaning|definition|interpretation)\s+of\s+(?:the\s+)?(?:terms?\s+|expressions?\s+)?"
    r"[\"“']?(?P<term>[\w][\w\s'-]{1,60}?)[\"”']?|[\"“']?(?P<term2>[\w][\w\s'-]{1,60}?)[\"”']?\s+defined)\s*\.?$",
    re.I)
_UNQUOTED_TRAFFICKING_DEFINITION = re.compile(
    r"(?:^|[.:—–-]\s+|\n)(?P<term>(?:[A-Za-z-]+\s+){0,3}?(?:[Tt]rafficking|[Tt]raffic)(?:\s+(?:in|of)\s+(?:human\s+beings|"
    r"persons|people|women|children|women\s+and\s+children))?)\s+(?:shall\s+)?(?:means?|refers?\s+to|is\s+defined\s+as|"
    r"consists?\s+(?:of|in)|is\s+the\s+act\s+of|shall\s+be\s+understood\s+as)\b")
_FOREIGNER = re.compile(r"\b(foreign nationals?|foreigners?|non-?citizens?|aliens?|migrants?|non-nationals?)\b", re.I)
_CITED_NUMBER = re.compile(
    r"(?:\bsections?|\barticles?|\barts?\.|§§?)\s*\(?\s*((?:[LRD]\.\s*)?\d+[A-Za-z]*(?:[.\-]\d+[A-Za-z]*)*)", re.I)
"""A section or article cited by number: "section 4", "Article 225-4-1", "§ 1591", "Article (3)" (Gulf style)."""
# the heading of a section on sentencing factors, which lists circumstances, not offences
_SENTENCING_HEADING = re.compile(r"\b(?:mitigating|extenuating|aggravating)\s+(?:circumstances|factors)\b", re.I)
_SUBSECTION_REF = re.compile(r"(?:subsection|paragraph|subparagraph|clause)\s+((?:\([A-Za-z0-9]+\))+|[a-z]\b)", re.I)


@dataclass(frozen=True)
class Unit:
    """A group of provisions read together: a subsection with its paragraphs,
    a definition with its paragraphs, or an undivided section."""

    section: int
    indices: tuple[int, ...]


class Framework:
    """All provisions of one state's documents, with the roles they play."""

    def __init__(self, checklist: Checklist, segmented: Sequence[tuple[Document, Sequence[Provision]]],
                 trigger_scanner: Scanner, topic_scanner: Scanner, marker_scanner: Scanner) -> None:
        self.checklist = checklist
        self.documents: list[Document] = [d for d, _ in segmented]
        self.provisions: list[Provision] = []
        self.doc_index: list[int] = []
        for k, (_, provisions) in enumerate(segmented):
            for p in provisions:
                self.provisions.append(p)
                self.doc_index.append(k)
        self._group_sections()
        self._scan(trigger_scanner, topic_scanner, marker_scanner)

    # ------------------------------------------------------------ structure

    def _group_sections(self) -> None:
        self.sections: list[list[int]] = []
        self.section_of: list[int] = []
        prev_key = None
        for i, p in enumerate(self.provisions):
            key = (self.doc_index[i], p.number)
            if key != prev_key:
                self.sections.append([])
                prev_key = key
            self.sections[-1].append(i)
            self.section_of.append(len(self.sections) - 1)
        self.unit_key: list[tuple[int, str | None]] = []
        for i, p in enumerate(self.provisions):
            sub = p.path[1] if len(p.path) > 1 else None
            self.unit_key.append((self.section_of[i], sub))

    def units_of_section(self, section: int) -> list[Unit]:
        groups: dict[str | None, list[int]] = {}
        for i in self.sections[section]:
            groups.setdefault(self.unit_key[i][1], []).append(i)
        return [Unit(section, tuple(v)) for v in groups.values()]

    def unit_of(self, i: int) -> Unit:
        key = self.unit_key[i]
        return Unit(key[0], tuple(j for j in self.sections[key[0]] if self.unit_key[j] == key))

    def ancestors(self, i: int) -> list[int]:
        """Provisions of the same section whose path is a proper prefix of this one's (chapeaus)."""
        cache = self.__dict__.setdefault("_ancestors", {})
        found = cache.get(i)
        if found is None:
            path = self.provisions[i].path
            by_path = self._paths_of_section(self.section_of[i])
            found = sorted(j for n in range(len(path)) for j in by_path.get(path[:n], ()))
            cache[i] = found
        return found

    def _paths_of_section(self, section: int) -> dict[tuple[str, ...], list[int]]:
        """Path → the provisions of the section with that path (so that a chapeau is found without
        comparing every pair of a long section's provisions)."""
        index = self.__dict__.setdefault("_section_paths", {})
        found = index.get(section)
        if found is None:
            found = index[section] = {}
            for j in self.sections[section]:
                found.setdefault(self.provisions[j].path, []).append(j)
        return found

    def descendants(self, i: int) -> list[int]:
        path = self.provisions[i].path
        return [j for j in self.sections[self.section_of[i]]
                if len(self.provisions[j].path) > len(path) and self.provisions[j].path[: len(path)] == path]

    def document_of(self, i: int) -> Document:
        return self.documents[self.doc_index[i]]

    def heading(self, i: int) -> str:
        return self.provisions[i].heading

    # ----------------------------------------------------------------- scan

    def _scan(self, trigger: Scanner, topic: Scanner, marker: Scanner) -> None:
        provisions = self.provisions
        texts = [p.text for p in provisions]
        headings = sorted({p.heading for p in provisions if p.heading})
        cache = ScanCache()  # a text is tokenised once, whichever scanners read it
        heading_trigger = dict(zip(headings, trigger.scan(headings, cache)))
        heading_topic = dict(zip(headings, topic.scan(headings, cache)))
        heading_marker = dict(zip(headings, marker.scan(headings, cache)))
        self.heading_hits: dict[str, TextHits] = {
            h: heading_trigger[h].merge(heading_topic[h]).merge(heading_marker[h]) for h in headings
        }
        # 1. the trigger words, everywhere (cheap: few, specific words; nothing is kept but the hits).
        # On a long code, this and step 2 are shared with a forked process (see scan.in_two).
        def read_triggers(indices: list[int]) -> dict[int, TextHits]:
            return {i: h for i, h in zip(indices, trigger.scan([texts[i] for i in indices])) if h}

        trigger_found: dict[int, TextHits] = {}
        for part in in_two(read_triggers, list(range(len(texts))), [len(t) for t in texts]):
            trigger_found.update(part)
        trigger_hits = [trigger_found.get(i, EMPTY) for i in range(len(texts))]
        relevant = {self.section_of[i] for i, h in enumerate(trigger_hits) if h}
        relevant |= {self.section_of[i] for i, p in enumerate(provisions)
                     if p.heading and heading_trigger[p.heading]}
        relevant |= self._sections_citing(relevant) | self._sections_cited_by(relevant)
        # definitions are read too (the offences may use their terms), but not whole interpretation sections
        wanted = [self.section_of[i] in relevant or bool(p.term) or bool(p.path and p.path[-1].startswith('"'))
                  for i, p in enumerate(provisions)]
        # 2. the rest of the vocabulary, only in relevant sections; 3. the markers in sections with a
        # hit ("interesting"). Section by section, so that a section's tokens are dropped once read.
        headed = {self.section_of[i] for i, p in enumerate(provisions) if p.heading and self.heading_hits[p.heading]}

        def read_sections(sections: list[int]) -> tuple[dict[int, TextHits], dict[int, TextHits], set[int]]:
            topic_found: dict[int, TextHits] = {}
            marker_found: dict[int, TextHits] = {}
            hit_sections: set[int] = set()
            for s in sections:
                members = self.sections[s]
                cache = ScanCache()
                todo = [i for i in members if wanted[i]]
                for i, h in zip(todo, topic.scan([texts[i] for i in todo], cache)):
                    if h:
                        topic_found[i] = h
                if s in headed or any(trigger_hits[i] or i in topic_found for i in members):
                    hit_sections.add(s)
                    for i, h in zip(members, marker.scan([texts[i] for i in members], cache)):
                        if h:
                            marker_found[i] = h
            return topic_found, marker_found, hit_sections

        topic_hits: list[TextHits] = [EMPTY] * len(texts)
        marker_hits: list[TextHits] = [EMPTY] * len(texts)
        interesting_sections: set[int] = set()
        weights = [sum(len(texts[i]) for i in members if wanted[i]) for members in self.sections]
        for topic_found, marker_found, hit_sections in in_two(read_sections, list(range(len(self.sections))), weights):
            for i, h in topic_found.items():
                topic_hits[i] = h
            for i, h in marker_found.items():
                marker_hits[i] = h
            interesting_sections |= hit_sections
        topic_hits = [a.merge(b) if (a or b) else EMPTY for a, b in zip(trigger_hits, topic_hits)]
        for s in sorted(self._sections_citing(interesting_sections)):
            members = self.sections[s]
            for i, h in zip(members, marker.scan([texts[i] for i in members])):
                marker_hits[i] = h
        self.hits: list[TextHits] = [a.merge(b) if (a or b) else EMPTY for a, b in zip(topic_hits, marker_hits)]
        terms = sorted({p.term for p in provisions if p.term})
        cache = ScanCache()
        self.term_hits: dict[str, TextHits] = {
            t: a.merge(b) for t, a, b in zip(terms, trigger.scan(terms, cache), topic.scan(terms, cache))}
        self._topic = topic
        self._trigger = trigger

    def scan_terms(self, terms: list[str]) -> list[TextHits]:
        """Scan extra term strings (e.g. terms taken from headings) with the topic vocabulary."""
        new = [t for t in terms if t not in self.term_hits]
        self.term_hits.update({t: a.merge(b) for t, a, b in zip(new, self._trigger.scan(new), self._topic.scan(new))})
        return [self.term_hits[t] for t in terms]

    def _sections_cited_by(self, sections: set[int]) -> set[int]:
        """Sections that provisions of ``sections`` cite by number."""
        by_number: dict[tuple[int, str], int] = {}
        for s, members in enumerate(self.sections):
            by_number.setdefault((self.doc_index[members[0]], self.provisions[members[0]].number.lower()), s)
        out = set()
        for s in sections:
            for i in self.sections[s]:
                for number in _CITED_NUMBER.findall(self.provisions[i].text):
                    target = by_number.get((self.doc_index[i], number.lower()))
                    if target is not None:
                        out.add(target)
        return out

    def _sections_citing(self, sections: set[int]) -> set[int]:
        """Sections without topic words that cite one of ``sections`` by number
        ("the conduct contained in article 4"): they may criminalise it."""
        numbers: dict[int, set[str]] = {}
        for s in sections:
            first = self.sections[s][0]
            numbers.setdefault(self.doc_index[first], set()).add(self.provisions[first].number.lower())
        out = set()
        for s, members in enumerate(self.sections):
            if s in sections:
                continue
            wanted = numbers.get(self.doc_index[members[0]])
            if not wanted:
                continue
            for i in members:
                cited = {m.lower() for m in _CITED_NUMBER.findall(self.provisions[i].text)}
                if cited & wanted:
                    out.add(s)
                    break
        return out

    def has(self, i: int, concept: str) -> bool:
        return self.hits[i].has(concept)

    def get(self, i: int, concept: str) -> list[Hit]:
        return self.hits[i].get(concept)

    def heading_has(self, i: int, concept: str) -> bool:
        h = self.provisions[i].heading
        return bool(h) and self.heading_hits.get(h, EMPTY).has(concept)

    def section_has(self, section: int, concept: str) -> bool:
        return any(self.has(j, concept) for j in self.sections[section]) or \
            any(self.heading_has(j, concept) for j in self.sections[section][:1])

    def find(self, indices: Iterable[int], concept: str) -> Iterator[tuple[int, Hit]]:
        for i in indices:
            for h in self.get(i, concept):
                yield i, h

    # ---------------------------------------------------------------- roles

    @cached_property
    def non_operative(self) -> frozenset[int]:
        """Provisions that are context (preambles, findings, purposes, short titles)."""
        out = set()
        for s, members in enumerate(self.sections):
            first = self.provisions[members[0]]
            heading = first.heading.strip()
            hits = self.heading_hits.get(heading, EMPTY).get("v:non_operative_heading") if heading else []
            if _NON_OPERATIVE_LABELS.match(first.label) or any(h.start <= 2 for h in hits):
                out.update(members)
        return frozenset(out)

    def operative(self, i: int) -> bool:
        return i not in self.non_operative and not self.has(i, "v:hortatory")

    @cached_property
    def definitions(self) -> dict[str, list[Unit]]:
        """Defined term (lower case) → the definition units that define it."""
        out: dict[str, list[Unit]] = {}
        for i, p in enumerate(self.provisions):
            if not p.term or any(self.provisions[a].term == p.term for a in self.ancestors(i)):
                continue
            members = tuple([i, *self.descendants(i)])
            unit = Unit(self.section_of[i], members)
            for term in self._terms_of(i):
                out.setdefault(term, []).append(unit)
        # sections that define a term by their heading: "Meaning of exploitation", "Definition of slavery"
        for s, members in enumerate(self.sections):
            heading = self.provisions[members[0]].heading.strip()
            m = _DEFINING_HEADING.match(heading)
            if m:
                term = _norm_term(m.group("term") or m.group("term2") or "")
                if term:
                    out.setdefault(term, []).append(Unit(s, tuple(members)))
            elif s in self._named_offence_sections:
                # an offence named by its heading defines the conduct: "§ 20A-5-4. Sexual servitude."
                out.setdefault(_norm_term(heading), []).append(Unit(s, tuple(members)))
            elif _DEFINES_EXPLOITING.search(self.provisions[members[0]].text[:300]):
                # "For the purposes of sections 279.01 to 279.03, a person exploits another person if …",
                # "For the purposes of section 1 a person is exploited only if …": a definition of exploitation
                out.setdefault("exploitation", []).append(Unit(s, tuple(members)))
        return out

    @cached_property
    def _unquoted_terms(self) -> dict[tuple[int, ...], str]:
        return {}

    def _terms_of(self, i: int) -> list[str]:
        p = self.provisions[i]
        terms = [_norm_term(p.term or "")]
        terms += [t for k, t in self._unquoted_terms.items() if k and k[0] == i]
        head = p.text.split(" mean", 1)[0] if " mean" in p.text else p.text[:160]
        for q in re.findall(r"[\"“”']([^\"“”']{2,80})[\"“”']", head):
            t = _norm_term(q)
            if t and t not in terms:
                terms.append(t)
        return [t for t in terms if t]

    @cached_property
    def _named_offence_sections(self) -> frozenset[int]:
        """Sections whose heading is a short name (one to four words) and which create an offence."""
        out = set()
        for s, members in enumerate(self.sections):
            heading = self.provisions[members[0]].heading.strip().rstrip(".")
            if heading and len(heading.split()) <= 4 and re.fullmatch(r"[A-Za-z][A-Za-z ,'-]*", heading) \
                    and any(self.has(i, "v:offence") for i in members):
                out.add(s)
        return frozenset(out)

    def is_definition(self, i: int) -> bool:
        p = self.provisions[i]
        return bool(p.term) or any(bool(self.provisions[a].term) for a in self.ancestors(i))

    @cached_property
    def trafficking_definitions(self) -> list[Unit]:
        """Definitions of trafficking itself ("trafficking in persons" means …), with or
        without quotation marks ("Trafficking in human beings is the act of recruiting …")."""
        units = []
        seen = set()
        for i, p in enumerate(self.provisions):
            if p.term or i in self.non_operative or not self.has(i, "v:trafficking"):
                continue
            m = _UNQUOTED_TRAFFICKING_DEFINITION.search(p.text[:400])
            if m and _names_trafficking(m.group("term")):
                unit = Unit(self.section_of[i], tuple([i, *self.descendants(i)]))
                if unit.indices not in seen:
                    seen.add(unit.indices)
                    units.append(unit)
                    self._unquoted_terms[unit.indices] = _norm_term(m.group("term"))
        for i, p in enumerate(self.provisions):
            if not p.term or i in self.non_operative:
                continue
            if any(self.provisions[a].term == p.term for a in self.ancestors(i)):
                continue
            hits = self.term_hits.get(p.term, EMPTY).get("v:trafficking_term")
            if not hits or not _names_trafficking(p.term):
                continue
            unit = Unit(self.section_of[i], tuple([i, *self.descendants(i)]))
            if unit.indices not in seen:
                seen.add(unit.indices)
                units.append(unit)
        return units

    @cached_property
    def offence_units(self) -> list[Unit]:
        """Units that make trafficking a criminal offence (or oblige the state to).

        When a section's heading or opening words mention trafficking, the whole
        section (its definitions aside) is one unit; otherwise each subsection
        that mentions trafficking is a unit of its own."""
        units: list[Unit] = []
        penalised = self._penalised_sections
        for s, members in enumerate(self.sections):
            if members[0] in self.non_operative:
                continue
            if _SENTENCING_HEADING.search(self.provisions[members[0]].heading):
                continue        # "Mitigating circumstances: … (c) committed the offence while subjected to trafficking"
            if not self.section_has(s, "v:offence"):
                # "It shall be unlawful … to commit any of the following acts" made punishable
                # by a separate penalty section ("the acts enumerated in Section 4")
                body = [i for i in members if not self.is_definition(i)]
                if s in penalised and body and (self.heading_has(members[0], "v:trafficking")
                                                or any(self.has(i, "v:trafficking") for i in body)):
                    units.append(Unit(s, tuple(body)))
                continue
            body = [i for i in members if not self.is_definition(i)]
            chapeau = [i for i in body if len(self.provisions[i].path) == 1]
            if self.heading_has(members[0], "v:trafficking") or any(self.has(i, "v:trafficking") for i in chapeau):
                if body and not all(self.has(i, "v:hortatory") for i in body):
                    units.append(Unit(s, tuple(body)))
                continue
            section_units = self.units_of_section(s)
            # "Whoever … does any of the following acts: (1) …; (2) …; such person commits an offence of
            # trafficking": the words that make the list an offence close it, so the section is one unit
            if (chapeau and re.search(r"[:—–-]\s*$", self.provisions[chapeau[-1]].text.strip())
                    and any(self.has(i, "v:trafficking") for i in body) and any(self.has(i, "v:offence") for i in body)
                    and not any(self.has(i, "v:trafficking") for i in chapeau)):
                if not all(self.has(i, "v:hortatory") for i in body):
                    units.append(Unit(s, tuple(body)))
                continue
            if self._criminalises_by_reference(body):
                units.append(Unit(s, tuple(body)))
                continue
            if not self.section_has(s, "v:trafficking"):
                # an offence that states the elements of trafficking without naming it
                # ("whoever recruits, transports or harbours persons for the purpose of exploitation")
                units.extend(u for u in section_units if self.states_trafficking_elements(u))
                continue
            for unit in section_units:
                sub = [i for i in unit.indices if not self.is_definition(i)]
                if not sub or all(self.has(i, "v:hortatory") for i in sub):
                    continue
                if not any(self.has(i, "v:trafficking") for i in sub):
                    continue
                if any(self.has(i, "v:offence") for i in sub) or self._penalised_elsewhere(unit, section_units):
                    units.append(Unit(s, tuple(sub)))
        return units

    @cached_property
    def _penalised_sections(self) -> set[int]:
        """Sections cited by number in a provision that attaches a penalty."""
        by_number: dict[tuple[int, str], int] = {}
        for s, members in enumerate(self.sections):
            by_number.setdefault((self.doc_index[members[0]], self.provisions[members[0]].number.lower()), s)
        out = set()
        for i, p in enumerate(self.provisions):
            if not self.has(i, "v:offence"):
                continue
            for number in _CITED_NUMBER.findall(p.text):
                s = by_number.get((self.doc_index[i], number.lower()))
                if s is not None and s != self.section_of[i]:
                    out.add(s)
        return out

    def _criminalises_by_reference(self, body: list[int]) -> bool:
        """An offence stated by reference to the definition of trafficking ("establish
        as criminal offences the conduct contained in article 4")."""
        definitions = {i for u in self.trafficking_definitions for i in u.indices}
        if not definitions:
            return False
        for i in body:
            if self.has(i, "v:offence") and self.has(i, "v:reference"):
                if any(set(u.indices) & definitions for u in self.referenced_units([i])):
                    return True
        return False

    def _penalised_elsewhere(self, unit: Unit, section_units: list[Unit]) -> bool:
        """Is this subsection made an offence by another subsection ("a person who
        contravenes subsection (1) commits an offence")?"""
        sub = self.provisions[unit.indices[0]].path[1:2]
        if not sub:
            return False
        ref = re.compile(r"(?:subsection|paragraph)s?\s*(?:\([0-9a-z]+\)\s*(?:,|or|and)\s*)*\(" + re.escape(sub[0]) + r"\)",
                         re.I)
        for other in section_units:
            if other is unit:
                continue
            for i in other.indices:
                if self.has(i, "v:offence") and ref.search(self.provisions[i].text):
                    return True
        return False

    def states_trafficking_elements(self, unit: Unit) -> bool:
        """Two or more actions done to a person, for the purpose of exploitation."""
        acts = {c for i in unit.indices for c in self.hits[i].by_concept if c.startswith("e:TIP-ACTS:")}
        person = any(self.has(i, "e:SCOPE-ALL-VICTIMS:any_person") or self.has(i, "e:SCOPE-ALL-VICTIMS:women_children")
                     for i in unit.indices)
        purpose = any(re.search(r"\b(?:purpose|purposes|view|intent|intention|aim)\b[^.;]{0,30}\bexploit",
                                self.provisions[i].text, re.I) for i in unit.indices)
        return len(acts) >= 2 and person and purpose

    def trafficking_is_conduct(self, unit: Unit) -> bool:
        """Is trafficking the conduct punished (not merely the aim of other conduct,
        as in "provides premises for the purpose of trafficking")?"""
        first = self.provisions[unit.indices[0]]
        if not any(self.has(i, "v:trafficking") for i in unit.indices) and not self.heading_has(unit.indices[0], "v:trafficking"):
            return self.states_trafficking_elements(unit)
        heading_hits = self.heading_hits.get(first.heading, EMPTY).get("v:trafficking") if first.heading else []
        for h in heading_hits:
            if not _AIM_BEFORE.search(first.heading[: h.start]):
                return True
        for i in unit.indices:
            text = self.provisions[i].text
            for h in self.get(i, "v:trafficking"):
                if _AIM_BEFORE.search(text[max(0, h.start - 60): h.start]):
                    continue
                if h.text.lower().startswith("trafficked"):
                    continue  # "the trafficked person" names the victim, not the conduct
                if h.text[:1].isupper() and _INSTRUMENT_AFTER.match(text, h.end):
                    continue  # part of an instrument's name ("Trafficking Victims Protection Act")
                return True
        return False

    @cached_property
    def conduct_units(self) -> list[Unit]:
        """Offence units whose conduct is trafficking itself."""
        return [u for u in self.offence_units if self.trafficking_is_conduct(u)]

    @cached_property
    def offence_sections(self) -> set[int]:
        return {u.section for u in self.offence_units}

    def definitions_used_by(self, indices: Iterable[int], depth: int = 2, references: bool = True) -> list[Unit]:
        """Definition units whose term occurs in the given provisions (and, to
        ``depth``, in those definitions), plus provisions they cross-reference."""
        found: list[Unit] = []
        seen: set[tuple[int, ...]] = set()
        frontier = list(indices)
        for _ in range(depth):
            text = " ".join(self.provisions[i].text.lower() for i in frontier)
            nxt: list[int] = []
            for term, units in self.definitions.items():
                if len(term) < 3 or not _term_in(term, text):
                    continue
                for unit in units:
                    if unit.indices not in seen:
                        seen.add(unit.indices)
                        found.append(unit)
                        nxt.extend(unit.indices)
            for unit in (self.referenced_units(frontier) if references else ()):
                if unit.indices not in seen:
                    seen.add(unit.indices)
                    found.append(unit)
                    nxt.extend(unit.indices)
            frontier = nxt
            if not frontier:
                break
        return found

    def referenced_units(self, indices: Iterable[int]) -> list[Unit]:
        """Provisions that the given ones point to ("as defined in section 2",
        "described in subsection (e)(2)"), resolved within the same document."""
        out: list[Unit] = []
        for i in indices:
            p = self.provisions[i]
            for hit in self.get(i, "v:reference"):
                tail = p.text[hit.start: hit.end + 40]
                for target in self._resolve(i, tail):
                    out.append(target)
        return out

    def _resolve(self, i: int, text: str) -> list[Unit]:
        doc = self.doc_index[i]
        p = self.provisions[i]
        targets: list[Unit] = []
        for m in _REF_NUMBER.finditer(text):
            numbers = [m.group(1)] + re.findall(r"\d+[A-Za-z]*(?:\([A-Za-z0-9]+\))*", m.group(2) or "")
            for ref in numbers:
                main = ref.split("(", 1)[0].strip()
                subs = tuple(re.findall(r"\(([A-Za-z0-9]+)\)", ref))
                targets.extend(self._units_at(doc, (main, *subs)))
        for m in _SUBSECTION_REF.finditer(text):
            subs = tuple(re.findall(r"\(([A-Za-z0-9]+)\)", m.group(1))) or (m.group(1),)
            targets.extend(self._units_at(doc, (p.number, *subs)))
        return targets

    @cached_property
    def _by_number(self) -> dict[tuple[int, str], list[int]]:
        index: dict[tuple[int, str], list[int]] = {}
        for j, q in enumerate(self.provisions):
            index.setdefault((self.doc_index[j], q.number.lower()), []).append(j)
        return index

    def _units_at(self, doc: int, path: tuple[str, ...]) -> list[Unit]:
        candidates = self._by_number.get((doc, path[0].lower()), []) if path else []
        hits = [j for j in candidates if self.provisions[j].path[: len(path)] == path]
        if not hits:
            return []
        return [Unit(self.section_of[hits[0]], tuple(hits))]

    @cached_property
    def core_definitions(self) -> list[Unit]:
        """Definitions that the trafficking offences and definitions rely on."""
        seeds = [i for u in (*self.conduct_units, *self.trafficking_definitions) for i in u.indices]
        core = {u.indices for u in self.trafficking_definitions}
        return [u for u in self.definitions_used_by(seeds) if u.indices not in core]

    def trafficking_definitions_for(self, unit: Unit) -> list[Unit]:
        """The trafficking definitions an offence unit uses (by their term)."""
        text = " ".join(self.provisions[i].text.lower() for i in unit.indices)
        heading = self.provisions[unit.indices[0]].heading.lower()
        out = []
        for d in self.trafficking_definitions:
            terms = self._terms_of(d.indices[0])
            # the verb forms name the same conduct: "trafficking in persons" / "traffics in persons"
            variants = {v for t in terms for v in (t, re.sub(r"\btrafficking\b", "traffics", t),
                                                   re.sub(r"\btrafficking\b", "traffic", t),
                                                   re.sub(r"\btrafficking\b", "trafficked", t))}
            if any(_term_in(t, text) or _term_in(t, heading) for t in variants):
                out.append(d)
        return out

    # --------------------------------------------------------------- context

    @cached_property
    def focused_documents(self) -> frozenset[int]:
        """Documents about trafficking as a whole (title or much of the text)."""
        out = set()
        for k, doc in enumerate(self.documents):
            head = doc.text[:1500].lower()
            members = [i for i in range(len(self.provisions)) if self.doc_index[i] == k]
            mentions = sum(1 for i in members if self.has(i, "v:trafficking"))
            if re.search(r"traffick|traffic in (persons|women|children|human)", head) or mentions >= 10:
                out.add(k)
        return frozenset(out)

    @cached_property
    def trafficking_sections(self) -> frozenset[int]:
        """Sections that mention trafficking, or refer to a trafficking offence by number."""
        out = {s for s in range(len(self.sections)) if self.section_has(s, "v:trafficking")}
        offence_numbers: dict[int, set[str]] = {}
        for u in self.offence_units:
            j = u.indices[0]
            offence_numbers.setdefault(self.doc_index[j], set()).add(self.provisions[j].number)
        for s, members in enumerate(self.sections):
            if s in out:
                continue
            doc = self.doc_index[members[0]]
            numbers = offence_numbers.get(doc)
            if not numbers:
                continue
            for i in members:
                text = self.provisions[i].text
                cited = {n.lower() for n in _CITED_NUMBER.findall(text)}
                # "section 12, 13 or 14": the numbers after the first one
                for m in re.finditer(r"(?:sections?|articles?|§§?)\s+[\w.()\-]+((?:\s*(?:,|or|and|to)\s*\d+[\w.\-]*)+)",
                                     text, re.I):
                    cited |= {n.lower() for n in re.findall(r"\d+[\w.\-]*", m.group(1))}
                if cited & {n.lower() for n in numbers}:
                    out.add(s)
                    break
        return frozenset(out)

    def in_trafficking_context(self, i: int) -> bool:
        return self.section_of[i] in self.trafficking_sections

    def victim_context(self, i: int) -> bool:
        """Addressed to victims of trafficking: a victim word here or in a chapeau,
        in a trafficking document or a trafficking section."""
        return i in self._victim_provisions_closure

    @cached_property
    def _references(self) -> dict[int, set[int]]:
        """Provision → the provisions it cites ("referred to in Article R. 425-1")."""
        out: dict[int, set[int]] = {}
        for i in range(len(self.provisions)):
            if self.has(i, "v:reference"):
                targets = {j for u in self.referenced_units([i]) for j in u.indices}
                if targets:
                    out[i] = targets
        return out

    def cites(self, i: int, members: set[int]) -> bool:
        """Does provision ``i`` (or a provision above it) cite one of ``members`` by number?"""
        return any(self._references.get(j, set()) & members for j in [i, *self.ancestors(i)])

    def cited_in(self, i: int) -> list[int]:
        """The provisions that provision ``i`` cites anywhere in its text ("section 4(1)", "subsection (1)")."""
        return [j for u in self._resolve(i, self.provisions[i].text) for j in u.indices]

    @cached_property
    def _trafficking_linked(self) -> frozenset[int]:
        """Provisions about trafficking: they mention it, or cite (directly or through
        other citations) a provision that does or a trafficking offence."""
        linked = {i for i in range(len(self.provisions)) if self.in_trafficking_context(i)}
        linked |= {j for u in self.offence_units for j in u.indices}
        changed = True
        while changed:
            changed = False
            for i in self._references:
                if i not in linked and self.cites(i, linked):
                    linked.add(i)
                    changed = True
        return frozenset(linked)

    @cached_property
    def _victim_provisions_closure(self) -> frozenset[int]:
        """Provisions addressed to victims of trafficking: a victim word here or in a
        chapeau, in a trafficking document or a provision about trafficking; or a
        provision citing one ("the foreign national referred to in Article R. 425-1")."""
        out = set()
        offences = {j for u in self.offence_units for j in u.indices}
        for i in range(len(self.provisions)):
            chain = [i, *self.ancestors(i)]
            if not any(self.has(j, "v:victim") or self.heading_has(j, "v:victim") for j in chain):
                # "a foreign national who files a complaint of the offences referred to in Article 225-4-1"
                if self.cites(i, offences) and _FOREIGNER.search(self.provisions[i].text):
                    out.add(i)
                continue
            if (self.doc_index[i] in self.focused_documents or i in self._trafficking_linked
                    or any(self.has(j, "v:trafficking") or self.heading_has(j, "v:trafficking") for j in chain)):
                out.add(i)
        changed = True
        while changed:
            changed = False
            for i in self._references:
                if i not in out and self.cites(i, out):
                    out.add(i)
                    changed = True
        # paragraphs under a chapeau that cites victims belong with it
        for i in range(len(self.provisions)):
            if i not in out and any(a in out and a in self._references for a in self.ancestors(i)):
                out.add(i)
        return frozenset(out)

    def programme_context(self, i: int) -> bool:
        """Programme/funding/foreign-policy mandates, here or in a chapeau."""
        return any(self.has(j, "v:programme") for j in (i, *self.ancestors(i)))

    def chain_text(self, i: int) -> str:
        """The provision's text preceded by its chapeaus."""
        return " ".join(self.provisions[j].text for j in [*self.ancestors(i), i])


_PREPOSITION = re.compile(r"\b(of|for|to|in|under|related|relating|against|by|with|on)\b")
_OFFENCE_HEADS = {"form", "forms", "act", "acts", "offence", "offences", "offense", "offenses", "crime", "crimes",
                  "severe", "aggravated", "case", "cases", "conduct"}


def _names_trafficking(term: str) -> bool:
    """Does a defined term name trafficking itself ("trafficking in persons", "sex
    trafficking", "severe forms of trafficking") rather than something related to
    it ("victim of trafficking", "minimum standards for the elimination of trafficking")?"""
    words = _norm_term(term)
    m = _PREPOSITION.search(words)
    head = words[: m.start()] if m else words
    if re.search(r"traffick|\btraffics?\b", head):
        return not re.search(r"\b(trafficked|traffickers?)\b", head)
    head_words = set(head.split())
    return bool(head_words) and head_words <= _OFFENCE_HEADS | {"the", "a", "an", "all", "any", "other"}


def _norm_term(term: str) -> str:
    return " ".join(term.lower().strip(" \"'“”‘’.,;:").split())


def _term_pattern(term: str) -> str:
    """A regex for a defined term and its plural; a noun in -ation also matches its
    verb ("exploitation" → "exploited", "exploiting")."""
    if term.endswith("ation") and " " not in term and len(term) > 7:
        return r"(?<![\w-])" + re.escape(term[:-5]) + r"(?:ation|ations|ed|ing|s|es|e)?(?![\w-])"
    return r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])"


def _term_in(term: str, text: str) -> bool:
    return re.search(_term_pattern(term), text) is not None
