"""The knowledge graph: frameworks, items with citations and crosswalks, search, coverage."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fulcrum.catalog import Catalog, framework_of, get_catalog
from fulcrum.web._context import Ctx, Web

_KINDS = ("provisions", "requirements", "controls", "principles", "rules")


def router(web: Web) -> APIRouter:
    """Routes under /catalog."""
    r = APIRouter()

    @r.get("/catalog")
    async def catalog(request: Request, q: str = "") -> Response:
        """Frameworks, and search results for ``q`` (htmx gets only the results)."""

        def work(ctx: Ctx) -> Response:
            cat = get_catalog()
            hits = [(cat.kind_of(item.id), item) for _score, item in cat.search(q, limit=50)]
            return ctx.render(
                "pages/catalog.html.j2",
                {
                    "frameworks": sorted(cat.frameworks.values(), key=lambda f: f.id),
                    "counts": _counts(cat),
                    "q": q,
                    "hits": hits,
                    "version": cat.version,
                },
                part="parts/catalog_hits.html.j2",
            )

        return await web.page(request, work)

    @r.get("/catalog/frameworks/{framework_id}")
    async def framework(request: Request, framework_id: str) -> Response:
        """One framework with its provisions, requirements, controls, principles and rules."""

        def work(ctx: Ctx) -> Response:
            cat = get_catalog()
            fw = cat.get(framework_id)
            sections = {kind: cat.items(kind, framework_id) for kind in _KINDS}
            return ctx.render("pages/framework.html.j2", {"fw": fw, "sections": sections})

        return await web.page(request, work)

    @r.get("/catalog/items/{item_id}")
    async def item(request: Request, item_id: str) -> Response:
        """One item: its text, citations, application date and crosswalk edges."""

        def work(ctx: Ctx) -> Response:
            cat = get_catalog()
            found = cat.get(item_id)
            kind = cat.kind_of(item_id)
            if kind == "framework":
                return ctx.redirect(f"/catalog/frameworks/{item_id}")
            edges = [(e, _title(cat, e.other)) for e in cat.crosswalk(item_id)]
            graph = crosswalk_graph(item_id, [(e.other, e.relation, t) for e, t in edges])
            return ctx.render(
                "pages/catalog_item.html.j2",
                {
                    "item": found,
                    "kind": kind,
                    "fw": cat.frameworks.get(framework_of(item_id)),
                    "edges": edges,
                    "graph": graph,
                    "provisions": [
                        cat.provisions[p] for p in getattr(found, "provisions", ()) or ()
                    ],
                },
            )

        return await web.page(request, work)

    @r.get("/catalog/coverage")
    async def coverage(
        request: Request, a: str = "eu-ai-act", b: str = "iso-iec-42001"
    ) -> Response:
        """Which requirements of framework A are covered by framework B."""

        def work(ctx: Ctx) -> Response:
            cat = get_catalog()
            rows = cat.coverage(a, b)
            tally = {
                s: sum(1 for r in rows if r.status == s) for s in ("covered", "partial", "none")
            }
            return ctx.render(
                "pages/coverage.html.j2",
                {
                    "frameworks": sorted(cat.frameworks),
                    "a": a,
                    "b": b,
                    "rows": [(row, _title(cat, row.requirement)) for row in rows],
                    "tally": tally,
                },
            )

        return await web.page(request, work)

    return r


def _title(cat: Catalog, item_id: str) -> str:
    found: Any = cat.get(item_id)
    return str(getattr(found, "title", item_id))


def _counts(cat: Catalog) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for kind in ("provisions", "requirements", "controls"):
        for item_id in getattr(cat, kind):
            bucket = out.setdefault(framework_of(item_id), {})
            bucket[kind] = bucket.get(kind, 0) + 1
    return out


def crosswalk_graph(
    center: str, edges: list[tuple[str, str, str]], *, size: int = 560, limit: int = 24
) -> dict[str, Any]:
    """Positions of a radial graph: the item in the middle, its crosswalk neighbours around it.

    Drawn as SVG links (each neighbour opens its own graph), so it needs no script.
    """
    import math

    middle = size / 2
    radius = size / 2 - 70
    shown = edges[:limit]
    nodes = []
    for i, (other, relation, title) in enumerate(shown):
        angle = 2 * math.pi * i / max(1, len(shown)) - math.pi / 2
        x, y = middle + radius * math.cos(angle), middle + radius * math.sin(angle)
        nodes.append(
            {
                "id": other,
                "title": title,
                "relation": relation,
                "x": round(x, 1),
                "y": round(y, 1),
                "anchor": "start"
                if math.cos(angle) > 0.2
                else "end"
                if math.cos(angle) < -0.2
                else "middle",
                "lx": round(x + 10 * math.cos(angle), 1),
                "ly": round(y + 10 * math.sin(angle) + 4, 1),
            }
        )
    return {
        "center": center,
        "size": size,
        "middle": middle,
        "nodes": nodes,
        "hidden": max(0, len(edges) - limit),
    }
