"""Reading and validating a batch manifest: which files make up each state's framework.

Three forms are accepted (relative paths are relative to the manifest's folder):

CSV, with a header naming the columns ``state`` and ``file`` (and optionally
``name``, a display name overriding the state's official name)::

    state,file
    GY,guyana/act-2005.pdf
    GY,guyana/amendment-2023.pdf
    US,us/22-usc-78.pdf;us/18-usc-77.pdf

(several rows per state, or ``;``-separated paths in one cell). YAML, either a
mapping or a list::

    states:
      GY: [guyana/act-2005.pdf, guyana/amendment-2023.pdf]
      US: us/22-usc-78.pdf

    - state: GY
      name: Guyana (2023 bill)
      files: [guyana/act-2005.pdf]

Or a folder laid out as ``FOLDER/<STATE>/*.pdf|*.txt`` (files in name order).

The whole manifest is validated before anything runs, and every problem is
reported at once in a ``ManifestError``: an unreadable or malformed manifest, an
unknown state code, a missing file, a duplicate state, a state with no files.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from gapcheck.errors import GapcheckError, ManifestError
from gapcheck.models import State

INPUT_SUFFIXES = (".pdf", ".txt")
"""File types picked up from a state folder."""


@dataclass(frozen=True)
class ManifestEntry:
    """One state's framework: its documents, analysed together in this order."""

    state: State
    files: tuple[Path, ...]
    """Absolute paths."""
    shown: tuple[str, ...]
    """The paths as written in the manifest (for summaries and the index)."""
    where: str = ""
    """Where the state is declared (``manifest.csv:3``), for messages."""


@dataclass(frozen=True)
class Manifest:
    source: Path
    entries: tuple[ManifestEntry, ...]
    warnings: tuple[str, ...] = ()

    @property
    def base(self) -> Path:
        return self.source if self.source.is_dir() else self.source.parent

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(f for e in self.entries for f in e.files)


@dataclass
class _Raw:
    """A state as written, before validation."""

    code: str
    where: str
    name: str | None = None
    files: list[tuple[str, str]] = field(default_factory=list)
    """(path as written, where)"""
    folder: bool = False
    """Declared as a state folder (folder form)."""


class _Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}" if where else message)

    def in_order(self) -> list[str]:
        """By line number (stable), so that problems read top to bottom."""
        def line(problem: str) -> int:
            head = problem.split(": ", 1)[0]
            number = head.rsplit(":", 1)[-1] if ":" in head else ""
            return int(number) if number.isdigit() else 0

        return sorted(self, key=line)


def load_manifest(path: str | Path, ignore: Iterable[Path] = ()) -> Manifest:
    """Read and validate a manifest, or raise ``ManifestError`` listing every problem.

    ``ignore`` names folders to skip in the folder form (e.g. the output folder).
    """
    source = Path(path).expanduser()
    shown = str(path)
    problems = _Problems()
    warnings: list[str] = []
    raws: list[_Raw] = []
    base = source.parent
    if source.is_dir():
        base = source
        raws = _read_folder(source, shown, problems, warnings, [Path(p) for p in ignore])
    elif not source.exists():
        problems.add(shown, "cannot read the manifest: no such file or folder")
    elif source.suffix.lower() in (".csv", ".yaml", ".yml"):
        text = _read_text(source, shown, problems)
        if text is not None:
            if source.suffix.lower() == ".csv":
                raws = _parse_csv(text, shown, problems)
            else:
                raws = _parse_yaml(text, shown, problems)
    else:
        problems.add(shown, "cannot read the manifest: expected a .csv, .yaml or .yml file, or a folder of state folders")
    entries = _validate(raws, base, shown, problems)
    if not problems and not entries:
        problems.add(shown, "the manifest lists no states")
    if problems:
        raise ManifestError(problems.in_order(), shown)
    return Manifest(source=source, entries=tuple(entries), warnings=tuple(warnings))


