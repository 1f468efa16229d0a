"""Committees and their members; composition is checked against the policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fulcrum.audit import events
from fulcrum.errors import InputError
from fulcrum.review._base import ServiceBase
from fulcrum.review._policy import composition_problems
from fulcrum.schemas.committees import CommitteePublic, MemberPublic
from fulcrum.store.models.review import CommitteeMemberRow, CommitteeRow

SEAT_ROLES = ("chair", "vice_chair", "member", "secretary")


@dataclass(frozen=True)
class CommitteeView:
    """A committee, its members and the composition warnings."""

    slug: str
    name: str
    members: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """True when the composition meets the policy."""
        return not self.warnings

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {**self.__dict__, "compliant": self.compliant}


class CommitteeService(ServiceBase):
    """Create committees and seat members."""

    def create(self, slug: str, *, name: str = "") -> CommitteePublic:
        """A new committee (admin)."""
        self.authorize("committee.manage")
        if self.repo.find_committee(slug) is not None:
            raise InputError(f"committee {slug!r} already exists")
        row = self.repo.add(CommitteeRow(slug=slug, name=name or slug.title()))
        self.audit.append(
            events.COMMITTEE_CREATED,
            actor=self.actor.username,
            subject=f"committee:{slug}",
            payload={"name": row.name},
            at=self.clock(),
        )
        return CommitteePublic.model_validate(self._view(row).to_dict())

    def ensure_defaults(self) -> list[str]:
        """Create the policy's committees that do not exist yet; returns the new slugs."""
        self.authorize("committee.manage")
        made = []
        for spec in self.policy.committees:
            if self.repo.find_committee(spec.slug) is None:
                self.create(spec.slug, name=spec.name)
                made.append(spec.slug)
        return made

    def add_member(
        self,
        slug: str,
        username: str,
        *,
        role: str = "member",
        expertise: list[str] | tuple[str, ...] = (),
        external: bool = False,
        gender: str = "",
    ) -> MemberPublic:
        """Seat a user on a committee (admin)."""
        self.authorize("committee.manage")
        if role not in SEAT_ROLES:
            raise InputError(f"unknown seat role {role!r}; expected one of {', '.join(SEAT_ROLES)}")
        committee = self.repo.committee(slug)
        user = self.users.get(username)
        if self.repo.seat(committee, user.id) is not None:
            raise InputError(f"{username!r} already sits on committee {slug!r}")
        seat = CommitteeMemberRow(
            committee=committee,
            user_id=user.id,
            role=role,
            expertise=sorted(set(expertise)),
            external=external,
            gender=gender,
        )
        self.repo.add(seat)
        self.audit.append(
            events.MEMBER_ADDED,
            actor=self.actor.username,
            subject=f"committee:{slug}",
            payload={
                "user": username,
                "role": role,
                "expertise": seat.expertise,
                "external": external,
                "gender": gender,
            },
            at=self.clock(),
        )
        return MemberPublic(
            user=username,
            role=role,
            expertise=list(seat.expertise),
            external=external,
            gender=gender,
        )

    def remove_member(self, slug: str, username: str) -> None:
        """Remove a user's seat (admin)."""
        self.authorize("committee.manage")
        committee = self.repo.committee(slug)
        seat = self.repo.seat(committee, self.users.get(username).id)
        if seat is None:
            raise InputError(f"{username!r} does not sit on committee {slug!r}")
        committee.members.remove(seat)
        self.repo.flush()
        self.audit.append(
            events.MEMBER_REMOVED,
            actor=self.actor.username,
            subject=f"committee:{slug}",
            payload={"user": username},
            at=self.clock(),
        )

    def view(self, slug: str) -> CommitteeView:
        """A committee with its members and composition warnings."""
        self.authorize("committee.read")
        committee = self.repo.committee(slug)
        return self._view(committee)

    def list(self) -> list[CommitteeView]:
        """Every committee."""
        self.authorize("committee.read")
        return [self._view(c) for c in self.repo.committees()]

    def _view(self, committee: CommitteeRow) -> CommitteeView:
        members = [
            {
                "user": m.user.username,
                "role": m.role,
                "expertise": list(m.expertise),
                "external": m.external,
                "gender": m.gender,
            }
            for m in committee.members
        ]
        return CommitteeView(
            committee.slug,
            committee.name,
            members,
            composition_problems(committee.members, self.policy.composition),
        )
