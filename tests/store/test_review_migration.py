"""Migration 0002 builds exactly the tables the models declare, and downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from fulcrum.store import Database
from fulcrum.store._database import MIGRATIONS
from fulcrum.store.models import Base

NEW_TABLES = {
    "users",
    "api_tokens",
    "audit_events",
    "audit_head",
    "committees",
    "committee_members",
    "review_cases",
    "review_answers",
    "review_evidence",
    "review_votes",
    "review_recusals",
    "review_decisions",
    "review_conditions",
}


def test_upgrade_creates_review_tables_matching_models(tmp_path: Path) -> None:
    # Given a fresh database migrated to head
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    # Then every new table exists and the schema has no drift from the models
    assert set(db.table_names()) >= NEW_TABLES
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "review" in str(d) or "audit" in str(d) or "user" in str(d)] == []


def test_downgrade_to_0001_removes_them(tmp_path: Path) -> None:
    # Given a migrated database
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # When downgrading to the systems revision
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001_systems")
    # Then only the systems tables remain
    assert not (set(db.table_names()) & NEW_TABLES)
