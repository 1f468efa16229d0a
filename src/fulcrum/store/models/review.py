"""Committees, review cases, answers, evidence links, votes, decisions and conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fulcrum.store.models._base import Base, Timestamped, UTCDateTime, utcnow
from fulcrum.store.models.users import UserRow


class CommitteeRow(Timestamped, Base):
    """A review committee (e.g. Ethics, Safety, Products)."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    members: Mapped[list[CommitteeMemberRow]] = relationship(
        back_populates="committee", order_by="CommitteeMemberRow.id", cascade="all, delete-orphan"
    )


class CommitteeMemberRow(Timestamped, Base):
    """A user's seat on a committee: role, expertise, internal or external, gender."""

    __tablename__ = "committee_members"
    __table_args__ = (UniqueConstraint("committee_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(20), default="")
    committee: Mapped[CommitteeRow] = relationship(back_populates="members")
    user: Mapped[UserRow] = relationship()


class ReviewCaseRow(Timestamped, Base):
    """One review of one system version; ``row_version`` guards against racing writers."""

    __tablename__ = "review_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("system_versions.id"), index=True)
    classification_id: Mapped[int] = mapped_column(ForeignKey("classifications.id"))
    state: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    procedure: Mapped[str] = mapped_column(String(32))
    procedure_reason: Mapped[str] = mapped_column(Text, default="")
    expert_rereview: Mapped[bool] = mapped_column(Boolean, default=False)
    committees: Mapped[list[str]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="sequential")
    stage: Mapped[int] = mapped_column(Integer, default=0)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner: Mapped[str] = mapped_column(String(200), default="")
    trigger: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("review_cases.id"), nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: When the approval lapses, fixed when the decision is taken (not by the reader).
    valid_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    submitter: Mapped[UserRow] = relationship()
    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="case", order_by="AnswerRow.id", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[EvidenceLinkRow]] = relationship(
        back_populates="case", order_by="EvidenceLinkRow.id", cascade="all, delete-orphan"
    )
    votes: Mapped[list[VoteRow]] = relationship(
        back_populates="case", order_by="VoteRow.id", cascade="all, delete-orphan"
    )
    recusals: Mapped[list[RecusalRow]] = relationship(
        back_populates="case", order_by="RecusalRow.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[DecisionRow]] = relationship(
        back_populates="case", order_by="DecisionRow.id", cascade="all, delete-orphan"
    )
    conditions: Mapped[list[ConditionRow]] = relationship(
        back_populates="case", order_by="ConditionRow.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012


class AnswerRow(Timestamped, Base):
    """The answer to one questionnaire question of a case."""

    __tablename__ = "review_answers"
    __table_args__ = (UniqueConstraint("case_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    question_key: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(Text)
    evidence_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    answered_by: Mapped[str] = mapped_column(String(100))
    #: Carried over from the previous case of a re-review: to be confirmed before submission.
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    case: Mapped[ReviewCaseRow] = relationship(back_populates="answers")


class EvidenceLinkRow(Timestamped, Base):
    """Evidence attached to a case: an uploaded file (content-addressed) or an Evidence record."""

    __tablename__ = "review_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(500), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(100))
    #: ``self-declared``, or ``signed:<key name>`` when a registered signer's DSSE envelope
    #: was verified on arrival.
    provenance: Mapped[str] = mapped_column(String(120), default="self-declared")
    verdict: Mapped[str | None] = mapped_column(String(16), nullable=True, default=None)
    case: Mapped[ReviewCaseRow] = relationship(back_populates="evidence")


class VoteRow(Timestamped, Base):
    """A member's vote on a case for one committee."""

    __tablename__ = "review_votes"
    __table_args__ = (UniqueConstraint("case_id", "committee", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    committee: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[ReviewCaseRow] = relationship(back_populates="votes")
    user: Mapped[UserRow] = relationship()


class RecusalRow(Timestamped, Base):
    """A declared conflict of interest: the member may not vote on or decide the case."""

    __tablename__ = "review_recusals"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[ReviewCaseRow] = relationship(back_populates="recusals")
    user: Mapped[UserRow] = relationship()


class DecisionRow(Timestamped, Base):
    """A committee's (or the expert group's) decision on a case, with its tally."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    committee: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(32))
    tally: Mapped[dict[str, Any]] = mapped_column(JSON)
    rationale: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    case: Mapped[ReviewCaseRow] = relationship(back_populates="decisions")


class ConditionRow(Timestamped, Base):
    """A condition attached to an approval: text, owner, due date, and its fulfilment."""

    __tablename__ = "review_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    due: Mapped[dt.date] = mapped_column(Date)
    fulfilled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    fulfilled_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("review_evidence.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[ReviewCaseRow] = relationship(back_populates="conditions")
