"""Users, roles, passwords, API tokens and authorization.

Roles are ``admin``, ``submitter``, ``reviewer``, ``chair`` and ``auditor``
(read-only). ``PERMISSIONS`` maps each role to what it may do and ``RELATIONS``
names the relationship some permissions also need (submitter, owner, committee
seat, chair's seat, condition owner); every service calls ``authorize`` before
acting, so the CLI, API and UI cannot bypass it. Passwords are argon2 hashes;
API tokens are random, shown once and stored only as their SHA-256, with an
expiry and revocation; failed sign-ins are counted and limited.
"""

from fulcrum.auth._actor import bind_actor, os_user, resolve_actor
from fulcrum.auth._policy import PERMISSIONS, RELATIONS, ROLES, Role, authorize, can
from fulcrum.auth._service import IssuedToken, LoginFailed, TokenInfo, UserService

__all__ = [
    "PERMISSIONS",
    "RELATIONS",
    "ROLES",
    "IssuedToken",
    "LoginFailed",
    "Role",
    "TokenInfo",
    "UserService",
    "authorize",
    "bind_actor",
    "can",
    "os_user",
    "resolve_actor",
]
