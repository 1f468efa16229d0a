"""Shared fixtures: an isolated data directory so tests never touch the user's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fulcrum.settings import get_settings
from fulcrum.store import Database


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point FULCRUM_DATA_DIR at a fresh folder for every test."""
    data_dir = tmp_path_factory.mktemp("fulcrum-data")
    monkeypatch.setenv("FULCRUM_DATA_DIR", str(data_dir))
    monkeypatch.delenv("FULCRUM_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


def _postgres_url() -> str | None:
    """The URL of the local PostgreSQL test database, or None when it is not reachable."""
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return None
    from sqlalchemy import create_engine

    for user in ("postgres", "root"):
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/postgres"
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 2})
            with engine.connect():
                pass
            engine.dispose()
            return url
        except Exception:
            continue
    return None


@contextmanager
def fresh_postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of this test's own, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    url = _postgres_url()
    if url is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = f"fulcrum_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_database() -> Iterator[Database]:
    """A migrated PostgreSQL database of its own, dropped afterwards."""
    with fresh_postgres_url() as url:
        database = Database(url, migrate=True)
        try:
            yield database
        finally:
            database.dispose()
