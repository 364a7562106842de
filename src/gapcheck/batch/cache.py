"""The resumable cache of finished reports, under ``OUT/.cache/``.

A state's entry is its report JSON (``gapcheck/report-v1``), stored under a key
that changes whenever anything that could change the report changes: the
content (sha256) and names of its files, in order; the state code and name; the
checklist (the content of every file of its folder, ``checklist.yaml`` with its
id and version included); the tool version; and the read options. Entries are written atomically and only for successful analyses,
so failures are retried on the next run and a killed run leaves no partial entry.

``rendered/<STATE>.json`` records which key each state's report files were
rendered from, so a cached run re-renders only what is missing or stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Sequence

from gapcheck.options import ReadOptions

CACHE_VERSION = 1
CACHE_DIR = ".cache"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def folder_fingerprint(folder: Path | None) -> str:
    """A hash of the checklist files (names and content) under ``folder``."""
    if folder is None or not Path(folder).is_dir():
        return ""
    h = hashlib.sha256()
    root = Path(folder)
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json"):
            h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def read_options_key(options: ReadOptions) -> dict:
    """The read options that can change a report (not the timeout or the password itself)."""
    data = asdict(options)
    data.pop("timeout", None)
    data["password"] = bool(data.get("password"))
    return data


def cache_key(*, state_code: str, state_name: str, files: Sequence[tuple[str, str]], checklist: dict,
              tool_version: str, options: ReadOptions) -> str:
    """``files``: (file name, sha256) in analysis order; ``checklist``: id, version, fingerprint."""
    material = {
        "cache": CACHE_VERSION,
        "tool": tool_version,
        "checklist": checklist,
        "state": [state_code, state_name],
        "files": [list(f) for f in files],
        "read": read_options_key(options),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode("utf-8")).hexdigest()


class ReportCache:
    def __init__(self, out_dir: Path) -> None:
        self.root = Path(out_dir) / CACHE_DIR
        self.reports = self.root / "reports"
        self.rendered = self.root / "rendered"

    def prepare(self) -> None:
        for d in (self.root, self.reports, self.rendered):
            d.mkdir(parents=True, exist_ok=True)

    # -- reports

    def _entry(self, key: str) -> Path:
        return self.reports / f"{key}.json"

    def load(self, key: str, state_code: str):
        """The cached Report for ``key``, or None (an unreadable entry is dropped)."""
        from gapcheck.render.json_report import from_json

        path = self._entry(key)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            report = from_json(text)
            if report.state.code != state_code:
                raise ValueError("state mismatch")
            return report
        except (ValueError, KeyError, TypeError):
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def store(self, key: str, report_json: str) -> None:
        from gapcheck.outputs import atomic_write

        atomic_write(self._entry(key), report_json)

    # -- rendered outputs

    def rendered_key(self, state_code: str) -> str | None:
        try:
            return json.loads((self.rendered / f"{state_code}.json").read_text(encoding="utf-8")).get("key")
        except (OSError, ValueError, AttributeError):
            return None

    def mark_rendered(self, state_code: str, key: str, formats: Iterable[str]) -> None:
        from gapcheck.outputs import atomic_write

        atomic_write(self.rendered / f"{state_code}.json",
                     json.dumps({"key": key, "formats": sorted(formats)}) + "\n")

    def forget_rendered(self, state_code: str) -> None:
        try:
            os.unlink(self.rendered / f"{state_code}.json")
        except OSError:
            pass
