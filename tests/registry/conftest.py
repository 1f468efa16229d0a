"""A fresh database per test: a SQLite file, and PostgreSQL in its own schema when reachable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fulcrum.store import Database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database of each kind."""
    if request.param == "postgres":
        yield request.getfixturevalue("postgres_database")
        return
    db = Database(f"sqlite:///{tmp_path / 'fulcrum.db'}")
    yield db
    db.dispose()
