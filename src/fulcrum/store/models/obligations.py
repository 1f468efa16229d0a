"""Obligations of a system version, tracked to owner, due date and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fulcrum.store.models._base import Base, Timestamped, UTCDateTime, utcnow

#: Obligation states that need nothing more by their due date (never overdue).
SETTLED_STATUSES = ("evidenced", "verified", "not_applicable")


class ObligationRow(Timestamped, Base):
    """One applicable obligation of one system version and where it stands."""

    __tablename__ = "obligations"
    __table_args__ = (UniqueConstraint("version_id", "obligation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("system_versions.id"), index=True)
    obligation: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    owner: Mapped[str] = mapped_column(String(100), default="")
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    justification: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
