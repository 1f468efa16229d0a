"""The OAuth2 password flow: exchange a user name and password for a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.orm import Session

from fulcrum.api.deps import DatabaseDep, WriteGate, run_in_transaction
from fulcrum.auth import UserService
from fulcrum.schemas import AccessToken

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=AccessToken)
def login(
    db: DatabaseDep, gate: WriteGate, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> AccessToken:
    """Check a password and issue an API token (audited as ``auth.login``)."""

    def work(session: Session) -> AccessToken:
        issued = UserService(session).login(form.username, form.password)
        return AccessToken(access_token=issued.secret, expires_at=issued.expires_at)

    return run_in_transaction(db, work, gate)
