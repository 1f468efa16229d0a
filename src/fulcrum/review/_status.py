"""Reading cases: details, lists, computed deadlines and overdue items."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Any

from fulcrum.review._base import ServiceBase
from fulcrum.review._public import condition_public, recusal_public, vote_public
from fulcrum.store.models.review import ReviewCaseRow


class StatusService(ServiceBase):
    """Deadlines are computed from timestamps and policy, never stored."""

    def decision_due(self, case: ReviewCaseRow) -> dt.datetime | None:
        """When the decision is due (from acceptance), for cases under review."""
        if case.state == "in_review" and case.accepted_at is not None:
            hours = self.policy.procedure(case.procedure).due_hours
            return case.accepted_at + dt.timedelta(hours=hours)
        if case.state == "expert_rereview" and case.decided_at is not None:
            return case.decided_at + dt.timedelta(hours=self.policy.expert_rereview.due_hours)
        return None

    def approval_expires(self, case: ReviewCaseRow) -> dt.datetime | None:
        """When an approval in monitoring lapses: fixed on the case when it was approved."""
        if case.state != "monitoring" or case.approved_at is None:
            return None
        if case.valid_until is not None:
            return case.valid_until
        # approvals recorded before validity was stored: the policy of this installation
        return case.approved_at + dt.timedelta(days=self.settings.approval_validity_days)

    def summary(self, case: ReviewCaseRow) -> dict[str, Any]:
        """One line of ``fulcrum review list``."""
        system = self.repo.system_of(case)
        version = self.repo.version_number(case)
        due, expires = self.decision_due(case), self.approval_expires(case)
        return {
            "case": case.id,
            "system": system.slug,
            "version": version,
            "state": case.state,
            "outcome": case.outcome,
            "procedure": case.procedure,
            "committees": list(case.committees),
            "submitter": case.submitter.username,
            "decision_due": due.isoformat() if due else None,
            "approval_expires": expires.isoformat() if expires else None,
            "parent": case.parent_id,
        }

    def show(self, case_id: int) -> dict[str, Any]:
        """Everything about a case, with its audit trail."""
        self.authorize("case.read")
        case = self.repo.case_in_full(case_id)
        return {
            **self.summary(case),
            "trigger": case.trigger,
            "procedure_reason": case.procedure_reason,
            "mode": case.mode,
            "expert_rereview": case.expert_rereview,
            "answers": {a.question_key: a.value for a in case.answers},
            "questions_to_confirm": [a.question_key for a in case.answers if a.to_confirm],
            "evidence": [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "sha256": e.sha256,
                    "name": e.filename,
                    "note": e.note,
                    "provenance": e.provenance,
                    "verdict": e.verdict,
                    "added_by": e.added_by,
                }
                for e in case.evidence
            ],
            "valid_until": case.valid_until.isoformat() if case.valid_until else None,
            "votes": [vote_public(v).model_dump() for v in case.votes],
            "recusals": [recusal_public(r).model_dump() for r in case.recusals],
            "decisions": [
                {
                    "committee": d.committee,
                    "outcome": d.outcome,
                    "tally": d.tally,
                    "by": d.decided_by,
                    "rationale": d.rationale,
                }
                for d in case.decisions
            ],
            "conditions": [condition_public(c).model_dump(mode="json") for c in case.conditions],
            "history": [
                {"seq": e.seq, "type": e.type, "actor": e.actor, "at": e.at, "payload": e.payload}
                for e in self.audit.list_for(f"case:{case.id}")
            ],
        }

    def list(self, *, state: str | None = None, system: str | None = None) -> list[dict[str, Any]]:
        """Cases, optionally by state or system."""
        self.authorize("case.read")
        system_id = self.systems.find_by_slug(system).id if system else None
        return [self.summary(c) for c in self.repo.cases(state=state, system_id=system_id)]

    def overdue(self) -> builtins.list[dict[str, Any]]:
        """Decisions past due, conditions past due, approvals expired (re-review due)."""
        self.authorize("case.read")
        now = self.clock()
        out: builtins.list[dict[str, Any]] = []
        for case in self.repo.cases():
            due = self.decision_due(case)
            if due is not None and now > due:
                out.append(
                    {
                        "case": case.id,
                        "kind": "decision",
                        "due": due.isoformat(),
                        "detail": f"{case.procedure} decision was due",
                    }
                )
            expires = self.approval_expires(case)
            if expires is not None and now > expires:
                out.append(
                    {
                        "case": case.id,
                        "kind": "approval_expired",
                        "due": expires.isoformat(),
                        "detail": "follow-up re-review is due",
                    }
                )
            for c in case.conditions:
                if c.fulfilled_at is None and now.date() > c.due:
                    out.append(
                        {
                            "case": case.id,
                            "kind": "condition",
                            "due": c.due.isoformat(),
                            "detail": f"condition {c.id} ({c.owner}): {c.text}",
                        }
                    )
        return out
