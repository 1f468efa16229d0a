"""Committees: members, seats, expertise and the composition warnings."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from fulcrum.auth import can
from fulcrum.web import _services as services
from fulcrum.web._context import Ctx, Web

EXPERTISE = ("technical", "ethics", "law")
SEATS = ("chair", "vice_chair", "member", "secretary")


def router(web: Web) -> APIRouter:
    """Routes under /committees."""
    r = APIRouter()

    def render(ctx: Ctx, notice: str = "") -> Response:
        return ctx.render(
            "pages/committees.html.j2",
            {
                "committees": services.committees(ctx).list(),
                "manage": can(ctx.user, "committee.manage"),
                "expertise": EXPERTISE,
                "seats": SEATS,
                "notice": notice,
            },
        )

    @r.get("/committees")
    async def committees(request: Request) -> Response:
        """Every committee with its members and composition warnings."""
        return await web.page(request, render)

    @r.post("/committees/defaults")
    async def defaults(request: Request) -> Response:
        """Create the policy's committees that do not exist yet."""

        def work(ctx: Ctx, _form: FormData) -> Response:
            made = services.committees(ctx).ensure_defaults()
            return render(ctx, ctx.t.gettext("Committees created") + f": {', '.join(made) or '-'}")

        return await web.action(request, work)

    @r.post("/committees/{slug}/members")
    async def add_member(request: Request, slug: str) -> Response:
        """Seat a user on a committee."""

        def work(ctx: Ctx, form: FormData) -> Response:
            services.committees(ctx).add_member(
                slug,
                str(form.get("username") or "").strip(),
                role=str(form.get("role") or "member"),
                expertise=[str(v) for v in form.getlist("expertise")],
                external=form.get("external") == "on",
                gender=str(form.get("gender") or ""),
            )
            return render(ctx, ctx.t.gettext("Member seated."))

        return await web.action(request, work)

    return r
