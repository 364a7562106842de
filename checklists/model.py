"""The checklist as data: items, their sub-elements and vocabulary, as loaded from YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from gapcheck.models import ChecklistRef


@dataclass(frozen=True)
class PatternEntry:
    """One way of expressing a sub-element or a vocabulary concept.

    ``match`` is a phrase (see ``patterns.py``); ``near`` phrases must also occur
    in the same provision, ``unless`` phrases must not. ``inferred`` marks
    synonyms whose reading is interpretive (they lower the confidence).
    """

    match: str
    near: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    inferred: bool = False
    line: int | None = None


@dataclass(frozen=True)
class Element:
    id: str
    label: str
    patterns: Mapping[str, tuple[PatternEntry, ...]]
    """Patterns per language code ("en", later "fr", "es", ...)."""


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    theme: str
    title: str
    standard: str
    sources: tuple[str, ...]
    decider: str
    """Name of the decision function in ``deciders.py``."""
    elements: tuple[Element, ...]
    itemised: bool
    """True when STANDARDS.md lists sub-elements for this item (they appear in the JSON)."""
    searched: str
    """What is searched for, in plain words (quoted in gap findings)."""
    recommendations: Mapping[str, str]
    """Advice per status ("partial", "gap")."""
    signals: tuple[Element, ...] = ()
    """Internal vocabulary of the item's decider (e.g. a reflection period, a
    cooperation condition); used to decide, not reported as sub-elements."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """Fixed explanatory sentences the decider may use (e.g. why a duress defence is not enough)."""
    file: str = ""

    def element(self, element_id: str) -> Element:
        for e in (*self.elements, *self.signals):
            if e.id == element_id:
                return e
        raise KeyError(element_id)


@dataclass(frozen=True)
class VocabularyGroup:
    id: str
    description: str
    patterns: tuple[PatternEntry, ...]
    role: str = "topic"
    """"trigger": words that make a section relevant (looked for everywhere);
    "topic": the rest of the vocabulary, looked for in relevant sections;
    "marker": common words (shall, may, offence, penalty) looked for only in
    relevant sections that already contain a topic word."""


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    language: str
    items: tuple[ChecklistItem, ...]
    vocabulary: Mapping[str, VocabularyGroup]
    directory: Path

    @property
    def ref(self) -> ChecklistRef:
        return ChecklistRef(self.id, self.version, self.title)

    def item(self, item_id: str) -> ChecklistItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)
