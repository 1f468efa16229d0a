"""A world for workflow tests: users, a compliant Ethics committee and a registered system."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fulcrum.auth import UserService
from fulcrum.profile import Profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, CommitteeService, DecisionService
from fulcrum.review._rereview import RereviewService
from fulcrum.review._status import StatusService
from fulcrum.store import Database
from fulcrum.store.models.users import UserRow

PROFILE: dict[str, Any] = {
    "id": "loan-scorer",
    "name": "Loan scorer",
    "version": "1",
    "description": "Scores consumer loan applications.",
    "owner": "olga",
    "jurisdictions": ["CN"],
    "role": "provider",
    "purposes": ["credit_scoring"],
    "data_categories": ["personal", "financial"],
    "automation": "human_in_the_loop",
    "decision_impact": "significant",
}
# chair, vice chair and five members: technical, ethics and law; two genders; one external
MEMBERS = [
    ("chen", "chair", ["ethics"], False, "f"),
    ("dai", "vice_chair", ["technical"], False, "m"),
    ("eva", "member", ["law"], True, "f"),
    ("fan", "member", ["technical"], False, "m"),
    ("gao", "member", ["ethics"], False, "f"),
    ("hu", "member", ["technical"], False, "m"),
    ("ivy", "member", ["law"], False, "f"),
]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    """A database with users, the default committees (Ethics seated) and one system."""
    database = Database(f"sqlite:///{tmp_path / 'review.db'}")
    with database.unit_of_work() as session:
        users = UserService(session)
        admin = users.add(None, "root", role="admin")
        users.add(admin, "sam", role="submitter")
        users.add(admin, "olga", role="submitter")
        users.add(admin, "aud", role="auditor")
        for name, seat, *_ in MEMBERS:
            users.add(admin, name, role="chair" if seat in {"chair", "vice_chair"} else "reviewer")
        committees = CommitteeService(session, admin)
        committees.ensure_defaults()
        for name, seat, expertise, external, gender in MEMBERS:
            committees.add_member(
                "ethics", name, role=seat, expertise=expertise, external=external, gender=gender
            )
        Registry(session, users.resolve("sam")).register(Profile.model_validate(PROFILE))
    return database


def user(session: Any, name: str) -> UserRow:
    """The user called ``name``."""
    return UserService(session).resolve(name)


@pytest.fixture
def act(db: Database) -> Callable[..., Any]:
    """``act(name, Service, method, *args)`` runs one operation in its own unit of work."""

    def run(name: str, service: type, method: str, *args: Any, **kwargs: Any) -> Any:
        with db.unit_of_work() as session:
            obj = service(session, user(session, name))
            result = getattr(obj, method)(*args, **kwargs)
            return getattr(result, "id", result)

    return run


__all__ = [
    "MEMBERS",
    "PROFILE",
    "CaseService",
    "DecisionService",
    "RereviewService",
    "StatusService",
    "user",
]
