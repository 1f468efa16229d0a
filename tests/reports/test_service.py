"""ReportService: the one place that issues reports for the CLI, the API and the web UI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fulcrum.audit import verify
from fulcrum.auth import UserService
from fulcrum.demo._systems import PROFILES
from fulcrum.errors import InputError, NotFoundError
from fulcrum.profile import load_profile
from fulcrum.registry import Registry
from fulcrum.reports._service import ReportService
from fulcrum.store import Database
from fulcrum.store.models.audit import AuditEventRow

SCREENER = "eu-recruitment-screener"


@pytest.fixture
def database(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'f.db'}")
    with db.unit_of_work() as session:
        users = UserService(session)
        users.add(None, "ada", role="admin", password="correct-horse-battery")
        admin = users.resolve("ada")
        users.add(admin, "aud", role="auditor", password="auditor-password")
        Registry(session, admin).register(load_profile(PROFILES / f"{SCREENER}.yaml"))
    return db


def _issued_events(db: Database) -> list[dict[str, object]]:
    with db.unit_of_work(write=False) as session:
        rows = session.query(AuditEventRow).filter(AuditEventRow.type == "report.issued").all()
        return [dict(r.payload) for r in rows]


def test_an_auditor_takes_a_report_and_the_log_holds_its_hash(database: Database) -> None:
    # Given an auditor, who may write nothing else
    with database.unit_of_work() as session:
        auditor = UserService(session).resolve("aud")
        issued = ReportService(session, auditor).issue(SCREENER, "model-card", format="md")
    # Then the bytes are the model card and the event carries their SHA-256
    assert issued.data.startswith(b"---") and issued.media_type.startswith("text/markdown")
    assert issued.filename == f"{SCREENER}-v1-model-card-{issued.filename[-13:-3]}.md"
    (event,) = _issued_events(database)
    assert event["sha256"] == hashlib.sha256(issued.data).hexdigest() == issued.sha256
    assert event["report"] == "model-card" and event["format"] == "md"
    with database.unit_of_work(write=False) as session:
        assert verify(session).ok


@pytest.mark.parametrize(
    ("kind", "fmt", "message"),
    [
        ("dosier", None, "report 'dosier' is not one of"),
        ("dossier", "docx", "dossier comes as pdf, html, not 'docx'"),
    ],
)
def test_a_wrong_kind_or_format_is_one_clear_error(
    database: Database, kind: str, fmt: str | None, message: str
) -> None:
    with database.unit_of_work() as session:
        admin = UserService(session).resolve("ada")
        with pytest.raises(InputError, match=message):
            ReportService(session, admin).issue(SCREENER, kind, format=fmt)
    assert _issued_events(database) == []


def test_an_unknown_system_is_not_found(database: Database) -> None:
    with database.unit_of_work() as session:
        admin = UserService(session).resolve("ada")
        with pytest.raises(NotFoundError):
            ReportService(session, admin).issue("no-such-system", "dossier", format="html")


def test_the_api_downloads_the_bytes_it_logged(database: Database) -> None:
    from fulcrum.api import create_app

    client = TestClient(create_app(database.url, migrate=False))
    token = client.post(
        "/api/v1/auth/token", data={"username": "aud", "password": "auditor-password"}
    ).json()["access_token"]
    api = client.get(
        f"/api/v1/systems/{SCREENER}/reports/oscal-component-definition",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200, api.text
    assert api.headers["content-type"] == "application/json"
    assert json.loads(api.content)["component-definition"]["components"]
    events = _issued_events(database)
    assert events[-1]["report"] == "oscal:component-definition"
    assert events[-1]["sha256"] == hashlib.sha256(api.content).hexdigest()
