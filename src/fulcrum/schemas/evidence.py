"""Evidence sent to a case, and the result of checking a stored one."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from fulcrum.schemas._base import Schema


class EvidenceRecordCreate(Schema):
    """An assessment's Evidence record (or a signed envelope carrying one)."""

    record: dict[str, Any]
    note: str = Field(default="", max_length=10_000)


class StoredEvidencePublic(Schema):
    """Evidence stored by its SHA-256: a file, or a checked (possibly signed) record."""

    kind: str
    sha256: str
    name: str
    size: int
    verdict: str | None
    provenance: str


class SignerPublic(Schema):
    """A key whose DSSE-signed evidence is accepted as signed."""

    name: str
    key_id: str
    public_key: str
    added_by: str
    active: bool


class SignersPublic(Schema):
    """Registered signer keys."""

    data: list[SignerPublic]
    count: int


class SignerCreate(Schema):
    """A signer's Ed25519 public key (PEM or base64)."""

    name: str = Field(min_length=1, max_length=100)
    public_key: str = Field(min_length=1, max_length=10_000)


class EvidenceVerification(Schema):
    """Whether stored evidence still matches the hash recorded when it was attached."""

    id: int | None = None
    kind: str | None = None
    sha256: str
    intact: bool
    problem: str = ""
