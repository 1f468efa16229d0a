"""Small read-only look-ups the services do not offer yet (see docs/api.md, "Gaps").

Each authorizes with the same permission table the services use; none adds a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from fulcrum.api._etags import case_etag, check_if_match
from fulcrum.api.deps import Transaction
from fulcrum.auth import authorize
from fulcrum.store.models.review import ReviewCaseRow
from fulcrum.store.models.users import UserRow
from fulcrum.store.repositories.review import ReviewRepository
from fulcrum.store.repositories.users import UserRepository

T = TypeVar("T")


def case_for_read(session: Session, actor: UserRow, case_id: int) -> ReviewCaseRow:
    """A case the actor may read."""
    authorize(actor, "case.read")
    return ReviewRepository(session).case(case_id)


def user_for(session: Session, actor: UserRow, username: str) -> UserRow:
    """One user: oneself, or anyone for those who may read users."""
    if actor.username != username:
        authorize(actor, "user.read")
    return UserRepository(session).get(username)


def case_write(
    tx: Transaction,
    case_id: int,
    if_match: str | None,
    fn: Callable[[Session, UserRow], T],
) -> tuple[T, str]:
    """Run a write on a case after checking ``If-Match``; returns the result and the new ETag."""

    def work(session: Session, actor: UserRow) -> tuple[T, str]:
        if if_match is not None:
            check_if_match(if_match, case_etag(session, case_id))
        result = fn(session, actor)
        session.flush()
        return result, case_etag(session, case_id)

    return tx(work)
