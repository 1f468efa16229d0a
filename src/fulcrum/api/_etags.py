"""ETags of representations and the ``If-Match`` check (412 when stale)."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from fastapi.encoders import jsonable_encoder
from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_json
from fulcrum.api._problems import PreconditionFailed
from fulcrum.errors import NotFoundError
from fulcrum.store.models.review import ReviewCaseRow


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
