"""The checklist: items as YAML data, and the engine that locates provisions and decides each item."""

from __future__ import annotations

from gapcheck.checklists.engine import judge
from gapcheck.checklists.loader import load_checklist
from gapcheck.checklists.model import Checklist, ChecklistItem

__all__ = ["Checklist", "ChecklistItem", "judge", "load_checklist"]