# ------------------------------------------------------------------ readers


def _read_text(source: Path, shown: str, problems: _Problems) -> str | None:
    try:
        data = source.read_bytes()
    except OSError as err:
        problems.add(shown, f"cannot read the manifest ({err.strerror or err})")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add(shown, f"cannot read the manifest: not UTF-8 text (byte {err.start})")
        return None


def _split_files(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def _parse_csv(text: str, shown: str, problems: _Problems) -> list[_Raw]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if not numbered:
        return []
    line, header = numbered[0]
    columns = [c.strip().lower() for c in header]
    if "state" not in columns or "file" not in columns:
        problems.add(f"{shown}:{line}", "the first row must name the columns: state,file (optionally name); "
                     f"found {','.join(header)!r}")
        return []
    unknown = [c for c in columns if c not in ("state", "file", "files", "name")]
    if unknown:
        problems.add(f"{shown}:{line}", f"unknown column(s) {', '.join(repr(c) for c in unknown)}: expected state, file, name")
    col = {c: i for i, c in enumerate(columns)}
    by_code: dict[str, _Raw] = {}
    raws: list[_Raw] = []
    for line, row in numbered[1:]:
        where = f"{shown}:{line}"
        if len(row) != len(header):
            problems.add(where, f"expected {len(header)} columns, found {len(row)}")
            continue
        code = row[col["state"]].strip()
        if not code:
            problems.add(where, "no state code")
            continue
        name = row[col["name"]].strip() if "name" in col else ""
        raw = by_code.get(code.upper())
        if raw is None:
            raw = by_code[code.upper()] = _Raw(code=code, where=where, name=name or None)
            raws.append(raw)
        elif name and raw.name and name != raw.name:
            problems.add(where, f"state {code}: name {name!r} differs from {raw.name!r} given at {raw.where}")
        elif name:
            raw.name = name
        raw.files.extend((p, where) for p in _split_files(row[col["file"]]))
    return raws


def _parse_yaml(text: str, shown: str, problems: _Problems) -> list[_Raw]:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        problems.add(where, f"not valid YAML: {getattr(err, 'problem', None) or err}")
        return []
    if root is None:
        return []

    def at(node) -> str:
        return f"{shown}:{node.start_mark.line + 1}"

    def scalar(node) -> str | None:
        return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else None

    def files_of(node, raw: _Raw) -> None:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in items:
            value = scalar(item)
            if value is None:
                problems.add(at(item), f"state {raw.code}: expected a file path, found a {_kind(item)}")
            elif value and value != "null":
                raw.files.extend((p, at(item)) for p in _split_files(value))

    def entry_from_mapping(node, code: str | None, where: str) -> _Raw | None:
        fields: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = scalar(key_node)
            if key not in ("state", "name", "files", "file"):
                problems.add(at(key_node), f"unknown key {key!r}: expected state, name, files")
                continue
            if key in fields:
                problems.add(at(key_node), f"key {key!r} given twice")
                continue
            fields[key] = value_node
        if code is None:
            state_node = fields.get("state")
            code = scalar(state_node) if state_node is not None else None
            if not code:
                problems.add(where, "entry without a state code (state: XX)")
                return None
        raw = _Raw(code=code, where=where)
        if "name" in fields:
            raw.name = scalar(fields["name"]) or None
        for key in ("files", "file"):
            if key in fields:
                files_of(fields[key], raw)
        return raw

    raws: list[_Raw] = []
    body = root
    if isinstance(root, yaml.MappingNode):
        keys = {scalar(k): v for k, v in root.value}
        if set(keys) != {"states"}:
            problems.add(at(root), "expected a top-level 'states:' mapping or a list of entries {state:, files: [...]}")
            return []
        body = keys["states"]
    if isinstance(body, yaml.MappingNode):
        for key_node, value_node in body.value:
            code = scalar(key_node)
            if not code:
                problems.add(at(key_node), "expected a state code as key")
                continue
            if isinstance(value_node, yaml.MappingNode):
                raw = entry_from_mapping(value_node, code, at(key_node))
                if raw is not None:
                    raws.append(raw)
            else:
                raw = _Raw(code=code, where=at(key_node))
                files_of(value_node, raw)
                raws.append(raw)
    elif isinstance(body, yaml.SequenceNode):
        for item in body.value:
            if not isinstance(item, yaml.MappingNode):
                problems.add(at(item), f"expected an entry {{state:, files: [...]}}, found a {_kind(item)}")
                continue
            raw = entry_from_mapping(item, None, at(item))
            if raw is not None:
                raws.append(raw)
    elif isinstance(body, yaml.ScalarNode) and body.value in ("", "null", "~"):
        return []
    else:
        problems.add(at(body), "expected a mapping of state codes to files, or a list of entries {state:, files: [...]}")
    return raws


def _kind(node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "value"


def _read_folder(folder: Path, shown: str, problems: _Problems, warnings: list[str], ignore: list[Path]) -> list[_Raw]:
    ignored = set()
    for p in ignore:
        try:
            ignored.add(p.resolve())
        except OSError:
            pass
    raws: list[_Raw] = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as err:
        problems.add(shown, f"cannot read the folder ({err.strerror or err})")
        return []
    for child in children:
        if child.name.startswith(".") or not child.is_dir() or child.resolve() in ignored:
            continue
        where = str(Path(shown) / child.name)
        raw = _Raw(code=child.name, where=where, folder=True)
        try:
            files = sorted((p for p in child.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
        except OSError as err:
            problems.add(where, f"cannot read the folder ({err.strerror or err})")
            continue
        for f in files:
            if f.suffix.lower() in INPUT_SUFFIXES and not f.is_dir():
                raw.files.append((f"{child.name}/{f.name}", where))
            else:
                warnings.append(f"{where}/{f.name}: skipped (gapcheck reads {' and '.join(INPUT_SUFFIXES)} files)")
        raws.append(raw)
    return raws


# ---------------------------------------------------------------- validation


def _validate(raws: list[_Raw], base: Path, shown: str, problems: _Problems) -> list[ManifestEntry]:
    from gapcheck.states import resolve_state

    entries: list[ManifestEntry] = []
    seen: dict[str, _Raw] = {}
    for raw in raws:
        try:
            state = resolve_state(raw.code)
        except GapcheckError as err:
            problems.add(raw.where, getattr(err, "message", str(err)))
            state = None
        if state is not None:
            first = seen.get(state.code)
            if first is not None:
                same = "" if first.code.upper() == raw.code.upper() else f" (as {first.code})"
                problems.add(raw.where, f"duplicate state {raw.code}: already listed at {first.where}{same}")
                continue
            seen[state.code] = raw
            if raw.name:
                state = State(code=state.code, name=raw.name)
        label = state.code if state is not None else raw.code
        if not raw.files:
            problems.add(raw.where, f"state {label}: the folder has no {' or '.join(INPUT_SUFFIXES)} files"
                         if raw.folder else f"state {label}: no files listed")
            continue
        files: list[Path] = []
        written: list[str] = []
        listed: dict[str, str] = {}
        for text, where in raw.files:
            p = Path(text).expanduser()
            full = Path(os.path.abspath(p if p.is_absolute() else base / p))
            if str(full) in listed:
                problems.add(where, f"state {label}: {text} is listed twice")
                continue
            listed[str(full)] = where
            if not full.exists():
                problems.add(where, f"state {label}: no such file: {text}" + ("" if p.is_absolute() else f" (looked for {full})"))
            elif full.is_dir():
                problems.add(where, f"state {label}: {text} is a folder, not a file")
            files.append(full)
            written.append(text)
        if state is not None:
            entries.append(ManifestEntry(state=state, files=tuple(files), shown=tuple(written), where=raw.where))
    return entries
