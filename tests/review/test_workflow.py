"""The full review workflow through the services, with Given/When/Then comments."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from fulcrum.audit import verify
from fulcrum.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from fulcrum.profile import Profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, DecisionService, NewCondition, StatusService
from fulcrum.review._rereview import RereviewService
from fulcrum.store import Database
from fulcrum.store.models.audit import AuditEventRow
from fulcrum.store.models.review import ReviewCaseRow

from .conftest import PROFILE, user

Act = Callable[..., Any]


def _registry(session: Any) -> Registry:
    from fulcrum.review import rereview_listener

    return Registry(session, user(session, "sam"), listeners=(rereview_listener(),))


def answer_all(db: Database, case_id: int) -> int:
    """Answer every required question with 'yes' (or a text); returns how many."""
    with db.unit_of_work() as session:
        service = CaseService(session, user(session, "sam"))
        items = [q for q in service.questionnaire(case_id) if q.required]
        for q in items:
            value = q.choices[0] if q.answer == "choice" else "yes"
            evidence = []
            if q.answer == "document":
                stream = io.BytesIO(f"documentation for {q.key}".encode())
                evidence = [service.attach(case_id, stream=stream, filename="doc.txt").id]
            service.answer(case_id, q.key, value, evidence_ids=evidence)
    return len(items)


def to_review(db: Database, act: Act) -> int:
    case_id = act("sam", CaseService, "open", "loan-scorer")
    answer_all(db, case_id)
    act("sam", CaseService, "submit", case_id)
    act("chen", CaseService, "screen", case_id)
    act("chen", CaseService, "start", case_id)
    return int(case_id)


def state(db: Database, case_id: int) -> str:
    with db.unit_of_work() as session:
        return session.get(ReviewCaseRow, case_id).state  # type: ignore[union-attr]


def event_count(db: Database) -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(AuditEventRow)) or 0


def test_general_procedure_end_to_end(db: Database, act: Act, tmp_path: Path) -> None:
    # Given a case for a medium-grade system: the general procedure, Ethics committee
    case_id = act("sam", CaseService, "open", "loan-scorer")
    with db.unit_of_work() as session:
        case = session.get(ReviewCaseRow, case_id)
        assert case is not None and case.procedure == "general"
        assert case.committees == ["ethics"]
    # When submitting with answers missing, Then it is refused and nothing changes
    with db.unit_of_work() as session:
        questions = CaseService(session, user(session, "sam")).questionnaire(case_id)
    required = [q for q in questions if q.required]
    if required:
        with pytest.raises(WorkflowError, match="required answers missing"):
            act("sam", CaseService, "submit", case_id)
        assert state(db, case_id) == "draft"
    answer_all(db, case_id)
    act("sam", CaseService, "submit", case_id)
    act("chen", CaseService, "screen", case_id)
    act("chen", CaseService, "start", case_id)
    # And a member declares a conflict of interest, then cannot vote
    act("ivy", DecisionService, "recuse", case_id, reason="advised the vendor")
    with pytest.raises(PermissionDeniedError, match="recused"):
        act("ivy", DecisionService, "vote", case_id, "approve")
    # When five members vote (4 approve, 1 abstain: 4*3 > 5*2) and the chair decides
    for name in ["dai", "eva", "fan", "gao"]:
        act(name, DecisionService, "vote", case_id, "approve", comment="ok")
    act("hu", DecisionService, "vote", case_id, "abstain")
    pdf = tmp_path / "dpia.pdf"
    pdf.write_bytes(b"%PDF-1.4 dpia")
    condition = NewCondition("Publish the DPIA", "olga", dt.date(2030, 1, 1))
    with db.unit_of_work() as session:
        decision = DecisionService(session, user(session, "chen")).decide(
            case_id, "approved_with_conditions", rationale="fine", conditions=[condition]
        )
        assert decision.tally["approve"] == 4 and decision.tally["present"] == 5
        assert decision.tally["needed_for_majority"] == 4
        assert decision.tally["recused"] == ["ivy"]
    # Then the case is in monitoring with its condition
    assert state(db, case_id) == "monitoring"
    # When the condition owner fulfils it with evidence
    evidence_id = act("olga", CaseService, "attach", case_id, path=pdf)
    with db.unit_of_work() as session:
        detail = StatusService(session, user(session, "aud")).show(case_id)
    cond_id = detail["conditions"][0]["id"]
    act("olga", DecisionService, "fulfil_condition", case_id, cond_id, evidence_id=evidence_id)
    with db.unit_of_work() as session:
        detail = StatusService(session, user(session, "aud")).show(case_id)
        name, data = CaseService(session, user(session, "aud")).evidence_bytes(case_id, evidence_id)
        assert (name, data) == ("dpia.pdf", b"%PDF-1.4 dpia")
        assert verify(session).ok
    assert detail["conditions"][0]["fulfilled"] is True
    assert detail["approval_expires"] is not None
    types = [h["type"] for h in detail["history"]]
    for expected in [
        "case.opened",
        "case.answered",
        "vote.cast",
        "case.recused",
        "decision.recorded",
        "condition.added",
        "condition.fulfilled",
        "case.evidence_linked",
    ]:
        assert expected in types


def test_two_thirds_rule_and_quorum(db: Database, act: Act) -> None:
    case_id = to_review(db, act)
    # Given only four members present, Then the chair cannot decide (quorum 5)
    for name in ["dai", "eva", "fan", "gao"]:
        act(name, DecisionService, "vote", case_id, "approve")
    with pytest.raises(WorkflowError, match="no quorum: 4 members present"):
        act("chen", DecisionService, "decide", case_id, "approved")
    # Given six present with 4 approve: 4*3 = 12 is not > 6*2 = 12
    act("hu", DecisionService, "vote", case_id, "reject")
    act("ivy", DecisionService, "vote", case_id, "abstain")
    with pytest.raises(WorkflowError, match="5 approve votes, got 4"):
        act("chen", DecisionService, "decide", case_id, "approved")
    with pytest.raises(WorkflowError, match="reject votes"):
        act("chen", DecisionService, "decide", case_id, "rejected")
    # But changes may be requested; the case goes back to draft for resubmission
    act("chen", DecisionService, "decide", case_id, "changes_requested", rationale="revise")
    assert state(db, case_id) == "draft"


def test_owner_and_submitter_never_vote_or_decide(db: Database, act: Act) -> None:
    case_id = to_review(db, act)
    with db.unit_of_work() as session:
        case = session.get(ReviewCaseRow, case_id)
        assert case is not None
        case.owner = "dai"  # the vice-chair owns the system
    with pytest.raises(PermissionDeniedError, match="owns or submitted"):
        act("dai", DecisionService, "vote", case_id, "approve")
    with pytest.raises(PermissionDeniedError, match="owns or submitted"):
        act("dai", DecisionService, "decide", case_id, "approved")


def test_faults_leave_the_database_unchanged(db: Database, act: Act) -> None:
    case_id = to_review(db, act)
    before = event_count(db)
    cases = [
        (("sam", DecisionService, "vote", case_id, "approve"), PermissionDeniedError),
        (("aud", CaseService, "screen", case_id), PermissionDeniedError),
        (("sam", CaseService, "submit", case_id), WorkflowError),
        (("dai", DecisionService, "vote", 999), NotFoundError),
        (("dai", DecisionService, "vote", case_id, "maybe"), InputError),
        (("fan", DecisionService, "decide", case_id, "approved"), PermissionDeniedError),
    ]
    for args, error in cases:
        if args[2] == "vote" and len(args) == 4:
            args = (*args, "approve")
        with pytest.raises(error):
            act(*args)
    assert event_count(db) == before
    assert state(db, case_id) == "in_review"


def test_crash_inside_a_unit_of_work_leaves_no_partial_state(db: Database, act: Act) -> None:
    case_id = to_review(db, act)
    before = event_count(db)
    # Given a vote recorded and audited, When the process crashes before the commit
    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        DecisionService(session, user(session, "dai")).vote(case_id, "approve")
        raise RuntimeError("power cut")
    # Then neither the vote nor its audit event exist
    with db.unit_of_work() as session:
        assert StatusService(session, user(session, "aud")).show(case_id)["votes"] == []
    assert event_count(db) == before


def test_non_compliant_committee_cannot_hold_a_general_meeting(db: Database, act: Act) -> None:
    act(
        "root",
        __import__("fulcrum.review", fromlist=["x"]).CommitteeService,
        "remove_member",
        "ethics",
        "eva",
    )
    case_id = act("sam", CaseService, "open", "loan-scorer")
    answer_all(db, case_id)
    act("sam", CaseService, "submit", case_id)
    act("chen", CaseService, "screen", case_id)
    with pytest.raises(WorkflowError, match=r"not compliant.*6 members"):
        act("chen", CaseService, "start", case_id)
    # The chair may switch to the simplified procedure with a recorded reason
    act("chen", CaseService, "change_procedure", case_id, "simplified", reason="minor change")
    act("chen", CaseService, "start", case_id)
    act("dai", DecisionService, "vote", case_id, "approve")
    with pytest.raises(WorkflowError, match="designated reviewers"):
        act("chen", DecisionService, "decide", case_id, "approved")
    act("fan", DecisionService, "vote", case_id, "approve")
    act("chen", DecisionService, "decide", case_id, "approved")
    assert state(db, case_id) == "monitoring"


def test_deadlines_overdue_and_expiry_rereview(db: Database, act: Act) -> None:
    case_id = to_review(db, act)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    with db.unit_of_work() as session:
        overdue = StatusService(session, user(session, "aud"), clock=lambda: later).overdue()
    assert [(o["case"], o["kind"]) for o in overdue] == [(case_id, "decision")]
    for name in ["dai", "eva", "fan", "gao", "hu"]:
        act(name, DecisionService, "vote", case_id, "approve")
    act("chen", DecisionService, "decide", case_id, "approved")
    much_later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    with db.unit_of_work() as session:
        kinds = [
            o["kind"]
            for o in StatusService(
                session, user(session, "aud"), clock=lambda: much_later
            ).overdue()
        ]
        assert kinds == ["approval_expired"]
        opened = RereviewService(session, user(session, "chen"), clock=lambda: much_later).expired()
        assert [c.parent for c in opened] == [case_id]
    assert state(db, case_id) == "rereview_due"


def test_illegal_transition_message(db: Database, act: Act) -> None:
    case_id = act("sam", CaseService, "open", "loan-scorer")
    with pytest.raises(WorkflowError, match=r"cannot screen a case in state 'draft'; allowed: "):
        act("chen", CaseService, "screen", case_id)


def _approved(db: Database, act: Act) -> int:
    case_id = to_review(db, act)
    for name in ["dai", "eva", "fan", "gao", "hu"]:
        act(name, DecisionService, "vote", case_id, "approve")
    act("chen", DecisionService, "decide", case_id, "approved")
    assert state(db, case_id) == "monitoring"
    return case_id


def test_incident_opens_a_rereview(db: Database, act: Act) -> None:
    # Given an approved case in monitoring
    case_id = _approved(db, act)
    # When an incident is recorded for its system
    with db.unit_of_work() as session:
        opened = RereviewService(session, user(session, "chen")).incident(
            "loan-scorer", description="complaints of biased refusals"
        )
        assert [c.parent for c in opened] == [case_id]
    # Then the case is due for re-review, and an auditor cannot record incidents
    assert state(db, case_id) == "rereview_due"
    with pytest.raises(PermissionDeniedError), db.unit_of_work() as session:
        RereviewService(session, user(session, "aud")).incident("loan-scorer", description="x")


def test_new_version_with_changed_classification_opens_a_rereview(db: Database, act: Act) -> None:

    # Given an approved case
    case_id = _approved(db, act)
    # When a version with the same classification is registered, nothing happens
    same = {**PROFILE, "version": "1.1", "description": "Faster scoring."}
    with db.unit_of_work() as session:
        _registry(session).register(Profile.model_validate(same))
    assert state(db, case_id) == "monitoring"
    # When a version that adds biometric data of minors is registered (grade rises to high)
    riskier = {
        **same,
        "version": "2",
        "data_categories": ["personal", "financial", "biometric", "minors"],
    }
    with db.unit_of_work() as session:
        outcome = _registry(session).register(Profile.model_validate(riskier))
    # Then the approved case goes to re-review
    assert outcome.classification_changed
    assert state(db, case_id) == "rereview_due"
