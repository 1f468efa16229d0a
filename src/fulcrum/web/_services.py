"""The services the pages call, built for the signed-in user: the one place that knows how.

The UI decides nothing itself: every read and write goes through these services, which
authorize the acting user (role and relationship). The audit verifier and exporter are
functions, not services, so this module checks their permission with ``fulcrum.auth.authorize``
exactly as the REST API's routes do; the table in ``fulcrum.auth`` stays the only source of
who may do what.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from fulcrum.auth import IssuedToken, TokenInfo, UserService, authorize, bind_actor
from fulcrum.registry import ObligationPublic, ObligationService, Registration, Registry
from fulcrum.review import (
    AnswerService,
    CaseService,
    CommitteeService,
    DecisionService,
    StatusService,
    rereview_listener,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fulcrum.audit import AuditEvent, Checkpoint, Verification
    from fulcrum.profile import Profile
    from fulcrum.store.models.users import UserRow
    from fulcrum.web._context import Ctx


def authenticate(session: Session, secret: str) -> UserRow:
    """The user the session cookie's token belongs to, bound to the session as acting via web."""
    service = UserService(session)
    user = service.authenticate(secret)
    return bind_actor(session, user, f"web:token:{service.token_id(secret)}")


def login(session: Session, username: str, password: str) -> IssuedToken:
    """Check the password and issue the session's API token."""
    return UserService(session).login(username, password)


def logout(session: Session, secret: str) -> None:
    """Revoke the session's token."""
    service = UserService(session)
    user = service.authenticate(secret)
    token = service.token_id(secret)
    if token is not None:
        service.revoke_token(user, token)


def tokens(ctx: Ctx) -> list[TokenInfo]:
    """The signed-in user's API tokens (never their secrets)."""
    return UserService(ctx.session).list_tokens(ctx.user)


def issue_token(ctx: Ctx, name: str) -> IssuedToken:
    """A new API token for the signed-in user."""
    return UserService(ctx.session).issue_token(ctx.user, ctx.user.username, name=name)


def revoke_token(ctx: Ctx, token_id: int) -> None:
    """Revoke one of the signed-in user's tokens."""
    UserService(ctx.session).revoke_token(ctx.user, token_id)


def change_password(ctx: Ctx, current: str, new: str) -> None:
    """Change the signed-in user's password (the service checks the current one)."""
    UserService(ctx.session).change_password(ctx.user, ctx.user.username, new, current=current)


def cases(ctx: Ctx) -> CaseService:
    """The submitter's side of cases, and screening."""
    return CaseService(ctx.session, ctx.user)


def answers(ctx: Ctx) -> AnswerService:
    """Questionnaire answers in bulk (import, export)."""
    return AnswerService(ctx.session, ctx.user)


def decisions(ctx: Ctx) -> DecisionService:
    """Votes, recusals, decisions and conditions."""
    return DecisionService(ctx.session, ctx.user)


def status(ctx: Ctx) -> StatusService:
    """Reading cases, deadlines, overdue items."""
    return StatusService(ctx.session, ctx.user)


def committees(ctx: Ctx) -> CommitteeService:
    """Committees and seats."""
    return CommitteeService(ctx.session, ctx.user)


def registry(ctx: Ctx) -> Registry:
    """The system registry, acting as the signed-in user."""
    return Registry(ctx.session, ctx.user, listeners=(rereview_listener(ctx.user),))


def register(ctx: Ctx, profile: Profile) -> Registration:
    """Register a profile as a new version (a changed classification re-opens review)."""
    return registry(ctx).register(profile)


def obligations(ctx: Ctx, system: str, version: int | None = None) -> list[ObligationPublic]:
    """The tracked obligations of a system version."""
    return ObligationService(ctx.session, ctx.user).list(system, version=version)


def obligation_service(ctx: Ctx) -> ObligationService:
    """Updating tracked obligations."""
    return ObligationService(ctx.session, ctx.user)


def verify_audit(ctx: Ctx, checkpoint: Checkpoint | None = None) -> Verification:
    """Verify the log, the business tables against it, the evidence files and ``checkpoint``."""
    from fulcrum.trust import verify_everything

    return verify_everything(ctx.session, ctx.user, checkpoint)


def sign_checkpoint(ctx: Ctx) -> Checkpoint:
    """A checkpoint of the verified head, signed with this installation's key."""
    from fulcrum.trust import sign_checkpoint as sign

    return sign(ctx.session, ctx.user)


def checkpoint_public_key(ctx: Ctx) -> str:
    """The PEM of the key that signs checkpoints (for whoever verifies them elsewhere)."""
    from fulcrum.trust import checkpoint_public_key as pem

    authorize(ctx.user, "audit.read")
    return pem()


def audit_events(ctx: Ctx) -> Iterator[AuditEvent]:
    """Every audit event, oldest first."""
    from fulcrum.audit import AuditLog

    authorize(ctx.user, "audit.export")
    return AuditLog(ctx.session).events()
