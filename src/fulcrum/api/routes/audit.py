"""``/audit``: verify the log and the tables against it, read and export events, checkpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from fulcrum.api.deps import (
    CurrentUser,
    DatabaseDep,
    PagingDep,
    SessionDep,
    TokenDep,
    read_unit,
)
from fulcrum.audit import AuditEvent, AuditLog, Checkpoint
from fulcrum.audit._signing import key_id, read_public_key
from fulcrum.auth import UserService, authorize
from fulcrum.schemas import (
    AuditEventPublic,
    AuditEventsPublic,
    CheckpointPublic,
    CheckpointVerify,
    PublicKeyPublic,
    VerificationPublic,
)
from fulcrum.trust import checkpoint_public_key, sign_checkpoint, verify_everything

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("/verify", response_model=VerificationPublic)
def verify_log(session: SessionDep, user: CurrentUser) -> VerificationPublic:
    """Check the chain, the business tables against it and every evidence file.

    ``intact`` is false when anything fails; ``first_bad`` names the event, and
    ``table``/``row``/``column`` the tampered cell.
    """
    return VerificationPublic.model_validate(verify_everything(session, user).to_dict())


@router.post("/verify", response_model=VerificationPublic)
def verify_against_checkpoint(
    body: CheckpointVerify, session: SessionDep, user: CurrentUser
) -> VerificationPublic:
    """The same check against a signed checkpoint kept outside the database (changes nothing)."""
    cp = body.checkpoint
    checkpoint = Checkpoint(cp.count, cp.head_hash, cp.at, cp.digests, cp.public_key, cp.signature)
    trusted = None
    if body.trusted_key:
        trusted = {key_id(read_public_key(body.trusted_key, where="trusted_key"))}
    result = verify_everything(session, user, checkpoint, trusted_keys=trusted)
    return VerificationPublic.model_validate(result.to_dict())


@router.get("/events", response_model=AuditEventsPublic)
def list_events(
    session: SessionDep,
    user: CurrentUser,
    paging: PagingDep,
    subject: Annotated[str | None, Query(max_length=200, description="e.g. case:3")] = None,
) -> AuditEventsPublic:
    """Events, oldest first, optionally about one subject."""
    authorize(user, "audit.read")
    log = AuditLog(session)
    events: list[AuditEvent] = log.list_for(subject) if subject else list(log.events())
    rows = [AuditEventPublic.model_validate(e.to_dict()) for e in paging.slice(events)]
    return AuditEventsPublic(data=rows, count=len(events))


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines."}},
)
def export_log(db: DatabaseDep, token: TokenDep) -> StreamingResponse:
    """Every event as JSON Lines, streamed in sequence order."""
    with read_unit(db) as session:
        authorize(UserService(session).authenticate(token), "audit.export")

    def lines() -> Iterator[bytes]:
        with read_unit(db) as session:
            for event in AuditLog(session).events():
                line = json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True)
                yield (line + "\n").encode()

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="audit-log.jsonl"'},
    )


@router.get("/checkpoint", response_model=CheckpointPublic)
def checkpoint(session: SessionDep, user: CurrentUser) -> CheckpointPublic:
    """A checkpoint of the verified head, signed now (Ed25519); keep it outside the database.

    Signing changes nothing in the database, so this is a read.
    """
    return CheckpointPublic.model_validate(sign_checkpoint(session, user).to_dict())


@router.get("/public-key", response_model=PublicKeyPublic)
def public_key(user: CurrentUser) -> PublicKeyPublic:
    """The public key (PEM) that signs this installation's checkpoints."""
    return PublicKeyPublic(pem=checkpoint_public_key())
