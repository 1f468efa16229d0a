"""The hash chain: independent recomputation, tamper detection for each kind of edit."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from fulcrum.audit import (
    AuditLog,
    Checkpoint,
    make_checkpoint,
    read_checkpoint,
    verify,
    write_checkpoint,
)
from fulcrum.errors import InputError
from fulcrum.store import Database

#: A fixed Ed25519 private key for signing test checkpoints.
KEY = bytes(range(32))


def _sql(db: Database, *statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def test_hash_matches_an_independent_recomputation(filled: Database) -> None:
    # Given five events; When we recompute each hash with hashlib and json directly
    with filled.unit_of_work() as session:
        events = list(AuditLog(session).events())
    prev = "0" * 64
    for event in events:
        body = {k: getattr(event, k) for k in ("seq", "type", "actor", "subject", "at", "payload")}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        # Then each stored hash is SHA-256(prev || canonical JSON) and links to the previous
        assert event.prev_hash == prev
        assert event.hash == hashlib.sha256((prev + canonical).encode()).hexdigest()
        prev = event.hash
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]


def test_intact_log_verifies(filled: Database) -> None:
    with filled.unit_of_work() as session:
        result = verify(session)
    assert result.ok and result.count == 5 and result.first_bad is None


def test_empty_log_verifies(db: Database) -> None:
    with db.unit_of_work() as session:
        assert verify(session).ok


def test_list_for_subject(filled: Database) -> None:
    with filled.unit_of_work() as session:
        events = AuditLog(session).list_for("case:1")
    assert [e.payload["n"] for e in events] == [1, 3]


def test_list_for_leaves_changes_unread_unless_asked(filled: Database) -> None:
    from sqlalchemy import inspect

    from fulcrum.store.repositories.audit import AuditRepository

    with filled.unit_of_work() as session:
        rows = AuditRepository(session).list_for("case:1")
        assert rows and all("changes" in inspect(r).unloaded for r in rows)
        assert all(e.changes is None for e in AuditLog(session).list_for("case:1"))
    with filled.unit_of_work() as session:
        everything = [e for e in AuditLog(session).events() if e.subject == "case:1"]
    with filled.unit_of_work() as session:
        assert AuditLog(session).list_for("case:1", changes=True) == everything


@pytest.mark.parametrize(
    ("statements", "first_bad", "words"),
    [
        (["UPDATE audit_events SET payload = '{\"n\": 99}' WHERE seq = 3"], 3, "altered"),
        (["UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"], 2, "altered"),
        (["DELETE FROM audit_events WHERE seq = 2"], 2, "missing"),
        (
            # reorder: swap events 2 and 3
            [
                "UPDATE audit_events SET seq = 100 WHERE seq = 2",
                "UPDATE audit_events SET seq = 2 WHERE seq = 3",
                "UPDATE audit_events SET seq = 3 WHERE seq = 100",
            ],
            2,
            "altered",
        ),
        (
            # insert: renumber the tail and put a forged event at #3 with a self-consistent hash
            [
                "UPDATE audit_events SET seq = seq + 100 WHERE seq >= 3",
                "UPDATE audit_events SET seq = seq - 99 WHERE seq >= 103",
                "INSERT INTO audit_events (seq, type, actor, subject, at, payload, prev_hash, hash)"
                " SELECT 3, type, actor, subject, at, payload, hash, hash FROM audit_events"
                " WHERE seq = 2",
            ],
            3,
            "altered",
        ),
        (["DELETE FROM audit_events WHERE seq = 5"], 5, "truncated"),
    ],
    ids=["payload", "actor", "delete", "reorder", "insert", "truncate-tail"],
)
def test_tampering_is_detected(
    filled: Database, statements: list[str], first_bad: int, words: str
) -> None:
    # Given an intact log; When someone edits the table with raw SQL
    _sql(filled, *statements)
    # Then verification fails and names the first bad event
    with filled.unit_of_work() as session:
        result = verify(session)
    assert not result.ok
    assert result.first_bad == first_bad
    assert words in result.problem


def test_truncation_with_forged_head_is_caught_by_checkpoint(filled: Database) -> None:
    # Given a checkpoint at five events
    with filled.unit_of_work() as session:
        checkpoint = make_checkpoint(session, KEY)
    assert checkpoint.count == 5
    # When the last two events are deleted and the head row forged to match
    _sql(
        filled,
        "DELETE FROM audit_events WHERE seq > 3",
        "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_events WHERE seq = 3)",
    )
    with filled.unit_of_work() as session:
        assert verify(session).ok  # the chain itself is consistent
        result = verify(session, checkpoint)
    # Then the checkpoint reveals it
    assert not result.ok and "truncated" in result.problem and result.first_bad == 4


def test_rewritten_history_is_caught_by_checkpoint(filled: Database, tmp_path: Path) -> None:
    # Given a checkpoint written to a file
    path = tmp_path / "cp.json"
    with filled.unit_of_work() as session:
        write_checkpoint(make_checkpoint(session, KEY), path)
    checkpoint = read_checkpoint(path)
    # When the whole log is re-chained from event 1 with a different payload
    with filled.unit_of_work() as session:
        events = list(AuditLog(session).events())
    _sql(filled, "DELETE FROM audit_events", "DELETE FROM audit_head")
    for event in events:
        with filled.unit_of_work() as session:
            AuditLog(session).append(
                event.type, actor=event.actor, subject=event.subject, payload={"n": -1}
            )
    # Then the chain verifies on its own but not against the checkpoint, which names event 1
    with filled.unit_of_work() as session:
        assert verify(session).ok
        result = verify(session, checkpoint)
    assert not result.ok and result.first_bad == 1 and "checkpoint" in result.problem


def test_later_events_still_match_checkpoint(filled: Database) -> None:
    with filled.unit_of_work() as session:
        checkpoint = make_checkpoint(session, KEY)
    with filled.unit_of_work() as session:
        AuditLog(session).append("auth.login", actor="bob", subject="user:bob")
    with filled.unit_of_work() as session:
        assert verify(session, checkpoint).ok


def test_bad_checkpoint_file(tmp_path: Path) -> None:
    bad = tmp_path / "cp.json"
    bad.write_text("{}")
    with pytest.raises(InputError, match=r"cp\.json"):
        read_checkpoint(bad)
    with pytest.raises(InputError, match="no such file"):
        read_checkpoint(tmp_path / "missing.json")
    assert Checkpoint(1, "x", "").to_dict()["count"] == 1
    with pytest.raises(InputError, match="folder"):
        read_checkpoint(tmp_path)


def test_append_rolls_back_with_its_transaction(filled: Database) -> None:
    # Given a unit of work that appends and then crashes
    with pytest.raises(RuntimeError), filled.unit_of_work() as session:
        AuditLog(session).append("vote.cast", actor="x", subject="case:1")
        raise RuntimeError("crash")
    # Then nothing was appended
    with filled.unit_of_work() as session:
        result = verify(session)
    assert result.ok and result.count == 5


def test_concurrent_appends_do_not_fork(db: Database) -> None:
    # Given eight threads appending ten events each
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                with db.unit_of_work() as session:
                    AuditLog(session).append("t", actor=f"w{n}", subject="s", payload={"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Then all 80 are in one unbroken chain
    assert errors == []
    with db.unit_of_work() as session:
        result = verify(session)
    assert result.ok and result.count == 80
