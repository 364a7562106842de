"""State codes: ISO 3166-1 alpha-2 and alpha-3, plus the user-assigned codes
(XA-XZ, XX, ZZ) used for drafts, model laws and tests."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from gapcheck.errors import UsageError
from gapcheck.models import State


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    """Maps alpha-2 and alpha-3 codes to (alpha-2, name)."""
    table: dict[str, tuple[str, str]] = {}
    with resources.files("gapcheck").joinpath("data/iso3166.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["alpha2"]] = (row["alpha2"], row["name"])
            table[row["alpha3"]] = (row["alpha2"], row["name"])
    return table


def _user_assigned(code: str) -> bool:
    return code in ("XX", "ZZ") or (len(code) == 2 and code[0] == "X" and "A" <= code[1] <= "Z")


def resolve_state(code: str) -> State:
    """Resolve a state code (case-insensitive) or raise ``UsageError``."""
    c = (code or "").strip().upper()
    if _user_assigned(c):
        return State(code=c, name="User-assigned code (draft, model law or test)")
    hit = _table().get(c)
    if hit is None:
        raise UsageError(
            f"unknown state code {code!r}: use an ISO 3166-1 alpha-2 or alpha-3 code (e.g. GY, GUY) "
            "or a user-assigned code (XA-XZ, XX, ZZ)",
            path="--state",
        )
    return State(code=hit[0], name=hit[1])
