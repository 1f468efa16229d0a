"""Verifying the chain, and checkpoints (head hash + count) kept outside the database."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fulcrum.audit._log import row_hash
from fulcrum.errors import InputError
from fulcrum.store.models.audit import GENESIS_HASH
from fulcrum.store.repositories.audit import AuditRepository


@dataclass(frozen=True)
class Checkpoint:
    """The head of the log at one moment: its event count and head hash."""

    count: int
    head_hash: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the checkpoint file."""
        return {"count": self.count, "head_hash": self.head_hash, "at": self.at}


@dataclass(frozen=True)
class Verification:
    """The result of ``verify``: ok, or the first bad event and why."""

    ok: bool
    count: int
    head_hash: str
    first_bad: int | None = None
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form printed by ``fulcrum audit verify``."""
        return dict(self.__dict__)


def verify(session: Session, checkpoint: Checkpoint | None = None) -> Verification:
    """Walk the chain from the genesis; report the first event that breaks it."""
    repo = AuditRepository(session)
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    at_checkpoint: str | None = None
    for row in repo.iter_all():
        if row.seq != expected_seq:
            return _bad(
                count, prev, expected_seq, f"event #{expected_seq} is missing (next is #{row.seq})"
            )
        if row_hash(row) != row.hash:
            return _bad(count, prev, row.seq, f"event #{row.seq} was altered (hash mismatch)")
        if row.prev_hash != prev:
            return _bad(
                count,
                prev,
                row.seq,
                f"event #{row.seq} does not chain to event #{row.seq - 1} "
                "(events inserted, deleted or reordered)",
            )
        prev, count, expected_seq = row.hash, count + 1, expected_seq + 1
        if checkpoint is not None and row.seq == checkpoint.count:
            at_checkpoint = row.hash
    head = repo.head()
    if head is not None and head != (count, prev):
        return _bad(
            count,
            prev,
            count + 1 if head[0] > count else count,
            f"log truncated or head altered: head records {head[0]} events, found {count}",
        )
    if checkpoint is not None:
        if count < checkpoint.count:
            return _bad(
                count,
                prev,
                count + 1,
                f"log truncated below the checkpoint: {count} events, checkpoint has "
                f"{checkpoint.count}",
            )
        if checkpoint.count > 0 and at_checkpoint != checkpoint.head_hash:
            return _bad(
                count,
                prev,
                checkpoint.count,
                f"event #{checkpoint.count} does not match the checkpoint's head hash",
            )
    return Verification(True, count, prev)


def _bad(count: int, prev: str, seq: int, problem: str) -> Verification:
    return Verification(False, count, prev, seq, problem)


def make_checkpoint(session: Session) -> Checkpoint:
    """A checkpoint of the current head (verifying the chain first)."""
    result = verify(session)
    if not result.ok:
        from fulcrum.errors import IntegrityError

        raise IntegrityError(f"audit log is broken, no checkpoint written: {result.problem}")
    return Checkpoint(result.count, result.head_hash, dt.datetime.now(dt.UTC).isoformat())


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    """Write a checkpoint file (JSON)."""
    path.write_text(json.dumps(checkpoint.to_dict(), indent=2) + "\n", encoding="utf-8")


def read_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint file; InputError names the file when it is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Checkpoint(int(data["count"]), str(data["head_hash"]), str(data.get("at", "")))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: checkpoint file not found") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: not a checkpoint (expected JSON with 'count' and 'head_hash')"
        ) from exc
