"""``/cases/{id}/evidence``: streamed uploads, Evidence records, hash-checked downloads."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from sqlalchemy.orm import Session

from fulcrum.api._etags import case_write, set_etag
from fulcrum.api.deps import CurrentUser, IfMatch, PagingDep, SessionDep, Tx
from fulcrum.errors import IntegrityError
from fulcrum.review import CaseService
from fulcrum.schemas import (
    EvidencePublic,
    EvidenceRecordCreate,
    EvidencesPublic,
    EvidenceVerification,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/cases/{case_id}/evidence", tags=["evidence"])
UPLOAD_PATH = re.compile(r"^/api/v1/(cases/[^/]+/)?evidence/?$")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
OCTETS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/octet-stream": {}}, "description": "The bytes."}
}


def repr_digest(sha256: str) -> str:
    """The ``Repr-Digest`` header value (RFC 9530) of a SHA-256 in hex."""
    return f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:"


def safe_name(filename: str | None) -> str:
    """A file name without folders or odd characters."""
    return _SAFE.sub("_", Path(filename or "").name).strip("._")[:200] or "upload.bin"


@router.get("", response_model=EvidencesPublic)
def list_evidence(
    case_id: int, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> EvidencesPublic:
    """Evidence attached to a case, with its provenance (self-declared or signed)."""
    rows = CaseService(session, user).evidence(case_id)
    return EvidencesPublic(data=paging.slice(rows), count=len(rows))


@router.post("", response_model=EvidencePublic, status_code=201)
def upload(
    case_id: int,
    file: Annotated[UploadFile, File(description="The document; stored by its SHA-256.")],
    tx: Tx,
    response: Response,
    note: Annotated[str, Form(max_length=10_000)] = "",
    if_match: IfMatch = None,
) -> EvidencePublic:
    """Attach a file; the body streams to a spool file and from there into the store."""
    name = safe_name(file.filename)

    def work(session: Session, actor: UserRow) -> EvidencePublic:
        file.file.seek(0)
        return CaseService(session, actor).attach(
            case_id, stream=file.file, filename=name, note=note
        )

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    response.headers["Location"] = f"/api/v1/cases/{case_id}/evidence/{result.id}"
    return result


@router.post("/records", response_model=EvidencePublic, status_code=201)
def attach_record(
    case_id: int,
    body: EvidenceRecordCreate,
    tx: Tx,
    response: Response,
    if_match: IfMatch = None,
) -> EvidencePublic:
    """Attach an Evidence record, or a DSSE envelope of one signed by a registered key."""

    def work(session: Session, actor: UserRow) -> EvidencePublic:
        return CaseService(session, actor).attach(case_id, record=body.record, note=body.note)

    result, tag = case_write(tx, case_id, if_match, work)
    set_etag(response, tag)
    response.headers["Location"] = f"/api/v1/cases/{case_id}/evidence/{result.id}"
    return result


@router.get("/{evidence_id}", response_model=EvidencePublic)
def get_evidence(
    case_id: int, evidence_id: int, session: SessionDep, user: CurrentUser
) -> EvidencePublic:
    """One piece of evidence's metadata."""
    return CaseService(session, user).evidence_item(case_id, evidence_id)


@router.get("/{evidence_id}/content", response_class=Response, responses=OCTETS)
def download(case_id: int, evidence_id: int, session: SessionDep, user: CurrentUser) -> Response:
    """The stored bytes, after their hash is checked (409 when missing or altered)."""
    service = CaseService(session, user)
    link = service.evidence_item(case_id, evidence_id)
    name, data = service.evidence_bytes(case_id, evidence_id)
    return Response(
        data,
        media_type="application/json" if link.kind == "record" else "application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{safe_name(name)}"',
            "Repr-Digest": repr_digest(link.sha256),
        },
    )


@router.get("/{evidence_id}/verify", response_model=EvidenceVerification)
def verify(
    case_id: int, evidence_id: int, session: SessionDep, user: CurrentUser
) -> EvidenceVerification:
    """Check stored evidence against the hash recorded when it was attached."""
    service = CaseService(session, user)
    link = service.evidence_item(case_id, evidence_id)
    problem = ""
    try:
        service.evidence_bytes(case_id, evidence_id)
    except IntegrityError as exc:
        problem = str(exc)
    return EvidenceVerification(
        id=link.id, kind=link.kind, sha256=link.sha256, intact=not problem, problem=problem
    )
