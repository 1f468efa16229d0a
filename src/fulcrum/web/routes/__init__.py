"""The page routers, one module per area; each is built around the shared ``Web``."""

from __future__ import annotations

from fastapi import APIRouter

from fulcrum.web._context import Web
from fulcrum.web.routes import (
    audit,
    auth,
    cases,
    catalog,
    committees,
    home,
    reports,
    systems,
)


def routers(web: Web) -> list[APIRouter]:
    """Every page router, in the order they are included."""
    modules = (auth, home, systems, reports, catalog, cases, committees, audit)
    return [module.router(web) for module in modules]
