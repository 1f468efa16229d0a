"""What every review service shares: the acting user, repositories, audit, clock, policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from fulcrum.audit import AuditLog, events
from fulcrum.auth import authorize
from fulcrum.errors import PermissionDeniedError
from fulcrum.review._lifecycle import next_state
from fulcrum.review._policy import ReviewPolicy, default_policy
from fulcrum.store.models.review import ReviewCaseRow
from fulcrum.store.models.users import UserRow
from fulcrum.store.repositories.review import ReviewRepository
from fulcrum.store.repositories.systems import SystemRepository
from fulcrum.store.repositories.users import UserRepository

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current UTC time."""
    return dt.datetime.now(dt.UTC)


class ServiceBase:
    """Repositories come in through the constructor; every operation is authorised here."""

    def __init__(
        self,
        session: Session,
        actor: UserRow,
        *,
        policy: ReviewPolicy | None = None,
        clock: Clock = utc_now,
        audit: AuditLog | None = None,
    ) -> None:
        self.session = session
        self.actor = actor
        self.repo = ReviewRepository(session)
        self.systems = SystemRepository(session)
        self.users = UserRepository(session)
        self.audit = audit or AuditLog(session)
        self.policy = policy or default_policy()
        self.clock = clock

    def authorize(self, permission: str) -> None:
        """Refuse unless the acting user's role grants ``permission``."""
        authorize(self.actor, permission)

    def load(self, case_id: int, *, lock: bool = False) -> ReviewCaseRow:
        """The case; with ``lock``, bump its version now so a racing writer loses early."""
        case = self.repo.case(case_id)
        if lock:
            self.touch(case)
        return case

    def touch(self, case: ReviewCaseRow) -> None:
        """Write the case row (optimistic lock check) and flush."""
        case.updated_at = self.clock()
        self.repo.flush()

    def is_party(self, case: ReviewCaseRow, user: UserRow | None = None) -> bool:
        """Whether ``user`` (default: the actor) owns the system or submitted the case."""
        user = user or self.actor
        return user.id == case.submitter_id or (bool(case.owner) and user.username == case.owner)

    def refuse_party(self, case: ReviewCaseRow, what: str) -> None:
        """The owner or submitter may never vote on or decide their own case."""
        if self.is_party(case):
            raise PermissionDeniedError(
                f"user {self.actor.username!r} owns or submitted case {case.id} and may not {what}"
            )

    def transition(self, case: ReviewCaseRow, action: str, **payload: Any) -> str:
        """Move the case through the transition table and audit it."""
        old = case.state
        case.state = next_state(old, action)
        self.touch(case)
        self.record(
            events.CASE_TRANSITION,
            case,
            {"action": action, "from": old, "to": case.state, **payload},
        )
        return case.state

    def record(self, type: str, case: ReviewCaseRow, payload: dict[str, Any]) -> None:
        """Append an audit event about ``case`` in this transaction."""
        self.audit.append(
            type,
            actor=self.actor.username,
            subject=f"case:{case.id}",
            payload=payload,
            at=self.clock(),
        )
