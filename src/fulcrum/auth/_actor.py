"""Who is acting: a token's owner, or, on a local SQLite file, the local administrator.

On the embedded database the person at the keyboard owns the file, so the CLI acts
as the local administrator (the first active admin), recording the operating-system
user; ``--as NAME`` lets that administrator act as another user, recorded too. On a
shared database (PostgreSQL, or any database when ``FULCRUM_AUTH=token``) every
actor must present an API token.
"""

from __future__ import annotations

import getpass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fulcrum.audit import ACTOR_KEY, VIA_KEY
from fulcrum.auth._service import UserService
from fulcrum.errors import AuthenticationError
from fulcrum.store.models.users import UserRow


def bind_actor(session: Session, user: UserRow, via: str) -> UserRow:
    """Record on the session who acts and how, for every event of this unit of work."""
    session.info[ACTOR_KEY] = user.username
    session.info[VIA_KEY] = via
    return user


def is_local_database(session: Session) -> bool:
    """Whether the CLI may act as the local administrator on this session's database."""
    from fulcrum.settings import Settings
    from fulcrum.store import is_local_url

    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    return is_local_url(url) and Settings().auth == "auto"  # read now: tests flip it


def _username(name: str) -> str:
    clean = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    return clean.strip("-")[:100] or "local-admin"


def os_user() -> str:
    """The operating-system user running this process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry in some containers
        return "unknown"


def resolve_actor(
    session: Session,
    username: str | None,
    token: str | None,
    *,
    local: bool | None = None,
) -> UserRow:
    """The acting user for a CLI command (see the module docstring).

    ``local`` defaults to: the session's database is SQLite and ``FULCRUM_AUTH`` is not
    ``token``.
    """
    service = UserService(session)
    if local is None:
        local = is_local_database(session)
    if token:
        user = service.authenticate(token)
        if username and username != user.username:
            raise AuthenticationError(
                f"FULCRUM_TOKEN belongs to {user.username!r}, not to {username!r}"
            )
        return bind_actor(session, user, f"token:{service.token_id(token)}")
    if not local:
        raise AuthenticationError(
            "this database is shared: sign in with `fulcrum user login NAME` and set "
            "FULCRUM_TOKEN (--as works only on a local SQLite database)"
        )
    admin = session.scalar(
        select(UserRow)
        .where(UserRow.role == "admin", UserRow.active.is_(True))
        .order_by(UserRow.id)
        .limit(1)
    )
    via = f"local-cli:{os_user()}"
    if admin is None and service.users.count() == 0:
        # A fresh embedded database: its owner is the local administrator.
        session.info[VIA_KEY] = via
        admin = service.add(None, _username(os_user()), role="admin")
    if admin is None:
        raise AuthenticationError("no active administrator: reactivate one with a token")
    if username and username != admin.username:
        return bind_actor(session, service.resolve(username), f"{via} as {username}")
    return bind_actor(session, admin, via)
