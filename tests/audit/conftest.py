"""A migrated SQLite database with a few audit events."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.audit import AuditLog
from fulcrum.store import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    """A fresh database."""
    return Database(f"sqlite:///{tmp_path / 'audit.db'}")


@pytest.fixture
def filled(db: Database) -> Database:
    """A database holding five chained events."""
    for i in range(5):
        with db.unit_of_work() as session:
            AuditLog(session).append(
                "case.transition", actor="alice", subject=f"case:{i % 2}", payload={"n": i}
            )
    return db
