"""The comparative matrix: states × checklist items, grouped by theme."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Sequence

from gapcheck.models import THEMES, Finding

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters a spreadsheet may read as a formula (full-width forms too)."""
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class MatrixItem:
    id: str
    title: str
    theme: str


@dataclass(frozen=True)
class ThemeGroup:
    id: str
    title: str
    items: tuple[MatrixItem, ...]


@dataclass(frozen=True)
class MatrixRow:
    code: str
    name: str
    ok: bool
    findings: dict[str, Finding]
    """item id → finding (empty for a failed state)."""


@dataclass(frozen=True)
class Matrix:
    items: tuple[MatrixItem, ...]
    """In checklist order."""
    groups: tuple[ThemeGroup, ...]
    """The items grouped by theme, themes in report order."""
    rows: tuple[MatrixRow, ...]


def build_matrix(outcomes: Sequence) -> Matrix:
    """``outcomes``: StateOutcome-like values with ``entry.state``, ``ok`` and ``report``."""
    items: dict[str, MatrixItem] = {}
    rows: list[MatrixRow] = []
    for o in outcomes:
        findings: dict[str, Finding] = {}
        if o.ok and o.report is not None:
            for f in o.report.findings:
                items.setdefault(f.item_id, MatrixItem(f.item_id, f.title, f.theme))
                findings[f.item_id] = f
        rows.append(MatrixRow(o.entry.state.code, o.entry.state.name, o.ok, findings))
    order = list(items.values())
    titles = dict(THEMES)
    theme_ids = [t for t, _ in THEMES] + [i.theme for i in order if i.theme not in titles]
    groups = []
    for theme in dict.fromkeys(theme_ids):
        members = tuple(i for i in order if i.theme == theme)
        if members:
            groups.append(ThemeGroup(theme, titles.get(theme, theme or "Other"), members))
    return Matrix(items=tuple(order), groups=tuple(groups), rows=tuple(rows))


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    text = _CONTROLS.sub("", text)  # no escape sequences for whoever cats the file
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def matrix_csv(matrix: Matrix) -> str:
    """state, state name, then one column per item id with its status ("failed" for a failed state)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in ["state", "state name", *(i.id for i in matrix.items)]])
    for row in matrix.rows:
        cells = [row.findings[i.id].status if i.id in row.findings else ("failed" if not row.ok else "")
                 for i in matrix.items]
        writer.writerow([csv_cell(c) for c in [row.code, row.name, *cells]])
    return buffer.getvalue()
