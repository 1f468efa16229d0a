"""Recusals, votes, decisions with their tally, expert re-review and conditions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fulcrum.audit import events
from fulcrum.auth import authorize
from fulcrum.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from fulcrum.review._base import ServiceBase
from fulcrum.review._lifecycle import APPROVALS, OUTCOMES
from fulcrum.review._public import case_public, condition_public, recusal_public, vote_public
from fulcrum.schemas.cases import (
    CasePublic,
    ConditionPublic,
    DecisionPublic,
    RecusalPublic,
    VotePublic,
)
from fulcrum.store.models.review import (
    CommitteeMemberRow,
    ConditionRow,
    DecisionRow,
    RecusalRow,
    ReviewCaseRow,
    VoteRow,
)

CHOICES = ("approve", "reject", "abstain")
_SEVERITY: dict[str, int] = {
    o: i for i, o in enumerate(reversed(OUTCOMES))
}  # rejected is most severe


@dataclass(frozen=True)
class NewCondition:
    """A condition to attach to an approval."""

    text: str
    owner: str
    due: dt.date


class DecisionService(ServiceBase):
    """The committee's side of a case."""

    def _current_committees(self, case: ReviewCaseRow) -> list[str]:
        decided = {d.committee for d in case.decisions}
        pending = [c for c in case.committees if c not in decided]
        if case.mode == "sequential":
            return pending[:1]
        return pending

    def _seat(self, case: ReviewCaseRow, committee: str | None) -> CommitteeMemberRow:
        current = self._current_committees(case)
        choices = [committee] if committee else current
        for slug in choices:
            if slug not in current:
                raise WorkflowError(
                    f"committee {slug!r} is not reviewing case {case.id} now "
                    f"(now: {', '.join(current) or 'none'})"
                )
            seat = self.repo.seat(self.repo.committee(slug), self.actor.id)
            if seat is not None:
                return seat
        raise PermissionDeniedError(
            f"user {self.actor.username!r} does not sit on {', '.join(choices) or 'any committee'}"
            f" reviewing case {case.id}"
        )

    def _recused(self, case: ReviewCaseRow, user_id: int) -> bool:
        return any(r.user_id == user_id for r in case.recusals)

    def recuse(self, case_id: int, *, reason: str) -> RecusalPublic:
        """Declare a conflict of interest: the member will not vote or decide."""
        self.authorize("case.recuse")
        case = self.repo.case(case_id, share_lock=True)  # votes of others never conflict
        self.authorize_case("case.recuse", case)
        if case.state not in {"submitted", "screening", "in_review"}:
            raise WorkflowError(f"case {case_id} is {case.state!r}; nothing to recuse from")
        if self._recused(case, self.actor.id):
            raise InputError(f"{self.actor.username!r} already recused from case {case_id}")
        if any(v.user_id == self.actor.id for v in case.votes):
            raise WorkflowError(f"{self.actor.username!r} already voted on case {case_id}")
        row = RecusalRow(case=case, user_id=self.actor.id, reason=reason)
        self.repo.add(row)
        self.record(events.RECUSED, case, {"user": self.actor.username, "reason": reason})
        return recusal_public(row)

    def vote(
        self, case_id: int, choice: str, *, comment: str = "", committee: str | None = None
    ) -> VotePublic:
        """Vote approve, reject or abstain (members of the reviewing committee only)."""
        self.authorize("case.vote")
        if choice not in CHOICES:
            raise InputError(f"vote {choice!r}: expected one of {', '.join(CHOICES)}")
        case = self.repo.case(case_id, share_lock=True)  # votes of others never conflict
        self.authorize_case("case.vote", case)
        if case.state != "in_review":
            raise WorkflowError(f"case {case_id} is {case.state!r}; votes are taken in_review")
        self.refuse_party(case, "vote on it")
        if self._recused(case, self.actor.id):
            raise PermissionDeniedError(
                f"user {self.actor.username!r} recused from case {case_id} and may not vote"
            )
        seat = self._seat(case, committee)
        if seat.role == "secretary":
            raise PermissionDeniedError("the committee secretary does not vote")
        slug = seat.committee.slug
        if any(v.user_id == self.actor.id and v.committee == slug for v in case.votes):
            raise WorkflowError(f"{self.actor.username!r} already voted on case {case_id}")
        row = VoteRow(
            case=case, committee=slug, user_id=self.actor.id, choice=choice, comment=comment
        )
        self.repo.add(row)
        self.record(
            events.VOTE_CAST, case, {"committee": slug, "choice": choice, "comment": comment}
        )
        return vote_public(row)

    def tally(self, case: ReviewCaseRow, committee: str) -> dict[str, Any]:
        """Votes of one committee, who was present, and what the procedure needs."""
        procedure = self.policy.procedure(case.procedure)
        votes = [v for v in case.votes if v.committee == committee]
        counts = {c: sum(1 for v in votes if v.choice == c) for c in CHOICES}
        present = len(votes)
        seats = {m.user_id: m for m in self.repo.committee(committee).members}
        expertise = {e for v in votes if v.user_id in seats for e in seats[v.user_id].expertise}
        num, den = procedure.majority
        return {
            "committee": committee,
            "procedure": case.procedure,
            **counts,
            "present": present,
            "recused": [r.user.username for r in case.recusals],
            "quorum": procedure.quorum,
            "categories_covered": all(
                set(group) & expertise for group in procedure.present_categories
            ),
            "needed_for_majority": (present * num) // den + 1,
        }

    def decide(
        self,
        case_id: int,
        outcome: str,
        *,
        rationale: str = "",
        committee: str | None = None,
        conditions: list[NewCondition] | None = None,
    ) -> DecisionPublic:
        """The chair records the committee's decision with the tally; rules are enforced."""
        self.authorize("case.decide")
        if outcome not in OUTCOMES:
            raise InputError(f"outcome {outcome!r}: expected one of {', '.join(OUTCOMES)}")
        case = self.load(case_id, lock=True)
        self.authorize_case("case.decide", case)
        if case.state != "in_review":
            raise WorkflowError(f"case {case_id} is {case.state!r}; decisions are made in_review")
        self.refuse_party(case, "decide it")
        if self._recused(case, self.actor.id):
            raise PermissionDeniedError(f"user {self.actor.username!r} recused from case {case_id}")
        seat = self._seat(case, committee)
        if seat.role not in {"chair", "vice_chair"}:
            raise PermissionDeniedError(
                f"only the chair or a vice-chair of {seat.committee.slug!r} records its decision"
            )
        conditions = conditions or []
        if outcome == "approved_with_conditions" and not conditions:
            raise InputError("approved_with_conditions needs at least one condition")
        if conditions and outcome != "approved_with_conditions":
            raise InputError("conditions go with approved_with_conditions only")
        slug = seat.committee.slug
        tally = self.tally(case, slug)
        self._check_rules(case, outcome, tally)
        row = DecisionRow(
            case=case,
            committee=slug,
            outcome=outcome,
            tally=tally,
            rationale=rationale,
            decided_by=self.actor.username,
        )
        self.repo.add(row)
        self.record(
            events.DECISION_RECORDED,
            case,
            {"committee": slug, "outcome": outcome, "tally": tally, "rationale": rationale},
        )
        for new in conditions:
            self._add_condition(case, new)
        self._advance(case)
        return DecisionPublic.model_validate(row)

    def _check_rules(self, case: ReviewCaseRow, outcome: str, tally: dict[str, Any]) -> None:
        procedure = self.policy.procedure(case.procedure)
        if procedure.meeting:
            if tally["present"] < procedure.quorum:
                raise WorkflowError(
                    f"no quorum: {tally['present']} members present, at least {procedure.quorum} "
                    f"needed ({procedure.cites})"
                )
            if not tally["categories_covered"]:
                raise WorkflowError(
                    "the members present do not cover the required categories "
                    f"{[list(g) for g in procedure.present_categories]} ({procedure.cites})"
                )
            needed = tally["needed_for_majority"]
            backing = tally["approve"] if outcome in APPROVALS else tally["reject"]
            if outcome != "changes_requested" and backing < needed:
                side = "approve" if outcome in APPROVALS else "reject"
                raise WorkflowError(
                    f"{outcome} needs more than {procedure.majority[0]}/{procedure.majority[1]} "
                    f"of the {tally['present']} present: {needed} {side} votes, got {backing}"
                )
            return
        voted = tally["approve"] + tally["reject"]
        if voted < procedure.min_reviewers:
            raise WorkflowError(
                f"the simplified procedure needs {procedure.min_reviewers} designated reviewers' "
                f"votes, got {voted}"
            )
        if outcome in APPROVALS and tally["reject"]:
            raise WorkflowError(
                "a designated reviewer objected: change the procedure to general "
                f"({procedure.cites})"
            )

    def _advance(self, case: ReviewCaseRow) -> None:
        if self._current_committees(case) and all(d.outcome in APPROVALS for d in case.decisions):
            return  # the next committee reviews (sequential) or others still decide (parallel)
        outcome = max((d.outcome for d in case.decisions), key=lambda o: _SEVERITY[o])
        case.outcome = outcome
        case.decided_at = self.clock()
        self.transition(case, "decide", outcome=outcome)
        if outcome in APPROVALS:
            if case.expert_rereview:
                self.transition(case, "refer_to_experts")
            else:
                self.approve(case)
                self.transition(case, "monitor")
                self._close_parent(case)
        elif outcome == "changes_requested":
            self.transition(case, "revise")
            self._reset_for_resubmission(case)
        else:
            self.transition(case, "close")
            self._close_parent(case)

    def _reset_for_resubmission(self, case: ReviewCaseRow) -> None:
        case.decisions.clear()
        case.votes.clear()
        case.outcome = None
        self.repo.flush()

    def _close_parent(self, case: ReviewCaseRow) -> None:
        if case.parent_id is None:
            return
        parent = self.repo.case(case.parent_id)
        if parent.state == "rereview_due":
            self.transition(parent, "close", superseded_by=case.id)

    def expert_rereview(
        self, case_id: int, *, experts: int, agree: int, opinion: str = ""
    ) -> CasePublic:
        """Record the expert group's re-review opinion (Arts. 28-30)."""
        self.authorize("case.expert")
        rule = self.policy.expert_rereview
        case = self.load(case_id, lock=True)
        self.authorize_case("case.expert", case)
        if case.state != "expert_rereview":
            raise WorkflowError(f"case {case_id} is {case.state!r}, not awaiting expert re-review")
        if experts < rule.min_experts or not 0 <= agree <= experts:
            raise InputError(
                f"the expert group needs at least {rule.min_experts} experts and 0 <= agree <= "
                f"experts, got experts={experts}, agree={agree} ({rule.cites})"
            )
        num, den = rule.majority
        agreed = agree * den > experts * num
        self.record(
            events.EXPERT_REREVIEW,
            case,
            {"experts": experts, "agree": agree, "agreed": agreed, "opinion": opinion},
        )
        if agreed:
            self.approve(case)
            self.transition(case, "confirm")
            self._close_parent(case)
        else:
            case.outcome = "rejected"
            self.transition(case, "refuse")
            self._close_parent(case)
        return case_public(self, case)

    def add_condition(self, case_id: int, condition: NewCondition) -> ConditionPublic:
        """Add a condition to an approved case."""
        self.authorize("condition.add")
        case = self.load(case_id, lock=True)
        self.authorize_case("condition.add", case)
        if case.state not in {"decided", "expert_rereview", "monitoring"}:
            raise WorkflowError(f"case {case_id} is {case.state!r}; conditions follow an approval")
        return condition_public(self._add_condition(case, condition))

    def _add_condition(self, case: ReviewCaseRow, new: NewCondition) -> ConditionRow:
        if not new.text.strip():
            raise InputError("a condition needs a text")
        self.users.get(new.owner)
        row = ConditionRow(case=case, text=new.text, owner=new.owner, due=new.due)
        self.repo.add(row)
        self.record(
            events.CONDITION_ADDED,
            case,
            {"condition": row.id, "text": new.text, "owner": new.owner, "due": new.due.isoformat()},
        )
        return row

    def fulfil_condition(
        self, case_id: int, condition_id: int, *, evidence_id: int, note: str = ""
    ) -> ConditionPublic:
        """Record a condition's fulfilment with evidence (its owner or a chair)."""
        self.authorize("condition.fulfil")
        case = self.load(case_id, lock=True)
        row = next((c for c in case.conditions if c.id == condition_id), None)
        if row is None:
            raise NotFoundError(f"case {case_id} has no condition {condition_id}")
        relations = self.relations(case)
        if row.owner == self.actor.username:
            relations.add("condition_owner")
        authorize(self.actor, "condition.fulfil", relations)
        if row.fulfilled_at is not None:
            raise WorkflowError(f"condition {condition_id} is already fulfilled")
        if not any(e.id == evidence_id for e in case.evidence):
            raise InputError(f"case {case_id} has no evidence {evidence_id}")
        row.fulfilled_at, row.fulfilled_by = self.clock(), self.actor.username
        row.evidence_id, row.note = evidence_id, note
        self.repo.flush()
        self.record(
            events.CONDITION_FULFILLED,
            case,
            {"condition": condition_id, "evidence": evidence_id, "note": note},
        )
        return condition_public(row)
