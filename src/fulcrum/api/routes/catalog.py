"""``/catalog``: the knowledge graph — frameworks, items, crosswalks, search, SPARQL."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from fulcrum.api.deps import CurrentUser, PagingDep
from fulcrum.catalog import framework_of, get_catalog
from fulcrum.errors import InputError
from fulcrum.schemas import (
    EdgePublic,
    EdgesPublic,
    FrameworkPublic,
    FrameworksPublic,
    ItemDetail,
    ItemsPublic,
    ItemSummary,
    SearchHit,
    SearchResults,
    SparqlResults,
)

router = APIRouter(prefix="/catalog", tags=["catalog"])
Kind = Literal["provisions", "requirements", "controls", "principles", "rules"]


def _summary(item: Any) -> ItemSummary:
    catalog = get_catalog()
    kind = catalog.kind_of(item.id) if ":" in item.id else "framework"
    return ItemSummary(id=item.id, kind=kind, title=item.title, framework=framework_of(item.id))


@router.get("/frameworks", response_model=FrameworksPublic)
def list_frameworks(user: CurrentUser, paging: PagingDep) -> FrameworksPublic:
    """Every framework with its number of requirements."""
    catalog = get_catalog()
    rows = [
        FrameworkPublic(
            id=f.id,
            title=f.short_title,
            kind=f.kind,
            jurisdiction=f.jurisdiction,
            version=f.version,
            requirements=sum(1 for r in catalog.requirements if framework_of(r) == f.id),
        )
        for f in catalog.items("frameworks")
    ]
    return FrameworksPublic(data=paging.slice(rows), count=len(rows))


def _items(kind: str, framework: str | None, paging: PagingDep) -> ItemsPublic:
    rows = [_summary(i) for i in get_catalog().items(kind, framework)]
    return ItemsPublic(data=paging.slice(rows), count=len(rows))


@router.get("/provisions", response_model=ItemsPublic)
def list_provisions(
    user: CurrentUser, paging: PagingDep, framework: Annotated[str | None, Query()] = None
) -> ItemsPublic:
    """Provisions (articles, clauses), optionally of one framework."""
    return _items("provisions", framework, paging)


@router.get("/requirements", response_model=ItemsPublic)
def list_requirements(
    user: CurrentUser, paging: PagingDep, framework: Annotated[str | None, Query()] = None
) -> ItemsPublic:
    """Requirements (obligations, controls to have), optionally of one framework."""
    return _items("requirements", framework, paging)


@router.get("/items", response_model=ItemsPublic)
def list_items(
    user: CurrentUser,
    paging: PagingDep,
    kind: Kind | None = None,
    framework: Annotated[str | None, Query()] = None,
) -> ItemsPublic:
    """Items of any kind, optionally of one kind and/or framework."""
    rows = [_summary(i) for i in get_catalog().items(kind, framework)]
    return ItemsPublic(data=paging.slice(rows), count=len(rows))


@router.get("/items/{item_id}", response_model=ItemDetail)
def get_item(item_id: str, user: CurrentUser) -> ItemDetail:
    """One item with its fields and crosswalk edges."""
    catalog = get_catalog()
    item = catalog.get(item_id)
    edges = (
        [EdgePublic.model_validate(e) for e in catalog.crosswalk(item_id)] if ":" in item_id else []
    )
    summary = _summary(item)
    return ItemDetail(
        **summary.model_dump(),
        data=item.model_dump(mode="json", by_alias=True, exclude_none=True),
        crosswalk=edges,
    )


@router.get("/crosswalks/{item_id}", response_model=EdgesPublic)
def crosswalk(item_id: str, user: CurrentUser, paging: PagingDep) -> EdgesPublic:
    """Crosswalk edges of an item (SKOS relations, read from its side)."""
    edges = [EdgePublic.model_validate(e) for e in get_catalog().crosswalk(item_id)]
    return EdgesPublic(data=paging.slice(edges), count=len(edges))


@router.get("/search", response_model=SearchResults)
def search(
    user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to look for.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    """Items whose id, title or text contain every word, best first."""
    hits = [
        SearchHit(**_summary(item).model_dump(), score=score)
        for score, item in get_catalog().search(q, limit)
    ]
    return SearchResults(data=hits, count=len(hits))


@router.get("/sparql", response_model=SparqlResults)
def sparql(
    request: Request,
    user: CurrentUser,
    query: Annotated[str, Query(min_length=1, description="A SPARQL SELECT or ASK query.")],
) -> SparqlResults:
    """Run a SPARQL SELECT or ASK over the catalog graph (prefixes predeclared).

    The graph is an in-memory copy built per query, and updates are not queries:
    nothing a query says can change the catalog.
    """
    from fulcrum.catalog._rdf import query as run_query

    if len(query) > request.app.state.settings.max_sparql_chars:
        raise InputError("the SPARQL query is too long")
    rows = run_query(get_catalog(), query)
    variables = list(rows[0].keys()) if rows else []
    return SparqlResults(variables=variables, rows=rows, count=len(rows))
