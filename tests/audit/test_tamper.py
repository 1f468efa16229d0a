"""An attacker with SQL access: every business table, evidence files, truncation, checkpoints.

The SQL is written by hand here, as an attacker would type it; the verifier must
say "not intact" and name the table, row and column, or the first divergent event.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from fulcrum.audit import AuditLog, make_checkpoint, read_checkpoint, verify, write_checkpoint
from fulcrum.audit._signing import public_from_private
from fulcrum.auth import UserService
from fulcrum.errors import IntegrityError
from fulcrum.profile import Profile
from fulcrum.registry import Registry
from fulcrum.review import CaseService, CommitteeService, DecisionService
from fulcrum.settings import Settings
from fulcrum.store import Database
from fulcrum.trust import BlobStore, verify_everything

KEY = bytes(range(1, 33))
PROFILE = {
    "id": "gate",
    "name": "Gate",
    "owner": "sam",
    "jurisdictions": ["CN"],
    "data_categories": ["personal"],
}
MEMBERS = [
    ("chen", "chair", ["ethics"], "f"),
    ("dai", "vice_chair", ["technical"], "m"),
    ("eva", "member", ["law"], "f"),
    ("fan", "member", ["technical"], "m"),
    ("gao", "member", ["ethics"], "f"),
    ("hu", "member", ["technical"], "m"),
    ("ivy", "member", ["law"], "f"),
]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Database, int]:
    """A database with users, a seated committee, a registered system, a case with a vote."""
    db = Database(f"sqlite:///{tmp_path / 'tamper.db'}")
    with db.unit_of_work() as session:
        users = UserService(session)
        root = users.add(None, "root", role="admin", password="root-password")
        users.add(root, "sam", role="submitter")
        users.issue_token(root, "sam", name="ci")
        for name, seat, *_ in MEMBERS:
            users.add(root, name, role="chair" if seat != "member" else "reviewer")
        committees = CommitteeService(session, root)
        committees.ensure_defaults()
        for name, seat, expertise, gender in MEMBERS:
            committees.add_member("ethics", name, role=seat, expertise=expertise, gender=gender)
        Registry(session, users.resolve("sam")).register(Profile.model_validate(PROFILE))
    with db.unit_of_work() as session:
        cases = CaseService(session, UserService(session).resolve("sam"))
        case_id = cases.open("gate").id
        for q in cases.questionnaire(case_id):
            if q.required:
                cited = []
                if q.answer == "document":
                    doc = io.BytesIO(f"doc {q.key}".encode())
                    cited = [cases.attach(case_id, stream=doc, filename="doc.txt").id]
                value = q.choices[0] if q.answer == "choice" else "yes"
                cases.answer(case_id, q.key, value, evidence_ids=cited)
    for name, method in [("sam", "submit"), ("chen", "screen"), ("chen", "start")]:
        with db.unit_of_work() as session:
            getattr(CaseService(session, UserService(session).resolve(name)), method)(case_id)
    with db.unit_of_work() as session:
        DecisionService(session, UserService(session).resolve("dai")).vote(case_id, "approve")
        DecisionService(session, UserService(session).resolve("eva")).recuse(case_id, reason="x")
    with db.unit_of_work() as session:
        assert verify(session).ok
    return db, case_id


def _sql(db: Database, *statements: str) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _verify(db: Database) -> Any:
    with db.unit_of_work(write=False) as session:
        return verify(session)


# (what the attacker does, table named, column named or None)
EDITS: list[tuple[str, str, str | None]] = [
    ("UPDATE users SET role = 'admin' WHERE username = 'sam'", "users", "role"),
    ("UPDATE users SET active = 0 WHERE username = 'chen'", "users", "active"),
    ("UPDATE api_tokens SET expires_at = '2999-01-01 00:00:00'", "api_tokens", "expires_at"),
    ("UPDATE systems SET owner = 'mallory'", "systems", "owner"),
    ("UPDATE system_versions SET profile = '{}'", "system_versions", "profile"),
    ("UPDATE classifications SET eu_tier = 'minimal'", "classifications", "eu_tier"),
    ("UPDATE obligations SET status = 'verified'", "obligations", "status"),
    ("UPDATE committees SET name = 'Rubber stamp'", "committees", "name"),
    (
        "UPDATE committee_members SET role = 'chair' WHERE role = 'member'",
        "committee_members",
        "role",
    ),
    ("UPDATE review_cases SET state = 'monitoring'", "review_cases", "state"),
    ("UPDATE review_answers SET value = 'no'", "review_answers", "value"),
    ("UPDATE review_evidence SET verdict = 'pass'", "review_evidence", "verdict"),
    ("UPDATE review_votes SET choice = 'reject'", "review_votes", "choice"),
    ("DELETE FROM review_recusals", "review_recusals", None),
    (
        "INSERT INTO review_decisions (case_id, committee, outcome, tally, rationale, decided_by,"
        " created_at) VALUES (1, 'ethics', 'approved', '{}', '', 'chen', '2026-01-01')",
        "review_decisions",
        None,
    ),
    (
        "INSERT INTO review_conditions (case_id, text, owner, due, note, created_at)"
        " VALUES (1, 'x', 'sam', '2030-01-01', '', '2026-01-01')",
        "review_conditions",
        None,
    ),
    ("UPDATE evidence_blobs SET data = X'00'", "evidence_blobs", "data"),
]


@pytest.mark.parametrize(("statement", "table", "column"), EDITS, ids=[e[1] for e in EDITS])
def test_editing_any_business_table_is_detected(
    world: tuple[Database, int], statement: str, table: str, column: str | None
) -> None:
    db, _ = world
    # When an attacker edits a business table behind Fulcrum's back
    _sql(db, statement)
    # Then verification fails and names the table (and the column, for an update)
    result = _verify(db)
    assert not result.ok
    assert result.table == table, result.problem
    if column is not None:
        assert result.column == column and column in result.problem


def test_empty_log_with_business_rows_is_never_intact(world: tuple[Database, int]) -> None:
    db, _ = world
    _sql(db, "DELETE FROM audit_events", "DELETE FROM audit_head")
    result = _verify(db)
    assert not result.ok and result.count == 0 and "not created by any event" in result.problem


def test_deleting_a_vote_names_the_event_that_wrote_it(world: tuple[Database, int]) -> None:
    db, _ = world
    _sql(db, "DELETE FROM review_votes")
    result = _verify(db)
    assert not result.ok and result.table == "review_votes" and "missing" in result.problem
    with db.unit_of_work() as session:
        event = next(e for e in AuditLog(session).events() if e.seq == result.first_bad)
    assert event.type == "vote.cast"


def test_changes_through_the_orm_without_a_service_still_verify(
    world: tuple[Database, int],
) -> None:
    db, case_id = world
    from fulcrum.store.models.review import ReviewCaseRow

    # A change made through the ORM, outside any service, is still bound to the log at commit
    with db.unit_of_work() as session:
        session.get(ReviewCaseRow, case_id).trigger = "edited in a notebook"
    with db.unit_of_work() as session:
        assert verify(session).ok
        assert [e.type for e in AuditLog(session).events()][-1] == "state.changed"


def test_evidence_blob_in_a_folder_tampered_or_deleted(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, blob_dir=tmp_path / "blobs")
    db = Database(f"sqlite:///{tmp_path / 'b.db'}")
    with db.unit_of_work() as session:
        root = UserService(session).add(None, "root", role="admin")
        sha, _ = BlobStore(session, settings=settings).put(io.BytesIO(b"report"), name="r.pdf")
    path = tmp_path / "blobs" / sha[:2] / sha
    with db.unit_of_work() as session:
        root = UserService(session).resolve("root")
        assert verify_everything(session, root, settings=settings).ok
    path.write_bytes(b"forged")
    with db.unit_of_work() as session, pytest.raises(IntegrityError, match="altered"):
        BlobStore(session, settings=settings).read(sha)
    with db.unit_of_work() as session:
        result = verify_everything(session, UserService(session).resolve("root"), settings=settings)
    assert not result.ok and "altered" in result.problem
    path.unlink()
    with db.unit_of_work() as session, pytest.raises(IntegrityError, match="missing"):
        BlobStore(session, settings=settings).read(sha)


def _rehash_from(db: Database, seq: int, edit: Callable[[dict[str, Any]], None]) -> None:
    """Edit event ``seq``'s payload and recompute every hash after it, as a careful attacker."""
    from fulcrum.audit import chain_hash, event_body

    with db.engine.begin() as connection:
        rows = connection.execute(
            text(
                "SELECT seq, type, actor, subject, at, payload, via, changes, prev_hash "
                "FROM audit_events ORDER BY seq"
            )
        ).all()
        prev = None
        for row in rows:
            payload = json.loads(row.payload)
            changes = json.loads(row.changes) if row.changes else None
            if row.seq == seq:
                edit(payload)
            prev_hash = row.prev_hash if prev is None else prev
            body = event_body(
                row.seq,
                row.type,
                row.actor,
                row.subject,
                row.at,
                payload,
                via=row.via,
                changes=changes,
            )
            new = chain_hash(prev_hash, body)
            connection.execute(
                text(
                    "UPDATE audit_events SET payload = :p, prev_hash = :ph, hash = :h "
                    "WHERE seq = :s"
                ),
                {"p": json.dumps(payload), "ph": prev_hash, "h": new, "s": row.seq},
            )
            prev = new
        connection.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})


