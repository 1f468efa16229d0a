"""``/users``: accounts, roles and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from fulcrum.api._etags import check_if_match, etag_of, set_etag
from fulcrum.api.deps import CurrentUser, IfMatch, PagingDep, SessionDep, Tx
from fulcrum.auth import UserService
from fulcrum.errors import NotFoundError
from fulcrum.schemas import (
    PasswordUpdate,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    TokensPublic,
    UserCreate,
    UserPublic,
    UsersPublic,
    UserUpdate,
)
from fulcrum.store.models.users import UserRow

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=UsersPublic)
def list_users(session: SessionDep, user: CurrentUser, paging: PagingDep) -> UsersPublic:
    """Every user and their role (admins and auditors)."""
    rows = UserService(session).list_users(user)
    return UsersPublic(data=paging.slice(rows), count=len(rows))


@router.post("", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, tx: Tx, response: Response) -> UserPublic:
    """Create a local account (admin)."""

    def work(session: Session, actor: UserRow) -> UserPublic:
        row = UserService(session).add(
            actor,
            body.username,
            role=body.role,
            password=body.password,
            display_name=body.display_name,
        )
        return UserPublic.model_validate(row)

    created = tx(work)
    response.headers["Location"] = f"/api/v1/users/{created.username}"
    set_etag(response, etag_of(created))
    return created


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser, response: Response) -> UserPublic:
    """The user the bearer token belongs to."""
    public = UserPublic.model_validate(user)
    set_etag(response, etag_of(public))
    return public


@router.get("/{username}", response_model=UserPublic)
def get_user(
    username: str, session: SessionDep, user: CurrentUser, response: Response
) -> UserPublic:
    """One user (oneself, or anyone for an admin)."""
    public = UserService(session).get(user, username)
    set_etag(response, etag_of(public))
    return public


@router.patch("/{username}", response_model=UserPublic)
def update_user(
    username: str, body: UserUpdate, tx: Tx, response: Response, if_match: IfMatch = None
) -> UserPublic:
    """Change a user's role or deactivate the account (admin); ``If-Match`` guards the change."""

    def work(session: Session, actor: UserRow) -> UserPublic:
        service = UserService(session)
        if if_match is not None:
            check_if_match(if_match, etag_of(service.get(actor, username)))
        if body.role is not None:
            service.set_role(actor, username, body.role)
        if body.active is not None:
            service.set_active(actor, username, body.active)
        return service.get(actor, username)

    updated = tx(work)
    set_etag(response, etag_of(updated))
    return updated


@router.put("/{username}/password", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def change_password(username: str, body: PasswordUpdate, tx: Tx) -> Response:
    """Set a password: one's own with the current one, anyone's as admin."""
    tx(
        lambda session, actor: UserService(session).change_password(
            actor, username, body.new, current=body.current
        )
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{username}/tokens", response_model=TokensPublic)
def list_tokens(
    username: str, session: SessionDep, user: CurrentUser, paging: PagingDep
) -> TokensPublic:
    """A user's API tokens with their ids (one's own, or anyone's for an admin)."""
    found = UserService(session).list_tokens(user, username)
    rows = [TokenPublic.model_validate(t) for t in found]
    return TokensPublic(data=paging.slice(rows), count=len(rows))


@router.post("/{username}/tokens", response_model=TokenIssued, status_code=201)
def issue_token(username: str, body: TokenCreate, tx: Tx) -> TokenIssued:
    """Issue an API token; its secret is in this response only."""

    def work(session: Session, actor: UserRow) -> TokenIssued:
        issued = UserService(session).issue_token(
            actor, username, name=body.name, ttl_hours=body.ttl_hours
        )
        return TokenIssued.model_validate(issued)

    return tx(work)


@router.delete(
    "/{username}/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
def revoke_token(username: str, token_id: int, tx: Tx) -> Response:
    """Revoke a token (its owner or an admin)."""

    def work(session: Session, actor: UserRow) -> None:
        service = UserService(session)
        if token_id not in {t.id for t in service.list_tokens(actor, username)}:
            raise NotFoundError(f"user {username!r} has no token {token_id}")
        service.revoke_token(actor, token_id)

    tx(work)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
