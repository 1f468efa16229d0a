"""AI systems, their profile versions and the classifications of each version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fulcrum.store.models._base import Base, Timestamped


class SystemRow(Timestamped, Base):
    """A registered AI system (its stable slug and owner)."""

    __tablename__ = "systems"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(500), default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    #: The user who registered the first version; with ``owner`` it makes the owner relation.
    registered_by: Mapped[str] = mapped_column(String(100), default="")
    versions: Mapped[list[SystemVersionRow]] = relationship(
        back_populates="system", order_by="SystemVersionRow.number", cascade="all, delete-orphan"
    )


class SystemVersionRow(Timestamped, Base):
    """One version of a system's profile; a changed profile makes a new row, never an update."""

    __tablename__ = "system_versions"
    __table_args__ = (UniqueConstraint("system_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100), default="")
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    profile_hash: Mapped[str] = mapped_column(String(64))
    registered_by: Mapped[str] = mapped_column(String(200), default="")
    system: Mapped[SystemRow] = relationship(back_populates="versions")
    classifications: Mapped[list[ClassificationRow]] = relationship(
        back_populates="version", order_by="ClassificationRow.id", cascade="all, delete-orphan"
    )


class ClassificationRow(Timestamped, Base):
    """A stored classification of one version under one rule-set version."""

    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("system_versions.id"), index=True)
    ruleset_version: Mapped[str] = mapped_column(String(64))
    eu_tier: Mapped[str] = mapped_column(String(32))
    ethics_grade: Mapped[str] = mapped_column(String(32))
    review_procedure: Mapped[str] = mapped_column(String(32))
    expert_rereview: Mapped[bool] = mapped_column(default=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[SystemVersionRow] = relationship(back_populates="classifications")
