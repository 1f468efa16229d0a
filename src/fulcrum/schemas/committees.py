"""Committees and their seats."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fulcrum.schemas._base import Page, Schema

SeatRole = Literal["chair", "vice_chair", "member", "secretary"]


class MemberPublic(Schema):
    """A seat on a committee."""

    user: str
    role: str
    expertise: list[str]
    external: bool
    gender: str


class CommitteePublic(Schema):
    """A committee, its members and whether its composition meets the policy."""

    slug: str
    name: str
    members: list[MemberPublic]
    warnings: list[str]
    compliant: bool


class CommitteesPublic(Page[CommitteePublic]):
    """Every committee."""


class CommitteeCreate(Schema):
    """A new committee."""

    slug: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(default="", max_length=200)


class MemberCreate(Schema):
    """A user to seat on a committee."""

    user: str = Field(min_length=1, max_length=100)
    role: SeatRole = "member"
    expertise: list[str] = Field(default_factory=list, max_length=20)
    external: bool = False
    gender: str = Field(default="", max_length=20)
