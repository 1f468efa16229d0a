"""Reading and appending audit events; no update or delete exists here on purpose."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session, defer

from fulcrum.store.models.audit import GENESIS_HASH, AuditEventRow, AuditHeadRow

HEAD_ID = 1
_HEAD = cast(Table, AuditHeadRow.__table__)


class AuditRepository:
    """The audit tables: lock the head, insert an event, move the head, read events."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_head(self) -> tuple[int, str]:
        """Take the append lock (a write on the head row) and return (seq, hash) of the head."""
        self.session.flush()
        table = _HEAD
        touched = self.session.execute(
            update(table).where(table.c.id == HEAD_ID).values(seq=table.c.seq)
        )
        if touched.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(table).values(id=HEAD_ID, seq=0, hash=GENESIS_HASH))
        row = self.session.execute(
            select(table.c.seq, table.c.hash).where(table.c.id == HEAD_ID)
        ).one()
        return int(row.seq), str(row.hash)

    def insert(self, row: AuditEventRow) -> AuditEventRow:
        """Insert one event and move the head to it (the head lock must be held)."""
        self.session.add(row)
        table = _HEAD
        self.session.flush()
        self.session.execute(
            update(table).where(table.c.id == HEAD_ID).values(seq=row.seq, hash=row.hash)
        )
        return row

    def head(self) -> tuple[int, str] | None:
        """(seq, hash) recorded in the head row, or None before the first event."""
        table = _HEAD
        row = self.session.execute(
            select(table.c.seq, table.c.hash).where(table.c.id == HEAD_ID)
        ).one_or_none()
        return (int(row.seq), str(row.hash)) if row else None

    def count(self) -> int:
        """Number of stored events."""
        return self.session.scalar(select(func.count()).select_from(AuditEventRow)) or 0

    def list_for(self, subject: str, *, changes: bool = False) -> Sequence[AuditEventRow]:
        """Events about ``subject``, oldest first; their large ``changes`` unread unless asked."""
        query = (
            select(AuditEventRow)
            .where(AuditEventRow.subject == subject)
            .order_by(AuditEventRow.seq)
        )
        if not changes:
            query = query.options(defer(AuditEventRow.changes))
        return self.session.scalars(query).all()

    def iter_all(self, *, batch: int = 1000) -> Iterator[AuditEventRow]:
        """Every event in sequence order, read in batches."""
        last = -1
        while True:
            rows = self.session.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.seq > last)
                .order_by(AuditEventRow.seq)
                .limit(batch)
            ).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].seq
