"""Users, API tokens and the OAuth2 access token."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from fulcrum.schemas._base import Page, Schema

RoleName = Literal["admin", "submitter", "reviewer", "chair", "auditor"]


class UserPublic(Schema):
    """A user as others see it (never the password hash)."""

    username: str
    display_name: str
    role: str
    active: bool


class UsersPublic(Page[UserPublic]):
    """A page of users."""


class UserCreate(Schema):
    """A new local account."""

    username: str = Field(min_length=1, max_length=100)
    role: RoleName
    password: str | None = Field(default=None, min_length=8, max_length=1000)
    display_name: str = Field(default="", max_length=200)


class UserUpdate(Schema):
    """Changes to a user (every field optional)."""

    role: RoleName | None = None
    active: bool | None = None


class PasswordUpdate(Schema):
    """A new password; changing one's own needs the current one."""

    new: str = Field(min_length=8, max_length=1000)
    current: str | None = Field(default=None, max_length=1000)


class TokenCreate(Schema):
    """A request for a new API token."""

    name: str = Field(default="", max_length=100)
    ttl_hours: int | None = Field(default=None, ge=1, le=24 * 366)


class TokenPublic(Schema):
    """A token's metadata (never its secret)."""

    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    state: Literal["active", "expired", "revoked"]


class TokensPublic(Page[TokenPublic]):
    """A user's tokens."""


class TokenIssued(Schema):
    """A new token: ``secret`` is shown this once and never again."""

    id: int
    username: str
    secret: str
    expires_at: dt.datetime


class AccessToken(Schema):
    """The OAuth2 password-flow response."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: dt.datetime
