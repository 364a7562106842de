"""Named deciders: how each item's status follows from what was found, per STANDARDS.md.

A decider reads the located framework through a ``Context`` and returns a
``Verdict``: status, explanation, evidence, elements, values, qualifiers and a
confidence. What can be declared as data (the vocabulary) lives in the item's
YAML file; what needs reasoning (where to look, how conditions combine) lives
here, one small function per kind of decision.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from gapcheck.checklists.context import Context, ElementSearch, Verdict
from gapcheck.checklists.framework import Unit
from gapcheck.checklists.model import ChecklistItem
from gapcheck.checklists.scan import Hit

Decider = Callable[[Context, ChecklistItem], Verdict]
DECIDERS: dict[str, Decider] = {}


def decider(name: str) -> Callable[[Decider], Decider]:
    def register(fn: Decider) -> Decider:
        DECIDERS[name] = fn
        return fn

    return register


def _labels(ctx: Context, hits: Iterable[tuple[int, Hit]]) -> list[str]:
    return list(dict.fromkeys(ctx.label(i) for i, _ in hits))


def _order_of(item):
    """A sort key putting element ids in the item's order (unknown ids last, by name): never a set's order."""
    order = {e.id: k for k, e in enumerate(item.elements)}
    return lambda eid: (order.get(eid, len(order)), eid)


def _join(words: Iterable[str]) -> str:
    words = list(words)
    if not words:
        return "none"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _element_names(item: ChecklistItem, ids: Iterable[str]) -> str:
    return _join(item.element(i).label.lower() for i in ids)


def _elements_verdict(ctx: Context, item: ChecklistItem, search: ElementSearch, what: str,
                      gap_text: str = "") -> Verdict:
    """met when every sub-element is found, partial when some are, gap when none."""
    found, missing = search.ids_found(), search.ids_missing()
    evidence = []
    for eid in found:
        for i, h in search.found[eid][:2]:
            evidence.append(ctx.evidence(i, h, (eid,)))
    status = "met" if not missing else ("partial" if found else "gap")
    if status == "met":
        text = f"All sub-elements of {what} are present: {_element_names(item, found)}."
    elif status == "partial":
        text = (f"Found: {_element_names(item, found)}. Not found: {_element_names(item, missing)}.")
    else:
        text = gap_text or f"None of the sub-elements of {what} was found."
    v = Verdict(status, text, evidence, elements={e.id: e.id in found for e in item.elements},
                element_provisions={eid: _labels(ctx, search.found[eid]) for eid in found})
    inferred = search.only_inferred()
    if inferred:
        v.lower("medium", f"{_element_names(item, inferred)} credited through synonyms that need a lawyer's check")
    return v


def _no_offence(ctx: Context, item: ChecklistItem, what: str) -> Verdict:
    return Verdict("gap", f"No provision making trafficking in persons a criminal offence was found, so {what} "
                          "cannot be assessed.",
                   elements={e.id: False for e in item.elements} if item.itemised else None)


def _imported(ctx: Context, v: Verdict) -> None:
    if ctx.imported_definition and not ctx.fw.trafficking_definitions:
        labels = _join(dict.fromkeys(ctx.label(i) for i in ctx.imported_definition))
        v.lower("medium", f"the offence ({labels}) takes its meaning from an instrument that is not among the "
                          "documents analysed")
        v.qualifiers.append("definition-imported")


# ======================================================== A. the definition


@decider("offence")
def offence(ctx: Context, item: ChecklistItem) -> Verdict:
    conduct = ctx.fw.conduct_units
    related = [u for u in ctx.offence_units if u not in conduct]
    units = conduct + related
    if not units:
        return Verdict("gap", "No provision makes trafficking in persons (under any name) a criminal offence.")
    evidence = []
    for u in units[:MAX_UNITS]:
        mention = next(((i, h) for i in u.indices for h in ctx.fw.get(i, "v:trafficking")), None)
        offence_words = next(((i, h) for i in u.indices for h in ctx.fw.get(i, "v:offence")), None)
        i, h = mention or offence_words or (u.indices[0], None)
        evidence.append(ctx.evidence(i, h))
    labels = _join(dict.fromkeys(ctx.label(u.indices[0]) for u in (conduct or related)))
    text = f"Trafficking is made a criminal offence by {labels}."
    if related and conduct:
        text += (" Related offences (facilitating or profiting from trafficking) are in "
                 f"{_join(dict.fromkeys(ctx.label(u.indices[0]) for u in related))}.")
    v = Verdict("met", text, evidence)
    if not conduct:
        v.lower("medium", "the offences found punish conduct connected with trafficking (premises, documents, "
                          "facilitation), not trafficking itself")
    _imported(ctx, v)
    return v


MAX_UNITS = 6


@decider("acts")
def acts(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return _no_offence(ctx, item, "the action element")
    indices = [i for u in ctx.act_units for i in u.indices]
    v = _elements_verdict(ctx, item, ctx.search(item, indices), "the action element",
                          gap_text="The trafficking offence does not state its actions (recruitment, transportation, "
                                   "transfer, harbouring, receipt) in the documents analysed.")
    _imported(ctx, v)
    return v


@decider("means")
def means(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return _no_offence(ctx, item, "the means element")
    free = ctx.means_free_units
    if free:
        unit, scope = free[0]
        evidence = [ctx.evidence(unit.indices[0])]
        for d in ctx.fw.trafficking_definitions_for(unit)[:2]:
            evidence.append(ctx.evidence(d.indices[0]))
        labels = _join(dict.fromkeys(ctx.label(u.indices[0]) for u, _ in free))
        v = Verdict("met", f"The offence in {labels} requires no means at all (no force, coercion, deception or "
                           "other means has to be proved, for any victim). This is broader than the Protocol, "
                           "which requires means for adult victims, so every means is covered.",
                    evidence, elements={e.id: True for e in item.elements},
                    element_provisions={e.id: [ctx.label(unit.indices[0])] for e in item.elements})
        v.qualifiers.append("no-means-required")
        return v
    v = _elements_verdict(ctx, item, ctx.search(item, ctx.means_indices), "the means element",
                          gap_text="No means (force, coercion, abduction, fraud, deception, abuse of power or of a "
                                   "position of vulnerability, payments to a person in control) is stated for the "
                                   "trafficking offence, and the documents do not show that the offence needs no means.")
    _imported(ctx, v)
    return v


@decider("purposes")
def purposes(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return _no_offence(ctx, item, "the purpose element")
    v = _elements_verdict(ctx, item, ctx.purposes, "the exploitation purpose")
    if v.status == "partial" and set(ctx.purposes.ids_found()) <= {"prostitution_of_others", "sexual_exploitation"}:
        v.qualifiers.append("sexual-exploitation-only")
    _imported(ctx, v)
    return v


@decider("consent")
def consent(ctx: Context, item: ChecklistItem) -> Verdict:
    purpose_definitions = {i for u in ctx.purpose_definitions for i in u.indices}
    candidates = [i for i in range(len(ctx.fw.provisions))
                  if ctx.fw.operative(i) and (ctx.fw.in_trafficking_context(i) or i in ctx.core_indices
                                              or i in purpose_definitions)]
    hits = ctx.signal_hits(item.id, "consent_irrelevant", candidates)
    # "it is not a defense that: (1) the minor consented …"
    hits += [(i, h) for i, h in ctx.signal_hits(item.id, "consented_item", candidates)
             if any(ctx.has_signal(item.id, "not_a_defence", [a]) for a in ctx.fw.ancestors(i))]
    if not hits:
        return Verdict("gap", "No provision says that the victim's consent is irrelevant or no defence.")
    general, child_only = [], []
    for i, h in hits:
        lo, hi = ctx.clause_of(i, h)
        clause = ctx.fw.provisions[i].text[lo:hi].lower()
        # "a person having care of the child" is the child's carer, not another victim
        clause = re.sub(r"\b(?:a|any|the)? ?persons? (?:having|with|responsible for|who has) (?:the )?"
                        r"(?:care|custody|control|charge|responsibility|guardianship)"
                        r"(?: or (?:care|custody|control|charge|responsibility|guardianship))?\b", " ", clause)
        if re.search(r"\b(child|children|minor|minors|under the age)\b", clause) and not re.search(
                r"\b(any person|persons?|adults?|women|woman|trafficked persons?|victims?)\b", clause):
            child_only.append((i, h))
        else:
            general.append((i, h))
    if general:
        return Verdict("met", f"Consent is made irrelevant for every victim by {_join(_labels(ctx, general))}.",
                       [ctx.evidence(i, h) for i, h in general[:3]])
    return Verdict("partial", f"Consent is made irrelevant only for children ({_join(_labels(ctx, child_only))}).",
                   [ctx.evidence(i, h) for i, h in child_only[:3]], qualifiers=["children-only"])


# ============================================================= B. children


def _purposes_in_sentence(ctx: Context, i: int, hit) -> set[str]:
    """The exploitation purposes named in the sentence of provision ``i`` that holds ``hit``, when the
    provision has more than one sentence (a rule for children at the end of a long definition)."""
    text = ctx.fw.provisions[i].text
    lo = max(text.rfind(". ", 0, hit.start), text.rfind(".\n", 0, hit.start))
    lo = 0 if lo < 0 else lo + 2
    hi = text.find(". ", hit.end)
    hi = len(text) if hi < 0 else hi
    if lo == 0 and hi == len(text):
        return set()
    item = ctx.checklist.item("TIP-PURPOSES")
    return {e.id for e in item.elements
            if any(lo <= h.start and h.end <= hi for h in ctx.fw.get(i, f"e:TIP-PURPOSES:{e.id}"))}


@decider("child_no_means")
def child_no_means(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return Verdict("gap", "No trafficking offence was found, so no rule for child victims could be assessed.")
    all_purposes = set(ctx.purposes.ids_found())
    exceptions: list[tuple[str, set[str], object]] = []  # (description, purposes, evidence)
    # (a) an explicit rule that no means are needed for children
    context = [i for i in range(len(ctx.fw.provisions))
               if ctx.fw.operative(i) and (ctx.fw.in_trafficking_context(i) or i in ctx.core_indices)]
    for i, h in ctx.signal_hits(item.id, "no_means_needed", context):
        chain = [i, *ctx.fw.ancestors(i)]
        if not any(ctx.fw.has(j, "v:child") for j in chain):
            continue
        # the purposes named in the rule's own sentence ("Where the conduct … concerns a minor and is undertaken
        # for the purpose of exploiting the minor in prostitution … or in begging, it shall constitute trafficking
        # even where none of the means … has been used"), else those of its provision and the provisions above it
        found = _purposes_in_sentence(ctx, i, h) or ctx.purposes_in(chain)
        # named purposes limit the exception; "for the purpose of exploitation" (or the
        # offence named as a whole: "trafficking … in respect of a minor is constituted") takes them all
        whole = re.search(r"\bexploit|traffick", ctx.fw.chain_text(i), re.I)
        covered = found or (all_purposes if whole else set())
        exceptions.append((f"{ctx.label(i)} dispenses with means for children", covered, ctx.evidence(i, h)))
    # (b) a child-trafficking offence that states no means
    means_item = ctx.checklist.item("TIP-MEANS")
    for u in ctx.offence_subunits:
        if ctx.victim_group(u) != "child":
            continue
        scope = ctx.unit_scope(u)
        found = ctx.search(means_item, scope)
        if any(not ctx.in_aggravation(i, h) for hits in found.found.values() for i, h in hits):
            continue
        if ctx.imports_elements(u.indices) and found.ids_found():
            continue
        covered = ctx.purposes_in(scope) or (all_purposes if ctx._mentions_purpose(scope) else set())
        exceptions.append((f"the child-trafficking offence in {ctx.label(u.indices[0])} requires no means", covered,
                           ctx.evidence(u.indices[0])))
    # (c) an offence that needs no means for anyone also covers children
    for u, scope in ctx.means_free_units:
        covered = ctx.purposes_in(scope) or (all_purposes if ctx._mentions_purpose(scope) else set())
        exceptions.append((f"the offence in {ctx.label(u.indices[0])} requires no means for any victim", covered,
                           ctx.evidence(u.indices[0])))
    # (d) a child alternative to the means ("… by force, fraud or coercion, or where the person is under 18")
    means_concepts = [f"e:TIP-MEANS:{e.id}" for e in means_item.elements]
    for i, h in ctx.signal_hits(item.id, "child_alternative", ctx.core_indices):
        if not any(ctx.fw.has(i, c) for c in means_concepts):
            continue
        chain = [i, *ctx.fw.ancestors(i)]
        covered = set(ctx.search(ctx.checklist.item("TIP-PURPOSES"), chain).ids_found())
        if not covered:
            covered = ctx.purposes_in(chain)
        exceptions.append((f"{ctx.label(i)} treats the victim's age as an alternative to the means", covered,
                           ctx.evidence(i, h)))
    # (e) a purpose defined with a limb for children that needs no means ("sexual servitude: (1) maintains a
    # minor for commercial sexual activity; or (2) uses coercion or deception to compel an adult …")
    means_concepts_all = [f"e:TIP-MEANS:{e.id}" for e in means_item.elements]
    for u in ctx.purpose_definitions:
        limbs: dict[str, list[int]] = {}
        for i in u.indices:
            path = ctx.fw.provisions[i].path
            depth = len(ctx.fw.provisions[u.indices[0]].path)
            if len(path) > depth:
                limbs.setdefault(path[depth], []).append(i)
        with_means = {k for k, idx in limbs.items() if any(ctx.fw.has(i, c) for i in idx for c in means_concepts_all)}
        for key, idx in limbs.items():
            if key in with_means or not with_means:
                continue
            if any(ctx.fw.has(i, "v:child") for i in idx):
                covered = set(ctx.search(ctx.checklist.item("TIP-PURPOSES"), idx).ids_found())
                if covered:
                    exceptions.append((f"{ctx.label(idx[0])} needs no means where the victim is a child", covered,
                                       ctx.evidence(idx[0])))
    if not exceptions:
        return Verdict("gap", "No provision dispenses with proof of means where the victim is a child; the means "
                              "required for adults apply to children too.")
    covered_all = set().union(*(c for _, c, _ in exceptions))
    evidence = [e for _, _, e in exceptions]
    descriptions = _join(dict.fromkeys(d for d, _, _ in exceptions))
    purposes_item = ctx.checklist.item("TIP-PURPOSES")
    full = {e.id for e in purposes_item.elements}
    sexual = {"prostitution_of_others", "sexual_exploitation"}
    # The exception must reach every form of exploitation the offence covers; one
    # limited to sexual exploitation is partial even when the offence itself is.
    alternative_only = all(d.endswith("as an alternative to the means") for d, _, _ in exceptions)
    if covered_all >= full or (covered_all >= all_purposes and covered_all - sexual):
        v = Verdict("met", f"No means need be proved for child victims: {descriptions}, for every form of "
                           "exploitation the offence covers.", evidence)
        if alternative_only:
            v.lower("medium", "the exception is read from the way the age is set beside the means in one sentence")
        return v
    partial = Verdict("partial", f"A child exception exists ({descriptions}) but it covers only some purposes: "
                           f"{_element_names(purposes_item, sorted(covered_all, key=_order_of(purposes_item)))}.",
                evidence, qualifiers=["child-exception-limited"])
    if alternative_only:
        partial.lower("medium", "the exception is read from the way the age is set beside the means in one sentence")
    return partial


_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}


def parse_number(text: str) -> int | None:
    """The first number in a short text: digits or English number words ("thirty", "forty-five")."""
    m = re.search(r"\d+", text)
    if m:
        return int(m.group(0))
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower())
    for w in words:
        if w in _NUMBERS:
            return _NUMBERS[w]
        if "-" in w:
            a, b = w.split("-", 1)
            if a in _NUMBERS and b in _NUMBERS:
                return _NUMBERS[a] + _NUMBERS[b]
    return None


_CHILD_DEFINITION = re.compile(
    r"\b(?:child|children|minor|minors|juvenile|young person)\b[^.;:]{0,25}?\b(?:is|are|means|shall mean|refers to|"
    r"shall be)\b[^.;]{0,60}?\b(?:person|persons|individual|individuals|human being|anyone|every one|everyone)\b", re.I)


def _PLAUSIBLE_AGE(n: int) -> bool:
    """An age that can mark the end of childhood (not "less than two years" of imprisonment)."""
    return 10 <= n <= 25


@decider("child_age")
def child_age(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    primary: list[tuple[int, Hit, int]] = []   # child definitions
    secondary: list[tuple[int, Hit, int]] = []  # trafficking provisions (not grading penalties)
    for term, units in fw.definitions.items():
        if not re.search(r"\b(child|children|minor|juvenile|young person|girl|boy)\b", term):
            continue
        for u in units:
            for i in u.indices:
                for h in fw.get(i, "v:age"):
                    n = parse_number(h.text)
                    if n:
                        primary.append((i, h, n))
                if not fw.get(i, "v:age"):
                    m = re.search(r"(\w+(?:-\w+)?)\s+years", fw.provisions[i].text)
                    if m and parse_number(m.group(1)):
                        fake = Hit("v:age", m.start(), m.end(), m.group(0))
                        primary.append((i, fake, parse_number(m.group(1)) or 0))
    for i, h in fw.find(range(len(fw.provisions)), "v:age"):
        if fw.operative(i) and not fw.provisions[i].term and _CHILD_DEFINITION.search(fw.provisions[i].text):
            n = parse_number(h.text)
            if n:
                primary.append((i, h, n))
    core = [i for i in ctx.core_indices if fw.operative(i)]
    wider = [i for i in range(len(fw.provisions)) if fw.operative(i) and fw.in_trafficking_context(i)
             and i not in core]
    for tier in (core, wider):
        for i, h in fw.find(tier, "v:age"):
            n = parse_number(h.text)
            # an age that grades the penalty ("… fifteen years' imprisonment where the victim is under 15",
            # "(c) An offense … is a Class A felony if: (1) the individual is a minor less than sixteen")
            grading = ctx.in_clause(i, h, "v:penalty") or any(fw.has(a, "v:penalty") for a in fw.ancestors(i)[-1:])
            if not n or not _PLAUSIBLE_AGE(n) or grading and not fw.provisions[i].term:
                continue
            secondary.append((i, h, n))
        if primary or secondary:
            break
    fallback = False
    primary = [f for f in primary if _PLAUSIBLE_AGE(f[2])]
    found = primary + secondary
    if not found and ctx.offence_units:
        # an age anywhere in a framework that has a trafficking offence (not in a law with none: a companies
        # act's "a person who is under eighteen years of age" may not be a director)
        for i, h in fw.find(range(len(fw.provisions)), "v:age"):
            n = parse_number(h.text)
            if n and _PLAUSIBLE_AGE(n) and fw.operative(i) and not fw.has(i, "v:penalty"):
                found.append((i, h, n))
        fallback = bool(found)
    found = [f for f in found if _PLAUSIBLE_AGE(f[2])]
    if not found:
        return Verdict("gap", "No age threshold defining a child was found.")
    ages = sorted({n for _, _, n in found})
    age = primary[0][2] if primary else min(ages)
    evidence = [ctx.evidence(i, h, ("age",)) for i, h, _ in (primary + secondary or found)[:4]]
    if not evidence:
        evidence = [ctx.evidence(i, h, ("age",)) for i, h, _ in found[:4]]
    values = {"age": age}
    if len(ages) > 1:
        v = Verdict("partial", f"The documents use different age thresholds: {_join(str(a) for a in ages)}.",
                    evidence, values={"age": min(ages)}, qualifiers=["differing-age-thresholds"])
    elif age < 18:
        v = Verdict("partial", f"A child is a person under {age}, below the standard of 18.", evidence, values=values,
                    qualifiers=["age-below-18"])
    else:
        v = Verdict("met", f"A child is a person under {age}.", evidence, values=values)
    if fallback:
        v.lower("low", "the age threshold found is not tied to the trafficking offence")
    return v


# =================================================================== C. scope


def _scope_indices(ctx: Context) -> list[int]:
    out = list(ctx.core_indices)
    for s in ctx.fw.trafficking_sections:
        members = ctx.fw.sections[s]
        heading = ctx.fw.provisions[members[0]].heading.lower()
        if re.search(r"\b(scope|application|applies|jurisdiction)\b", heading):
            out.extend(members)
    return list(dict.fromkeys(i for i in out if i not in ctx.fw.non_operative))


_RANGE_FLOOR = re.compile(r"\b(?:not\s+less\s+than|at\s+least|a\s+minimum\s+of|from)\s+([\w-]+)\s+(?:days?\s+)?"
                          r"(?:and|to)\s+(?:not\s+more\s+than|up\s+to|not\s+exceeding|a\s+maximum\s+of)?\s*$", re.I)
_AT_MOST = re.compile(r"\b(?:up\s+to|not\s+more\s+than|not\s+exceeding|no\s+more\s+than|(?:a\s+)?maximum\s+of|"
                      r"at\s+most)\s*$", re.I)
_DANGER = re.compile(r"\b(?:torture|persecut\w*|inhuman|death penalty|life or (?:personal )?freedom)\b", re.I)


def _alternative_action(ctx: Context, i: int, hit) -> bool:
    """Is a border crossing one action among others ("procures, kidnaps, transfers or harbours persons,
    conveys them from one place to another, or brings them into or takes them out of the country")
    rather than a requirement of the offence?"""
    text = ctx.fw.provisions[i].text
    lo = max(0, hit.start - 240)
    if not re.search(r"\bor\s+(?:\w+\s+){0,3}$", text[lo:hit.start] + " "):
        return False
    acts = ctx.checklist.item("TIP-ACTS")
    return any(lo <= h.start and h.end <= hit.start
               for e in acts.elements for h in ctx.fw.get(i, f"e:TIP-ACTS:{e.id}"))


def _own_element_units(ctx: Context) -> list:
    """The offence units that state their own elements: an aggravated form built on another offence
    ("A person who commits an offence under section 23 is liable to imprisonment for life where …")
    has that offence's elements, so it is not an offence without them."""
    units = list(ctx.fw.conduct_units or ctx.offence_units)
    own = []
    for u in units:
        others = {j for v in units if v.section != u.section for j in v.indices}
        built_on = any(_BUILT_ON_OFFENCE.search(ctx.fw.provisions[i].text) and ctx.fw.cites(i, others)
                       for i in u.indices) if others else False
        if not built_on:
            own.append(u)
    return own or units


_BUILT_ON_OFFENCE = re.compile(r"\b(?:commits?|committing|committed|convicted\s+of|guilty\s+of)\s+(?:an?\s+|the\s+)?"
                               r"(?:offen[cs]es?|crimes?)\s+(?:under|against|referred\s+to\s+in|defined\s+in|in)\s+"
                               r"(?:section|article|§|s\.|art\.)", re.I)


@decider("domestic")
def domestic(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return Verdict("gap", "No trafficking offence was found, so its territorial scope cannot be assessed.")
    scope = _scope_indices(ctx)
    explicit = list(ctx.fw.find(scope, "v:domestic_explicit"))
    if explicit:
        return Verdict("met", f"Trafficking within the country is expressly covered ({_join(_labels(ctx, explicit))}).",
                       [ctx.evidence(i, h) for i, h in explicit[:3]])
    requiring, open_units = [], []
    for u in _own_element_units(ctx):
        unit_scope = ctx.unit_scope(u)
        border = [(i, h) for i, h in ctx.fw.find(unit_scope, "v:cross_border")
                  if not ctx.in_aggravation(i, h) and not _alternative_action(ctx, i, h)]
        (requiring if border else open_units).append((u, border))
    if requiring and not open_units:
        hits = [x for _, b in requiring for x in b]
        return Verdict("gap", "Every trafficking offence requires a cross-border movement (entry into or exit from "
                              f"the country, or movement from abroad): {_join(_labels(ctx, hits))}. Internal "
                              "trafficking is not covered.", [ctx.evidence(i, h) for i, h in hits[:3]],
                       qualifiers=["cross-border-required"])
    evidence = [ctx.evidence(u.indices[0]) for u, _ in open_units[:3]]
    if requiring:
        hits = [x for _, b in requiring for x in b]
        evidence += [ctx.evidence(i, h) for i, h in hits[:2]]
        return Verdict("partial", "Some trafficking offences require a border to be crossed "
                                  f"({_join(_labels(ctx, hits))}) while others do not "
                                  f"({_join(ctx.label(u.indices[0]) for u, _ in open_units)}).", evidence,
                       qualifiers=["cross-border-required-for-some"])
    v = Verdict("met", "The trafficking offence contains no cross-border element: no entry, exit or border "
                       f"crossing is required ({_join(dict.fromkeys(ctx.label(u.indices[0]) for u, _ in open_units))}).",
                evidence)
    _imported(ctx, v)
    return v


@decider("no_ocg")
def no_ocg(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return Verdict("gap", "No trafficking offence was found, so its elements cannot be assessed.")
    scope = _scope_indices(ctx)
    irrelevant = list(ctx.fw.find(scope, "v:ocg_irrelevant"))
    aggravating = [(i, h) for s in ctx.fw.trafficking_sections for i in ctx.fw.sections[s]
                   for h in ctx.fw.get(i, "v:ocg") if ctx.in_aggravation(i, h)]
    qualifiers = ["organised-crime-aggravating"] if aggravating else []
    if irrelevant:
        return Verdict("met", "The law says expressly that organised crime or transnationality is not required "
                              f"({_join(_labels(ctx, irrelevant))}).",
                       [ctx.evidence(i, h) for i, h in irrelevant[:2]] + [ctx.evidence(i, h) for i, h in aggravating[:1]],
                       qualifiers=qualifiers)
    # a required entry into or exit from the state is an element of transnationality too (unless the law
    # says it covers trafficking "within or across borders")
    domestic_too = bool(list(ctx.fw.find(scope, "v:domestic_explicit")))
    with_element, without = [], []
    for u in _own_element_units(ctx):
        unit_scope = ctx.unit_scope(u)
        hits = [(i, h) for i, h in ctx.fw.find(unit_scope, "v:ocg") if not ctx.in_aggravation(i, h)]
        if not domestic_too:
            hits += [(i, h) for i, h in ctx.fw.find(unit_scope, "v:cross_border")
                     if not ctx.in_aggravation(i, h) and not _alternative_action(ctx, i, h)]
        (with_element if hits else without).append((u, hits))
    if not without:
        hits = [x for _, b in with_element for x in b]
        return Verdict("gap", "The trafficking offence requires an organised criminal group or a transnational "
                              f"element ({_join(_labels(ctx, hits))}).", [ctx.evidence(i, h) for i, h in hits[:3]],
                       qualifiers=["organised-crime-element"])
    if with_element:
        hits = [x for _, b in with_element for x in b]
        return Verdict("partial", "Some trafficking offences require an organised criminal group or a transnational "
                                  f"element ({_join(_labels(ctx, hits))}) while others do not "
                                  f"({_join(dict.fromkeys(ctx.label(u.indices[0]) for u, _ in without))}).",
                       [ctx.evidence(i, h) for i, h in hits[:2]] + [ctx.evidence(u.indices[0]) for u, _ in without[:2]],
                       qualifiers=["organised-crime-element-for-some", *qualifiers])
    evidence = [ctx.evidence(u.indices[0]) for u, _ in without[:3]]
    text = ("No element of transnationality or of an organised criminal group is required by "
            f"{_join(dict.fromkeys(ctx.label(u.indices[0]) for u, _ in without))}.")
    if aggravating:
        text += (" Involvement of an organised criminal group is an aggravating circumstance "
                 f"({_join(_labels(ctx, aggravating))}), which the standard accepts.")
        evidence.append(ctx.evidence(*aggravating[0]))
    v = Verdict("met", text, evidence, qualifiers=qualifiers)
    _imported(ctx, v)
    return v


@decider("all_victims")
def all_victims(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return Verdict("gap", "No trafficking offence was found, so the persons it protects cannot be assessed.")
    general, restricted = [], []
    for u in ctx.fw.conduct_units or ctx.offence_units:
        scope = ctx.unit_scope(u)  # the offence first, then the definitions it uses
        # an aggravating circumstance ("selling such a woman to another person who …") does not say whom
        # the offence protects
        g = [(i, h) for i, h in ctx.signal_hits(item.id, "any_person", scope) if not ctx.in_aggravation(i, h)]
        r = [(i, h) for i, h in ctx.signal_hits(item.id, "women_children", scope) if not ctx.in_aggravation(i, h)]
        if g:
            general.append((u, g))
        elif r:
            restricted.append((u, r))
    if general:
        hits = [x for _, g in general for x in g]
        return Verdict("met", "The trafficking offence protects every person, whatever their sex or age "
                              f"({_join(_labels(ctx, hits))}).", [ctx.evidence(i, h) for i, h in hits[:3]])
    if restricted:
        hits = [x for _, r in restricted for x in r]
        return Verdict("gap", "The trafficking offence protects only women and/or children "
                              f"({_join(_labels(ctx, hits))}); adult men are not protected.",
                       [ctx.evidence(i, h) for i, h in hits[:3]], qualifiers=["women-children-only"])
    v = Verdict("met", "The trafficking offence is not limited by the victim's sex or age "
                       f"({_join(dict.fromkeys(ctx.label(u.indices[0]) for u in ctx.offence_units))}).",
                [ctx.evidence(u.indices[0]) for u in ctx.offence_units[:3]])
    v.lower("medium", "the offence does not name its victims (\"any person\"); no restriction was found")
    return v


# ======================================================= D. exploitation


@decider("extended")
def extended(ctx: Context, item: ChecklistItem) -> Verdict:
    if not ctx.offence_units:
        return _no_offence(ctx, item, "the forms of exploitation")
    v = _elements_verdict(ctx, item, ctx.search(item, ctx.purpose_indices), "the extended forms of exploitation")
    if v.status == "gap" and not ctx.purposes.ids_found() and ctx.imported_definition:
        # The purposes of the offence are not in the documents: judge the framework's
        # own prohibitions of these practices instead, and say so.
        prohibitions = [i for i in range(len(ctx.fw.provisions)) if ctx.fw.operative(i)
                        and not ctx.fw.is_definition(i) and i not in ctx.core_indices
                        and ctx.fw.section_has(ctx.fw.section_of[i], "v:offence")]
        fallback = _elements_verdict(ctx, item, ctx.search(item, prohibitions), "the extended forms of exploitation")
        if fallback.status != "gap":
            fallback.explanation = ("The exploitation purposes of the trafficking offence are defined in an instrument "
                                    "not analysed; the practices are credited from the framework's own prohibitions. "
                                    + fallback.explanation)
            fallback.lower("medium", "credited from separate prohibitions because the offence's purposes are imported")
            return fallback
    return v


@decider("standalone")
def standalone(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    offence_sections = [s for s in range(len(fw.sections))
                        if s not in fw.trafficking_sections and fw.section_has(s, "v:offence")
                        and fw.sections[s][0] not in fw.non_operative]
    found: dict[str, list[tuple[int, Hit]]] = {}
    for s in offence_sections:
        members = fw.sections[s]
        heading_hits = fw.heading_hits.get(fw.provisions[members[0]].heading, None)
        for element in item.elements:
            concept = f"e:{item.id}:{element.id}"
            hits = [(i, h) for i in members if not fw.is_definition(i) for h in fw.get(i, concept)]
            if heading_hits and heading_hits.has(concept):
                hits = hits or [(members[0], None)]
            if hits:
                found.setdefault(element.id, []).extend(hits)
    search = ElementSearch(item, {k: [(i, h) for i, h in v] for k, v in found.items()})
    evidence = []
    for eid, hits in found.items():
        i, h = hits[0]
        evidence.append(ctx.evidence(i, h, (eid,)))
    ids = search.ids_found()
    missing = search.ids_missing()
    status = "met" if not missing else ("partial" if ids else "gap")
    text = {"met": f"Each practice is an offence in its own right: {_element_names(item, ids)}.",
            "partial": f"Offences exist for {_element_names(item, ids)}; none for {_element_names(item, missing)}.",
            "gap": "No separate offence of slavery, servitude, forced labour or debt bondage was found."}[status]
    v = Verdict(status, text, evidence, elements={e.id: e.id in ids for e in item.elements},
                element_provisions={eid: _labels(ctx, [(i, h) for i, h in found[eid]]) for eid in ids})
    inferred = [eid for eid, hits in found.items() if all(h is not None and h.inferred for _, h in hits)]
    if inferred:
        v.lower("medium", f"{_element_names(item, inferred)} credited through related terms")
    return v


# ===================================================== E. non-punishment


def _victim_provisions(ctx: Context, measures: bool = False) -> list[int]:
    """Operative provisions addressed to victims (not definitions). With ``measures``,
    only protective measures: the trafficking offences themselves are left out."""
    fw = ctx.fw
    cache = ctx.__dict__.setdefault("_victim_provisions", {})
    if measures not in cache:
        core = set(ctx.core_indices) if measures else set()
        cache[measures] = [i for i in sorted(fw._victim_provisions_closure)
                           if fw.operative(i) and not fw.programme_context(i) and not fw.is_definition(i)
                           and i not in core]
    return cache[measures]


def _family(ctx: Context, i: int) -> list[int]:
    """A provision with its chapeaus and its own paragraphs."""
    return list(dict.fromkeys([*ctx.fw.ancestors(i), i, *ctx.fw.descendants(i)]))


def _siblings(ctx: Context, i: int) -> list[int]:
    """The provision's parent with all the parent's paragraphs (the list it belongs to)."""
    anc = ctx.fw.ancestors(i)
    if ctx.fw.descendants(i):
        return _family(ctx, i)
    if not anc:
        return list(ctx.fw.sections[ctx.fw.section_of[i]])
    return _family(ctx, anc[-1])


_OWN_OFFENCE = re.compile(r"\b(?:commit\w*|offen[cs]es?|crimes?|unlawful|illegal|criminal)\b", re.I)


def _nonpun_clauses(ctx: Context, item_id: str) -> list[dict]:
    out = []
    victims = _victim_provisions(ctx)
    shields = ctx.signal_hits(item_id, "shield", victims)
    shielded = {i for i, _ in shields}
    # a victim's situation as a mitigating circumstance is a (weak) form of the rule, where the clause is
    # about an offence the victim committed (not a lighter sentence for a buyer who lets the victim go home)
    for i, h in ctx.signal_hits(item_id, "mitigation", victims):
        lo, hi = ctx.clause_of(i, h)
        if i not in shielded and _OWN_OFFENCE.search(ctx.fw.provisions[i].text[lo:hi]):
            shields.append((i, h))
    for i, h in shields:
        # the shield must protect the victim (not, say, the offender's relatives)
        if not (ctx.in_clause(i, h, "v:victim") or ctx.fw.heading_has(i, "v:victim")
                or any(ctx.fw.has(a, "v:victim") for a in ctx.fw.ancestors(i)[-1:])):
            continue
        fam = _family(ctx, i)
        out.append({
            "i": i, "hit": h, "family": fam,
            "discretionary": ctx.in_clause(i, h, "v:discretionary") or ctx.has_signal(item_id, "possibility", [i]),
            "causal": ctx.has_signal(item_id, "causal_link", fam),
            "named": ctx.has_signal("NONPUN-STATUS", "status_offence", fam) or ctx.has_signal(item_id, "named_offence", [i]),
            "general": ctx.has_signal(item_id, "offences_generally", fam),
            "mitigation": ctx.has_signal(item_id, "mitigation", [i]) and not ctx.in_clause(i, h, f"e:{item_id}:shield"),
            "excluded": ctx.has_signal(item_id, "excluded_offences", ctx.fw.sections[ctx.fw.section_of[i]]),
        })
    return out


@decider("non_punishment")
def non_punishment(ctx: Context, item: ChecklistItem) -> Verdict:
    clauses = _nonpun_clauses(ctx, item.id)
    if not clauses:
        duress = [(i, h) for i, h in ctx.fw.find(range(len(ctx.fw.provisions)), "v:duress") if ctx.fw.operative(i)]
        if duress:
            return Verdict("gap", "No provision protects victims of trafficking from prosecution or punishment. "
                                  f"A general defence of duress or necessity exists ({_join(_labels(ctx, duress[:3]))}), "
                                  "but it is available to everyone, requires the threat to be proved and does not "
                                  "reflect the non-punishment principle (ICAT 2012, section 3.6).",
                           qualifiers=["general-duress-defence-only"])
        return Verdict("gap", "No provision protects victims of trafficking from prosecution or punishment for "
                              "offences committed as a consequence of being trafficked.")
    best = sorted(clauses, key=lambda c: (c["discretionary"], not c["causal"], c["named"] and not c["general"],
                                          c["mitigation"], c["excluded"]))
    c = best[0]
    evidence = [ctx.evidence(x["i"], x["hit"]) for x in best[:3]]
    labels = _join(dict.fromkeys(ctx.label(x["i"]) for x in best))
    if (not c["discretionary"] and c["causal"] and not (c["named"] and not c["general"]) and not c["mitigation"]
            and not c["excluded"]):
        return Verdict("met", f"Victims shall not be prosecuted or punished for offences they were compelled to "
                              f"commit or that result directly from their being trafficked ({labels}).", evidence,
                       qualifiers=["mandatory"])
    problems, qualifiers = [], []
    if c["discretionary"]:
        problems.append("it is discretionary (\"may\", or only a possibility) where the standard is mandatory")
        qualifiers.append("discretionary")
    if c["named"] and not c["general"]:
        problems.append("it covers only named offences, not offences in general")
        qualifiers.append("limited-to-named-offences")
    if not c["causal"]:
        problems.append("it does not require the link with the trafficking (compulsion or direct consequence)")
        qualifiers.append("no-causal-link")
    if c["mitigation"]:
        problems.append("it only mitigates the penalty")
        qualifiers.append("mitigation-only")
    if c["excluded"]:
        problems.append("whole classes of offences are excluded from it")
        qualifiers.append("excludes-offences")
    return Verdict("partial", f"A non-punishment provision exists ({labels}), but {_join(problems)}.", evidence,
                   qualifiers=qualifiers)


@decider("nonpun_status")
def nonpun_status(ctx: Context, item: ChecklistItem) -> Verdict:
    clauses = _nonpun_clauses(ctx, "NONPUN-PRINCIPLE")
    hits = []
    for c in clauses:
        # the shield's own paragraphs, and the other subsections of its section
        # ("that subsection applies to offences relating to …")
        section = ctx.fw.sections[ctx.fw.section_of[c["i"]]]
        hits.extend(ctx.signal_hits(item.id, "status_offence", dict.fromkeys([*c["family"], *section])))
    hits = list(dict.fromkeys(hits))
    if not hits:
        text = "No provision explicitly shields victims from liability for status-related offences (unlawful entry, " \
               "stay or work, false or missing documents, prostitution)."
        if clauses:
            text += " The general non-punishment clause is credited under NONPUN-PRINCIPLE only."
        return Verdict("gap", text)
    return Verdict("met", f"Status-related offences are named in the non-punishment provision "
                          f"({_join(_labels(ctx, hits))}).", [ctx.evidence(i, h) for i, h in hits[:4]])


@decider("no_detention")
def no_detention(ctx: Context, item: ChecklistItem) -> Verdict:
    victims = _victim_provisions(ctx, measures=True)
    custody = ctx.signal_hits(item.id, "mandatory_custody", victims)
    bars = ctx.signal_hits(item.id, "bar", victims) + ctx.signal_hits(item.id, "voluntary_stay", victims)
    # a general bar whose own list names victims ("A foreigner shall not be placed in a guarded centre where:
    # … 3) there is a presumption that he or she is a victim of trafficking")
    victim_set = set(victims)
    chapeaus = sorted({a for j in victims for a in ctx.fw.ancestors(j)
                       if a not in victim_set and ctx.fw.operative(a)})
    bars += ctx.signal_hits(item.id, "bar", chapeaus)
    if custody:
        v = Verdict("gap", "The law contradicts the standard: victims may be held in custody or placed in a shelter "
                           f"against their will ({_join(_labels(ctx, custody))}).",
                    [ctx.evidence(i, h) for i, h in custody[:3]], qualifiers=["mandatory-shelter-detention"])
        if bars:
            v.lower("medium", f"the law also contains a protective rule ({_join(_labels(ctx, bars))})")
        return v
    if not bars:
        return Verdict("gap", "No provision bars the detention of victims or makes their stay in shelters voluntary.")
    excepted = [(i, h) for i, h in bars if ctx.has_signal(item.id, "exception", _family(ctx, i))]
    clean = [x for x in bars if x not in excepted]
    if clean:
        v = Verdict("met", f"Victims are protected from detention or stay in shelters voluntarily "
                           f"({_join(_labels(ctx, clean))}).", [ctx.evidence(i, h) for i, h in clean[:3]])
        explicit = ctx.signal_hits(item.id, "bar", victims)
        if not [x for x in explicit if x in clean]:
            v.lower("medium", "shelter stay is voluntary, but no provision expressly bars detaining victims")
        return v
    return Verdict("partial", "The protection from detention is qualified: it applies only as far as practicable or "
                              f"admits exceptions ({_join(_labels(ctx, excepted))}).",
                   [ctx.evidence(i, h) for i, h in excepted[:3]], qualifiers=["detention-exception"])


# ============================================== F. residence, return, remedy


@decider("reflection")
def reflection(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    candidates = [i for i in range(len(fw.provisions)) if fw.operative(i) and not fw.programme_context(i)]
    periods = ctx.signal_hits(item.id, "period", candidates)
    if not periods:
        return Verdict("gap", "No recovery and reflection period for presumed victims was found.")

    def lengths(indices: list[int]) -> tuple[int | None, int | None]:
        """The period's guaranteed length in days, and a length stated only as a maximum."""
        days, ceiling = None, None
        for j in indices:
            text = fw.provisions[j].text
            for dh in fw.get(j, f"e:{item.id}:duration"):
                n = parse_number(dh.text)
                if not n:
                    continue
                unit = dh.text.lower()
                scale = 30 if "month" in unit else 7 if "week" in unit else 1
                before = text[max(0, dh.start - 80):dh.start]
                floor = _RANGE_FLOOR.search(before)     # "not less than thirty and not more than sixty days"
                if floor and parse_number(floor.group(1)):
                    n = parse_number(floor.group(1))
                elif _AT_MOST.search(before):           # "valid for up to thirty days"
                    ceiling = max(ceiling or 0, n * scale)
                    continue
                days = max(days or 0, n * scale)
        return days, ceiling

    def assess(i: int, h: Hit):
        scope = _siblings(ctx, i)
        # the length stated with the period itself, else anywhere in its list
        own = lengths([i])
        suspended = ctx.has_signal(item.id, "removal_suspended", scope)
        # the grant may be in the subsection the period refers to ("A permit issued under subsection (1) is
        # valid for 180 days"; (1): "An officer may issue a temporary resident permit …")
        granting = [j for j in fw.cited_in(i) if j != i and j in scope]
        discretionary = ctx.has_signal(item.id, "discretionary_grant", [i, *fw.ancestors(i), *granting])
        return (own if own != (None, None) else lengths(scope)), suspended, discretionary, scope

    # the provision that sets the period (with its length) rather than one that mentions it
    assessed = {(j, x.start): assess(j, x) for j, x in periods}
    ranked = sorted(periods, key=lambda p: (assessed[p[0], p[1].start][0] == (None, None),
                                            not assessed[p[0], p[1].start][1], p[0]))
    i, h = ranked[0]
    (days, ceiling), suspended, discretionary, scope = assessed[i, h.start]
    evidence = [ctx.evidence(j, x) for j, x in ranked[:2]]
    evidence += [ctx.evidence(j, x) for j, x in ctx.signal_hits(item.id, "removal_suspended", scope)[:1]]
    problems, qualifiers = [], []
    if days is None and ceiling is not None:
        values = {"days": ceiling}
        problems.append(f"only a maximum ({ceiling} days) is set, so the period may be shorter than 30 days")
        qualifiers.append("maximum-only")
    else:
        values = {"days": days} if days else {}
    if days is None and ceiling is None:
        problems.append("no length is stated")
        qualifiers.append("length-not-stated")
    elif days is not None and days < 30:
        problems.append(f"it lasts {days} days, less than 30")
        qualifiers.append("shorter-than-30-days")
    if not suspended:
        problems.append("removal is not expressly suspended during it")
        qualifiers.append("removal-not-suspended")
    if discretionary:
        problems.append("it is discretionary")
        qualifiers.append("discretionary")
    labels = _join(_labels(ctx, periods))
    if not problems:
        v = Verdict("met", f"A recovery and reflection period of {days} days is provided, during which removal is "
                           f"suspended ({labels}).", evidence, values=values, qualifiers=["removal-suspended"])
        if not ctx.signal_hits(item.id, "period", [i]) or not re.search(r"reflection|recover", fw.provisions[i].text, re.I):
            v.lower("medium", "the period is not called a reflection period; it is read from its effect")
        return v
    v = Verdict("partial", f"A reflection period is provided ({labels}), but {_join(problems)}.", evidence,
                values=values, qualifiers=qualifiers)
    if days is None:
        v.lower("medium", "no length was found; the period may be set elsewhere")
    return v


@decider("residence_permit")
def residence_permit(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    victims = _victim_provisions(ctx, measures=True)
    permits: list[tuple[int, Hit, list[int]]] = []
    for i in victims:
        chain = [*fw.ancestors(i), i]
        section = fw.sections[fw.section_of[i]]
        scope = list(dict.fromkeys(_siblings(ctx, i) + (section if len(section) <= 15 else [])))
        for j in chain:
            for h in fw.get(j, f"e:{item.id}:permit"):
                permits.append((j, h, scope))
                break
    seen = set()
    grants = []
    for j, h, scope in permits:
        if (j, h.start) in seen:
            continue
        seen.add((j, h.start))
        grants.append({
            "i": j, "hit": h, "scope": scope,
            "coop": any(fw.has(k, "v:cooperation") for k in scope),
            "personal": ctx.has_signal(item.id, "personal_situation", scope),
            "alternative": ctx.has_signal(item.id, "alternative_ground", scope),
        })
    if not grants:
        general = [(i, h) for i, h in ctx.signal_hits(item.id, "permit", range(len(fw.provisions)))
                   if fw.operative(i) and not fw.programme_context(i) and not fw.is_definition(i)
                   and ctx.has_signal(item.id, "temporary_stay", [i])]
        if general:
            return Verdict("partial", "Only a general, discretionary permission to stay exists; it is not addressed to "
                                      f"victims of trafficking ({_join(_labels(ctx, general[:3]))}).",
                           [ctx.evidence(i, h) for i, h in general[:2]], qualifiers=["general-permit-only"])
        return Verdict("gap", "No temporary or permanent residence for foreign victims was found.")
    # Provisions about residence (by their heading) come before passing mentions of a permit.
    grants.sort(key=lambda g: not fw.heading_has(g["i"], f"e:{item.id}:permit"))
    good = [g for g in grants if (g["personal"] and (not g["coop"] or g["alternative"])) or not g["coop"]]
    if good:
        g = good[0]
        ev = [ctx.evidence(g["i"], g["hit"])]
        ev += [ctx.evidence(i, h) for i, h in ctx.signal_hits(item.id, "personal_situation", g["scope"])[:1]]
        text = f"Victims can obtain residence ({_join(dict.fromkeys(ctx.label(x['i']) for x in good))})"
        text += " on their personal situation, not only in return for cooperation." if g["personal"] else \
            " without a condition of cooperation with the authorities."
        v = Verdict("met", text, ev)
        if g["coop"]:
            v.qualifiers.append("cooperation-ground-also")
        return v
    ev = [ctx.evidence(g["i"], g["hit"]) for g in grants[:2]]
    for g in grants[:2]:
        ev += [ctx.evidence(i, h) for i, h in ctx.fw.find(g["scope"], "v:cooperation")][:1]
    return Verdict("partial", "Residence is available only to victims who cooperate with the investigation or "
                              "prosecution, or only as needed for the proceedings "
                              f"({_join(dict.fromkeys(ctx.label(g['i']) for g in grants))}).", ev,
                   qualifiers=["cooperation-condition"])


@decider("return_safe")
def return_safe(ctx: Context, item: ChecklistItem) -> Verdict:
    returns = [(i, h) for i, h in ctx.signal_hits(item.id, "return", _victim_provisions(ctx, measures=True))
               if not ctx.has_signal(item.id, "offender", [i]) and not ctx.fw.is_definition(i)]
    if not returns:
        return Verdict("gap", "No provision governs the return or repatriation of victims.")
    best = None
    for i, h in returns:
        scope = _family(ctx, i)
        safety = ctx.signal_hits(item.id, "safety", scope)
        voluntary = ctx.signal_hits(item.id, "voluntary", scope)
        score = bool(safety) + bool(voluntary)
        if best is None or score > best[0]:
            best = (score, i, h, safety, voluntary)
    score, i, h, safety, voluntary = best
    evidence = [ctx.evidence(i, h)] + [ctx.evidence(j, x) for j, x in (safety[:1] + voluntary[:1])]
    if safety and voluntary:
        return Verdict("met", f"Return of victims must have due regard for their safety and be voluntary "
                              f"({_join(_labels(ctx, [(i, h)] + safety + voluntary))}).", evidence)
    if safety or voluntary:
        has, lacks = ("safety", "voluntariness") if safety else ("voluntariness", "safety")
        return Verdict("partial", f"The return provision ({ctx.label(i)}) addresses {has} but not {lacks}.", evidence,
                       qualifiers=[f"no-{lacks}"])
    return Verdict("gap", f"Return of victims is provided for ({_join(_labels(ctx, returns[:3]))}) without any "
                          "guarantee of safety or voluntariness.", qualifiers=["return-without-safeguards"])


@decider("return_risk")
def return_risk(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    general_ok = [i for i in range(len(fw.provisions))
                  if fw.operative(i) and not fw.programme_context(i) and not fw.is_definition(i)]
    hits = ctx.signal_hits(item.id, "refugee_protection", general_ok)
    # a risk assessment or best-interests test counts where the provision is about return or removal
    hits += [(i, h) for i, h in ctx.signal_hits(item.id, "risk_before_return", general_ok)
             if ctx.has_signal(item.id, "general_removal", _family(ctx, i))]
    # "return cannot be enforced … where return could be effected only to a country in which: … 2) he or she
    # would be subjected to torture": the bar and the danger are in different paragraphs of one provision
    hits += [(i, h) for i, h in ctx.signal_hits(item.id, "removal_barred", general_ok)
             if any(_DANGER.search(fw.provisions[j].text) for j in _family(ctx, i))]
    if not hits:
        return Verdict("gap", "No risk assessment, best-interests determination, non-refoulement or asylum safeguard "
                              "before return was found.")
    return Verdict("met", f"Return is subject to a safeguard ({_join(_labels(ctx, hits[:4]))}).",
                   [ctx.evidence(i, h) for i, h in hits[:4]])


@decider("remedy")
def remedy(ctx: Context, item: ChecklistItem) -> Verdict:
    fw = ctx.fw
    candidates = [i for i in range(len(fw.provisions)) if fw.operative(i) and not fw.programme_context(i)]
    comp = [(i, h) for i, h in ctx.signal_hits(item.id, "compensation", candidates)
            if not ctx.has_signal(item.id, "bar_on_actions", [i]) and not ctx.has_signal(item.id, "state_costs", [i])]
    to_victims = [(i, h) for i, h in comp if any(fw.has(j, "v:victim") for j in _family(ctx, i))
                  or ctx.has_signal(item.id, "crime_victim", _family(ctx, i))]
    civil_only = [(i, h) for i, h in to_victims if ctx.in_clause(i, h, f"e:{item.id}:civil_action")]
    to_victims = [x for x in to_victims if x not in civil_only]
    if not to_victims and civil_only:
        return Verdict("partial", "Victims can seek damages only through a general civil action "
                                  f"({_join(_labels(ctx, civil_only[:3]))}); no compensation or restitution is ordered "
                                  "by the criminal court or paid from a fund.",
                       [ctx.evidence(i, h) for i, h in civil_only[:3]], qualifiers=["civil-action-only"])
    if to_victims:
        v = Verdict("met", f"Victims can obtain compensation or restitution ({_join(_labels(ctx, to_victims[:4]))}).",
                    [ctx.evidence(i, h) for i, h in to_victims[:4]])
        trafficking = [x for x in to_victims if fw.victim_context(x[0])]
        if not trafficking:
            v.qualifiers.append("general-victims-of-crime")
        return v
    if comp:
        return Verdict("partial", "Compensation or restitution is available only to some victims "
                                  f"({_join(_labels(ctx, comp[:4]))}), not to victims of trafficking generally.",
                       [ctx.evidence(i, h) for i, h in comp[:4]], qualifiers=["some-victims-only"])
    civil = [(i, h) for i, h in ctx.signal_hits(item.id, "civil_action", candidates) if fw.victim_context(i)]
    if civil:
        return Verdict("partial", "Victims can seek redress only through a general civil action "
                                  f"({_join(_labels(ctx, civil[:3]))}).", [ctx.evidence(i, h) for i, h in civil[:3]],
                       qualifiers=["civil-action-only"])
    return Verdict("gap", "No compensation, restitution or other remedy for victims was found.")
