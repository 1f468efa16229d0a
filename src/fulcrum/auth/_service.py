"""Users, passwords (argon2), API tokens (random, stored as SHA-256, expiring), sign-in limits."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_text
from fulcrum.audit import ACTOR_KEY, VIA_KEY, AuditLog, events
from fulcrum.auth._policy import ROLES, authorize
from fulcrum.errors import AuthenticationError, InputError, WorkflowError
from fulcrum.schemas.users import UserPublic
from fulcrum.settings import Settings, get_settings
from fulcrum.store.models.audit import AuditEventRow
from fulcrum.store.models.users import TokenRow, UserRow
from fulcrum.store.repositories.users import UserRepository

_HASHER = PasswordHasher()
TOKEN_PREFIX = "fulcrum_"
MIN_PASSWORD = 8


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown once and never stored."""

    id: int
    username: str
    secret: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never its secret."""

    id: int
    username: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def state(self) -> str:
        """``active``, ``expired`` or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if dt.datetime.now(dt.UTC) >= self.expires_at else "active"


class LoginFailed(AuthenticationError):
    """A wrong password: the failure is committed (it counts towards the limit) and raised."""

    commit = True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")


class UserService:
    """Creates users, checks passwords, issues and checks tokens; every change is audited."""

    def __init__(
        self,
        session: Session,
        *,
        audit: AuditLog | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.session = session
        self.users = UserRepository(session)
        self.audit = audit or AuditLog(session)
        self.settings = settings or get_settings()

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
            or len(username) > 100
            or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
            or not username.isascii()
        ):
            raise InputError(f"invalid username {username!r}: use letters, digits, '-', '_', '.'")
        if password is not None:
            _check_password(password)
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

    def _active_admins(self) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(UserRow)
                .where(UserRow.role == "admin", UserRow.active.is_(True))
            )
            or 0
        )

    def _keep_an_admin(self, row: UserRow) -> None:
        if row.role == "admin" and row.active and self._active_admins() <= 1:
            raise WorkflowError(
                f"{row.username!r} is the last active admin; make another admin first"
            )

    def set_role(self, actor: UserRow, username: str, role: str) -> UserPublic:
        """Change a user's role (admin only); the last active admin keeps the role."""
        authorize(actor, "user.manage")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        row = self.users.get(username)
        if row.role == role:
            return UserPublic.model_validate(row)
        if role != "admin":
            self._keep_an_admin(row)
        old, row.role = row.role, role
        self.audit.append(
            events.USER_ROLE_CHANGED,
            actor=actor.username,
            subject=f"user:{username}",
            payload={"from": old, "to": role},
        )
        return UserPublic.model_validate(row)

    def set_active(self, actor: UserRow, username: str, active: bool) -> UserPublic:
        """Deactivate (or reactivate) a user: their tokens stop working at once."""
        authorize(actor, "user.manage")
        row = self.users.get(username)
        if row.active == active:
            return UserPublic.model_validate(row)
        if not active:
            self._keep_an_admin(row)
        row.active = active
        self.audit.append(
            events.USER_DEACTIVATED if not active else events.USER_REACTIVATED,
            actor=actor.username,
            subject=f"user:{username}",
            payload={},
        )
        return UserPublic.model_validate(row)

    def change_password(
        self, actor: UserRow, username: str, new: str, *, current: str | None = None
    ) -> None:
        """Set a password: one's own with the current one, anyone's as admin."""
        row = self.users.get(username)
        if actor.username != username:
            authorize(actor, "user.manage")
        elif row.password_hash and not self._password_ok(row, current or ""):
            raise AuthenticationError("the current password is wrong")
        _check_password(new)
        row.password_hash = _HASHER.hash(new)
        self.audit.append(
            events.PASSWORD_CHANGED, actor=actor.username, subject=f"user:{username}", payload={}
        )

    def get(self, actor: UserRow, username: str) -> UserPublic:
        """One user: oneself, or anyone for those who may read users."""
        if actor.username != username:
            authorize(actor, "user.read")
        return UserPublic.model_validate(self.users.get(username))

    def list_users(self, actor: UserRow) -> list[UserPublic]:
        """Every user (admins and auditors)."""
        authorize(actor, "user.read")
        return [UserPublic.model_validate(u) for u in self.users.list()]

    def resolve(self, username: str) -> UserRow:
        """The active user called ``username``; AuthenticationError otherwise."""
        row = self.users.find(username)
        if row is None or not row.active:
            raise AuthenticationError(f"unknown or inactive user {username!r}")
        return row

    @staticmethod
    def _password_ok(row: UserRow, password: str) -> bool:
        try:
            return bool(row.password_hash) and _HASHER.verify(row.password_hash or "", password)
        except (VerificationError, InvalidHashError):
            return False

    def recent_failures(self, username: str, *, now: dt.datetime | None = None) -> int:
        """Failed sign-ins of ``username`` within the configured window."""
        since = (now or _now()) - dt.timedelta(minutes=self.settings.login_window_minutes)
        return (
            self.session.scalar(
                select(func.count())
                .select_from(AuditEventRow)
                .where(
                    AuditEventRow.subject == f"user:{username[:100]}",
                    AuditEventRow.type == events.LOGIN_FAILED,
                    AuditEventRow.at >= since.isoformat(),
                )
            )
            or 0
        )

    def login(self, username: str, password: str, *, ttl_hours: int | None = None) -> IssuedToken:
        """Check a password and issue a token; failures are counted and limited."""
        if self.recent_failures(username) >= self.settings.login_max_failures:
            raise AuthenticationError(
                f"too many failed sign-ins for {username!r}; wait "
                f"{self.settings.login_window_minutes} minutes and try again"
            )
        row = self.users.find(username)
        if row is None or not row.active or not self._password_ok(row, password):
            self.audit.append(
                events.LOGIN_FAILED,
                actor=username[:100],
                subject=f"user:{username[:100]}",
                payload={},
            )
            raise LoginFailed(f"wrong user name or password for {username!r}")
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
        target = self.users.get(username)
        if not target.active:
            raise WorkflowError(f"user {username!r} is inactive")
        issued = self._issue(target, name=name, ttl_hours=ttl_hours)
        self.audit.append(
            events.TOKEN_ISSUED,
            actor=actor.username,
            subject=f"user:{username}",
            payload={"token": issued.id, "expires_at": issued.expires_at.isoformat()},
        )
        return issued

    def _issue(self, user: UserRow, *, name: str, ttl_hours: int | None) -> IssuedToken:
        hours = ttl_hours if ttl_hours is not None else self.settings.token_ttl_hours
        if hours < 1:
            raise InputError(f"a token lives at least 1 hour, got {hours}")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = _now() + dt.timedelta(hours=hours)
        row = self.users.add_token(
            TokenRow(user=user, name=name, token_hash=sha256_text(secret), expires_at=expires)
        )
        return IssuedToken(row.id, user.username, secret, expires)

    def list_tokens(self, actor: UserRow, username: str | None = None) -> list[TokenInfo]:
        """Tokens of ``username`` (default: the actor), without their secrets."""
        username = username or actor.username
        if actor.username != username:
            authorize(actor, "token.manage")
        row = self.users.get(username)
        return [
            TokenInfo(t.id, username, t.name, t.created_at, t.expires_at, t.revoked_at)
            for t in row.tokens
        ]

    def revoke_token(self, actor: UserRow, token_id: int) -> None:
        """Revoke a token (its owner or an admin)."""
        row = self.users.get_token(token_id)
        if row.user.username != actor.username:
            authorize(actor, "token.manage")
        if row.revoked_at is not None:
            return
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
        # every event of this unit of work records who acted and with which token
        self.session.info[ACTOR_KEY] = row.user.username
        self.session.info[VIA_KEY] = f"token:{row.id}"
        return row.user

    def token_id(self, secret: str) -> int | None:
        """The id of the token with this secret (for recording how an actor acted)."""
        row = self.users.find_token(sha256_text(secret))
        return row.id if row else None
