"""The page routers, one module per area; each is built around the shared ``Web``."""

from __future__ import annotations

from fastapi import APIRouter

from fulcrum.web._context import Web
from fulcrum.web.routes import audit, auth, cases, catalog, committees, home, systems


def routers(web: Web) -> list[APIRouter]:
    """Every page router, in the order they are included."""
    return [
        module.router(web) for module in (auth, home, systems, catalog, cases, committees, audit)
    ]
