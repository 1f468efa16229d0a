"""Roles and what each may do: the one table every service checks."""

from __future__ import annotations

from typing import Literal, Protocol

from fulcrum.errors import PermissionDeniedError

Role = Literal["admin", "submitter", "reviewer", "chair", "auditor"]
ROLES: tuple[Role, ...] = ("admin", "submitter", "reviewer", "chair", "auditor")

_READ = frozenset({"case.read", "committee.read", "system.read"})
_SUBMIT = frozenset(
    {"case.open", "case.answer", "case.attach", "case.submit", "case.withdraw", "system.register"}
)
_REVIEW = frozenset({"case.vote", "case.recuse"})
_CHAIR = frozenset(
    {
        "case.screen",
        "case.start",
        "case.decide",
        "case.procedure",
        "case.rereview",
        "case.expert",
        "condition.add",
        "condition.fulfil",
        "incident.record",
    }
)
_AUDIT = frozenset({"audit.read", "audit.verify", "audit.export"})
_ADMIN = frozenset({"user.manage", "committee.manage", "audit.checkpoint", "token.manage"})

#: role -> permissions. Admin may do everything; auditors only read.
PERMISSIONS: dict[str, frozenset[str]] = {
    "auditor": _READ | _AUDIT,
    "submitter": _READ | _SUBMIT | {"condition.fulfil", "incident.record"},
    "reviewer": _READ | _REVIEW,
    "chair": _READ | _REVIEW | _CHAIR | {"audit.read", "audit.verify"},
    "admin": _READ | _SUBMIT | _REVIEW | _CHAIR | _AUDIT | _ADMIN,
}


class HasRole(Protocol):
    """Anything with a username and a role (a UserRow)."""

    username: str
    role: str


def can(user: HasRole, permission: str) -> bool:
    """Whether ``user``'s role grants ``permission``."""
    return permission in PERMISSIONS.get(user.role, frozenset())


def authorize(user: HasRole, permission: str) -> None:
    """Raise PermissionDeniedError unless ``user``'s role grants ``permission``."""
    if not can(user, permission):
        raise PermissionDeniedError(
            f"user {user.username!r} (role {user.role}) may not {permission}"
        )
