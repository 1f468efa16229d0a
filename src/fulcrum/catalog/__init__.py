"""The knowledge graph: frameworks, provisions, requirements, controls, principles, crosswalks.

Everything is data: YAML files under ``catalog/data/`` (one folder per
framework; adding a framework means adding files), validated once at load time
with errors that name the file, line and field, and with every reference
resolved. ``get_catalog()`` returns the bundled catalog with the folders named in
``FULCRUM_CATALOG_PATH``, loaded once per process.
"""

from __future__ import annotations

import os
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
    "CATALOG_PATH_ENV",
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
    "catalog_for",
    "catalog_with",
    "extra_catalog_folders",
    "framework_of",
    "get_catalog",
    "load_catalog",
    "thresholds_for",
]


#: Extra catalog folders (an organisation's own frameworks), separated like PATH.
CATALOG_PATH_ENV = "FULCRUM_CATALOG_PATH"


def extra_catalog_folders() -> tuple[str, ...]:
    """The folders named in ``FULCRUM_CATALOG_PATH``, in order."""
    value = os.environ.get(CATALOG_PATH_ENV, "")
    return tuple(part for part in value.split(os.pathsep) if part.strip())


def get_catalog() -> Catalog:
    """The bundled catalog plus ``FULCRUM_CATALOG_PATH``'s folders, loaded once per process.

    Every classification, listing and export reads this one, so an organisation's own
    frameworks count everywhere: the CLI, the REST API, the web UI and the Python API.
    """
    return catalog_for(extra_catalog_folders())


@lru_cache(maxsize=4)
def catalog_for(folders: tuple[str, ...]) -> Catalog:
    """The bundled catalog plus ``folders``, loaded once per process for each set."""
    return load_catalog(extra=folders)


def catalog_with(extra: Iterable[str | Path] = ()) -> Catalog | None:
    """The default catalog plus extra folders, or None (meaning ``get_catalog()``) when none."""
    extra = tuple(str(e) for e in extra)
    return catalog_for((*extra_catalog_folders(), *extra)) if extra else None


def thresholds_for(requirement_id: str, assessment: str) -> list[Threshold]:
    """Thresholds that a catalog requirement sets for an assessment (e.g. ``fairness``)."""
    return get_catalog().thresholds_for(requirement_id, assessment)
