"""``/committees``: review committees, their seats and composition warnings."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from fulcrum.api.deps import CurrentUser, PagingDep, SessionDep, Tx
from fulcrum.review import CommitteeService
from fulcrum.schemas import (
    CommitteeCreate,
    CommitteePublic,
    CommitteesPublic,
    MemberCreate,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/committees", tags=["committees"])


@router.get("", response_model=CommitteesPublic)
def list_committees(session: SessionDep, user: CurrentUser, paging: PagingDep) -> CommitteesPublic:
    """Every committee with its members."""
    views = [
        CommitteePublic.model_validate(v.to_dict()) for v in CommitteeService(session, user).list()
    ]
    return CommitteesPublic(data=paging.slice(views), count=len(views))


@router.post("", response_model=CommitteePublic, status_code=201)
def create_committee(body: CommitteeCreate, tx: Tx, response: Response) -> CommitteePublic:
    """Create a committee (admin)."""

    def work(session: Session, actor: UserRow) -> CommitteePublic:
        return CommitteeService(session, actor).create(body.slug, name=body.name)

    response.headers["Location"] = f"/api/v1/committees/{body.slug}"
    return tx(work)


@router.post("/defaults", response_model=CommitteesPublic)
def create_defaults(tx: Tx) -> CommitteesPublic:
    """Create the policy's committees (Ethics, Safety, Products) that are missing (admin)."""

    def work(session: Session, actor: UserRow) -> CommitteesPublic:
        service = CommitteeService(session, actor)
        made = service.ensure_defaults()
        views = [CommitteePublic.model_validate(service.view(s).to_dict()) for s in made]
        return CommitteesPublic(data=views, count=len(views))

    return tx(work)


@router.get("/{slug}", response_model=CommitteePublic)
def get_committee(slug: str, session: SessionDep, user: CurrentUser) -> CommitteePublic:
    """A committee with its members and composition warnings."""
    return CommitteePublic.model_validate(CommitteeService(session, user).view(slug).to_dict())


@router.post("/{slug}/members", response_model=CommitteePublic, status_code=201)
def add_member(slug: str, body: MemberCreate, tx: Tx) -> CommitteePublic:
    """Seat a user on a committee (admin); warnings say what the composition still lacks."""

    def work(session: Session, actor: UserRow) -> CommitteePublic:
        service = CommitteeService(session, actor)
        service.add_member(
            slug,
            body.user,
            role=body.role,
            expertise=body.expertise,
            external=body.external,
            gender=body.gender,
        )
        return CommitteePublic.model_validate(service.view(slug).to_dict())

    return tx(work)


@router.delete(
    "/{slug}/members/{username}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response
)
def remove_member(slug: str, username: str, tx: Tx) -> Response:
    """Remove a user's seat (admin)."""
    tx(lambda session, actor: CommitteeService(session, actor).remove_member(slug, username))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
