"""ETags of representations and the ``If-Match`` check (412 when stale)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Response
from fastapi.encoders import jsonable_encoder
from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_json
from fulcrum.api._problems import PreconditionFailed
from fulcrum.api.deps import Transaction
from fulcrum.errors import NotFoundError
from fulcrum.store.models.review import ReviewCaseRow
from fulcrum.store.models.users import UserRow

T = TypeVar("T")


def etag_of(payload: Any) -> str:
    """A strong ETag: the hash of the representation's JSON."""
    return f'"{sha256_json(jsonable_encoder(payload))[:32]}"'


def case_etag(session: Session, case_id: int) -> str:
    """A case's ETag: its id and optimistic-lock version (every change to the case moves it)."""
    row = session.get(ReviewCaseRow, case_id)
    if row is None:
        raise NotFoundError(f"no review case {case_id}")
    return f'"case-{case_id}-{row.row_version}"'


def check_if_match(if_match: str | None, current: str) -> None:
    """Refuse with 412 unless ``If-Match`` is absent, ``*`` or names ``current``."""
    if if_match is None:
        return
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed(
        f"If-Match {if_match} is not the current version ({current}); reload and retry"
    )


def set_etag(response: Response, tag: str) -> None:
    """Send ``tag`` as the response's ETag."""
    response.headers["ETag"] = tag


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
