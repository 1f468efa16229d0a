"""Local user accounts and their API tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fulcrum.store.models._base import Base, Timestamped, UTCDateTime


class UserRow(Timestamped, Base):
    """A person who acts in Fulcrum, with one role and an argon2 password hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    tokens: Mapped[list[TokenRow]] = relationship(back_populates="user", order_by="TokenRow.id")


class TokenRow(Timestamped, Base):
    """An API token: only its SHA-256 is stored; it expires and can be revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    user: Mapped[UserRow] = relationship(back_populates="tokens")
