"""What the review services return: their rows as the pydantic Public schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fulcrum.schemas.cases import CasePublic, ConditionPublic, RecusalPublic, VotePublic
from fulcrum.store.models.review import ConditionRow, RecusalRow, ReviewCaseRow, VoteRow

if TYPE_CHECKING:
    from fulcrum.review._base import ServiceBase


def case_public(service: ServiceBase, case: ReviewCaseRow) -> CasePublic:
    """A case's list line, with its deadlines computed under ``service``'s policy and clock."""
    from fulcrum.review._status import StatusService  # it shows cases with the builders below

    status = StatusService(
        service.session,
        service.actor,
        policy=service.policy,
        clock=service.clock,
        audit=service.audit,
        settings=service.settings,
    )
    return CasePublic.model_validate(status.summary(case))


def vote_public(row: VoteRow) -> VotePublic:
    """A member's vote."""
    return VotePublic(
        user=row.user.username, committee=row.committee, choice=row.choice, comment=row.comment
    )


def recusal_public(row: RecusalRow) -> RecusalPublic:
    """A declared conflict of interest."""
    return RecusalPublic(user=row.user.username, reason=row.reason)


def condition_public(row: ConditionRow) -> ConditionPublic:
    """A condition of an approval, fulfilled or not."""
    return ConditionPublic(
        id=row.id,
        text=row.text,
        owner=row.owner,
        due=row.due,
        fulfilled=row.fulfilled_at is not None,
        evidence=row.evidence_id,
    )
