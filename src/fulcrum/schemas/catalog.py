"""The knowledge graph: frameworks, items, crosswalk edges, search and SPARQL results."""

from __future__ import annotations

from typing import Any

from fulcrum.schemas._base import Page, Schema


class FrameworkPublic(Schema):
    """A framework (law, standard, guideline, code of ethics)."""

    id: str
    title: str
    kind: str
    jurisdiction: str | None
    version: str
    requirements: int


class FrameworksPublic(Page[FrameworkPublic]):
    """Every framework."""


class ItemSummary(Schema):
    """A catalog item in a list."""

    id: str
    kind: str
    title: str
    framework: str


class ItemsPublic(Page[ItemSummary]):
    """A page of items."""


class EdgePublic(Schema):
    """A crosswalk edge read from one item's side."""

    relation: str
    other: str
    direction: str
    rationale: str


class EdgesPublic(Page[EdgePublic]):
    """Crosswalk edges of an item."""


class ItemDetail(Schema):
    """One item: its fields as in the catalog YAML, and its crosswalk edges."""

    id: str
    kind: str
    title: str
    framework: str
    data: dict[str, Any]
    crosswalk: list[EdgePublic]


class SearchHit(ItemSummary):
    """A search result with its score."""

    score: float


class SearchResults(Page[SearchHit]):
    """Search results, best first."""


class SparqlResults(Schema):
    """Rows of a SPARQL SELECT (or one ``result`` row for ASK)."""

    variables: list[str]
    rows: list[dict[str, str | None]]
    count: int
