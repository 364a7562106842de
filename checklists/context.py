"""What a decider works with: the located framework, element search, evidence and finding assembly."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

from gapcheck.checklists.evidence import make_evidence, quote_span
from gapcheck.checklists.framework import MEANS_ITEM, PURPOSES_ITEM, ACT_ITEM, Framework, Unit
from gapcheck.checklists.model import Checklist, ChecklistItem
from gapcheck.checklists.scan import Hit
from gapcheck.models import ElementResult, Evidence, Finding

MAX_EVIDENCE = 6
_PURPOSE_ITEMS = ("TIP-PURPOSES", "EXPL-EXTENDED")
# "2. The acts provided for in part one of this Article, committed: a) …": a list of aggravating circumstances
# "Whoever falls under any of the following circumstances shall be sentenced to …:", "… shall be
# imprisoned for … if the offence is committed in one of the following cases:": a list of aggravations
_FOLLOWING_CASES = re.compile(r"\b(?:any|one|either)\s+(?:or\s+more\s+)?of\s+the\s+following\s+"
                              r"(?:aggravating\s+)?(?:circumstances|cases|conditions|situations)\b[^.]*[:—–-]\s*$",
                              re.I)
_SAME_ACTS = re.compile(r"\W*(?:\d+\.|\([0-9a-z]+\))?\s*(?:the\s+)?(?:same\s+|such\s+)?(?:act|acts|offence|offences|crime)\b"
                        r"[^.;]{0,80}?\b(?:provided\s+for|referred\s+to|specified|described|committed)\b[^.;]*[:—–-]\s*$",
                        re.I)
# From "by means of" to the purpose: the list of means in a definition or offence.
_MEANS_LIST = re.compile(r"\bby\s+(?:means\s+of|the\s+use\s+of|using)\b.*?(?=\bfor\s+the\s+purposes?\s+of\b|"
                         r"\bwith\s+a\s+view\s+to\b|\bwith\s+(?:the\s+)?intent|\bfor\s+exploitation\b|"
                         r"\bin\s+order\s+to\s+exploit|\.\s|$)", re.I | re.S)


@dataclass
class ElementSearch:
    """Where each sub-element of an item was found within a set of provisions."""

    item: ChecklistItem
    found: dict[str, list[tuple[int, Hit]]] = field(default_factory=dict)

    def ids_found(self) -> list[str]:
        return [e.id for e in self.item.elements if self.found.get(e.id)]

    def ids_missing(self) -> list[str]:
        return [e.id for e in self.item.elements if not self.found.get(e.id)]

    def only_inferred(self) -> list[str]:
        """Elements found only through synonyms marked as interpretive."""
        return [eid for eid, hits in self.found.items() if hits and all(h.inferred for _, h in hits)]


@dataclass
class Verdict:
    """A decider's conclusion, before it is turned into a Finding."""

    status: str
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    elements: dict[str, bool] | None = None
    element_provisions: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    qualifiers: list[str] = field(default_factory=list)
    confidence: str = "high"
    confidence_reasons: list[str] = field(default_factory=list)

    def lower(self, level: str, reason: str) -> None:
        order = {"high": 0, "medium": 1, "low": 2}
        if order[level] > order[self.confidence]:
            self.confidence = level
        if reason not in self.confidence_reasons:
            self.confidence_reasons.append(reason)


