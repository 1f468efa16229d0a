"""The GB/T 45654-2025 Annex A risk list, read from the catalog (one source of truth)."""

from __future__ import annotations

import re
from functools import cache

FRAMEWORK = "cn-gbt-45654"
_RISK_REF = re.compile(r"^A\.\d+\.\d+$")
_GROUP_REF = re.compile(r"^A\.\d+$")


@cache
def gbt45654_risks() -> dict[str, str]:
    """Annex A risk ids (``"A.1.1"``) mapped to their titles, in catalog order."""
    from fulcrum.catalog import get_catalog

    catalog = get_catalog()
    prefix = f"{FRAMEWORK}:"
    return {
        p.ref: p.title
        for p in catalog.provisions.values()
        if p.id.startswith(prefix) and _RISK_REF.match(p.ref)
    }


def risk_group(risk: str) -> str | None:
    """The Annex A group of a risk id (``"A.1.3"`` -> ``"A.1"``); None for other taxonomies."""
    if _RISK_REF.match(risk):
        return risk.rsplit(".", 1)[0]
    if _GROUP_REF.match(risk):
        return risk
    return None
