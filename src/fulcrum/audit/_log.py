"""Appending to the hash-chained log inside the caller's transaction, and reading it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fulcrum._hashing import canonical_json, sha256_text
from fulcrum.audit._events import STATE_CHANGED
from fulcrum.audit._state import has_changes, take_changes
from fulcrum.audit._state import install as install_state_listeners
from fulcrum.store.models.audit import AuditEventRow
from fulcrum.store.repositories.audit import AuditRepository


def event_body(
    seq: int,
    type: str,
    actor: str,
    subject: str,
    at: str,
    payload: dict[str, Any],
    *,
    via: str | None = None,
    changes: list[Any] | None = None,
) -> dict[str, Any]:
    """The hashed fields of an event; ``via`` and ``changes`` only when present."""
    body: dict[str, Any] = {
        "seq": seq,
        "type": type,
        "actor": actor,
        "subject": subject,
        "at": at,
        "payload": payload,
    }
    if via:
        body["via"] = via
    if changes:
        body["changes"] = changes
    return body


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """SHA-256 of the previous hash followed by the canonical JSON of the event."""
    return sha256_text(prev_hash + canonical_json(body))


def row_hash(row: AuditEventRow) -> str:
    """Recompute the hash a stored row should carry."""
    body = event_body(
        row.seq,
        row.type,
        row.actor,
        row.subject,
        row.at,
        row.payload,
        via=row.via,
        changes=row.changes,
    )
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
    via: str | None = None
    changes: list[Any] | None = None

    @classmethod
    def from_row(cls, row: AuditEventRow, *, changes: bool = True) -> AuditEvent:
        """Copy a stored row (without its ``changes`` when they were not read)."""
        return cls(
            row.seq,
            row.type,
            row.actor,
            row.subject,
            row.at,
            row.payload,
            row.prev_hash,
            row.hash,
            row.via,
            row.changes if changes else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form (one line of ``fulcrum audit export``); absent optional fields omitted."""
        out = dict(self.__dict__)
        for key in ("via", "changes"):
            if not out[key]:
                out.pop(key)
        return out


#: ``session.info`` key naming how the acting user acts (set by whoever authenticated them).
VIA_KEY = "fulcrum_via"
#: ``session.info`` key naming the acting user, for the commit-time ``state.changed`` event.
ACTOR_KEY = "fulcrum_actor"


class AuditLog:
    """The append-only audit log; ``append`` writes in the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session
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
        """Record one event chained to the head; serialised by the head-row lock.

        The business rows flushed since the previous event ride on this one as its
        ``changes``; how the actor acted (``session.info["via"]``) is recorded too.
        """
        clean = json.loads(canonical_json(payload or {}))
        stamp = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
        seq, prev = self.repo.lock_head()
        changes = take_changes(self.session) or None
        via = self.session.info.get(VIA_KEY) or None
        body = event_body(seq + 1, type, actor, subject, stamp, clean, via=via, changes=changes)
        row = AuditEventRow(
            seq=seq + 1,
            type=type,
            actor=actor,
            subject=subject,
            at=stamp,
            payload=clean,
            via=via,
            changes=changes,
            prev_hash=prev,
            hash=chain_hash(prev, body),
        )
        return AuditEvent.from_row(self.repo.insert(row))

    def flush_changes(self, *, actor: str) -> AuditEvent | None:
        """Append ``state.changed`` for row changes no event has carried yet (at commit)."""
        self.session.flush()
        if not has_changes(self.session):
            return None
        return self.append(STATE_CHANGED, actor=actor, subject="state", payload={})

    def list_for(self, subject: str, *, changes: bool = False) -> list[AuditEvent]:
        """Events about ``subject`` (e.g. ``case:3``), oldest first.

        Listings leave each event's ``changes`` (the row images of a commit, possibly
        large) unread; pass ``changes=True`` to have them.
        """
        rows = self.repo.list_for(subject, changes=changes)
        return [AuditEvent.from_row(r, changes=changes) for r in rows]

    def events(self) -> Iterator[AuditEvent]:
        """Every event, oldest first."""
        for row in self.repo.iter_all():
            yield AuditEvent.from_row(row)


def _before_commit(session: Session) -> None:
    if has_changes(session) or session.new or session.dirty or session.deleted:
        AuditLog(session).flush_changes(actor=str(session.info.get(ACTOR_KEY) or "system"))


def install_listeners() -> None:
    """Bind every session's business-row changes to the log (idempotent)."""
    from sqlalchemy import event

    install_state_listeners()
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
