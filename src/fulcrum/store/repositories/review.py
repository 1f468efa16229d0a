"""Finding and saving committees and review cases; stale writes become ConflictError."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from fulcrum.errors import ConflictError, NotFoundError
from fulcrum.store.models.review import (
    CommitteeMemberRow,
    CommitteeRow,
    RecusalRow,
    ReviewCaseRow,
    VoteRow,
)
from fulcrum.store.models.systems import SystemRow, SystemVersionRow


class ReviewRepository:
    """Committees, their members and review cases with everything attached to them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._held: list[Any] = []

    def add(self, row: Any) -> Any:
        """Add any review row and flush it."""
        self.session.add(row)
        self.flush()
        return row

    def delete(self, row: Any) -> None:
        """Delete a row (committee seats only; cases are never deleted)."""
        self.session.delete(row)
        self.flush()

    def flush(self) -> None:
        """Flush; a concurrent writer's win becomes ConflictError."""
        try:
            self.session.flush()
        except StaleDataError as exc:
            raise ConflictError(
                "the case was changed by someone else at the same time; reload and retry"
            ) from exc
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                raise ConflictError("the database is busy with a concurrent change; retry") from exc
            raise
        except SAIntegrityError as exc:
            raise ConflictError(
                "a concurrent change recorded the same thing first; reload and retry"
            ) from exc

    def find_committee(self, slug: str) -> CommitteeRow | None:
        """Committee ``slug`` or None."""
        return self.session.scalar(select(CommitteeRow).where(CommitteeRow.slug == slug))

    def committee(self, slug: str) -> CommitteeRow:
        """Committee ``slug``; NotFoundError otherwise."""
        row = self.find_committee(slug)
        if row is None:
            raise NotFoundError(f"no committee {slug!r}")
        return row

    def committees(self) -> Sequence[CommitteeRow]:
        """Every committee by slug."""
        return self.session.scalars(select(CommitteeRow).order_by(CommitteeRow.slug)).all()

    def seat(self, committee: CommitteeRow, user_id: int) -> CommitteeMemberRow | None:
        """The seat of user ``user_id`` on ``committee``, if any."""
        return next((m for m in committee.members if m.user_id == user_id), None)

    def case(self, case_id: int, *, share_lock: bool = False) -> ReviewCaseRow:
        """Case ``case_id``; NotFoundError otherwise.

        ``share_lock`` reads it ``FOR SHARE`` (PostgreSQL): many voters may hold it at once,
        while a decision (which writes the row) waits for them and they for it.
        """
        if share_lock:
            row = self.session.get(
                ReviewCaseRow,
                case_id,
                with_for_update={"read": True},
                populate_existing=True,
            )
        else:
            row = self.session.get(ReviewCaseRow, case_id)
        if row is None:
            raise NotFoundError(f"no review case {case_id}")
        return row

    def case_in_full(self, case_id: int) -> ReviewCaseRow:
        """Case ``case_id`` with everything a case page shows, one query per collection
        (votes and recusals with their users), so the cost does not grow with the votes.
        """
        query = (
            select(ReviewCaseRow)
            .where(ReviewCaseRow.id == case_id)
            .options(
                selectinload(ReviewCaseRow.submitter),
                selectinload(ReviewCaseRow.answers),
                selectinload(ReviewCaseRow.evidence),
                selectinload(ReviewCaseRow.votes).selectinload(VoteRow.user),
                selectinload(ReviewCaseRow.recusals).selectinload(RecusalRow.user),
                selectinload(ReviewCaseRow.decisions),
                selectinload(ReviewCaseRow.conditions),
            )
        )
        row = self.session.scalars(query).one_or_none()
        if row is None:
            raise NotFoundError(f"no review case {case_id}")
        return row

    def cases(
        self, *, state: str | None = None, system_id: int | None = None
    ) -> Sequence[ReviewCaseRow]:
        """Cases, optionally filtered by state and system, oldest first (submitters loaded)."""
        query = (
            select(ReviewCaseRow)
            .options(selectinload(ReviewCaseRow.submitter))
            .order_by(ReviewCaseRow.id)
        )
        if state is not None:
            query = query.where(ReviewCaseRow.state == state)
        if system_id is not None:
            query = query.where(ReviewCaseRow.system_id == system_id)
        rows = self.session.scalars(query).all()
        self._load_systems_and_versions(rows)
        return rows

    def _load_systems_and_versions(self, cases: Sequence[ReviewCaseRow]) -> None:
        """Two queries that put the cases' systems and versions in the session's identity
        map, so ``system_of`` and ``version_number`` read them without one query per case.
        The identity map holds rows weakly: the repository keeps them while it lives.
        """
        system_ids = {c.system_id for c in cases}
        version_ids = {c.version_id for c in cases}
        if system_ids:
            self._held = [
                *self.session.scalars(select(SystemRow).where(SystemRow.id.in_(system_ids))),
                *self.session.scalars(
                    select(SystemVersionRow).where(SystemVersionRow.id.in_(version_ids))
                ),
            ]

    def version_number(self, case: ReviewCaseRow) -> int:
        """The number of the version a case reviews, without loading the system's versions."""
        row = self.session.get(SystemVersionRow, case.version_id)
        if row is None:  # pragma: no cover - foreign key
            raise NotFoundError(f"case {case.id} points at a missing version")
        return row.number

    def system_of(self, case: ReviewCaseRow) -> SystemRow:
        """The system a case reviews."""
        row = self.session.get(SystemRow, case.system_id)
        if row is None:  # pragma: no cover - foreign key
            raise NotFoundError(f"case {case.id} points at a missing system")
        return row
