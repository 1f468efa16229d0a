"""Audit: verify the hash-chained log now, and export it."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from fulcrum.web import _services as services
from fulcrum.web._context import SECURITY_HEADERS, Ctx, Web


def router(web: Web) -> APIRouter:
    """Routes under /audit."""
    r = APIRouter()

    @r.get("/audit")
    async def audit(request: Request) -> Response:
        """The audit page: verify now, export."""

        def work(ctx: Ctx) -> Response:
            return ctx.render("pages/audit.html.j2", {"result": None})

        return await web.page(request, work)

    @r.post("/audit/verify")
    async def verify(request: Request) -> Response:
        """Walk the chain now; show intact, or the first bad event."""

        def work(ctx: Ctx, _form: FormData) -> Response:
            result = services.verify_audit(ctx)
            return ctx.render(
                "pages/audit.html.j2", {"result": result}, part="parts/verification.html.j2"
            )

        return await web.action(request, work)

    @r.get("/audit/export.jsonl")
    async def export(request: Request) -> Response:
        """Every event as JSON Lines."""

        def work(ctx: Ctx) -> Response:
            lines: Iterator[str] = (
                json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                for e in services.audit_events(ctx)
            )
            body = "".join(lines)
            headers = {
                **SECURITY_HEADERS,
                "Content-Disposition": 'attachment; filename="audit-log.jsonl"',
            }
            return Response(body, media_type="application/jsonl", headers=headers)

        return await web.page(request, work)

    return r
