"""Obligations tracked per version: due dates from the law, statuses, evidence, who may change."""

from __future__ import annotations

import datetime as dt

import pytest

from fulcrum.auth import UserService
from fulcrum.errors import InputError, PermissionDeniedError, WorkflowError
from fulcrum.profile import parse_profile
from fulcrum.registry import ObligationService, ObligationUpdate, Registry

SCREENER = (
    "id: screener\nname: S\nowner: sam\njurisdictions: [DE]\nrole: provider\n"
    "purposes: [recruitment_selection]\ndata_categories: [personal]\n"
)


@pytest.fixture
def tracked(database):
    with database.unit_of_work() as session:
        users = UserService(session)
        root = users.add(None, "root", role="admin")
        users.add(root, "sam", role="submitter")
        users.add(root, "tom", role="submitter")
        users.add(root, "li", role="chair")
        users.add(root, "ann", role="auditor")
        Registry(session, users.resolve("sam")).register(parse_profile(SCREENER))
    return database


def _service(session, name: str) -> ObligationService:
    return ObligationService(session, UserService(session).resolve(name))


def test_every_applicable_obligation_is_tracked_with_its_legal_due_date(tracked) -> None:
    with tracked.unit_of_work() as session:
        rows = {r.obligation: r for r in _service(session, "ann").list("screener")}
    # Then the high-risk provider duties are due when the Omnibus makes them apply
    assert rows["eu-ai-act:art-9-risk-management"].due == dt.date(2027, 12, 2)
    assert rows["eu-ai-act:art-9-risk-management"].status == "open"
    # And GDPR duties have applied since 25 May 2018, so they are overdue until evidenced
    assert rows["gdpr:art-35-dpia"].due == dt.date(2018, 5, 25) and rows["gdpr:art-35-dpia"].overdue
    assert not rows["eu-ai-act:art-9-risk-management"].overdue


def test_status_changes_follow_the_rules_and_the_roles(tracked) -> None:
    ob = "gdpr:art-35-dpia"
    with tracked.unit_of_work() as session:
        owner = _service(session, "sam")
        # not applicable needs a justification
        with pytest.raises(InputError, match="justification"):
            owner.update("screener", ob, ObligationUpdate(status="not_applicable"))
        # evidenced needs evidence linked
        with pytest.raises(WorkflowError, match="link evidence"):
            owner.update("screener", ob, ObligationUpdate(status="evidenced"))
        # only a chair verifies
        with pytest.raises(PermissionDeniedError):
            owner.update("screener", ob, ObligationUpdate(status="verified"))
        # another submitter, or an auditor, may not touch sam's system
        for name in ("tom", "ann"):
            with pytest.raises(PermissionDeniedError):
                _service(session, name).update(
                    "screener", ob, ObligationUpdate(owner="sam", status="in_progress")
                )
        row = owner.update("screener", ob, ObligationUpdate(owner="sam", status="in_progress"))
        assert (row.owner, row.status) == ("sam", "in_progress")


def test_linked_evidence_verdicts_feed_the_status(tracked) -> None:
    ob = "eu-ai-act:art-10-data-governance"
    with tracked.unit_of_work() as session:
        owner = _service(session, "sam")
        failed = owner.link_evidence(
            "screener", ob, sha256="a" * 64, name="bias", verdict="fail", provenance="self-declared"
        )
        assert failed.status == "in_progress"
        passed = owner.link_evidence(
            "screener", ob, sha256="a" * 64, name="bias", verdict="pass", provenance="signed:ci"
        )
        assert passed.status == "evidenced" and len(passed.evidence) == 1
        verified = _service(session, "li").update(
            "screener", ob, ObligationUpdate(status="verified")
        )
        assert verified.status == "verified"
