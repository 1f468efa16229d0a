"""Report downloads from the system page: each one issued (and logged) by ``ReportService``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fulcrum.reports._service import ReportService
from fulcrum.web._context import Ctx, Web, attachment


def router(web: Web) -> APIRouter:
    """Routes under /systems/{slug}/reports."""
    r = APIRouter()

    @r.get("/systems/{slug}/reports/{kind}")
    async def report(
        request: Request,
        slug: str,
        kind: str,
        format: str | None = None,
        lang: str | None = None,
        version: int | None = None,
    ) -> Response:
        """Issue one report; a GET, since a link downloads it, that writes only its log event."""

        def work(ctx: Ctx) -> Response:
            issued = ReportService(ctx.session, ctx.user).issue(
                slug, kind, format=format, lang=lang or ctx.lang, version=version
            )
            return attachment(
                issued.data,
                issued.media_type,
                issued.filename,
                {"X-Content-SHA256": issued.sha256},
            )

        return await web.page(request, work, write=True)

    return r
