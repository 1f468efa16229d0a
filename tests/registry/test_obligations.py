"""Obligations tracked per version: due dates from the law, statuses, evidence, who may change."""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

import pytest

from fulcrum.audit._signing import public_from_private
from fulcrum.auth import UserService
from fulcrum.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from fulcrum.evidence import Evidence, Threshold
from fulcrum.profile import parse_profile
from fulcrum.registry import ObligationService, ObligationUpdate, Registry
from fulcrum.trust import EvidenceService, sign_evidence

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


def _record(value: float) -> dict[str, Any]:
    """A fairness Evidence record that passes at ``value`` <= 0.1 and fails above it."""
    check = Threshold.parse("demographic_parity_difference<=0.1").check(value)
    evidence = Evidence.build(
        kind="fairness",
        title="Selection rates by group",
        metrics={"demographic_parity_difference": value},
        checks=[check],
    )
    return evidence.model_dump(mode="json")


def test_linked_evidence_verdicts_feed_the_status(tracked) -> None:
    ob, other = "eu-ai-act:art-10-data-governance", "gdpr:art-35-dpia"
    with tracked.unit_of_work() as session:
        store = EvidenceService(session, UserService(session).resolve("sam"))
        failing = store.store_record(_record(0.3))
        passing = store.store_record(_record(0.04))
        memo = store.store_file(io.BytesIO(b"DPIA memo"), name="dpia.txt")
        owner = _service(session, "sam")
        # When failing evidence is linked, Then its verdict comes from the store
        failed = owner.link_evidence("screener", ob, sha256=failing.sha256)
        assert failed.status == "in_progress"
        assert failed.evidence == [
            {
                "sha256": failing.sha256,
                "name": "fairness",
                "verdict": "fail",
                "provenance": "self-declared",
            }
        ]
        # When passing evidence is linked (named), Then the obligation is evidenced
        passed = owner.link_evidence("screener", other, sha256=passing.sha256, name="bias")
        assert passed.status == "evidenced"
        assert [(e["name"], e["verdict"]) for e in passed.evidence] == [("bias", "pass")]
        # And linking it again replaces the entry; a plain file has no verdict
        again = owner.link_evidence("screener", other, sha256=passing.sha256)
        assert len(again.evidence) == 1 and again.status == "evidenced"
        with_file = owner.link_evidence("screener", other, sha256=memo.sha256)
        assert with_file.evidence[-1]["name"] == "dpia.txt"
        assert with_file.evidence[-1]["verdict"] is None
        # But nothing unstored is linked, and a verdict cannot be typed by hand
        with pytest.raises(NotFoundError, match="no stored evidence"):
            owner.link_evidence("screener", ob, sha256="a" * 64)
        with pytest.raises(InputError, match="SHA-256"):
            owner.link_evidence("screener", ob, sha256="not-a-hash")
        with pytest.raises(TypeError):
            owner.link_evidence("screener", ob, sha256=passing.sha256, verdict="pass")  # type: ignore[call-arg]
        verified = _service(session, "li").update(
            "screener", other, ObligationUpdate(status="verified")
        )
        assert verified.status == "verified"


def test_signed_evidence_is_linked_as_signed(tracked) -> None:
    key = bytes(range(7, 39))
    ob = "eu-ai-act:art-10-data-governance"
    with tracked.unit_of_work() as session:
        root = UserService(session).resolve("root")
        public = base64.b64encode(public_from_private(key)).decode()
        EvidenceService(session, root).add_signer("ci", public)
        # Given the same record stored self-declared, then signed
        sam = EvidenceService(session, UserService(session).resolve("sam"))
        sam.store_record(_record(0.04))
        stored = sam.store_record(sign_evidence(_record(0.04), key))
        # When it is linked, Then the stored provenance is the signer's
        linked = _service(session, "sam").link_evidence("screener", ob, sha256=stored.sha256)
    assert linked.evidence[0]["provenance"] == "signed:ci"
    assert linked.evidence[0]["verdict"] == "pass" and linked.status == "evidenced"


def test_the_inventory_shows_the_next_due_date_of_what_is_still_to_do(tracked) -> None:
    with tracked.unit_of_work() as session:
        rows = _service(session, "ann").list("screener")
        # hand-computed: the earliest due date among the obligations still open
        expected = min(r.due for r in rows if r.due is not None)
        (summary,), _ = Registry(session, UserService(session).resolve("ann")).list_systems()
        assert summary.next_due == expected == dt.date(2018, 5, 25)
        # When every obligation due that day is settled, the next date comes up
        owner = _service(session, "sam")
        for r in rows:
            if r.due == expected:
                change = ObligationUpdate(status="not_applicable", justification="not processed")
                owner.update("screener", r.obligation, change)
        later = min(r.due for r in rows if r.due is not None and r.due > expected)
        (summary,), _ = Registry(session, UserService(session).resolve("ann")).list_systems()
        assert summary.next_due == later
