"""The append-only, hash-chained audit log and its head row (the append lock)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fulcrum.store.models._base import Base

GENESIS_HASH = "0" * 64


class AuditEventRow(Base):
    """One event; ``hash`` = SHA-256(prev_hash || canonical JSON of the event)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True, index=True)
    type: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: How the actor acted (``local-cli:root``, ``token:12``), when recorded.
    via: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    #: Snapshots of the business rows this event changed: ``[{"t", "k", "v"}]``.
    changes: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The single row holding the newest sequence number and hash; appends lock it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
