"""The application factory: database, middleware, problem+json errors and the routers."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from fulcrum import __version__
from fulcrum.api import _problems
from fulcrum.api._middleware import BodyLimit, SecurityHeaders
from fulcrum.api._settings import ApiSettings
from fulcrum.api.main import api_router
from fulcrum.api.routes.case_evidence import UPLOAD_PATH
from fulcrum.errors import EngineError
from fulcrum.schemas import problem_responses
from fulcrum.store import Database

PREFIX = "/api/v1"


def open_database(settings: ApiSettings, *, migrate: bool) -> Database:
    """The server's database; pooled connections sized for the worker's threads."""
    url = settings.resolved_database_url
    kwargs: dict[str, object] = {"pool_pre_ping": True}
    if not url.startswith("sqlite:///:memory:") and url != "sqlite://":
        kwargs.update(pool_size=settings.pool_size, max_overflow=settings.pool_size)
    return Database(url, migrate=migrate, **kwargs)


def create_app(
    settings_or_db_url: ApiSettings | str | None = None, *, migrate: bool = True
) -> FastAPI:
    """A Fulcrum API app on ``settings_or_db_url`` (settings, a database URL, or the default).

    ``migrate`` brings the schema up to date first; ``fulcrum serve`` migrates once
    before it starts its workers and passes ``migrate=False`` to each of them.
    """
    if isinstance(settings_or_db_url, ApiSettings):
        settings = settings_or_db_url
    elif settings_or_db_url is None:
        settings = ApiSettings()
    else:
        settings = ApiSettings(database_url=settings_or_db_url)
    db = open_database(settings, migrate=migrate)

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        yield
        started.state.db.dispose()

    app = FastAPI(
        title="Fulcrum",
        version=__version__,
        summary="AI ethics and governance: systems, rules, ethics review, evidence and audit.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    sqlite = db.engine.dialect.name == "sqlite"
    app.state.write_gate = threading.Lock() if sqlite else contextlib.nullcontext()
    app.state.settings = settings
    _problems.install(app)
    app.include_router(
        api_router,
        prefix=PREFIX,
        responses=problem_responses(400, 401, 403, 404, 409, 412, 413, 422),
    )
    web_uploads = _include_web_ui(app, db)
    app.add_middleware(
        BodyLimit,
        default=settings.max_body_bytes,
        upload=settings.max_upload_bytes,
        is_upload=lambda path: bool(UPLOAD_PATH.match(path) or web_uploads.match(path)),
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match"],
            expose_headers=["ETag", "Location"],
        )
    app.add_middleware(SecurityHeaders, docs_path=f"{PREFIX}/docs")
    return app


def _include_web_ui(app: FastAPI, db: Database) -> re.Pattern[str]:
    """Serve the web UI at ``/`` when the ``web`` extra is installed; its upload paths."""
    try:
        from fulcrum.web import UPLOAD_PATH as WEB_UPLOAD_PATH
        from fulcrum.web import include_web
    except EngineError:  # the API alone (`pip install fulcrum[server]`): no babel
        return re.compile(r"(?!)")
    include_web(app, db=db)
    return WEB_UPLOAD_PATH


def app_from_env() -> FastAPI:
    """The factory ``fulcrum serve`` gives uvicorn: settings from the environment, no migration."""
    return create_app(ApiSettings(), migrate=False)
