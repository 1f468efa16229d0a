"""Appending to the hash-chained log inside the caller's transaction, and reading it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fulcrum._hashing import canonical_json, sha256_text
from fulcrum.store.models.audit import AuditEventRow
from fulcrum.store.repositories.audit import AuditRepository


def event_body(
    seq: int, type: str, actor: str, subject: str, at: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """The hashed fields of an event, as one dict."""
    return {
        "seq": seq,
        "type": type,
        "actor": actor,
        "subject": subject,
        "at": at,
        "payload": payload,
    }


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """SHA-256 of the previous hash followed by the canonical JSON of the event."""
    return sha256_text(prev_hash + canonical_json(body))


def row_hash(row: AuditEventRow) -> str:
    """Recompute the hash a stored row should carry."""
    body = event_body(row.seq, row.type, row.actor, row.subject, row.at, row.payload)
    return chain_hash(row.prev_hash, body)


@dataclass(frozen=True)
class AuditEvent:
    """One event of the log, as exported."""

    seq: int
    type: str
    actor: str
    subject: str
    at: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: AuditEventRow) -> AuditEvent:
        """Copy a stored row."""
        return cls(
            row.seq, row.type, row.actor, row.subject, row.at, row.payload, row.prev_hash, row.hash
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form (one line of ``fulcrum audit export``)."""
        return dict(self.__dict__)


class AuditLog:
    """The append-only audit log; ``append`` writes in the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self.repo = AuditRepository(session)

    def append(
        self,
        type: str,
        *,
        actor: str,
        subject: str,
        payload: dict[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> AuditEvent:
        """Record one event chained to the head; serialised by the head-row lock."""
        clean = json.loads(canonical_json(payload or {}))
        stamp = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
        seq, prev = self.repo.lock_head()
        body = event_body(seq + 1, type, actor, subject, stamp, clean)
        row = AuditEventRow(
            seq=seq + 1,
            type=type,
            actor=actor,
            subject=subject,
            at=stamp,
            payload=clean,
            prev_hash=prev,
            hash=chain_hash(prev, body),
        )
        return AuditEvent.from_row(self.repo.insert(row))

    def list_for(self, subject: str) -> list[AuditEvent]:
        """Events about ``subject`` (e.g. ``case:3``), oldest first."""
        return [AuditEvent.from_row(r) for r in self.repo.list_for(subject)]

    def events(self) -> Iterator[AuditEvent]:
        """Every event, oldest first."""
        for row in self.repo.iter_all():
            yield AuditEvent.from_row(row)
