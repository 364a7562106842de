"""Loading and validating a checklist folder.

A checklist folder holds ``checklist.yaml`` (id, version, language, the ordered
list of item ids), ``vocabulary/<lang>.yaml`` (shared legal vocabulary used to
locate provisions) and ``items/<ITEM-ID>.yaml`` (one file per item; the file
name is the item id). Every error names the file, the line and the item.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gapcheck.checklists.model import (
    Checklist,
    ChecklistItem,
    Element,
    PatternEntry,
    VocabularyGroup,
)
from gapcheck.checklists.standard import STANDARD_ELEMENTS, THEME_IDS
from gapcheck.errors import ChecklistError

_LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping, and refuses
    aliases (``*name``): a few lines of nested aliases expand to billions of
    nodes (the "billion laughs"), and checklists shared between consultants
    need none."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in checklist files",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError("file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ChecklistError(f"cannot read ({err})", str(path)) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ChecklistError(f"YAML syntax error: {problem}", str(path), line) from None


def _require(data: dict, key: str, kind: type, path: Path, item: str | None = None) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise ChecklistError(f"missing field {key!r}", str(path), _line(data), item)
    value = data[key]
    if not isinstance(value, kind):
        raise ChecklistError(f"field {key!r} must be a {kind.__name__}", str(path), _line(data), item)
    return value


def _line(data: Any) -> int | None:
    return data.get(_LINE) if isinstance(data, dict) else None


def _check_keys(data: dict, allowed: set[str], path: Path, item: str | None) -> None:
    for key in data:
        if key != _LINE and key not in allowed:
            raise ChecklistError(f"unknown field {key!r}", str(path), _line(data), item)


def _pattern_entries(raw: Any, path: Path, item: str | None, where: str, line: int | None) -> tuple[PatternEntry, ...]:
    from gapcheck.checklists.patterns import PatternSyntaxError, compile_pattern

    if not isinstance(raw, list) or not raw:
        raise ChecklistError(f"{where}: patterns must be a non-empty list", str(path), line, item)
    entries = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {"match": entry}
        if not isinstance(entry, dict):
            raise ChecklistError(f"{where}: a pattern must be a string or a mapping", str(path), line, item)
        _check_keys(entry, {"match", "near", "unless", "inferred"}, path, item)
        eline = _line(entry) or line
        match = entry.get("match")
        if not isinstance(match, str):
            raise ChecklistError(f"{where}: pattern without 'match'", str(path), eline, item)
        near = tuple(entry.get("near", ()) or ())
        unless = tuple(entry.get("unless", ()) or ())
        for phrase in (match, *near, *unless):
            if not isinstance(phrase, str):
                raise ChecklistError(f"{where}: patterns must be strings", str(path), eline, item)
            try:
                compile_pattern(phrase)
            except PatternSyntaxError as err:
                raise ChecklistError(f"{where}: {err}", str(path), eline, item) from None
        entries.append(PatternEntry(match=match, near=near, unless=unless,
                                    inferred=bool(entry.get("inferred", False)), line=eline))
    return tuple(entries)


_ITEM_KEYS = {"id", "theme", "title", "standard", "sources", "decider", "elements", "signals", "searched",
              "recommendation", "notes"}


def _elements(raw_list: Any, path: Path, item_id: str, language: str, line: int | None) -> list[Element]:
    elements: list[Element] = []
    for raw in raw_list or []:
        if not isinstance(raw, dict):
            raise ChecklistError("an element must be a mapping", str(path), line, item_id)
        _check_keys(raw, {"id", "label", "patterns"}, path, item_id)
        eid = _require(raw, "id", str, path, item_id)
        patterns = _require(raw, "patterns", dict, path, item_id)
        by_lang = {lang: _pattern_entries(p, path, item_id, f"element {eid!r} ({lang})", _line(raw))
                   for lang, p in patterns.items() if lang != _LINE}
        if language not in by_lang:
            raise ChecklistError(f"element {eid!r} has no patterns for language {language!r}", str(path),
                                 _line(raw), item_id)
        elements.append(Element(id=eid, label=str(raw.get("label", eid)), patterns=by_lang))
    return elements


def load_item(path: Path, language: str) -> ChecklistItem:
    from gapcheck.checklists.deciders import DECIDERS

    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ChecklistError("an item file must be a mapping", str(path), 1)
    item_id = _require(data, "id", str, path)
    _check_keys(data, _ITEM_KEYS, path, item_id)
    if item_id != path.stem:
        raise ChecklistError(f"item id {item_id!r} does not match the file name {path.name!r}", str(path),
                             _line(data), item_id)
    theme = _require(data, "theme", str, path, item_id)
    if theme not in THEME_IDS:
        raise ChecklistError(f"unknown theme {theme!r} (known: {', '.join(THEME_IDS)})", str(path), _line(data), item_id)
    decider = _require(data, "decider", str, path, item_id)
    if decider not in DECIDERS:
        raise ChecklistError(f"unknown decider {decider!r}", str(path), _line(data), item_id)
    elements = _elements(data.get("elements"), path, item_id, language, _line(data))
    signals = _elements(data.get("signals"), path, item_id, language, _line(data))
    ids = [e.id for e in (*elements, *signals)]
    if len(set(ids)) != len(ids):
        raise ChecklistError("duplicate element or signal id", str(path), _line(data), item_id)
    expected = STANDARD_ELEMENTS.get(item_id)
    if expected is None and elements:
        raise ChecklistError("this item has no sub-elements in the standard; use 'signals' for its vocabulary",
                             str(path), _line(data), item_id)
    if expected is not None:
        for e, raw in zip(elements, data.get("elements", []) or []):
            if e.id not in expected:
                raise ChecklistError(f"unknown element {e.id!r} (expected one of: {', '.join(expected)})",
                                     str(path), _line(raw), item_id)
        missing = [e for e in expected if e not in ids]
        if missing:
            raise ChecklistError(f"missing element(s): {', '.join(missing)}", str(path), _line(data), item_id)
    recommendation = data.get("recommendation", {}) or {}
    if not isinstance(recommendation, dict):
        raise ChecklistError("'recommendation' must map statuses to text", str(path), _line(data), item_id)
    for key in recommendation:
        if key != _LINE and key not in ("partial", "gap"):
            raise ChecklistError(f"recommendation for unknown status {key!r}", str(path), _line(recommendation), item_id)
    notes = data.get("notes", {}) or {}
    sources = _require(data, "sources", list, path, item_id)
    return ChecklistItem(
        id=item_id,
        theme=theme,
        title=_require(data, "title", str, path, item_id).strip(),
        standard=" ".join(_require(data, "standard", str, path, item_id).split()),
        sources=tuple(str(s) for s in sources),
        decider=decider,
        elements=tuple(elements),
        itemised=bool(expected),
        signals=tuple(signals),
        searched=" ".join(_require(data, "searched", str, path, item_id).split()),
        recommendations={k: " ".join(str(v).split()) for k, v in recommendation.items() if k != _LINE},
        notes={k: " ".join(str(v).split()) for k, v in notes.items() if k != _LINE},
        file=str(path),
    )


def load_vocabulary(path: Path) -> dict[str, VocabularyGroup]:
    from gapcheck.checklists.framework import REQUIRED_GROUPS

    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise ChecklistError("a vocabulary file must have a 'groups' mapping", str(path), _line(data))
    groups: dict[str, VocabularyGroup] = {}
    for gid, raw in data["groups"].items():
        if gid == _LINE:
            continue
        if not isinstance(raw, dict):
            raise ChecklistError(f"group {gid!r} must be a mapping", str(path), _line(data["groups"]))
        _check_keys(raw, {"description", "patterns", "role"}, path, None)
        role = str(raw.get("role", "topic"))
        if role not in ("trigger", "topic", "marker"):
            raise ChecklistError(f"group {gid!r}: role must be 'trigger', 'topic' or 'marker'", str(path),
                                 _line(raw))
        groups[gid] = VocabularyGroup(
            role=role,
            id=gid,
            description=" ".join(str(raw.get("description", "")).split()),
            patterns=_pattern_entries(raw.get("patterns"), path, None, f"vocabulary group {gid!r}", _line(raw)),
        )
    missing = [g for g in REQUIRED_GROUPS if g not in groups]
    if missing:
        raise ChecklistError(f"vocabulary lacks group(s): {', '.join(missing)}", str(path), _line(data))
    return groups


def load_checklist(directory: str | Path | None = None) -> Checklist:
    """Load and validate a checklist folder (default: the bundled one)."""
    if directory is None:
        return _bundled()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _bundled() -> Checklist:
    return _load(Path(str(resources.files("gapcheck.checklists"))))


def _load(directory: Path) -> Checklist:
    if not directory.is_dir():
        raise ChecklistError("not a checklist folder (no such directory)", str(directory))
    index_path = directory / "checklist.yaml"
    index = _read_yaml(index_path)
    if not isinstance(index, dict):
        raise ChecklistError("checklist.yaml must be a mapping", str(index_path), 1)
    _check_keys(index, {"id", "version", "title", "language", "items"}, index_path, None)
    language = str(index.get("language", "en"))
    item_ids = _require(index, "items", list, index_path)
    vocabulary = load_vocabulary(directory / "vocabulary" / f"{language}.yaml")
    items = []
    for item_id in item_ids:
        items.append(load_item(directory / "items" / f"{item_id}.yaml", language))
    if len(set(item_ids)) != len(item_ids):
        raise ChecklistError("an item is listed twice", str(index_path), _line(index))
    return Checklist(
        id=str(_require(index, "id", str, index_path)),
        version=str(index.get("version", "")),
        title=str(index.get("title", "")),
        language=language,
        items=tuple(items),
        vocabulary=vocabulary,
        directory=directory,
    )
