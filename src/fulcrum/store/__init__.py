"""Persistence: SQLAlchemy 2 models, Alembic migrations and repositories.

SQLite in the user's data directory is the embedded default; any SQLAlchemy URL
(``--db`` or ``FULCRUM_DATABASE_URL``), PostgreSQL for a shared deployment. The
only layer that knows SQL; services get repositories, and the CLI or API opens
one ``Database.unit_of_work()`` per command or request.
"""

from fulcrum.store._database import HEAD_REVISION, Database, is_local_url, make_engine, upgrade

__all__ = ["HEAD_REVISION", "Database", "is_local_url", "make_engine", "upgrade"]
