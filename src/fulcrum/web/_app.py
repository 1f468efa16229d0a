"""Mounting the UI on a FastAPI app: the htmx middleware, static files and the page routers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Receive, Scope, Send

from fulcrum.web import _filters
from fulcrum.web._context import Web

if TYPE_CHECKING:
    from fulcrum.store import Database

HERE = Path(__file__).parent
#: Pages that take file uploads (evidence, profiles, answers, checkpoints): a server's body
#: limit should treat them as uploads.
UPLOAD_PATH = re.compile(r"^/(cases/\d+/(evidence|answers/import)|systems|audit/verify)$")
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class HtmxMiddleware:
    """Sets ``request.state.htmx`` from the ``HX-Request`` header (as MinBZK's AMT does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            state: dict[str, Any] = scope.setdefault("state", {})
            state["htmx"] = headers.get(b"hx-request") == b"true" and not headers.get(
                b"hx-history-restore-request"
            )
        await self.app(scope, receive, send)


def environment() -> Environment:
    """The Jinja environment: autoescaped ``*.html.j2`` templates."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _filters.install(env)
    return env


def include_web(app: FastAPI, *, db: Database) -> None:
    """Mount the pages at ``/`` and the static files at ``/static`` on ``app``."""
    from fulcrum.web.routes import routers

    web = Web(db=db, env=environment())
    app.state.fulcrum_web = web
    app.add_middleware(HtmxMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers(web):
        app.include_router(router, include_in_schema=False)
