"""Small read-only look-ups the services do not offer yet (see docs/api.md, "Gaps").

Each authorizes with the same permission table the services use; none adds a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from fulcrum.api._etags import case_etag, check_if_match
from fulcrum.api.deps import Transaction
from fulcrum.auth import authorize
from fulcrum.registry import SystemSummary
from fulcrum.store.models import ClassificationRow, SystemRow, SystemVersionRow
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


def system_summaries(
    session: Session, actor: UserRow, *, offset: int, limit: int
) -> tuple[list[SystemSummary], int]:
    """``Registry.list_systems`` in three queries instead of two per system.

    The same page, rows and order as the service (tests/api checks they agree);
    meant to move into ``Registry.list_systems``.
    """
    authorize(actor, "system.read")
    newest = (
        select(
            SystemVersionRow.system_id,
            func.max(SystemVersionRow.number).label("number"),
            func.count().label("versions"),
        )
        .group_by(SystemVersionRow.system_id)
        .subquery()
    )
    version = aliased(SystemVersionRow)
    latest = (
        select(ClassificationRow.version_id, func.max(ClassificationRow.id).label("id"))
        .group_by(ClassificationRow.version_id)
        .subquery()
    )
    query = (
        select(
            SystemRow.slug,
            SystemRow.name,
            SystemRow.owner,
            newest.c.versions,
            ClassificationRow.eu_tier,
            ClassificationRow.ethics_grade,
        )
        .outerjoin(newest, newest.c.system_id == SystemRow.id)
        .outerjoin(
            version, (version.system_id == SystemRow.id) & (version.number == newest.c.number)
        )
        .outerjoin(latest, latest.c.version_id == version.id)
        .outerjoin(ClassificationRow, ClassificationRow.id == latest.c.id)
        .order_by(SystemRow.slug)
        .offset(offset)
        .limit(limit)
    )
    rows = [
        SystemSummary(r.slug, r.name, r.owner, r.versions or 0, r.eu_tier, r.ethics_grade)
        for r in session.execute(query)
    ]
    total = session.scalar(select(func.count()).select_from(SystemRow)) or 0
    return rows, total


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
