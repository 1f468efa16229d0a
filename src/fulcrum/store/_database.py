"""Opening a database: engine, migrations, and one transaction per unit of work."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from fulcrum.errors import ConflictError, FulcrumError, StoreError
from fulcrum.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
#: The newest Alembic revision (tests check it against the migration scripts).
HEAD_REVISION = "0003_trust"
T = TypeVar("T")
_WRITE = "fulcrum_write"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event decide how each transaction begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Writers take SQLite's write lock up front (waiting up to busy_timeout) instead of
    # failing with "database is locked" when a read lock cannot be upgraded mid-way.
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_local_url(url: str) -> bool:
    """Whether ``url`` is an SQLite file (or memory) on this machine."""
    return url.startswith("sqlite:")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get their folder, foreign keys and WAL."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate database: {exc}") from exc


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None when it has no schema yet)."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database: {exc}") from exc


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, ConflictError | StaleDataError | SAIntegrityError):
        return True
    if isinstance(exc, DBAPIError):
        message = str(exc.orig).lower()
        return any(
            word in message for word in ("locked", "deadlock", "could not serialize", "busy")
        )
    if isinstance(exc, StoreError) and exc.__cause__ is not None:
        return _retryable(exc.__cause__)
    return False


class Database:
    """An engine plus a session factory; ``unit_of_work()`` commits exactly once.

    ``migrate``: ``"auto"`` (default) upgrades a local SQLite file that is behind and
    refuses a shared database that is (run ``fulcrum db upgrade``); ``True`` always
    upgrades; ``False`` never looks.
    """

    def __init__(
        self, url: str | None = None, *, migrate: bool | str = "auto", **engine_kwargs: Any
    ) -> None:
        self.url = url or get_settings().resolved_database_url
        self.engine = make_engine(self.url, **engine_kwargs)
        if migrate is True:
            upgrade(self.engine)
        elif migrate == "auto":
            self._ensure_schema()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @property
    def is_local(self) -> bool:
        """Whether this is an SQLite database on this machine (the embedded default)."""
        return is_local_url(self.url)

    def _ensure_schema(self) -> None:
        revision = schema_revision(self.engine)
        if revision == HEAD_REVISION:
            return
        if self.is_local:
            upgrade(self.engine)
            return
        raise StoreError(
            f"database schema is at {revision or 'nothing'}, this Fulcrum needs {HEAD_REVISION}:"
            " run `fulcrum db upgrade` once"
        )

    def upgrade(self) -> None:
        """Run the migrations (``fulcrum db upgrade``, server start)."""
        upgrade(self.engine)

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any error.

        A ``FulcrumError`` whose ``commit`` attribute is true (a failed sign-in that must be
        counted) commits what was recorded before it and is raised again.
        """
        session = (self._write_sessions if write else self._sessions)()
        try:
            yield session
            session.commit()
        except FulcrumError as exc:
            if getattr(exc, "commit", False):
                session.commit()
            else:
                session.rollback()
            raise
        except SQLAlchemyError as exc:
            session.rollback()
            if _retryable(exc):
                raise ConflictError(f"a concurrent change got there first: {exc}") from exc
            raise StoreError(f"database error, nothing was changed: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def run(self, work: Callable[[Session], T], *, write: bool = True, attempts: int = 8) -> T:
        """``work(session)`` in one transaction, retried when a concurrent writer conflicts."""
        for attempt in range(1, attempts + 1):
            try:
                with self.unit_of_work(write=write) as session:
                    return work(session)
            except (ConflictError, StoreError) as exc:
                if attempt == attempts or not _retryable(exc):
                    raise
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    def table_names(self) -> list[str]:
        """Tables present (for diagnostics and tests)."""
        return sorted(inspect(self.engine).get_table_names())

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
