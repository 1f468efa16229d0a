"""Users, roles, passwords, API tokens and authorization.

Roles are ``admin``, ``submitter``, ``reviewer``, ``chair`` and ``auditor``
(read-only). ``PERMISSIONS`` maps each role to what it may do and every service
calls ``authorize(user, permission)`` before acting, so the CLI, API and UI
cannot bypass it. Passwords are argon2 hashes; API tokens are random, shown once
and stored only as their SHA-256, with an expiry and revocation.
"""

from fulcrum.auth._policy import PERMISSIONS, ROLES, Role, authorize, can
from fulcrum.auth._service import IssuedToken, UserService, resolve_actor

__all__ = [
    "PERMISSIONS",
    "ROLES",
    "IssuedToken",
    "Role",
    "UserService",
    "authorize",
    "can",
    "resolve_actor",
]
