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
from fulcrum.settings import Settings, get_settings
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
        settings: Settings | None = None,
    ) -> None:
        self.session = session
        self.settings = settings or get_settings()
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

    def relations(self, case: ReviewCaseRow) -> set[str]:
        """The actor's relationships to ``case``: submitter, owner, member, chair."""
        found: set[str] = set()
        if self.actor.id == case.submitter_id:
            found.add("submitter")
        if self.is_owner(case):
            found.add("owner")
        for slug in case.committees:
            committee = self.repo.find_committee(slug)
            seat = self.repo.seat(committee, self.actor.id) if committee is not None else None
            if seat is not None:
                found.add("member")
                if seat.role in {"chair", "vice_chair"}:
                    found.add("chair")
        return found

    def authorize_case(self, permission: str, case: ReviewCaseRow) -> None:
        """Refuse unless the actor's role and relationship to ``case`` allow ``permission``."""
        authorize(self.actor, permission, self.relations(case))

    def is_owner(self, case: ReviewCaseRow) -> bool:
        """Whether the actor owns the system under review (its named owner or registrant)."""
        system = self.repo.system_of(case)
        return self.actor.username in {system.owner, system.registered_by}

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

    def approve(self, case: ReviewCaseRow) -> None:
        """Stamp an approval and fix, now, until when it is valid."""
        case.approved_at = self.clock()
        case.valid_until = case.approved_at + dt.timedelta(
            days=self.settings.approval_validity_days
        )

    def is_party(self, case: ReviewCaseRow, user: UserRow | None = None) -> bool:
        """Whether ``user`` (default: the actor) owns the system or submitted the case."""
        user = user or self.actor
        if user.id == case.submitter_id or (bool(case.owner) and user.username == case.owner):
            return True
        return user.username == self.repo.system_of(case).registered_by

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
