"""Verifying the log: the chain, the business tables against it, and signed checkpoints.

A checkpoint is the head of the log at one moment (event count, head hash and
a 16-hex-digit digest of every event's hash), signed with an Ed25519 key and
kept outside the database. Against it, a log that was truncated, or altered and
then re-hashed end to end, fails and the report names the first event that
differs from what was signed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from fulcrum._hashing import canonical_json
from fulcrum.audit._log import row_hash
from fulcrum.audit._signing import (
    check_signature,
    key_id,
    public_from_private,
    read_public_key,
    sign,
)
from fulcrum.audit._state import compare_state, expected_state, table_map
from fulcrum.errors import InputError, IntegrityError
from fulcrum.store.models.audit import GENESIS_HASH
from fulcrum.store.repositories.audit import AuditRepository

CHECKPOINT_FORMAT = "fulcrum-checkpoint/2"
DIGEST_HEX = 16


@dataclass(frozen=True)
class Checkpoint:
    """A signed head of the log: count, head hash, per-event digests, signer and signature."""

    count: int
    head_hash: str
    at: str
    digests: str = ""
    public_key: str = ""
    signature: str = ""

    @property
    def key_id(self) -> str:
        """The signer's key id ("" when unsigned)."""
        return key_id(base64.b64decode(self.public_key)) if self.public_key else ""

    def signed_part(self) -> bytes:
        """The bytes the signature covers."""
        body = {
            "format": CHECKPOINT_FORMAT,
            "count": self.count,
            "head_hash": self.head_hash,
            "at": self.at,
            "digests": self.digests,
        }
        return canonical_json(body).encode("utf-8")

    def digest(self, seq: int) -> str:
        """The signed digest of event ``seq`` (1-based)."""
        start = (seq - 1) * DIGEST_HEX
        return self.digests[start : start + DIGEST_HEX]

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the checkpoint file."""
        return {"format": CHECKPOINT_FORMAT, **asdict(self), "key_id": self.key_id}


@dataclass(frozen=True)
class Verification:
    """The result of ``verify``: intact, or the first bad event or row and why."""

    ok: bool
    count: int
    head_hash: str
    first_bad: int | None = None
    problem: str = ""
    table: str | None = None
    row: str | None = None
    column: str | None = None
    checkpoint_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form printed by ``fulcrum audit verify`` and the API."""
        return {"intact": self.ok, **asdict(self)}


def verify(
    session: Session,
    checkpoint: Checkpoint | None = None,
    *,
    trusted_keys: set[str] | None = None,
) -> Verification:
    """Walk the chain, replay it against the business tables, and check ``checkpoint``."""
    if checkpoint is not None:
        _check_checkpoint_signature(checkpoint, trusted_keys)
    repo = AuditRepository(session)
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    batches: list[tuple[int, list[Any]]] = []
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
        if (
            checkpoint is not None
            and row.seq <= checkpoint.count
            and row.hash[:DIGEST_HEX] != checkpoint.digest(row.seq)
        ):
            return _bad(
                count,
                prev,
                row.seq,
                f"event #{row.seq} differs from the signed checkpoint of {checkpoint.at} "
                "(altered and re-hashed after it)",
            )
        if row.changes:
            batches.append((row.seq, row.changes))
        prev, count, expected_seq = row.hash, count + 1, expected_seq + 1
    head = repo.head()
    if head is not None and head != (count, prev):
        return _bad(
            count,
            prev,
            count + 1 if head[0] > count else count,
            f"log truncated or head altered: head records {head[0]} events, found {count}",
        )
    if checkpoint is not None and count < checkpoint.count:
        return _bad(
            count,
            prev,
            count + 1,
            f"log truncated: the signed checkpoint of {checkpoint.at} has {checkpoint.count} "
            f"events, the log {count}; event #{count + 1} is missing",
        )
    problem = compare_state(session, expected_state(iter(batches)), table_map(session))
    if problem is not None:
        where = f"{problem.table} row {problem.row}"
        return Verification(
            False,
            count,
            prev,
            problem.event,
            f"{where}: {problem.problem} (changed outside Fulcrum)",
            problem.table,
            problem.row,
            problem.column,
        )
    return Verification(True, count, prev, checkpoint_key=checkpoint.key_id if checkpoint else None)


def _check_checkpoint_signature(checkpoint: Checkpoint, trusted_keys: set[str] | None) -> None:
    if not checkpoint.signature or not checkpoint.public_key:
        raise IntegrityError("the checkpoint is not signed; only signed checkpoints are trusted")
    if trusted_keys is not None and checkpoint.key_id not in trusted_keys:
        raise IntegrityError(
            f"the checkpoint is signed by key {checkpoint.key_id}, which is not trusted here"
        )
    check_signature(
        base64.b64decode(checkpoint.public_key),
        base64.b64decode(checkpoint.signature),
        checkpoint.signed_part(),
    )
    if len(checkpoint.digests) != checkpoint.count * DIGEST_HEX:
        raise IntegrityError("the checkpoint's digests do not match its event count")


def _bad(count: int, prev: str, seq: int, problem: str) -> Verification:
    return Verification(False, count, prev, seq, problem)


def make_checkpoint(session: Session, private_key: bytes) -> Checkpoint:
    """A signed checkpoint of the current head (the log and tables are verified first)."""
    result = verify(session)
    if not result.ok:
        raise IntegrityError(f"audit log is broken, no checkpoint written: {result.problem}")
    digests = "".join(row.hash[:DIGEST_HEX] for row in AuditRepository(session).iter_all())
    unsigned = Checkpoint(
        result.count, result.head_hash, dt.datetime.now(dt.UTC).isoformat(), digests
    )
    signature = sign(private_key, unsigned.signed_part())
    return Checkpoint(
        unsigned.count,
        unsigned.head_hash,
        unsigned.at,
        digests,
        base64.b64encode(public_from_private(private_key)).decode("ascii"),
        base64.b64encode(signature).decode("ascii"),
    )


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    """Write a checkpoint file (JSON); InputError when the folder does not exist."""
    if not path.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the checkpoint")
    from fulcrum._atomic import write_atomic

    write_atomic(path, json.dumps(checkpoint.to_dict(), indent=2) + "\n")


def read_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint file; InputError names the file when it is unusable."""
    from fulcrum._yaml import load_json

    data = load_json(path)
    try:
        return Checkpoint(
            int(data["count"]),
            str(data["head_hash"]),
            str(data.get("at", "")),
            str(data.get("digests", "")),
            str(data.get("public_key", "")),
            str(data.get("signature", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"{path}: not a checkpoint (expected JSON with 'count' and 'head_hash')"
        ) from exc


def read_trusted_key(path: Path) -> str:
    """The key id of a public key file (PEM or base64), for ``verify(trusted_keys=...)``."""
    from fulcrum._yaml import read_text

    text = read_text(path)
    return key_id(read_public_key(text, where=str(path)))
