"""The audit log: events, verification and checkpoints."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from fulcrum.schemas._base import Page, Schema


class VerificationPublic(Schema):
    """Whether the log is intact; otherwise the first bad event and why."""

    intact: bool = Field(validation_alias=AliasChoices("intact", "ok"))
    count: int
    head_hash: str
    first_bad: int | None = None
    problem: str = ""
    table: str | None = None
    row: str | None = None
    column: str | None = None
    checkpoint_key: str | None = None


class CheckpointPublic(Schema):
    """A signed head of the log: count, head hash, per-event digests, Ed25519 signature."""

    count: int = Field(ge=0)
    head_hash: str = Field(pattern="^[0-9a-f]{64}$")
    at: str = Field(max_length=64)
    digests: str = ""
    public_key: str = Field(default="", max_length=200)
    signature: str = Field(default="", max_length=200)
    key_id: str = ""


class CheckpointVerify(Schema):
    """A checkpoint to verify the log against, and optionally the only key to trust."""

    checkpoint: CheckpointPublic
    trusted_key: str | None = Field(
        default=None, max_length=10_000, description="Public key (PEM or base64) to require."
    )


class PublicKeyPublic(Schema):
    """The public key that signs this installation's checkpoints."""

    pem: str


class AuditEventPublic(Schema):
    """One event of the hash-chained log."""

    seq: int
    type: str
    actor: str
    subject: str
    at: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class AuditEventsPublic(Page[AuditEventPublic]):
    """A page of events."""
