"""``/systems/{id}/reports``: issued documents (dossier, SoA, model card, filing draft, OSCAL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.orm import Session

from fulcrum.api.deps import Tx
from fulcrum.api.routes.case_evidence import repr_digest
from fulcrum.reports._service import FORMATS, MEDIA_TYPES, IssuedReport, ReportService
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/systems", tags=["reports"])

_CONTENT: dict[str, dict[str, object]] = {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}


@router.get(
    "/{system}/reports/{kind}",
    response_class=Response,
    responses={200: {"description": "The document.", "content": _CONTENT}},
)
def issue_report(
    system: Annotated[str, Path(description="The system's slug.")],
    kind: Annotated[str, Path(description=f"One of: {', '.join(FORMATS)}.")],
    tx: Tx,
    format: Annotated[str | None, Query(description="Format (default: the kind's first).")] = None,
    lang: Annotated[str, Query(description="en or zh-CN.")] = "en",
    version: Annotated[int | None, Query(ge=1, description="Version (default: newest).")] = None,
) -> Response:
    """Render a report and record its SHA-256 as a ``report.issued`` audit event."""

    def work(session: Session, actor: UserRow) -> IssuedReport:
        return ReportService(session, actor).issue(
            system, kind, format=format, lang=lang, version=version
        )

    issued = tx(work)
    return Response(
        issued.data,
        media_type=issued.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{issued.filename}"',
            "Repr-Digest": repr_digest(issued.sha256),
        },
    )
