"""``/cases``: opening a case, its questionnaire and answers, and moving it through review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from fulcrum.api._etags import case_etag, case_write, set_etag
from fulcrum.api.deps import CurrentUser, IfMatch, PagingDep, SessionDep, Tx
from fulcrum.review import CaseService, RereviewService, StatusService
from fulcrum.schemas import (
    AnswerCreate,
    AnswerPublic,
    AnswersCreate,
    AnswersPublic,
    CaseCreate,
    CaseDetail,
    CasePublic,
    CasesPublic,
    OverduePublic,
    OverduesPublic,
    ProcedureUpdate,
    QuestionPublic,
    QuestionsPublic,
    Reason,
    RequiredReason,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=CasesPublic)
def list_cases(
    session: SessionDep,
    user: CurrentUser,
    paging: PagingDep,
    state: Annotated[str | None, Query(max_length=32)] = None,
    system: Annotated[str | None, Query(max_length=200)] = None,
) -> CasesPublic:
    """Cases, oldest first, optionally of one state or system."""
    rows = StatusService(session, user).list(state=state, system=system)
    return CasesPublic(
        data=[CasePublic.model_validate(r) for r in paging.slice(rows)], count=len(rows)
    )


@router.post("", response_model=CasePublic, status_code=201)
def open_case(body: CaseCreate, tx: Tx, response: Response) -> CasePublic:
    """Open a draft case for a system version."""

    def work(session: Session, actor: UserRow) -> tuple[CasePublic, str]:
        case = CaseService(session, actor).open(body.system, version=body.version)
        return case, case_etag(session, case.id)

    case, tag = tx(work)
    set_etag(response, tag)
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return case


@router.get("/overdue", response_model=OverduesPublic)
def overdue(session: SessionDep, user: CurrentUser, paging: PagingDep) -> OverduesPublic:
    """Decisions, conditions and approvals past their computed dates."""
    rows = [OverduePublic.model_validate(r) for r in StatusService(session, user).overdue()]
    return OverduesPublic(data=paging.slice(rows), count=len(rows))


@router.get("/{case_id}", response_model=CaseDetail)
def get_case(
    case_id: int, session: SessionDep, user: CurrentUser, response: Response
) -> CaseDetail:
    """Everything about a case, with its audit trail; the ETag guards later writes."""
    detail = CaseDetail.model_validate(StatusService(session, user).show(case_id))
    set_etag(response, case_etag(session, case_id))
    return detail


@router.get("/{case_id}/questions", response_model=QuestionsPublic)
def list_questions(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> QuestionsPublic:
    """The questionnaire, from the obligations of the case's classification."""
    items = [
        QuestionPublic.model_validate(q) for q in CaseService(session, user).questionnaire(case_id)
    ]
    return QuestionsPublic(data=paging.slice(items), count=len(items))


@router.get("/{case_id}/answers", response_model=AnswersPublic)
def list_answers(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> AnswersPublic:
    """The answers given so far."""
    rows = CaseService(session, user).answers(case_id)
    return AnswersPublic(data=paging.slice(rows), count=len(rows))


@router.post("/{case_id}/answers", response_model=AnswerPublic, status_code=201)
def answer(
    case_id: int, body: AnswerCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> AnswerPublic:
    """Answer one question (``requirement/question``), citing evidence ids if needed."""

    def work(session: Session, actor: UserRow) -> AnswerPublic:
        return CaseService(session, actor).answer(
            case_id, body.question, body.value, evidence_ids=body.evidence_ids
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.post("/{case_id}/answers/batch", response_model=AnswersPublic, status_code=201)
def answer_many(
    case_id: int, body: AnswersCreate, tx: Tx, response: Response, if_match: IfMatch = None
) -> AnswersPublic:
    """Answer several questions in one transaction: all are stored, or none."""

    def work(session: Session, actor: UserRow) -> AnswersPublic:
        service = CaseService(session, actor)
        rows = [
            service.answer(case_id, a.question, a.value, evidence_ids=a.evidence_ids)
            for a in body.answers
        ]
        return AnswersPublic(data=rows, count=len(rows))

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


def _move(
    tx: Tx, response: Response, case_id: int, if_match: str | None, call: str, **kw: str
) -> CasePublic:
    service = RereviewService if call == "rereview" else CaseService

    def work(session: Session, actor: UserRow) -> CasePublic:
        case: CasePublic = getattr(service(session, actor), call)(case_id, **kw)
        return case

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.post("/{case_id}/submit", response_model=CasePublic)
def submit(case_id: int, tx: Tx, response: Response, if_match: IfMatch = None) -> CasePublic:
    """Submit a draft (refused while required answers are missing)."""
    return _move(tx, response, case_id, if_match, "submit")


@router.post("/{case_id}/screen", response_model=CasePublic)
def screen(case_id: int, tx: Tx, response: Response, if_match: IfMatch = None) -> CasePublic:
    """Take a submitted case into screening (chair)."""
    return _move(tx, response, case_id, if_match, "screen")


@router.post("/{case_id}/start", response_model=CasePublic)
def start(case_id: int, tx: Tx, response: Response, if_match: IfMatch = None) -> CasePublic:
    """Accept a screened case for review (chair)."""
    return _move(tx, response, case_id, if_match, "start")


@router.post("/{case_id}/return", response_model=CasePublic)
def send_back(
    case_id: int, body: RequiredReason, tx: Tx, response: Response, if_match: IfMatch = None
) -> CasePublic:
    """Return a screened case to its submitter as a draft (chair)."""
    return _move(tx, response, case_id, if_match, "send_back", reason=body.reason)


@router.post("/{case_id}/withdraw", response_model=CasePublic)
def withdraw(
    case_id: int, body: Reason, tx: Tx, response: Response, if_match: IfMatch = None
) -> CasePublic:
    """Withdraw an open case (its submitter, or an admin)."""
    return _move(tx, response, case_id, if_match, "withdraw", reason=body.reason)


@router.put("/{case_id}/procedure", response_model=CasePublic)
def change_procedure(
    case_id: int, body: ProcedureUpdate, tx: Tx, response: Response, if_match: IfMatch = None
) -> CasePublic:
    """Change the procedure with a recorded reason (chair)."""

    def work(session: Session, actor: UserRow) -> CasePublic:
        return CaseService(session, actor).change_procedure(
            case_id, body.procedure, reason=body.reason
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    return result


@router.post("/{case_id}/rereview", response_model=CasePublic, status_code=201)
def rereview(
    case_id: int, body: RequiredReason, tx: Tx, response: Response, if_match: IfMatch = None
) -> CasePublic:
    """Open a re-review of an approved case (chair); returns the new case."""
    return _move(tx, response, case_id, if_match, "rereview", reason=body.reason)