def test_rehashed_log_fails_against_a_signed_checkpoint(
    world: tuple[Database, int], tmp_path: Path
) -> None:
    db, _ = world
    with db.unit_of_work() as session:
        write_checkpoint(make_checkpoint(session, KEY), tmp_path / "cp.json")
    checkpoint = read_checkpoint(tmp_path / "cp.json")
    # When event 7's payload is edited and the whole chain after it re-hashed
    _rehash_from(db, 7, lambda payload: payload.update({"forged": True}))
    with db.unit_of_work() as session:
        assert verify(session).ok  # self-consistent on its own
        result = verify(session, checkpoint)
    # Then the signed checkpoint names event 7, the first that differs
    assert not result.ok and result.first_bad == 7 and "checkpoint" in result.problem


def test_truncation_after_a_checkpoint_is_named(world: tuple[Database, int]) -> None:
    db, _ = world
    with db.unit_of_work() as session:
        checkpoint = make_checkpoint(session, KEY)
    last = checkpoint.count
    _sql(
        db,
        f"DELETE FROM audit_events WHERE seq > {last - 2}",
        f"UPDATE audit_head SET seq = {last - 2}, "
        f"hash = (SELECT hash FROM audit_events WHERE seq = {last - 2})",
    )
    with db.unit_of_work() as session:
        result = verify(session, checkpoint)
    assert not result.ok and result.first_bad == last - 1 and "truncated" in result.problem