class Context:
    """Shared, lazily computed knowledge about one state's framework."""

    def __init__(self, checklist: Checklist, framework: Framework) -> None:
        self.checklist = checklist
        self.fw = framework

    # --------------------------------------------------------- conveniences

    def concept(self, item_id: str, signal: str) -> str:
        return f"e:{item_id}:{signal}"

    def signal_hits(self, item_id: str, signal: str, indices: Iterable[int]) -> list[tuple[int, Hit]]:
        return list(self.fw.find(indices, self.concept(item_id, signal)))

    def has_signal(self, item_id: str, signal: str, indices: Iterable[int]) -> bool:
        concept = self.concept(item_id, signal)
        return any(self.fw.has(i, concept) for i in indices)

    def search(self, item: ChecklistItem, indices: Iterable[int]) -> ElementSearch:
        result = ElementSearch(item)
        idx = list(dict.fromkeys(indices))
        purpose_like = item.id in _PURPOSE_ITEMS
        for element in item.elements:
            hits = list(self.fw.find(idx, f"e:{item.id}:{element.id}"))
            if purpose_like:
                # "by means of … debt bondage …, for the purpose of exploitation": a practice
                # listed among the means is not a purpose
                hits = [(i, h) for i, h in hits if not self._in_means_list(i, h)]
            if hits:
                result.found[element.id] = hits
        return result

    def _in_means_list(self, i: int, hit: Hit) -> bool:
        text = self.fw.provisions[i].text
        for m in _MEANS_LIST.finditer(text):
            if m.start() <= hit.start < m.end():
                return True
        return False

    def evidence(self, i: int, hit: Hit | None = None, supports: Sequence[str] = ()) -> Evidence:
        p = self.fw.provisions[i]
        doc = self.fw.document_of(i)
        if hit is None:
            return make_evidence(doc, p, supports=tuple(supports))
        return make_evidence(doc, p, hit.start, hit.end, supports=tuple(supports))

    def clause_of(self, i: int, hit: Hit) -> tuple[int, int]:
        return quote_span(self.fw.provisions[i].text, hit.start, hit.end)

    def in_clause(self, i: int, hit: Hit, concept: str) -> bool:
        """Does ``concept`` occur in the same clause as ``hit``?"""
        lo, hi = self.clause_of(i, hit)
        return any(h.start < hi and lo < h.end for h in self.fw.get(i, concept))

    def in_aggravation(self, i: int, hit: Hit) -> bool:
        """Is the hit inside an aggravating circumstance (a clause that raises the
        penalty when a condition is met), rather than an element of the offence?"""
        import re

        p = self.fw.provisions[i]
        if self.fw.heading_has(i, "v:aggravation"):
            return True
        lo, hi = self.clause_of(i, hit)
        clause = p.text[lo:hi]
        before = p.text[lo:hit.start]
        in_clause = lambda concept: any(h.start < hi and lo < h.end for h in self.fw.get(i, concept))  # noqa: E731
        if in_clause("v:aggravation"):
            return True
        conditional = re.search(r"\b(if|where|when|in case)\b", before, re.I)
        chapeau_penalty = any((self.fw.has(a, "v:penalty") and (
                                  re.search(r"\b(where|if|when)\W*$", self.fw.provisions[a].text.strip(), re.I)
                                  or _FOLLOWING_CASES.search(self.fw.provisions[a].text.strip().rsplit(". ", 1)[-1])))
                              or _SAME_ACTS.match(self.fw.provisions[a].text)
                              for a in self.fw.ancestors(i))
        return bool((conditional and in_clause("v:penalty")) or chapeau_penalty
                    or (in_clause("v:penalty") and re.search(r"\b(minimum|maximum|life)\b", clause, re.I)))

    def _weak_ocr_pages(self, evidence) -> str:
        pages = []
        for e in evidence:
            doc = next((d for d in self.fw.documents if d.name == e.document), None)
            page = next((p for p in doc.pages if p.number == e.page), None) if doc else None
            if page is not None and page.ocr and (page.ocr_confidence or 0) < 75:
                pages.append(f"{e.document} p. {e.page}")
        return ", ".join(dict.fromkeys(pages))

    @property
    def document_names(self) -> str:
        return ", ".join(d.name for d in self.fw.documents) or "no documents"

    def label(self, i: int) -> str:
        return self.fw.provisions[i].label

    def where(self, i: int) -> str:
        p = self.fw.provisions[i]
        return f"{p.label} ({p.document})" if len(self.fw.documents) > 1 else p.label

    # ------------------------------------------------ the trafficking core

    @cached_property
    def offence_units(self) -> list[Unit]:
        return self.fw.offence_units

    @cached_property
    def act_hits_by_unit(self) -> dict[tuple[int, ...], ElementSearch]:
        item = self.checklist.item(ACT_ITEM)
        return {u.indices: self.search(item, u.indices) for u in self.offence_units}

    @cached_property
    def act_units(self) -> list[Unit]:
        """Units that state the action element: trafficking definitions, and offence
        units that list at least two actions or use the verb "traffic"."""
        units = list(self.fw.trafficking_definitions)
        units.extend(u for u in self.fw.conduct_units if self.act_hits_by_unit[u.indices].ids_found())
        return units

    @cached_property
    def means_definitions(self) -> list[Unit]:
        return self._definitions_matching(MEANS_ITEM)

    @cached_property
    def purpose_definitions(self) -> list[Unit]:
        # a defined practice used only among the means ("by means of … debt bondage") defines a means
        return [u for u in self._definitions_matching(PURPOSES_ITEM, extra=("exploit",))
                if self._used_as_purpose(self._defined_term(u))]

    def _used_as_purpose(self, term: str) -> bool:
        from gapcheck.checklists.framework import _term_pattern

        if not term:
            return True
        pattern = re.compile(_term_pattern(term.lower()), re.I)
        seen = False
        for i in self.core_indices:
            text = self.fw.provisions[i].text
            means = [(m.start(), m.end()) for m in _MEANS_LIST.finditer(text)]
            for m in pattern.finditer(text):
                seen = True
                if not any(a <= m.start() < b for a, b in means):
                    return True
        return not seen

    def _definitions_matching(self, item_id: str, extra: tuple[str, ...] = ()) -> list[Unit]:
        return [u for u in self.fw.core_definitions if self._defines(u, item_id, extra)]

    def _defined_term(self, unit: Unit) -> str:
        """The term a definition unit defines (from the provision, or from its section's heading)."""
        term = self.fw.provisions[unit.indices[0]].term
        if term:
            return term
        for t, units in self.fw.definitions.items():
            if unit in units:
                return t
        return ""

    def _defines(self, unit: Unit, item_id: str, extra: tuple[str, ...] = ()) -> bool:
        term = self._defined_term(unit).lower()
        if any(x in term for x in extra):
            return True
        hits = self.fw.term_hits.get(term) or self.fw.term_hits.get(self.fw.provisions[unit.indices[0]].term or "")
        if hits is None and term:
            hits = self.fw.scan_terms([term])[0]
        return bool(hits) and any(c.startswith(f"e:{item_id}:") for c in hits.by_concept)

    def _defines_purpose(self, unit: Unit) -> bool:
        return self._defines(unit, PURPOSES_ITEM, ("exploit",))

    @cached_property
    def core_indices(self) -> list[int]:
        """Offence units whose conduct is trafficking, and trafficking definitions."""
        out: list[int] = []
        for u in (*self.fw.conduct_units, *self.fw.trafficking_definitions):
            out.extend(u.indices)
        return list(dict.fromkeys(out))

    @cached_property
    def means_indices(self) -> list[int]:
        out = list(self.core_indices)
        for u in self.means_definitions:
            out.extend(u.indices)
        return list(dict.fromkeys(out))

    @cached_property
    def purpose_indices(self) -> list[int]:
        out = list(self.core_indices)
        for u in self.purpose_definitions:
            out.extend(u.indices)
        # a definition of exploitation may list offences by reference ("an offence under section 1")
        for u in self.fw.referenced_units([i for d in self.purpose_definitions for i in d.indices]):
            out.extend(u.indices)
        # so may a purpose of the offence itself: "subjecting him or her to work in conditions analogous to
        # slavery, as described in Article 149"
        item = self.checklist.item(PURPOSES_ITEM)
        described = [i for i in self.core_indices if self.fw.has(i, "v:reference")
                     and any(self.fw.get(i, f"e:{PURPOSES_ITEM}:{e.id}") for e in item.elements)]
        for u in self.fw.referenced_units(described):
            out.extend(u.indices)
        return list(dict.fromkeys(out))

    @cached_property
    def purposes(self) -> ElementSearch:
        return self.search(self.checklist.item(PURPOSES_ITEM), self.purpose_indices)

    def unit_scope(self, unit: Unit) -> list[int]:
        """An offence unit with the trafficking definitions and purpose definitions it uses."""
        idx = list(unit.indices)
        for d in self.fw.trafficking_definitions_for(unit):
            idx.extend(d.indices)
        return list(dict.fromkeys(idx))

    def purposes_in(self, indices: Sequence[int]) -> set[str]:
        """Purposes found in the provisions, following the definitions they use."""
        direct = set(self.search(self.checklist.item(PURPOSES_ITEM), indices).ids_found())
        if direct:
            # purposes named in the provision itself ("for the purpose of sexual exploitation")
            # are its purposes; the general definition of exploitation is not pulled in
            return direct
        idx = list(indices)
        definitions = []
        for u in self.fw.definitions_used_by(indices, references=False):
            if u in self.purpose_definitions or self._defines_purpose(u):
                idx.extend(u.indices)
                definitions.extend(u.indices)
        for u in self.fw.referenced_units(definitions):
            idx.extend(u.indices)
        return set(self.search(self.checklist.item(PURPOSES_ITEM), idx).ids_found())

    def victim_group(self, unit: Unit) -> str:
        """'child' for child-only offences, 'adult' for offences excluding children, else 'all'."""
        import re

        text = " ".join(self.fw.provisions[i].text.lower() for i in unit.indices)
        heading = self.fw.provisions[unit.indices[0]].heading.lower()
        if re.search(r"not being a child|other than a child|not a child|who is an adult|adult (person|victim)s?", text):
            return "adult"
        others = r"\b(persons?|people|individuals?|human beings?|another|women|woman|adults?|men)\b"
        children = r"\b(child|children|minors?|juveniles?)\b"
        if re.search(children, heading) and not re.search(others, heading):
            return "child"
        # "… shall be deemed trafficking in human beings" names the offence, not its victim
        general = any(not h.text.lower().startswith("traffic")
                      for i in unit.indices for h in self.fw.get(i, "e:SCOPE-ALL-VICTIMS:any_person"))
        child_object = re.search(r"\b(being|is) a (child|minor)\b|\b(traffick\w*|traffics?) (in|of) (a )?(child|children|"
                                 r"minors?)\b|\bunder the age of", text) or any(
            re.search(r"\b(child|children|minors?)\b", h.text, re.I)
            for i in unit.indices for h in self.fw.get(i, "e:SCOPE-ALL-VICTIMS:women_children"))
        if child_object and not general and not re.search(r"\bwom[ae]n\b", text):
            return "child"
        return "all"

    @cached_property
    def offence_subunits(self) -> list[Unit]:
        """Offence units split by subsection, so that a child-trafficking offence in
        subsection (2) of a section is seen as such."""
        out: list[Unit] = []
        for u in self.fw.conduct_units or self.offence_units:
            groups: dict[str | None, list[int]] = {}
            for i in u.indices:
                groups.setdefault(self.fw.unit_key[i][1], []).append(i)
            chapeau = groups.pop(None, [])
            if not groups:
                out.append(u)
                continue
            for key, members in groups.items():
                out.append(Unit(u.section, tuple(chapeau + members)))
        return out

    @cached_property
    def means_free_units(self) -> list[tuple[Unit, list[int]]]:
        """Offence units (not limited to children) whose offence needs no means at all:
        the action and the purpose are stated, no means appears, and nothing is
        imported by cross-reference."""
        means_item = self.checklist.item(MEANS_ITEM)
        act_item = self.checklist.item(ACT_ITEM)
        out = []
        # each subsection may be an offence of its own ("(1B) … is reckless as to whether the other
        # person will be exploited"), so look at subsections as well as whole offences
        units = list(self.fw.conduct_units or self.offence_units)
        units += [u for u in self.offence_subunits if u not in units]
        for u in units:
            if self.victim_group(u) == "child":
                continue
            scope = self.unit_scope(u)
            means_found = self.search(means_item, scope)
            if any(not self.in_aggravation(i, h) for hits in means_found.found.values() for i, h in hits):
                continue
            if not self.search(act_item, scope).ids_found():
                continue
            if not (self.purposes_in(scope) or self._mentions_purpose(scope)):
                continue
            if self.imports_elements(u.indices):
                continue
            if self._coercive_purposes(scope):
                continue
            out.append((u, scope))
        return out

    def _coercive_purposes(self, scope: Sequence[int]) -> bool:
        """Do the purposes the offence names carry means by their own definition ("forced labor
        means labor … obtained through coercion")? Then the offence is not means-free."""
        means_concepts = [f"e:{MEANS_ITEM}:{e.id}" for e in self.checklist.item(MEANS_ITEM).elements]
        for u in self.fw.definitions_used_by(scope, depth=1, references=False):
            if u.indices[0] in scope or not self._defines(u, PURPOSES_ITEM):
                continue
            if any(self.fw.has(i, c) for i in u.indices for c in means_concepts):
                return True
        return False

    def imports_elements(self, indices: Sequence[int]) -> bool:
        """Does the offence take its elements from elsewhere ("labor … in violation of this
        chapter", "by the means described in subsection (e)(2)")? Naming the offence it
        belongs to ("commits an offence under this section") imports nothing."""
        import re

        return any(not re.match(r"(?:offen[cs]es?|conduct)\b", h.text, re.I)
                   for i in indices for h in self.fw.get(i, "v:reference"))

    def _mentions_purpose(self, indices: Sequence[int]) -> bool:
        import re

        return any(re.search(r"\bexploit", self.fw.provisions[i].text, re.I) for i in indices)

    @cached_property
    def imported_definition(self) -> list[int]:
        """Trafficking offences whose meaning is imported from an instrument not analysed."""
        out = []
        for u in self.offence_units:
            section = self.fw.sections[u.section]
            for i in section:
                if self.fw.has(i, "v:external_definition") and (self.fw.has(i, "v:trafficking")):
                    out.append(i)
        return out

    # ------------------------------------------------------------ findings

    def finding(self, item: ChecklistItem, verdict: Verdict) -> Finding:
        elements: tuple[ElementResult, ...] = ()
        if item.itemised:
            found = verdict.elements or {}
            elements = tuple(
                ElementResult(e.id, bool(found.get(e.id, False)), e.label,
                              tuple(dict.fromkeys(verdict.element_provisions.get(e.id, ()))))
                for e in item.elements
            )
        evidence = _dedupe(verdict.evidence)[:MAX_EVIDENCE]
        status = verdict.status
        weak_ocr = self._weak_ocr_pages(evidence)
        if weak_ocr and status in ("met", "partial"):
            verdict.lower("medium", f"the quoted text was read by OCR with low confidence ({weak_ocr}); check it "
                                    "against the printed page")
        if status in ("met", "partial") and not evidence:
            # The engine never claims met/partial without quoting a provision.
            status = "gap"
            verdict.explanation += " (No provision could be quoted, so the item is reported as a gap.)"
        searched = f"{item.searched} Documents analysed: {self.document_names}."
        return Finding(
            item_id=item.id,
            title=item.title,
            theme=item.theme,
            status=status,  # type: ignore[arg-type]
            elements=elements,
            values=dict(verdict.values),
            qualifiers=tuple(dict.fromkeys(verdict.qualifiers)),
            evidence=tuple(evidence),
            explanation=verdict.explanation.strip(),
            searched=searched,
            confidence=verdict.confidence,  # type: ignore[arg-type]
            confidence_reason="; ".join(verdict.confidence_reasons),
            recommendation=item.recommendations.get(status, ""),
            standard=item.standard,
            sources=item.sources,
        )


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[str, str, str], Evidence] = {}
    order: list[tuple[str, str, str]] = []
    for e in evidence:
        key = (e.document, e.provision, e.quote)
        if key in seen:
            merged = tuple(dict.fromkeys((*seen[key].elements, *e.elements)))
            seen[key] = Evidence(e.document, e.provision, e.page, e.quote, e.heading, merged)
        else:
            seen[key] = e
            order.append(key)
    return [seen[k] for k in order]
