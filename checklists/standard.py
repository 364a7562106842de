"""The stable identifiers of STANDARDS.md: item ids, their sub-element ids, the themes.

Reports, JSON output, batch matrices and evaluation labels rely on these ids;
the loader checks the bundled and user checklists against them.
"""

from __future__ import annotations

from gapcheck.models import THEMES

THEME_IDS: tuple[str, ...] = tuple(t for t, _ in THEMES)

STANDARD_ELEMENTS: dict[str, tuple[str, ...]] = {
    "TIP-ACTS": ("recruitment", "transportation", "transfer", "harbouring", "receipt"),
    "TIP-MEANS": ("force", "coercion", "abduction", "fraud", "deception", "abuse_of_power",
                  "abuse_of_vulnerability", "payments"),
    "TIP-PURPOSES": ("prostitution_of_others", "sexual_exploitation", "forced_labour", "slavery",
                     "practices_similar_to_slavery", "servitude", "organ_removal"),
    "EXPL-EXTENDED": ("debt_bondage", "forced_marriage", "child_labour"),
    "EXPL-STANDALONE": ("slavery", "servitude", "forced_labour", "debt_bondage"),
}

STANDARD_ITEMS: tuple[str, ...] = (
    "TIP-OFFENCE", "TIP-ACTS", "TIP-MEANS", "TIP-PURPOSES", "TIP-CONSENT",
    "CHILD-NO-MEANS", "CHILD-AGE-18",
    "SCOPE-DOMESTIC", "SCOPE-NO-OCG", "SCOPE-ALL-VICTIMS",
    "EXPL-EXTENDED", "EXPL-STANDALONE",
    "NONPUN-PRINCIPLE", "NONPUN-STATUS", "VICTIM-NO-DETENTION",
    "RESID-REFLECTION", "RESID-PERMIT", "RETURN-SAFE", "RETURN-RISK", "VICTIM-REMEDY",
)
