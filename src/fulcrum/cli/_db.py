"""Opening the database named by ``--db`` / ``FULCRUM_DATABASE_URL`` for a command."""

from __future__ import annotations

from fulcrum.cli._state import state
from fulcrum.store import Database


def open_database() -> Database:
    """The database for this command (default: SQLite in the user's data directory)."""
    return Database(state.database_url)