def test_forged_or_untrusted_checkpoints_are_refused(world: tuple[Database, int]) -> None:
    db, _ = world
    with db.unit_of_work() as session:
        checkpoint = make_checkpoint(session, KEY)
    from dataclasses import replace

    forged = replace(checkpoint, count=checkpoint.count - 1, digests=checkpoint.digests[:-16])
    with db.unit_of_work() as session:
        with pytest.raises(IntegrityError, match="signature"):
            verify(session, forged)
        with pytest.raises(IntegrityError, match="not trusted"):
            verify(session, checkpoint, trusted_keys={"0" * 16})
        unsigned = replace(checkpoint, signature="")
        with pytest.raises(IntegrityError, match="not signed"):
            verify(session, unsigned)
    public = base64.b64encode(public_from_private(KEY)).decode()
    assert checkpoint.public_key == public


def test_approval_validity_is_fixed_when_decided(tmp_path: Path) -> None:
    # The validity a reader's settings would give does not move a recorded approval
    from fulcrum.review import StatusService
    from fulcrum.store.models.review import ReviewCaseRow

    db = Database(f"sqlite:///{tmp_path / 'v.db'}")
    with db.unit_of_work() as session:
        root = UserService(session).add(None, "root", role="admin")
        Registry(session, root).register(Profile.model_validate(PROFILE))
        case = ReviewCaseRow(
            system_id=1,
            version_id=1,
            classification_id=1,
            state="monitoring",
            procedure="general",
            submitter_id=root.id,
            updated_at=dt.datetime.now(dt.UTC),
        )
        session.add(case)
        session.flush()
        writer = StatusService(session, root, settings=Settings(approval_validity_days=10))
        writer.approve(case)
        fixed = case.valid_until
    with db.unit_of_work() as session:
        root = UserService(session).resolve("root")
        for days in (1, 36500):
            reader = StatusService(session, root, settings=Settings(approval_validity_days=days))
            case = session.get(ReviewCaseRow, 1)
            assert reader.approval_expires(case) == fixed
