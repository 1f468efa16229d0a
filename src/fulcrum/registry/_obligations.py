"""Obligations tracking: every applicable obligation of a version, to owner, due date and evidence.

A classification names the obligations that apply; each becomes a row for its
system version with a status (``open``, ``in_progress``, ``evidenced``,
``verified``, ``not_applicable`` with a justification), an owner and a due date
taken from the law's application date. Evidence linked to an obligation feeds its
status from the evidence's verdicts: all ``pass`` makes it ``evidenced``, any
``fail`` keeps it ``in_progress``; only a chair marks it ``verified``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from fulcrum.audit import AuditLog, events
from fulcrum.auth import authorize
from fulcrum.errors import InputError, NotFoundError, WorkflowError
from fulcrum.settings import Settings, get_settings
from fulcrum.store.models.obligations import SETTLED_STATUSES, ObligationRow
from fulcrum.store.models.systems import SystemVersionRow
from fulcrum.store.models.users import UserRow
from fulcrum.store.repositories import SystemRepository
from fulcrum.trust import EvidenceService

ObligationStatus = Literal["open", "in_progress", "evidenced", "verified", "not_applicable"]
STATUSES: tuple[str, ...] = ("open", "in_progress", "evidenced", "verified", "not_applicable")


class ObligationPublic(BaseModel):
    """One tracked obligation as shown to people and returned by the API."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    obligation: str
    title: str
    status: str
    owner: str
    due: dt.date | None
    justification: str
    evidence: list[dict[str, Any]]
    overdue: bool = False


class ObligationUpdate(BaseModel):
    """Changes to a tracked obligation (every field optional)."""

    model_config = ConfigDict(extra="forbid")

    status: ObligationStatus | None = None
    owner: str | None = None
    due: dt.date | None = None
    justification: str | None = None


def _due(obligation: dict[str, Any]) -> dt.date | None:
    text = obligation.get("applies_from") or obligation.get("effective")
    return dt.date.fromisoformat(text) if text else None


def sync_obligations(
    session: Session, version: SystemVersionRow, classification: dict[str, Any]
) -> None:
    """Make the version's tracked obligations match a classification (new ones ``open``)."""
    wanted = {o["id"]: o for o in classification.get("obligations", [])}
    existing = {
        row.obligation: row
        for row in session.scalars(
            select(ObligationRow).where(ObligationRow.version_id == version.id)
        )
    }
    for oid, obligation in wanted.items():
        row = existing.get(oid)
        if row is None:
            session.add(
                ObligationRow(
                    version_id=version.id,
                    obligation=oid,
                    title=str(obligation.get("title", "")),
                    due=_due(obligation),
                    evidence=[],
                )
            )
        elif row.due is None:
            row.due = _due(obligation)
    for oid, row in existing.items():
        if oid not in wanted and row.status not in {"verified", "not_applicable"}:
            row.status = "not_applicable"
            row.justification = "no longer applies under the current classification"
    session.flush()


def _public(row: ObligationRow, today: dt.date) -> ObligationPublic:
    out = ObligationPublic.model_validate(row)
    out.overdue = (
        row.due is not None
        and row.due < today
        and row.status not in SETTLED_STATUSES
    )
    return out


def _status_from_verdicts(evidence: list[dict[str, Any]], current: str) -> str:
    if current in {"verified", "not_applicable"}:
        return current
    verdicts = [e.get("verdict") for e in evidence if e.get("verdict")]
    if verdicts and all(v == "pass" for v in verdicts):
        return "evidenced"
    if evidence:
        return "in_progress"
    return current


