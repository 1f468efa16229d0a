"""Roles, relationships and what each may do: the one table every service checks.

A permission is granted by a role (``PERMISSIONS``); some also need a relationship
between the actor and the thing acted on (``RELATIONS``): the case's submitter,
the system's owner, a seat on the committee reviewing the case, a chair's seat
there, or the condition's owner. Admins need no relationship.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from fulcrum.errors import PermissionDeniedError

Role = Literal["admin", "submitter", "reviewer", "chair", "auditor"]
ROLES: tuple[Role, ...] = ("admin", "submitter", "reviewer", "chair", "auditor")

Relation = Literal["submitter", "owner", "member", "chair", "condition_owner"]

_READ = frozenset({"case.read", "committee.read", "system.read", "catalog.read"})
_SUBMIT = frozenset(
    {
        "case.open",
        "case.answer",
        "case.attach",
        "case.submit",
        "case.withdraw",
        "system.register",
        "system.classify",
        "obligation.update",
        "evidence.upload",
    }
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
        "obligation.verify",
        "system.classify",
        "system.impact",
    }
)
_AUDIT = frozenset({"audit.read", "audit.verify", "audit.export"})
_ADMIN = frozenset(
    {
        "user.manage",
        "user.read",
        "committee.manage",
        "audit.checkpoint",
        "token.manage",
        "signer.manage",
        "system.impact",
    }
)

#: role -> permissions. Admin may do everything; auditors only read.
PERMISSIONS: dict[str, frozenset[str]] = {
    "auditor": _READ | _AUDIT | {"user.read"},
    "submitter": _READ
    | _SUBMIT
    | {"condition.fulfil", "incident.record", "case.attach", "evidence.upload"},
    "reviewer": _READ | _REVIEW | {"condition.fulfil", "evidence.upload"},
    "chair": _READ
    | _REVIEW
    | _CHAIR
    | {"audit.read", "audit.verify", "case.attach", "evidence.upload"},
    "admin": _READ | _SUBMIT | _REVIEW | _CHAIR | _AUDIT | _ADMIN,
}

#: permission -> the relationships of which the actor needs at least one (admins excepted).
RELATIONS: dict[str, frozenset[str]] = {
    "case.answer": frozenset({"submitter", "owner"}),
    "case.attach": frozenset({"submitter", "owner", "chair"}),
    "case.submit": frozenset({"submitter", "owner"}),
    "case.withdraw": frozenset({"submitter"}),
    "case.screen": frozenset({"chair"}),
    "case.start": frozenset({"chair"}),
    "case.procedure": frozenset({"chair"}),
    "case.decide": frozenset({"chair"}),
    "case.rereview": frozenset({"chair"}),
    "case.expert": frozenset({"chair"}),
    "condition.add": frozenset({"chair"}),
    "case.vote": frozenset({"member"}),
    "case.recuse": frozenset({"member"}),
    "condition.fulfil": frozenset({"condition_owner", "chair"}),
    "incident.record": frozenset({"owner", "submitter", "chair"}),
    "obligation.update": frozenset({"owner", "submitter"}),
    "system.register": frozenset({"owner"}),
    "obligation.verify": frozenset({"chair"}),
}

_RELATION_WORDS = {
    "submitter": "the case's submitter",
    "owner": "the system's owner",
    "member": "seated on a committee reviewing it",
    "chair": "a chair or vice-chair of a committee reviewing it",
    "condition_owner": "the condition's owner",
}


class HasRole(Protocol):
    """Anything with a username and a role (a UserRow)."""

    username: str
    role: str


def can(user: HasRole, permission: str, relations: Iterable[str] | None = None) -> bool:
    """Whether ``user``'s role grants ``permission`` (and, where needed, a relationship)."""
    if permission not in PERMISSIONS.get(user.role, frozenset()):
        return False
    if user.role == "admin" or relations is None:
        return True
    needed = RELATIONS.get(permission)
    return needed is None or bool(needed & set(relations))


def authorize(user: HasRole, permission: str, relations: Iterable[str] | None = None) -> None:
    """Raise PermissionDeniedError unless ``user`` may do ``permission``.

    Pass ``relations`` (the actor's relationships to the object) for object-level checks;
    without them only the role is checked.
    """
    if permission not in PERMISSIONS.get(user.role, frozenset()):
        raise PermissionDeniedError(
            f"user {user.username!r} (role {user.role}) may not {permission}"
        )
    if not can(user, permission, relations):
        needed = " or ".join(_RELATION_WORDS[r] for r in sorted(RELATIONS[permission]))
        raise PermissionDeniedError(
            f"user {user.username!r} may not {permission} here: only {needed} may"
        )
