"""The knowledge graph: frameworks, provisions, requirements, controls, principles, crosswalks.

Everything is data: YAML files under ``catalog/data/`` (one folder per
framework; adding a framework means adding files), validated once at load time
with errors that name the file, line and field, and with every reference
resolved. ``get_catalog()`` returns the bundled catalog, loaded once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from fulcrum.catalog._conditions import Condition
from fulcrum.catalog._graph import Catalog, CoverageRow, Edge, framework_of
from fulcrum.catalog._loader import DATA_DIR, load_catalog
from fulcrum.catalog._model import (
    Amendment,
    Application,
    Control,
    Framework,
    Mapping,
    Precedent,
    Principle,
    Provision,
    Requirement,
    Rule,
    Scheme,
)
from fulcrum.evidence import Threshold

__all__ = [
    "DATA_DIR",
    "Amendment",
    "Application",
    "Catalog",
    "Condition",
    "Control",
    "CoverageRow",
    "Edge",
    "Framework",
    "Mapping",
    "Precedent",
    "Principle",
    "Provision",
    "Requirement",
    "Rule",
    "Scheme",
    "catalog_with",
    "framework_of",
    "get_catalog",
    "load_catalog",
    "thresholds_for",
]


@lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    """The bundled catalog, loaded and validated once per process."""
    return load_catalog()


def catalog_with(extra: Iterable[str | Path] = ()) -> Catalog | None:
    """The bundled catalog plus extra folders, or None (meaning the bundled one) when none."""
    extra = tuple(extra)
    return load_catalog(extra=extra) if extra else None


def thresholds_for(requirement_id: str, assessment: str) -> list[Threshold]:
    """Thresholds that a catalog requirement sets for an assessment (e.g. ``fairness``)."""
    return get_catalog().thresholds_for(requirement_id, assessment)
