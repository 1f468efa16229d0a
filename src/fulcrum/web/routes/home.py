"""My work (``/``): what waits for the signed-in user."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fulcrum.web._context import Ctx, Web
from fulcrum.web._mywork import my_work


def router(web: Web) -> APIRouter:
    """The home page."""
    r = APIRouter()

    @r.get("/")
    async def home(request: Request) -> Response:
        """Cases awaiting my vote or decision, my drafts, conditions I own, overdue items."""

        def work(ctx: Ctx) -> Response:
            return ctx.render("pages/home.html.j2", {"work": my_work(ctx)})

        return await web.page(request, work)

    return r
