"""Small read-only look-ups the services do not offer yet (see docs/api.md, "Gaps").

Each authorizes with the same permission table the services use; none adds a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, func, select
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


@cache
def _summaries_query() -> Select[Any]:
    """The page query of ``system_summaries``, built once (offset and limit are parameters)."""
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
    return (
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
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@cache
def _count_query() -> Select[Any]:
    return select(func.count()).select_from(SystemRow)


def system_summaries(
    session: Session, actor: UserRow, *, offset: int, limit: int
) -> tuple[list[SystemSummary], int]:
    """``Registry.list_systems`` in two queries instead of two per system.

    The same page, rows and order as the service (tests/api checks they agree);
    meant to move into ``Registry.list_systems``.
    """
    authorize(actor, "system.read")
    rows = [
        SystemSummary(r.slug, r.name, r.owner, r.versions or 0, r.eu_tier, r.ethics_grade)
        for r in session.execute(_summaries_query(), {"offset": offset, "limit": limit})
    ]
    total = session.scalar(_count_query()) or 0
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
