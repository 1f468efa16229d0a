"""Registry service: versions, classification and history of AI systems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from fulcrum._hashing import sha256_json
from fulcrum.audit import AuditLog, events
from fulcrum.auth import authorize
from fulcrum.profile import Profile
from fulcrum.registry._obligations import sync_obligations
from fulcrum.rules import Classification, Classifier, default_classifier
from fulcrum.store.models import ClassificationRow, SystemVersionRow
from fulcrum.store.models.users import UserRow
from fulcrum.store.repositories import SystemRepository


@dataclass(frozen=True)
class Registration:
    """What registering a profile did."""

    system: str
    version: int
    created: bool
    classification: dict[str, Any]
    previous_classification: dict[str, Any] | None

    @property
    def classification_changed(self) -> bool:
        """True when a new version's tier, grade, procedure or re-review flag changed."""
        if not self.created or self.previous_classification is None:
            return False
        keys = ("eu_ai_act", "ethics_grade", "review_procedure", "expert_rereview")
        old, new = self.previous_classification, self.classification
        return any(
            (old.get(k, {}).get("tier") if k == "eu_ai_act" else old.get(k))
            != (new.get(k, {}).get("tier") if k == "eu_ai_act" else new.get(k))
            for k in keys
        )


@dataclass(frozen=True)
class SystemSummary:
    """One line of ``fulcrum system list``."""

    system: str
    name: str
    owner: str
    versions: int
    eu_tier: str | None
    ethics_grade: str | None
    #: The earliest due date of the newest version's obligations still to be met.
    next_due: dt.date | None = None


@dataclass(frozen=True)
class VersionHistory:
    """One version and every classification stored for it."""

    number: int
    label: str
    registered_at: dt.datetime
    registered_by: str
    profile_hash: str
    classifications: list[dict[str, Any]] = field(default_factory=list)


Listener = Callable[[Session, Registration], None]


class Registry:
    """Registers and classifies AI systems inside one unit of work, as an authorised actor."""

    def __init__(
        self,
        session: Session,
        actor: UserRow,
        *,
        classifier: Classifier | None = None,
        listeners: tuple[Listener, ...] = (),
        audit: AuditLog | None = None,
    ) -> None:
        self.session = session
        self.actor = actor
        self.systems = SystemRepository(session)
        self.classifier = classifier or default_classifier()
        self.listeners = listeners
        self.audit = audit or AuditLog(session)

    def _owns(self, slug: str) -> bool:
        row = self.systems.find(slug)
        return row is None or self.actor.username in {row.owner, row.registered_by}

    def register(self, profile: Profile) -> Registration:
        """Store ``profile`` as a new version unless it equals the newest one; classify it.

        Anyone with ``system.register`` may register a new system; a new version of an
        existing one needs its owner (named in the profile, or who registered it) or an admin.
        """
        authorize(self.actor, "system.register", {"owner"} if self._owns(profile.id) else set())
        payload = profile.model_dump(mode="json")
        digest = sha256_json(payload)
        system = self.systems.get_or_create(profile.id, name=profile.name, owner=profile.owner)
        if not system.registered_by:
            system.registered_by = self.actor.username
        latest = self.systems.latest_version(system)
        if latest is not None and latest.profile_hash == digest:
            stored = self.systems.latest_classification(latest)
            result = stored.result if stored else self._store(latest).result
            return Registration(system.slug, latest.number, False, result, None)
        previous = self.systems.latest_classification(latest) if latest else None
        version = self.systems.add_version(
            system,
            profile=payload,
            profile_hash=digest,
            label=profile.version,
            actor=self.actor.username,
        )
        self.audit.append(
            events.SYSTEM_REGISTERED,
            actor=self.actor.username,
            subject=f"system:{system.slug}",
            payload={"version": version.number, "profile_hash": digest, "label": profile.version},
        )
        row = self._store(version)
        registration = Registration(
            system.slug, version.number, True, row.result, previous.result if previous else None
        )
        for listener in self.listeners:
            listener(self.session, registration)
        return registration

    def _store(self, version: SystemVersionRow) -> ClassificationRow:
        result: Classification = self.classifier.classify(Profile.model_validate(version.profile))
        data = result.to_dict()
        row = self._add_classification(version, result, data)
        sync_obligations(self.session, version, data)
        self.audit.append(
            events.SYSTEM_CLASSIFIED,
            actor=self.actor.username,
            subject=f"system:{version.system.slug}",
            payload={
                "version": version.number,
                "ruleset_version": result.ruleset_version,
                "tier": data["eu_ai_act"]["tier"],
                "ethics_grade": data["ethics_grade"],
            },
        )
        return row

    def _add_classification(
        self, version: SystemVersionRow, result: Classification, data: dict[str, Any]
    ) -> ClassificationRow:
        return self.systems.add_classification(
            version,
            ruleset_version=result.ruleset_version,
            eu_tier=str(data["eu_ai_act"]["tier"]),
            ethics_grade=str(data["ethics_grade"]),
            review_procedure=str(data["review_procedure"]),
            expert_rereview=bool(data["expert_rereview"]),
            result=data,
            summary=f"{data['eu_ai_act']['tier']} / {data['ethics_grade']}",
        )

    def classify(self, slug: str, *, version: int | None = None) -> dict[str, Any]:
        """Classify a stored version again (under the current rule set) and store the result."""
        authorize(self.actor, "system.classify")
        row = self.systems.version(self.systems.find_by_slug(slug), version)
        return self._store(row).result

    def profile(self, slug: str, *, version: int | None = None) -> Profile:
        """The stored profile of a version (default: newest)."""
        authorize(self.actor, "system.read")
        row = self.systems.version(self.systems.find_by_slug(slug), version)
        return Profile.model_validate(row.profile)

    def list_systems(self, *, offset: int = 0, limit: int = 100) -> tuple[list[SystemSummary], int]:
        """A page of systems with their newest classification (two queries, any page size)."""
        authorize(self.actor, "system.read")
        rows, total = self.systems.summaries(offset=offset, limit=limit)
        return [
            SystemSummary(
                r.slug, r.name, r.owner, r.versions or 0, r.eu_tier, r.ethics_grade, r.next_due
            )
            for r in rows
        ], total

    def show(self, slug: str, *, version: int | None = None) -> dict[str, Any]:
        """A system's version with its profile and newest classification."""
        authorize(self.actor, "system.read")
        system = self.systems.find_by_slug(slug)
        row = self.systems.version(system, version)
        stored = self.systems.latest_classification(row)
        return {
            "system": system.slug,
            "name": system.name,
            "owner": system.owner,
            "version": row.number,
            "label": row.label,
            "versions": len(system.versions),
            "registered_at": row.created_at.isoformat(),
            "profile": row.profile,
            "classification": stored.result if stored else None,
        }

    def history(self, slug: str) -> list[VersionHistory]:
        """Every version of a system with its classifications, oldest first."""
        authorize(self.actor, "system.read")
        system = self.systems.find_by_slug(slug)
        return [
            VersionHistory(
                v.number,
                v.label,
                v.created_at,
                v.registered_by,
                v.profile_hash,
                [
                    {
                        "ruleset_version": c.ruleset_version,
                        "eu_tier": c.eu_tier,
                        "ethics_grade": c.ethics_grade,
                        "review_procedure": c.review_procedure,
                        "expert_rereview": c.expert_rereview,
                        "at": c.created_at.isoformat(),
                    }
                    for c in v.classifications
                ],
            )
            for v in system.versions
        ]
