"""Migration 0003: models and scripts agree, old databases verify after it, shared ones wait."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from fulcrum.audit import verify
from fulcrum.errors import StoreError
from fulcrum.store import HEAD_REVISION, Database
from fulcrum.store._database import MIGRATIONS
from fulcrum.store.models import Base


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_head_revision_constant_matches_the_scripts() -> None:
    assert ScriptDirectory.from_config(_config()).get_current_head() == HEAD_REVISION


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_rows_written_before_0003_verify_after_the_upgrade(tmp_path: Path) -> None:
    # Given a database at 0002 holding a user and a system written by an older Fulcrum
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_review")
        connection.execute(
            text(
                "INSERT INTO users (username, display_name, role, active, created_at) "
                "VALUES ('old-admin', '', 'admin', 1, '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO systems (slug, name, owner, created_at) "
                "VALUES ('legacy', 'Legacy', 'old-admin', '2026-01-01 00:00:00')"
            )
        )
    # When the local database is opened (it upgrades itself)
    db = Database(url)
    # Then one baseline event records those rows and the whole log verifies
    with db.unit_of_work() as session:
        result = verify(session)
        assert result.ok, result.problem
        kinds = [r[0] for r in session.execute(text("SELECT type FROM audit_events"))]
    assert kinds == ["state.baseline"]
    # And a later edit of such a row is still caught
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE systems SET owner = 'mallory'"))
    with db.unit_of_work() as session:
        result = verify(session)
    assert not result.ok and (result.table, result.column) == ("systems", "owner")


@pytest.mark.postgres
def test_a_shared_database_is_never_migrated_behind_your_back() -> None:
    from tests.conftest import fresh_postgres_url

    with fresh_postgres_url() as url:
        # Given an empty PostgreSQL database, Fulcrum refuses to touch its schema itself
        with pytest.raises(StoreError, match="fulcrum db upgrade"):
            Database(url)
        # When an operator runs the migrations once, Then it opens
        from fulcrum.cli.main import app

        result = CliRunner().invoke(app, ["--db", url, "db", "upgrade"])
        assert result.exit_code == 0 and HEAD_REVISION in result.output
        database = Database(url)
        assert "audit_events" in database.table_names()
        database.dispose()
