"""``fulcrum serve``: run the REST API (migrations once, then uvicorn workers)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from fulcrum.cli._output import console
from fulcrum.cli._state import state
from fulcrum.errors import InputError, missing_extra


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (PostgreSQL only for more than 1).", min=1)
    ] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API under /api/v1 (OpenAPI at /api/v1/openapi.json)."""
    try:
        import uvicorn
    except ModuleNotFoundError as exc:
        raise missing_extra("uvicorn", "server") from exc
    from fulcrum.api import ApiSettings
    from fulcrum.store import Database

    settings = ApiSettings()
    url = state.database_url or settings.resolved_database_url
    if url.startswith("sqlite") and workers > 1:
        raise InputError(
            "SQLite serves one worker process; use --workers 1, or a PostgreSQL --db for more"
        )
    database = Database(url, migrate=True)
    database.dispose()
    os.environ["FULCRUM_DATABASE_URL"] = url
    shown = url.split("@")[-1] if "@" in url else url
    console.print(
        f"Fulcrum API on http://{host}:{port}/api/v1 ({workers} worker(s), database {shown})",
        highlight=False,
    )
    uvicorn.run(
        "fulcrum.api:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
    )


def register(root: typer.Typer) -> None:
    """Add the ``serve`` command."""
    root.command("serve")(serve)
