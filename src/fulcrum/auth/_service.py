"""Users, passwords (argon2) and API tokens (random, stored as SHA-256, expiring)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_text
from fulcrum.audit import AuditLog, events
from fulcrum.auth._policy import ROLES, authorize
from fulcrum.errors import AuthenticationError, InputError
from fulcrum.settings import get_settings
from fulcrum.store.models.users import TokenRow, UserRow
from fulcrum.store.repositories.users import UserRepository

_HASHER = PasswordHasher()
TOKEN_PREFIX = "fulcrum_"


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown once and never stored."""

    id: int
    username: str
    secret: str
    expires_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UserService:
    """Creates users, checks passwords, issues and checks tokens; every change is audited."""

    def __init__(self, session: Session, *, audit: AuditLog | None = None) -> None:
        self.users = UserRepository(session)
        self.audit = audit or AuditLog(session)

    def add(
        self,
        actor: UserRow | None,
        username: str,
        *,
        role: str,
        password: str | None = None,
        display_name: str = "",
    ) -> UserRow:
        """Create a user; on an empty database the first user needs no actor and is admin."""
        bootstrap = self.users.count() == 0
        if bootstrap:
            role = "admin"
        elif actor is None:
            raise AuthenticationError("an acting user is needed (use --as or FULCRUM_USER)")
        else:
            authorize(actor, "user.manage")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if (
            not username
            or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
        ):
            raise InputError(f"invalid username {username!r}: use letters, digits, '-', '_', '.'")
        if self.users.find(username) is not None:
            raise InputError(f"user {username!r} already exists")
        row = self.users.save(
            UserRow(
                username=username,
                role=role,
                display_name=display_name,
                password_hash=_HASHER.hash(password) if password else None,
            )
        )
        self.audit.append(
            events.USER_CREATED,
            actor=actor.username if actor else username,
            subject=f"user:{username}",
            payload={"role": role, "bootstrap": bootstrap},
        )
        return row

    def set_role(self, actor: UserRow, username: str, role: str) -> UserRow:
        """Change a user's role (admin only)."""
        authorize(actor, "user.manage")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        row = self.users.get(username)
        old, row.role = row.role, role
        self.audit.append(
            events.USER_ROLE_CHANGED,
            actor=actor.username,
            subject=f"user:{username}",
            payload={"from": old, "to": role},
        )
        return row

    def resolve(self, username: str) -> UserRow:
        """The active user called ``username``; AuthenticationError otherwise."""
        row = self.users.find(username)
        if row is None or not row.active:
            raise AuthenticationError(f"unknown or inactive user {username!r}")
        return row

    def login(self, username: str, password: str, *, ttl_hours: int | None = None) -> IssuedToken:
        """Check a password and issue a token; audited as ``auth.login``."""
        row = self.users.find(username)
        ok = False
        if row is not None and row.active and row.password_hash:
            try:
                ok = _HASHER.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok or row is None:
            raise AuthenticationError(f"wrong user name or password for {username!r}")
        if _HASHER.check_needs_rehash(row.password_hash or ""):
            row.password_hash = _HASHER.hash(password)
        issued = self._issue(row, name="login", ttl_hours=ttl_hours)
        self.audit.append(
            events.LOGIN, actor=username, subject=f"user:{username}", payload={"token": issued.id}
        )
        return issued

    def issue_token(
        self, actor: UserRow, username: str, *, name: str = "", ttl_hours: int | None = None
    ) -> IssuedToken:
        """Issue a token for ``username`` (oneself, or anyone for an admin)."""
        if actor.username != username:
            authorize(actor, "token.manage")
        issued = self._issue(self.users.get(username), name=name, ttl_hours=ttl_hours)
        self.audit.append(
            events.TOKEN_ISSUED,
            actor=actor.username,
            subject=f"user:{username}",
            payload={"token": issued.id, "expires_at": issued.expires_at.isoformat()},
        )
        return issued

    def _issue(self, user: UserRow, *, name: str, ttl_hours: int | None) -> IssuedToken:
        hours = ttl_hours if ttl_hours is not None else get_settings().token_ttl_hours
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = _now() + dt.timedelta(hours=hours)
        row = self.users.add_token(
            TokenRow(user=user, name=name, token_hash=sha256_text(secret), expires_at=expires)
        )
        return IssuedToken(row.id, user.username, secret, expires)

    def revoke_token(self, actor: UserRow, token_id: int) -> None:
        """Revoke a token (its owner or an admin)."""
        row = self.users.get_token(token_id)
        if row.user.username != actor.username:
            authorize(actor, "token.manage")
        row.revoked_at = _now()
        self.audit.append(
            events.TOKEN_REVOKED,
            actor=actor.username,
            subject=f"user:{row.user.username}",
            payload={"token": token_id},
        )

    def authenticate(self, secret: str, *, now: dt.datetime | None = None) -> UserRow:
        """The user a token belongs to; AuthenticationError if unknown, expired or revoked."""
        row = self.users.find_token(sha256_text(secret))
        if row is None:
            raise AuthenticationError("unknown API token")
        if row.revoked_at is not None:
            raise AuthenticationError(f"API token {row.id} was revoked")
        if (now or _now()) >= row.expires_at:
            raise AuthenticationError(
                f"API token {row.id} expired at {row.expires_at.isoformat(timespec='seconds')}"
            )
        if not row.user.active:
            raise AuthenticationError(f"user {row.user.username!r} is inactive")
        return row.user


def resolve_actor(session: Session, username: str | None, token: str | None) -> UserRow:
    """The acting user: a token authenticates; otherwise the named local user is trusted."""
    service = UserService(session)
    if token:
        user = service.authenticate(token)
        if username and username != user.username:
            raise AuthenticationError(
                f"FULCRUM_TOKEN belongs to {user.username!r}, not to {username!r}"
            )
        return user
    if not username:
        raise AuthenticationError(
            "no acting user: pass --as USER or set FULCRUM_USER (and FULCRUM_TOKEN)"
        )
    return service.resolve(username)