class ObligationService:
    """Lists and updates the obligations of a system version, as an authorised actor."""

    def __init__(
        self,
        session: Session,
        actor: UserRow,
        *,
        audit: AuditLog | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.session = session
        self.actor = actor
        self.settings = settings or get_settings()
        self.systems = SystemRepository(session)
        self.audit = audit or AuditLog(session)

    def _version(self, system: str, version: int | None) -> SystemVersionRow:
        return self.systems.version(self.systems.find_by_slug(system), version)

    def _row(self, version: SystemVersionRow, obligation: str) -> ObligationRow:
        row = self.session.scalar(
            select(ObligationRow).where(
                ObligationRow.version_id == version.id, ObligationRow.obligation == obligation
            )
        )
        if row is None:
            raise NotFoundError(
                f"{version.system.slug} v{version.number} has no obligation {obligation!r}"
            )
        return row

    def list(
        self, system: str, *, version: int | None = None, today: dt.date | None = None
    ) -> list[ObligationPublic]:
        """Every tracked obligation of a version (default: newest), by due date."""
        authorize(self.actor, "system.read")
        ver = self._version(system, version)
        rows = self.session.scalars(
            select(ObligationRow)
            .where(ObligationRow.version_id == ver.id)
            .order_by(ObligationRow.due.is_(None), ObligationRow.due, ObligationRow.obligation)
        ).all()
        day = today or dt.date.today()
        return [_public(r, day) for r in rows]

    def _relations(self, version: SystemVersionRow) -> set[str]:
        system = version.system
        return {"owner"} if self.actor.username in {system.owner, system.registered_by} else set()

    def update(
        self, system: str, obligation: str, change: ObligationUpdate, *, version: int | None = None
    ) -> ObligationPublic:
        """Set status, owner, due date or justification; ``verified`` is for chairs."""
        ver = self._version(system, version)
        permission = "obligation.verify" if change.status == "verified" else "obligation.update"
        relations = self._relations(ver)
        if permission == "obligation.verify":
            relations = {"chair"} if self.actor.role in {"chair", "admin"} else set()
        authorize(self.actor, permission, relations)
        row = self._row(ver, obligation)
        if (
            change.status == "not_applicable"
            and not (change.justification or row.justification).strip()
        ):
            raise InputError(f"{obligation}: not_applicable needs a justification")
        if change.status == "evidenced" and not row.evidence:
            raise WorkflowError(f"{obligation}: link evidence before marking it evidenced")
        if change.owner:
            from fulcrum.store.repositories.users import UserRepository

            UserRepository(self.session).get(change.owner)
        fields = change.model_dump(exclude_none=True)
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = dt.datetime.now(dt.UTC)
        self.session.flush()
        self.audit.append(
            events.OBLIGATION_UPDATED,
            actor=self.actor.username,
            subject=f"system:{system}",
            payload={"obligation": obligation, "version": ver.number, **_jsonable(fields)},
        )
        return _public(row, dt.date.today())

    def link_evidence(
        self,
        system: str,
        obligation: str,
        *,
        sha256: str,
        name: str | None = None,
        version: int | None = None,
    ) -> ObligationPublic:
        """Link stored evidence to an obligation; its verdict feeds the status.

        Verdict and provenance are read from the evidence store (a record's verdict is
        checked again from its bytes), never taken from the caller; ``name`` defaults to
        the stored name (a record's kind, a file's name).
        """
        ver = self._version(system, version)
        authorize(self.actor, "obligation.update", self._relations(ver))
        row = self._row(ver, obligation)
        evidence = EvidenceService(
            self.session, self.actor, audit=self.audit, settings=self.settings
        )
        stored = evidence.stored(sha256)
        entry = {
            "sha256": sha256,
            "name": name or stored.name,
            "verdict": stored.verdict,
            "provenance": stored.provenance,
        }
        row.evidence = [e for e in row.evidence if e.get("sha256") != sha256] + [entry]
        row.status = _status_from_verdicts(row.evidence, row.status)
        row.updated_at = dt.datetime.now(dt.UTC)
        self.session.flush()
        self.audit.append(
            events.OBLIGATION_UPDATED,
            actor=self.actor.username,
            subject=f"system:{system}",
            payload={
                "obligation": obligation,
                "version": ver.number,
                "evidence": sha256,
                "status": row.status,
            },
        )
        return _public(row, dt.date.today())


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}
