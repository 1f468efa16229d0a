"""Users, passwords, tokens and the role policy."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from fulcrum.audit import AuditLog, verify
from fulcrum.auth import PERMISSIONS, ROLES, UserService, authorize, can
from fulcrum.errors import AuthenticationError, InputError, PermissionDeniedError
from fulcrum.store import Database
from fulcrum.store.models.users import TokenRow, UserRow


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'auth.db'}")
    with database.unit_of_work() as session:
        service = UserService(session)
        root = service.add(None, "root", role="submitter", password="s3cret-root")
        service.add(root, "ann", role="auditor", password="pw-ann-long")
    return database


def test_first_user_becomes_admin_then_actor_is_required(db: Database) -> None:
    with db.unit_of_work() as session:
        service = UserService(session)
        # Given an existing first user: it became admin although 'submitter' was asked
        assert service.resolve("root").role == "admin"
        # When someone tries to add a user without an actor, Then it is refused
        with pytest.raises(AuthenticationError, match="acting user"):
            service.add(None, "eve", role="admin")
        # And a non-admin actor is refused too
        with pytest.raises(PermissionDeniedError, match=r"'ann'.*user\.manage"):
            service.add(service.resolve("ann"), "eve", role="admin")


def test_password_is_argon2_and_verifies_with_the_reference_hasher(db: Database) -> None:
    with db.unit_of_work() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == "root"))
        assert row is not None and row.password_hash is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PasswordHasher().verify(row.password_hash, "s3cret-root")


def test_login_issues_a_hashed_token_and_is_audited(db: Database) -> None:
    with db.unit_of_work() as session:
        issued = UserService(session).login("root", "s3cret-root")
    with db.unit_of_work() as session:
        stored = session.scalars(select(TokenRow)).all()
        # Then only the SHA-256 is stored, never the secret
        assert [t.token_hash for t in stored] == [
            hashlib.sha256(issued.secret.encode()).hexdigest()
        ]
        assert UserService(session).authenticate(issued.secret).username == "root"
        types = [e.type for e in AuditLog(session).list_for("user:root")]
        assert types == ["user.created", "auth.login"]
        assert verify(session).ok


def test_wrong_password_unknown_user_and_no_password(db: Database) -> None:
    with db.unit_of_work() as session:
        service = UserService(session)
        service.add(service.resolve("root"), "nopw", role="reviewer")
        for user, pw in [("root", "wrong"), ("ghost", "x"), ("nopw", "")]:
            with pytest.raises(AuthenticationError, match="wrong user name or password"):
                service.login(user, pw)


def test_expired_and_revoked_tokens_are_refused(db: Database) -> None:
    with db.unit_of_work() as session:
        service = UserService(session)
        root = service.resolve("root")
        short = service.issue_token(root, "ann", ttl_hours=1)
        other = service.issue_token(root, "ann")
    with db.unit_of_work() as session:
        service = UserService(session)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        with pytest.raises(AuthenticationError, match="expired"):
            service.authenticate(short.secret, now=later)
        service.revoke_token(service.resolve("root"), other.id)
    with db.unit_of_work() as session:
        with pytest.raises(AuthenticationError, match="revoked"):
            UserService(session).authenticate(other.secret)
        with pytest.raises(AuthenticationError, match="unknown"):
            UserService(session).authenticate("fulcrum_nope")


def test_only_admin_issues_tokens_for_others(db: Database) -> None:
    with db.unit_of_work() as session:
        service = UserService(session)
        ann = service.resolve("ann")
        assert service.issue_token(ann, "ann").username == "ann"
        with pytest.raises(PermissionDeniedError):
            service.issue_token(ann, "root")


def test_bad_role_and_duplicate(db: Database) -> None:
    with db.unit_of_work() as session:
        service = UserService(session)
        root = service.resolve("root")
        with pytest.raises(InputError, match="unknown role 'boss'"):
            service.add(root, "x", role="boss")
        with pytest.raises(InputError, match="already exists"):
            service.add(root, "ann", role="auditor")
        with pytest.raises(InputError, match="invalid username"):
            service.add(root, "a b", role="auditor")


class _U:
    def __init__(self, role: str) -> None:
        self.username, self.role = "u", role


@pytest.mark.parametrize("role", ROLES)
def test_policy_table(role: str) -> None:
    user = _U(role)
    # auditors never write; only admins manage users; reviewers never decide
    writes = {p for p in PERMISSIONS["admin"] if not p.endswith(".read") and "verify" not in p}
    if role == "auditor":
        assert not any(can(user, p) for p in writes if not p.startswith("audit."))
    assert can(user, "user.manage") == (role == "admin")
    assert can(user, "case.decide") == (role in {"admin", "chair"})
    assert can(user, "case.read")
    if role != "admin":
        with pytest.raises(PermissionDeniedError, match=role):
            authorize(user, "user.manage")
