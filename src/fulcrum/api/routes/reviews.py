"""``/cases/{id}/...``: the committee's side of a case — votes, recusals, decisions, conditions."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from fulcrum.api._etags import case_write, set_etag
from fulcrum.api.deps import CurrentUser, IfMatch, PagingDep, SessionDep, Tx
from fulcrum.review import DecisionService, NewCondition, StatusService
from fulcrum.schemas import (
    CasePublic,
    ConditionCreate,
    ConditionPublic,
    ConditionsPublic,
    DecisionCreate,
    DecisionPublic,
    DecisionsPublic,
    ExpertReviewCreate,
    FulfilmentCreate,
    RecusalPublic,
    RecusalsPublic,
    RequiredReason,
    VoteCreate,
    VotePublic,
    VotesPublic,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/cases/{case_id}", tags=["reviews"])


@router.get("/votes", response_model=VotesPublic)
def list_votes(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> VotesPublic:
    """Votes cast on a case."""
    rows = [
        VotePublic.model_validate(v) for v in StatusService(session, user).show(case_id)["votes"]
    ]
    return VotesPublic(data=paging.slice(rows), count=len(rows))


@router.post("/votes", response_model=VotePublic, status_code=201)
def vote(
    case_id: int, body: VoteCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> VotePublic:
    """Vote approve, reject or abstain (seated members of the reviewing committee)."""

    def work(session: Session, actor: UserRow) -> VotePublic:
        return DecisionService(session, actor).vote(
            case_id, body.choice, comment=body.comment, committee=body.committee
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.get("/recusals", response_model=RecusalsPublic)
def list_recusals(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> RecusalsPublic:
    """Declared conflicts of interest."""
    found = StatusService(session, user).show(case_id)["recusals"]
    rows = [RecusalPublic.model_validate(r) for r in found]
    return RecusalsPublic(data=paging.slice(rows), count=len(rows))


@router.post("/recusals", response_model=RecusalPublic, status_code=201)
def recuse(
    case_id: int, body: RequiredReason, tx: Tx, response: Response, if_match: IfMatch = None
) -> RecusalPublic:
    """Declare a conflict of interest: the member will not vote on or decide the case."""

    def work(session: Session, actor: UserRow) -> RecusalPublic:
        return DecisionService(session, actor).recuse(case_id, reason=body.reason)

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.get("/decisions", response_model=DecisionsPublic)
def list_decisions(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> DecisionsPublic:
    """Committee decisions with their tallies."""
    found = StatusService(session, user).show(case_id)["decisions"]
    rows = [DecisionPublic.model_validate(d) for d in found]
    return DecisionsPublic(data=paging.slice(rows), count=len(rows))


@router.post("/decisions", response_model=DecisionPublic, status_code=201)
def decide(
    case_id: int, body: DecisionCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> DecisionPublic:
    """The chair records the committee's decision; quorum and majority are enforced."""
    conditions = [NewCondition(c.text, c.owner, c.due) for c in body.conditions]

    def work(session: Session, actor: UserRow) -> DecisionPublic:
        return DecisionService(session, actor).decide(
            case_id,
            body.outcome,
            rationale=body.rationale,
            committee=body.committee,
            conditions=conditions,
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.post("/expert-review", response_model=CasePublic)
def expert_review(
    case_id: int, body: ExpertReviewCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> CasePublic:
    """Record the expert group's re-review opinion."""

    def work(session: Session, actor: UserRow) -> CasePublic:
        return DecisionService(session, actor).expert_rereview(
            case_id, experts=body.experts, agree=body.agree, opinion=body.opinion
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.get("/conditions", response_model=ConditionsPublic)
def list_conditions(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> ConditionsPublic:
    """Conditions of the approval, fulfilled or not."""
    found = StatusService(session, user).show(case_id)["conditions"]
    rows = [ConditionPublic.model_validate(c) for c in found]
    return ConditionsPublic(data=paging.slice(rows), count=len(rows))


@router.post("/conditions", response_model=ConditionPublic, status_code=201)
def add_condition(
    case_id: int, body: ConditionCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> ConditionPublic:
    """Add a condition to an approved case (chair)."""
    new = NewCondition(body.text, body.owner, body.due)

    def work(session: Session, actor: UserRow) -> ConditionPublic:
        return DecisionService(session, actor).add_condition(case_id, new)

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.post("/conditions/{condition_id}/fulfilment", response_model=ConditionPublic)
def fulfil_condition(
    case_id: int,
    condition_id: int,
    body: FulfilmentCreate,
    tx: Tx,
    response: Response,
    if_match: IfMatch = None,
) -> ConditionPublic:
    """Record that a condition is fulfilled, citing evidence (its owner or a chair)."""

    def work(session: Session, actor: UserRow) -> ConditionPublic:
        return DecisionService(session, actor).fulfil_condition(
            case_id, condition_id, evidence_id=body.evidence_id, note=body.note
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result
