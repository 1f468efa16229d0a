"""The whole integrity check an auditor runs: log, tables, evidence files, checkpoints."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from fulcrum.audit import Checkpoint, Verification, make_checkpoint, verify
from fulcrum.audit._signing import load_or_create_private_key, public_from_private, public_pem
from fulcrum.auth import authorize
from fulcrum.settings import Settings, get_settings
from fulcrum.store.models.users import UserRow
from fulcrum.trust._blobs import BlobStore


def verify_everything(
    session: Session,
    actor: UserRow,
    checkpoint: Checkpoint | None = None,
    *,
    trusted_keys: set[str] | None = None,
    settings: Settings | None = None,
) -> Verification:
    """Verify the chain, the tables against it, every evidence file, and ``checkpoint``."""
    authorize(actor, "audit.verify")
    result = verify(session, checkpoint, trusted_keys=trusted_keys)
    if not result.ok:
        return result
    for problem in BlobStore(session, settings=settings).problems():
        return replace(result, ok=False, problem=problem, table="evidence_blobs")
    return result


def _private_key(settings: Settings | None) -> bytes:
    settings = settings or get_settings()
    return load_or_create_private_key(settings.resolved_signing_key_file)


def sign_checkpoint(
    session: Session, actor: UserRow, *, settings: Settings | None = None
) -> Checkpoint:
    """A checkpoint of the verified head, signed with this installation's key."""
    authorize(actor, "audit.verify")
    return make_checkpoint(session, _private_key(settings))


def checkpoint_public_key(settings: Settings | None = None) -> str:
    """PEM of the public key that signs this installation's checkpoints."""
    return public_pem(public_from_private(_private_key(settings)))
