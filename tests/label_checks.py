"""Checks shared by the labelled corpora (samples/ and tests/heldout/): the label format of
shared/eval/README.md, applied to one label file."""

from __future__ import annotations

import re

from gapcheck.checklists.standard import STANDARD_ELEMENTS as ELEMENTS
from gapcheck.checklists.standard import STANDARD_ITEMS as ITEMS

STATUSES = ("met", "partial", "gap")
CONFIDENCES = ("high", "medium", "low")
ITEM_KEYS = {"status", "elements", "provisions", "values", "quote", "why", "confidence"}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_items_in_order(name: str, label: dict) -> None:
    assert tuple(label["items"]) == ITEMS, f"{name}.yaml: items missing or out of STANDARDS.md order"


def check_items_well_formed(name: str, label: dict) -> None:
    for item_id, item in label["items"].items():
        where = f"{name}.yaml {item_id}"
        assert isinstance(item, dict), where
        assert set(item) <= ITEM_KEYS, where
        assert item.get("status") in STATUSES, where
        assert item.get("confidence") in CONFIDENCES, where
        assert isinstance(item.get("why"), str) and len(item["why"]) > 20, f"{where}: say why"
        provisions = item.get("provisions")
        assert isinstance(provisions, list) and all(isinstance(p, str) and p for p in provisions), where
        assert isinstance(item.get("quote", ""), str), where
        if item["status"] == "gap":
            assert provisions == [], f"{where}: a gap cites no provision (explain in why)"
        else:
            assert provisions, f"{where}: met/partial must cite the provisions relied on"
            assert item.get("quote"), f"{where}: met/partial must quote the provision relied on"
        if item_id in ELEMENTS:
            elements = item.get("elements")
            assert isinstance(elements, dict), f"{where}: itemised items list every sub-element"
            assert tuple(elements) == ELEMENTS[item_id], f"{where}: sub-elements missing or out of order"
            assert all(isinstance(v, bool) for v in elements.values()), where
        else:
            assert "elements" not in item, where


def check_status_agrees_with_elements(name: str, label: dict) -> None:
    for item_id, item in label["items"].items():
        if item_id not in ELEMENTS:
            continue
        found = list(item["elements"].values())
        expected = "met" if all(found) else "gap" if not any(found) else "partial"
        # a means-free offence credits every means (STANDARDS.md), so "met" with all found
        assert item["status"] == expected, f"{name}.yaml {item_id}: {item['status']} but elements say {expected}"


def check_values(name: str, label: dict) -> None:
    items = label["items"]
    age = items["CHILD-AGE-18"]
    if age["status"] == "gap":
        assert "values" not in age
    else:
        assert isinstance(age["values"]["age"], int)
        assert (age["values"]["age"] == 18) == (age["status"] == "met")
    days = items["RESID-REFLECTION"]
    if days["status"] == "gap":
        assert "values" not in days
    else:
        assert isinstance(days["values"]["days"], int)
        if days["status"] == "met":
            assert days["values"]["days"] >= 30
    for item_id, item in items.items():
        if item_id not in ("CHILD-AGE-18", "RESID-REFLECTION"):
            assert "values" not in item, f"{name}.yaml {item_id}"


def check_quotes_verbatim(name: str, label: dict, text: str) -> None:
    source = squash(text)
    for item_id, item in label["items"].items():
        quote = item.get("quote") or ""
        assert squash(quote) in source, f"{name}.yaml {item_id}: quote not found in {name}.txt: {quote!r}"
