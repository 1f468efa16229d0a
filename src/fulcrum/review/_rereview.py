"""Re-review: on request, on an expired approval, an incident, or a changed classification."""

from __future__ import annotations

from sqlalchemy.orm import Session

from fulcrum.audit import AuditLog, events
from fulcrum.auth import authorize
from fulcrum.errors import WorkflowError
from fulcrum.registry import Registration
from fulcrum.registry._service import Listener
from fulcrum.review._answers import carry_over
from fulcrum.review._base import ServiceBase
from fulcrum.review._cases import CaseService
from fulcrum.review._public import case_public
from fulcrum.review._status import StatusService
from fulcrum.schemas.cases import CasePublic
from fulcrum.store.models.review import ReviewCaseRow
from fulcrum.store.models.users import UserRow
from fulcrum.store.repositories.review import ReviewRepository
from fulcrum.store.repositories.systems import SystemRepository


class RereviewService(ServiceBase):
    """Moves approved cases to re-review and opens the new case for the newest version."""

    def rereview(self, case_id: int, *, reason: str) -> CasePublic:
        """Open a re-review of an approved case (chair); returns the new case."""
        self.authorize("case.rereview")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.rereview", case)
        return case_public(self, self._rereview(case, reason))

    def _rereview(self, case: ReviewCaseRow, reason: str) -> ReviewCaseRow:
        if case.state != "monitoring":
            raise WorkflowError(
                f"case {case.id} is {case.state!r}; only an approved case in monitoring is "
                "re-reviewed"
            )
        self.transition(case, "rereview", reason=reason)
        system = self.repo.system_of(case)
        opener = CaseService(
            self.session, case.submitter, policy=self.policy, clock=self.clock, audit=self.audit
        )
        new = opener._open(system.slug, trigger=reason, parent_id=case.id)
        asked = {q.key for q in opener._questions(new)}
        carried = carry_over(self, case, new, asked)
        self.record(
            events.REREVIEW_OPENED,
            case,
            {"new_case": new.id, "reason": reason, "answers_to_confirm": carried},
        )
        return new

    def expired(self) -> list[CasePublic]:
        """Open re-reviews for every approval that has expired."""
        self.authorize("case.rereview")
        status = StatusService(self.session, self.actor, policy=self.policy, clock=self.clock)
        now, opened = self.clock(), []
        for case in self.repo.cases(state="monitoring"):
            expires = status.approval_expires(case)
            if expires is not None and now > expires:
                self.touch(case)
                opened.append(self._rereview(case, f"approval expired on {expires.date()}"))
        return [case_public(self, c) for c in opened]

    def incident(self, system: str, *, description: str) -> list[CasePublic]:
        """Record an incident; every approved case of the system goes to re-review."""
        self.authorize("incident.record")
        row = self.systems.find_by_slug(system)
        relations: set[str] = set()
        if self.actor.username in {row.owner, row.registered_by}:
            relations.add("owner")
        for case in self.repo.cases(system_id=row.id):
            relations |= self.relations(case)
        authorize(self.actor, "incident.record", relations)
        self.audit.append(
            events.INCIDENT,
            actor=self.actor.username,
            subject=f"system:{system}",
            payload={"description": description},
            at=self.clock(),
        )
        return [
            case_public(self, self._rereview(c, f"incident: {description}"))
            for c in self.repo.cases(state="monitoring", system_id=row.id)
        ]


def rereview_listener(actor: UserRow | None = None) -> Listener:
    """A Registry listener: a new version whose classification changed re-opens review."""

    def listener(session: Session, registration: Registration) -> None:
        if not registration.classification_changed:
            return
        system = SystemRepository(session).find_by_slug(registration.system)
        cases = ReviewRepository(session).cases(state="monitoring", system_id=system.id)
        if not cases:
            return
        audit = AuditLog(session)
        for case in cases:
            acting = actor or case.submitter
            service = RereviewService(session, acting, audit=audit)
            old = (registration.previous_classification or {}).get("ethics_grade")
            new = registration.classification.get("ethics_grade")
            service._rereview(
                case,
                f"classification changed in version {registration.version} "
                f"(ethics grade {old} -> {new})",
            )

    return listener
