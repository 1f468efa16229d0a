"""``/systems``: the registry of AI systems, their versions, classifications and incidents."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from fulcrum.api._etags import check_if_match, etag_of, set_etag
from fulcrum.api.deps import CurrentUser, IfMatch, PagingDep, SessionDep, Tx
from fulcrum.errors import NotFoundError
from fulcrum.profile import Profile
from fulcrum.registry import ObligationService, Registry
from fulcrum.registry import ObligationUpdate as RegistryObligationUpdate
from fulcrum.review import RereviewService, rereview_listener
from fulcrum.schemas import (
    IncidentCreate,
    IncidentPublic,
    ObligationEvidenceCreate,
    ObligationPublic,
    ObligationsPublic,
    ObligationUpdate,
    RegistrationPublic,
    SystemDetail,
    SystemPublic,
    SystemsPublic,
    VersionPublic,
    VersionsPublic,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/systems", tags=["systems"])


def _tier(classification: dict[str, Any] | None) -> tuple[str | None, str | None]:
    if not classification:
        return None, None
    return classification.get("eu_ai_act", {}).get("tier"), classification.get("ethics_grade")


@router.get("", response_model=SystemsPublic)
def list_systems(session: SessionDep, user: CurrentUser, paging: PagingDep) -> SystemsPublic:
    """A page of systems, each with its newest classification's EU AI Act tier."""
    rows, total = Registry(session, user).list_systems(offset=paging.offset, limit=paging.limit)
    return SystemsPublic(
        data=[
            SystemPublic(
                id=r.system,
                name=r.name,
                owner=r.owner,
                versions=r.versions,
                tier=r.eu_tier,
                ethics_grade=r.ethics_grade,
                next_due=r.next_due,
            )
            for r in rows
        ],
        count=total,
    )


@router.post(
    "",
    response_model=RegistrationPublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": RegistrationPublic, "description": "Profile unchanged."}},
)
def register_system(profile: Profile, tx: Tx, response: Response) -> RegistrationPublic:
    """Register a profile; a changed profile becomes a new version (201), an unchanged one 200."""

    def work(session: Session, actor: UserRow) -> RegistrationPublic:
        registry = Registry(session, actor, listeners=(rereview_listener(actor),))
        done = registry.register(profile)
        return RegistrationPublic(
            id=done.system,
            version=done.version,
            created=done.created,
            classification_changed=done.classification_changed,
            classification=done.classification,
        )

    result = tx(work)
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return result


def _detail(session: Session, user: UserRow, system_id: str, version: int | None) -> SystemDetail:
    shown = Registry(session, user).show(system_id, version=version)
    tier, grade = _tier(shown["classification"])
    return SystemDetail(
        id=shown["system"],
        name=shown["name"],
        owner=shown["owner"],
        versions=shown["versions"],
        tier=tier,
        ethics_grade=grade,
        version=shown["version"],
        label=shown["label"],
        registered_at=shown["registered_at"],
        profile=shown["profile"],
        classification=shown["classification"],
    )


@router.get("/{system_id}", response_model=SystemDetail)
def get_system(
    system_id: str, session: SessionDep, user: CurrentUser, response: Response
) -> SystemDetail:
    """The newest version of a system with its profile and classification."""
    detail = _detail(session, user, system_id, None)
    set_etag(response, etag_of(detail))
    return detail


@router.get("/{system_id}/versions", response_model=VersionsPublic)
def list_versions(system_id: str, session: SessionDep, user: CurrentUser) -> VersionsPublic:
    """Every version of a system with its classifications, oldest first."""
    versions = [VersionPublic.model_validate(v) for v in Registry(session, user).history(system_id)]
    return VersionsPublic(data=versions, count=len(versions))


@router.get("/{system_id}/versions/{number}", response_model=SystemDetail)
def get_version(
    system_id: str, number: int, session: SessionDep, user: CurrentUser, response: Response
) -> SystemDetail:
    """One version of a system."""
    detail = _detail(session, user, system_id, number)
    set_etag(response, etag_of(detail))
    return detail


def _classification(
    session: Session, user: UserRow, system_id: str, version: int | None
) -> dict[str, Any]:
    found: dict[str, Any] | None = Registry(session, user).show(system_id, version=version)[
        "classification"
    ]
    if found is None:
        raise NotFoundError(f"system {system_id!r} has no stored classification")
    return found


