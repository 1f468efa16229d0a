"""Review cases: questions, answers, votes, recusals, decisions, conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AliasChoices, Field

from fulcrum.schemas._base import Page, Schema

Choice = Literal["approve", "reject", "abstain"]
Outcome = Literal["approved", "approved_with_conditions", "changes_requested", "rejected"]


class CasePublic(Schema):
    """One line of the case list."""

    id: int = Field(validation_alias=AliasChoices("id", "case"))
    system: str
    version: int
    state: str
    outcome: str | None
    procedure: str
    committees: list[str]
    submitter: str
    decision_due: str | None
    approval_expires: str | None
    parent: int | None


class CasesPublic(Page[CasePublic]):
    """A page of cases."""


class EvidencePublic(Schema):
    """Evidence attached to a case: a stored file or an Evidence record."""

    id: int
    kind: str
    sha256: str
    name: str = Field(validation_alias=AliasChoices("name", "filename"))
    note: str
    provenance: str = Field(default="self-declared", description="self-declared or signed:KEY")
    verdict: str | None = None


class EvidencesPublic(Page[EvidencePublic]):
    """Evidence of a case."""


class VotePublic(Schema):
    """A member's vote."""

    user: str
    committee: str
    choice: str
    comment: str


class VotesPublic(Page[VotePublic]):
    """Votes on a case."""


class RecusalPublic(Schema):
    """A declared conflict of interest."""

    user: str
    reason: str


class RecusalsPublic(Page[RecusalPublic]):
    """Recusals on a case."""


class DecisionPublic(Schema):
    """A committee's decision with its tally."""

    committee: str
    outcome: str
    tally: dict[str, Any]
    by: str = Field(validation_alias=AliasChoices("by", "decided_by"))
    rationale: str


class DecisionsPublic(Page[DecisionPublic]):
    """Decisions on a case."""


class ConditionPublic(Schema):
    """A condition of an approval."""

    id: int
    text: str
    owner: str
    due: dt.date
    fulfilled: bool
    evidence: int | None


class ConditionsPublic(Page[ConditionPublic]):
    """Conditions of a case."""


class HistoryEvent(Schema):
    """One audit event about a case."""

    seq: int
    type: str
    actor: str
    at: str
    payload: dict[str, Any]


class CaseDetail(CasePublic):
    """Everything about a case, with its audit trail."""

    trigger: str
    procedure_reason: str
    mode: str
    expert_rereview: bool
    answers: dict[str, str]
    evidence: list[EvidencePublic]
    votes: list[VotePublic]
    recusals: list[RecusalPublic]
    decisions: list[DecisionPublic]
    conditions: list[ConditionPublic]
    history: list[HistoryEvent]


class CaseCreate(Schema):
    """Open a case for a system version (default: the newest)."""

    system: str = Field(min_length=1, max_length=200)
    version: int | None = Field(default=None, ge=1)


class QuestionPublic(Schema):
    """One question of a case's questionnaire; ``key`` is ``requirement/question``."""

    key: str
    requirement: str
    framework: str
    principles: list[str]
    text: str
    required: bool
    answer: str
    choices: list[str]


class QuestionsPublic(Page[QuestionPublic]):
    """The questionnaire of a case."""


class AnswerCreate(Schema):
    """An answer to one question, optionally citing evidence ids."""

    question: str = Field(min_length=1, max_length=300)
    value: str = Field(max_length=20_000)
    evidence_ids: list[int] = Field(default_factory=list, max_length=100)


class AnswersCreate(Schema):
    """Several answers at once, stored all or none."""

    answers: list[AnswerCreate] = Field(min_length=1, max_length=1000)


class AnswerPublic(Schema):
    """A stored answer."""

    question: str = Field(validation_alias=AliasChoices("question", "question_key"))
    value: str
    evidence_ids: list[int]
    answered_by: str


class AnswersPublic(Page[AnswerPublic]):
    """Answers of a case."""


class Reason(Schema):
    """A reason recorded in the audit log."""

    reason: str = Field(default="", max_length=10_000)


class RequiredReason(Schema):
    """A reason that must be given."""

    reason: str = Field(min_length=1, max_length=10_000)


class ProcedureUpdate(Schema):
    """Change the procedure of a case, with a reason."""

    procedure: Literal["general", "simplified", "emergency", "expert_rereview"]
    reason: str = Field(min_length=1, max_length=10_000)


class VoteCreate(Schema):
    """A vote on a case under review."""

    choice: Choice
    comment: str = Field(default="", max_length=10_000)
    committee: str | None = Field(default=None, max_length=100)


class ConditionCreate(Schema):
    """A condition of an approval."""

    text: str = Field(min_length=1, max_length=10_000)
    owner: str = Field(min_length=1, max_length=100)
    due: dt.date


class DecisionCreate(Schema):
    """The committee's decision, recorded by its chair."""

    outcome: Outcome
    rationale: str = Field(default="", max_length=20_000)
    committee: str | None = Field(default=None, max_length=100)
    conditions: list[ConditionCreate] = Field(default_factory=list, max_length=50)


class ExpertReviewCreate(Schema):
    """The expert group's re-review opinion."""

    experts: int = Field(ge=0, le=1000)
    agree: int = Field(ge=0, le=1000)
    opinion: str = Field(default="", max_length=20_000)


class FulfilmentCreate(Schema):
    """Evidence that a condition is fulfilled."""

    evidence_id: int = Field(ge=1)
    note: str = Field(default="", max_length=10_000)


class OverduePublic(Schema):
    """A decision, condition or approval past its computed date."""

    case: int
    kind: str
    due: str
    detail: str


class OverduesPublic(Page[OverduePublic]):
    """Everything overdue."""
