"""Opening the database named by ``--db`` / ``FULCRUM_DATABASE_URL`` for a command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fulcrum.cli._state import state

if TYPE_CHECKING:
    from fulcrum.store import Database


def open_database() -> Database:
    """The database for this command (default: SQLite in the user's data directory).

    SQLAlchemy is imported here, not at start-up, so commands that need no database
    (the assessments, the catalog) start fast.
    """
    from fulcrum.store import Database

    return Database(state.database_url)