@router.get("/{system_id}/classification", response_model=dict[str, Any])
def get_classification(
    system_id: str, session: SessionDep, user: CurrentUser, version: int | None = None
) -> dict[str, Any]:
    """The newest classification of a version (default: the newest), with every reason."""
    return _classification(session, user, system_id, version)


@router.post("/{system_id}/classification", response_model=dict[str, Any])
def reclassify(system_id: str, tx: Tx, version: int | None = None) -> dict[str, Any]:
    """Classify a stored version again under the current rule set and store the result."""

    def work(session: Session, actor: UserRow) -> dict[str, Any]:
        result: dict[str, Any] = Registry(session, actor).classify(system_id, version=version)
        return result

    return tx(work)


@router.get("/{system_id}/obligations", response_model=ObligationsPublic)
def list_obligations(
    system_id: str,
    session: SessionDep,
    user: CurrentUser,
    paging: PagingDep,
    version: int | None = None,
) -> ObligationsPublic:
    """Every tracked obligation of a version (default: newest) with status, owner and due date."""
    found = ObligationService(session, user).list(system_id, version=version)
    items = [ObligationPublic.model_validate(o) for o in found]
    return ObligationsPublic(data=paging.slice(items), count=len(items))


@router.get("/{system_id}/obligations/{obligation_id}", response_model=ObligationPublic)
def get_obligation(
    system_id: str,
    obligation_id: str,
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    version: int | None = None,
) -> ObligationPublic:
    """One tracked obligation; its ETag guards a later PATCH."""
    found = _obligation(session, user, system_id, obligation_id, version)
    set_etag(response, etag_of(found))
    return found


def _obligation(
    session: Session, user: UserRow, system_id: str, obligation_id: str, version: int | None
) -> ObligationPublic:
    for item in ObligationService(session, user).list(system_id, version=version):
        if item.obligation == obligation_id:
            return ObligationPublic.model_validate(item)
    raise NotFoundError(f"system {system_id!r} has no obligation {obligation_id!r}")


def _check_obligation_etag(
    session: Session,
    actor: UserRow,
    system_id: str,
    obligation_id: str,
    version: int | None,
    if_match: str | None,
) -> None:
    """412 when ``If-Match`` names another state of the obligation than the current one."""
    if if_match is not None:
        current = _obligation(session, actor, system_id, obligation_id, version)
        check_if_match(if_match, etag_of(current))


@router.patch("/{system_id}/obligations/{obligation_id}", response_model=ObligationPublic)
def update_obligation(
    system_id: str,
    obligation_id: str,
    body: ObligationUpdate,
    tx: Tx,
    response: Response,
    if_match: IfMatch = None,
    version: int | None = None,
) -> ObligationPublic:
    """Set an obligation's status, owner, due date or justification (``verified``: chairs)."""

    def work(session: Session, actor: UserRow) -> ObligationPublic:
        _check_obligation_etag(session, actor, system_id, obligation_id, version, if_match)
        change = RegistryObligationUpdate(**body.model_dump(exclude_unset=True))
        updated = ObligationService(session, actor).update(
            system_id, obligation_id, change, version=version
        )
        return ObligationPublic.model_validate(updated)

    updated = tx(work)
    set_etag(response, etag_of(updated))
    return updated


@router.post("/{system_id}/obligations/{obligation_id}/evidence", response_model=ObligationPublic)
def link_obligation_evidence(
    system_id: str,
    obligation_id: str,
    body: ObligationEvidenceCreate,
    tx: Tx,
    response: Response,
    if_match: IfMatch = None,
    version: int | None = None,
) -> ObligationPublic:
    """Link stored evidence by its SHA-256; its verdict (from the store) feeds the status."""

    def work(session: Session, actor: UserRow) -> ObligationPublic:
        _check_obligation_etag(session, actor, system_id, obligation_id, version, if_match)
        linked = ObligationService(session, actor).link_evidence(
            system_id, obligation_id, sha256=body.sha256, name=body.name, version=version
        )
        return ObligationPublic.model_validate(linked)

    linked = tx(work)
    set_etag(response, etag_of(linked))
    return linked


@router.post("/{system_id}/incidents", response_model=IncidentPublic, status_code=201)
def record_incident(system_id: str, body: IncidentCreate, tx: Tx) -> IncidentPublic:
    """Record an incident; approved cases of the system go to re-review."""

    def work(session: Session, actor: UserRow) -> IncidentPublic:
        cases = RereviewService(session, actor).incident(system_id, description=body.description)
        return IncidentPublic(system=system_id, rereview_cases=[c.id for c in cases])

    return tx(work)
