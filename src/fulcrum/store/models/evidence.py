"""Evidence files stored by content hash, and the keys allowed to sign evidence."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fulcrum.store.models._base import Base, Timestamped


class EvidenceBlobRow(Timestamped, Base):
    """One stored file, keyed by its SHA-256; ``data`` is None when a blob folder holds it."""

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, default=None)


class SignerKeyRow(Timestamped, Base):
    """An Ed25519 public key whose DSSE-signed evidence Fulcrum accepts as "signed"."""

    __tablename__ = "signer_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
