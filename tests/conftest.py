"""Shared fixtures: an isolated data directory so tests never touch the user's."""

from __future__ import annotations

from collections.abc import Iterator
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
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 2})
            with engine.connect():
                pass
            engine.dispose()
            return url
        except Exception:
            continue
    return None


@pytest.fixture
def postgres_database() -> Iterator[Database]:
    """A migrated PostgreSQL database in a fresh schema, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    url = _postgres_url()
    if url is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    schema = f"fulcrum_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = Database(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield database
    finally:
        database.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
