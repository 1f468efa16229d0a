"""``/evidence``: the content-addressed store (files, checked or signed records) and signers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Response, UploadFile, status
from sqlalchemy.orm import Session

from fulcrum.api.deps import CurrentUser, SessionDep, Tx
from fulcrum.api.routes.case_evidence import OCTETS, repr_digest, safe_name
from fulcrum.errors import IntegrityError
from fulcrum.schemas import (
    EvidenceRecordCreate,
    EvidenceVerification,
    SignerCreate,
    SignerPublic,
    SignersPublic,
    StoredEvidencePublic,
)
from fulcrum.store.models.users import UserRow
from fulcrum.trust import EvidenceService

router = APIRouter(prefix="/evidence", tags=["evidence"])
Sha = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256 of the content.")]


@router.post("", response_model=StoredEvidencePublic, status_code=201)
def upload(
    file: Annotated[UploadFile, File(description="The document; stored by its SHA-256.")],
    tx: Tx,
    response: Response,
) -> StoredEvidencePublic:
    """Store a file (streamed) as self-declared evidence; cite it by its SHA-256."""
    name = safe_name(file.filename)

    def work(session: Session, actor: UserRow) -> StoredEvidencePublic:
        file.file.seek(0)
        stored = EvidenceService(session, actor).store_file(file.file, name=name)
        return StoredEvidencePublic.model_validate(stored)

    result = tx(work)
    response.headers["Location"] = f"/api/v1/evidence/{result.sha256}"
    return result


@router.post("/records", response_model=StoredEvidencePublic, status_code=201)
def store_record(body: EvidenceRecordCreate, tx: Tx, response: Response) -> StoredEvidencePublic:
    """Store an Evidence record, or a DSSE envelope signed by a registered key (then "signed")."""

    def work(session: Session, actor: UserRow) -> StoredEvidencePublic:
        stored = EvidenceService(session, actor).store_record(body.record)
        return StoredEvidencePublic.model_validate(stored)

    result = tx(work)
    response.headers["Location"] = f"/api/v1/evidence/{result.sha256}"
    return result


@router.get("/signers", response_model=SignersPublic)
def list_signers(session: SessionDep, user: CurrentUser) -> SignersPublic:
    """Keys whose signed evidence is accepted."""
    rows = [SignerPublic.model_validate(r) for r in EvidenceService(session, user).signers()]
    return SignersPublic(data=rows, count=len(rows))


@router.post("/signers", response_model=SignerPublic, status_code=201)
def add_signer(body: SignerCreate, tx: Tx) -> SignerPublic:
    """Register a signer's public key, e.g. a CI runner's (admin)."""

    def work(session: Session, actor: UserRow) -> SignerPublic:
        row = EvidenceService(session, actor).add_signer(body.name, body.public_key)
        return SignerPublic.model_validate(row)

    return tx(work)


@router.delete("/signers/{name}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def revoke_signer(name: str, tx: Tx) -> Response:
    """Stop accepting a signer's key (admin)."""
    tx(lambda session, actor: EvidenceService(session, actor).revoke_signer(name))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{sha256}", response_class=Response, responses=OCTETS)
def download(sha256: Sha, session: SessionDep, user: CurrentUser) -> Response:
    """The stored bytes, after their hash is checked (409 when missing or altered)."""
    data = EvidenceService(session, user).read(sha256)
    return Response(
        data, media_type="application/octet-stream", headers={"Repr-Digest": repr_digest(sha256)}
    )


@router.get("/{sha256}/verify", response_model=EvidenceVerification)
def verify(sha256: Sha, session: SessionDep, user: CurrentUser) -> EvidenceVerification:
    """Whether the stored bytes still hash to ``sha256``."""
    problem = ""
    try:
        EvidenceService(session, user).read(sha256)
    except IntegrityError as exc:
        problem = str(exc)
    return EvidenceVerification(sha256=sha256, intact=not problem, problem=problem)
