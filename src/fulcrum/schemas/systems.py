"""AI systems, their versions and classifications."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ConfigDict, Field

from fulcrum.schemas._base import Page, Schema


class SystemPublic(Schema):
    """A registered system with its newest classification's EU AI Act tier and ethics grade."""

    id: str = Field(description="The system's slug.")
    name: str
    owner: str
    versions: int
    tier: str | None = Field(description="EU AI Act tier of the newest classification.")
    ethics_grade: str | None
    next_due: dt.date | None = Field(
        default=None,
        description="Earliest due date of the newest version's obligations still to be met.",
    )


class SystemsPublic(Page[SystemPublic]):
    """A page of systems."""


class SystemDetail(SystemPublic):
    """One version of a system: its profile and newest classification."""

    version: int
    label: str
    registered_at: dt.datetime
    profile: dict[str, Any]
    classification: dict[str, Any] | None


class ClassificationPublic(Schema):
    """One stored classification of a version."""

    ruleset_version: str
    eu_tier: str
    ethics_grade: str
    review_procedure: str
    expert_rereview: bool
    at: str


class VersionPublic(Schema):
    """One version of a system and every classification stored for it."""

    number: int
    label: str
    registered_at: dt.datetime
    registered_by: str
    profile_hash: str
    classifications: list[ClassificationPublic]


class VersionsPublic(Page[VersionPublic]):
    """Every version of a system, oldest first."""


class RegistrationPublic(Schema):
    """What registering a profile did."""

    id: str
    version: int
    created: bool
    classification_changed: bool
    classification: dict[str, Any]


ObligationStatus = Literal["open", "in_progress", "evidenced", "verified", "not_applicable"]


class ObligationPublic(Schema):
    """One tracked obligation of a version: status, owner, due date and linked evidence."""

    id: int
    obligation: str
    title: str
    status: str
    owner: str
    due: dt.date | None
    justification: str
    evidence: list[dict[str, Any]]
    overdue: bool = False


class ObligationsPublic(Page[ObligationPublic]):
    """Tracked obligations of a version."""


class ObligationUpdate(Schema):
    """Changes to a tracked obligation (every field optional)."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    status: ObligationStatus | None = None
    owner: str | None = Field(default=None, max_length=100)
    due: dt.date | None = None
    justification: str | None = Field(default=None, max_length=10_000)


class ObligationEvidenceCreate(Schema):
    """Stored evidence to link to an obligation: its verdict and provenance come from the store."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")

    sha256: str = Field(pattern="^[0-9a-f]{64}$", description="The stored evidence's SHA-256.")
    name: str | None = Field(default=None, min_length=1, max_length=200)


class IncidentCreate(Schema):
    """An incident report on a system."""

    description: str = Field(min_length=1, max_length=10_000)


class IncidentPublic(Schema):
    """The re-review cases an incident opened."""

    system: str
    rereview_cases: list[int]
