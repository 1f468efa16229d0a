"""Opening the database named by ``--db`` / ``FULCRUM_DATABASE_URL`` and the acting user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from fulcrum.cli._state import state

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fulcrum.store import Database
    from fulcrum.store.models.users import UserRow

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="FULCRUM_USER",
        help="Local SQLite only: the administrator acts as this user (recorded).",
    ),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token", envvar="FULCRUM_TOKEN", help="API token (or FULCRUM_TOKEN).", show_default=False
    ),
]


def open_database() -> Database:
    """The database for this command (default: SQLite in the user's data directory).

    SQLAlchemy is imported here, not at start-up, so commands that need no database
    (the assessments, the catalog) start fast.
    """
    from fulcrum.store import Database

    return Database(state.database_url)


@contextmanager
def acting(
    as_user: str | None, token: str | None, *, write: bool = True
) -> Iterator[tuple[Session, UserRow]]:
    """One unit of work and the authenticated actor (token, or the local administrator)."""
    from fulcrum.auth import resolve_actor

    with open_database().unit_of_work(write=write) as session:
        yield session, resolve_actor(session, as_user, token)
