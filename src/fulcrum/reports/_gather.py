"""Assembling a ``DossierInput`` for a registered system from the current services.

This is the only module of ``reports/`` that touches the database, and only to read (plus
``record_issue``, which appends one audit event). Re-point it when the services change; the
renderers only see the ``DossierInput`` it returns.

    gather_dossier(session, system, *, actor, version=None, checkpoint=None,
                   organisation="") -> DossierInput
    record_issue(session, dossier, *, report, fmt, digest, actor) -> None
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from fulcrum.audit._events import REPORT_ISSUED
from fulcrum.evidence import Evidence
from fulcrum.reports._build import dossier_input
from fulcrum.reports._model import (
    AuditEventItem,
    CheckpointInfo,
    CommitteeMember,
    ConditionItem,
    DecisionItem,
    DossierInput,
    EvidenceItem,
    IntegrityAppendix,
    RecusalItem,
    ReviewRecord,
    VersionInfo,
    VoteItem,
)

__all__ = ["REPORT_ISSUED", "gather_dossier", "record_issue"]


def _versions(session: Session, actor: Any, slug: str) -> list[VersionInfo]:
    from fulcrum.registry import Registry

    return [
        VersionInfo(
            number=v.number,
            label=v.label,
            registered_at=v.registered_at,
            registered_by=v.registered_by,
            profile_hash=v.profile_hash,
        )
        for v in Registry(session, actor).history(slug)
    ]


def _review(
    session: Session, actor: Any, slug: str, version: int
) -> tuple[ReviewRecord | None, list[Evidence]]:
    """The newest case of the version and the evidence records attached to it."""
    from fulcrum.review import CommitteeService, StatusService
    from fulcrum.store.repositories.review import ReviewRepository

    cases = [c for c in StatusService(session, actor).list(system=slug) if c["version"] == version]
    if not cases:
        return None, []
    summary = max(cases, key=lambda c: c["case"])
    detail = StatusService(session, actor).show(summary["case"])
    members: list[CommitteeMember] = []
    committees = CommitteeService(session, actor)
    for slug_ in detail.get("committees", []):
        for m in committees.view(slug_).members:
            members.append(
                CommitteeMember(
                    user=m["user"],
                    committee=slug_,
                    role=m["role"],
                    expertise=tuple(m.get("expertise", ())),
                    external=bool(m.get("external", False)),
                )
            )
    decided_at = [e["at"] for e in detail["history"] if e["type"].startswith("decision.")]
    record = ReviewRecord(
        case=detail["case"],
        state=detail["state"],
        outcome=detail.get("outcome"),
        procedure=detail["procedure"],
        procedure_reason=detail.get("procedure_reason", ""),
        committees=tuple(detail.get("committees", [])),
        members=tuple(members),
        votes=tuple(VoteItem(**{k: v[k] for k in ("user", "committee", "choice", "comment")})
                    for v in detail["votes"]),
        recusals=tuple(RecusalItem(user=r["user"], reason=r["reason"]) for r in detail["recusals"]),
        decisions=tuple(
            DecisionItem(committee=x["committee"], outcome=x["outcome"], tally=x["tally"] or {},
                         by=x["by"], rationale=x["rationale"],
                         at=decided_at[i] if i < len(decided_at) else "")
            for i, x in enumerate(detail["decisions"])
        ),
        conditions=tuple(
            ConditionItem(id=c["id"], text=c["text"], owner=c["owner"],
                          due=dt.date.fromisoformat(c["due"]), fulfilled=c["fulfilled"],
                          evidence=str(c["evidence"] or ""))
            for c in detail["conditions"]
        ),
    )  # fmt: skip
    evidence = []
    for link in ReviewRepository(session).case(summary["case"]).evidence:
        if link.record and {"id", "kind", "verdict", "created_at"} <= set(link.record):
            try:
                evidence.append(Evidence.model_validate(link.record))
            except ValueError:
                continue
    return record, evidence


def _tracking(
    session: Session, actor: Any, slug: str, version: int
) -> tuple[dict[str, dict[str, Any]], list[EvidenceItem]]:
    """Status/owner/due/evidence per obligation, and the evidence records they link."""
    import json

    from fulcrum.registry import ObligationService
    from fulcrum.trust import EvidenceService

    tracking: dict[str, dict[str, Any]] = {}
    records: dict[str, EvidenceItem] = {}
    store = EvidenceService(session, actor)
    for row in ObligationService(session, actor).list(slug, version=version):
        names = []
        for link in row.evidence:
            names.append(str(link.get("name") or link.get("sha256", ""))[:80])
            sha = link.get("sha256")
            if not sha or sha in records or link.get("verdict") is None:
                continue
            try:
                evidence = Evidence.model_validate(json.loads(store.read(sha)))
            except (ValueError, KeyError):
                continue  # a file, not a record
            provenance = str(link.get("provenance", ""))
            signed = provenance.startswith("signed:")
            records[sha] = EvidenceItem(
                evidence=evidence,
                signer=provenance.removeprefix("signed:") if signed else None,
                signature_verified=True if signed else None,
            )
        tracking[row.obligation] = {
            "status": row.status,
            "owner": row.owner,
            "due": row.due,
            "evidence": tuple(names),
            "note": row.justification,
        }
    return tracking, list(records.values())


def _integrity(session: Session, subjects: set[str], checkpoint: Any | None) -> IntegrityAppendix:
    from fulcrum.audit import AuditLog, verify

    events = tuple(
        AuditEventItem(seq=e.seq, type=e.type, actor=e.actor, subject=e.subject, at=e.at,
                       hash=e.hash)
        for e in AuditLog(session).events()
        if e.subject in subjects
    )  # fmt: skip
    result = verify(session)
    info = None
    if checkpoint is not None:
        from fulcrum.errors import IntegrityError

        try:  # an unsigned or badly signed checkpoint does not verify
            verifies = verify(session, checkpoint).ok
        except IntegrityError:
            verifies = False
        key = getattr(checkpoint, "key_id", "")
        info = CheckpointInfo(
            count=checkpoint.count,
            head_hash=checkpoint.head_hash,
            at=checkpoint.at,
            signer=f"key {key}" if key else None,
            verifies=verifies,
        )
    return IntegrityAppendix(
        events=events,
        log_count=result.count,
        head_hash=result.head_hash,
        chain_ok=result.ok,
        problem=result.problem,
        checkpoint=info,
    )


def gather_dossier(
    session: Session,
    system: str,
    *,
    version: int | None = None,
    actor: Any,
    checkpoint: Any | None = None,
    organisation: str = "",
) -> DossierInput:
    """Everything the dossier of ``system`` (newest version by default) shows, read-only."""
    from fulcrum.registry import Registry

    shown = Registry(session, actor).show(system, version=version)
    if shown["classification"] is None:  # classify in memory: gathering never writes
        from fulcrum.profile import Profile
        from fulcrum.rules import classify

        shown["classification"] = classify(Profile.model_validate(shown["profile"])).to_dict()
    versions = _versions(session, actor, system)
    this = next(v for v in versions if v.number == shown["version"])
    review, evidence = _review(session, actor, system, shown["version"])
    tracking, tracked = _tracking(session, actor, system, shown["version"])
    items = list(tracked)
    seen = {i.evidence.id for i in items}
    items += [EvidenceItem(evidence=e) for e in evidence if e.id not in seen]
    subjects = {f"system:{system}"}
    if review is not None:
        subjects.add(f"case:{review.case}")
    integrity = _integrity(session, subjects, checkpoint)
    return dossier_input(
        shown["profile"],
        shown["classification"],
        version=this,
        versions=versions,
        tracking=tracking,
        evidence=items,
        review=review,
        integrity=integrity,
        organisation=organisation,
    )


def record_issue(
    session: Session, dossier: DossierInput, *, report: str, fmt: str, digest: str, actor: str
) -> None:
    """Append a ``report.issued`` event carrying the rendered document's SHA-256."""
    from fulcrum.audit import AuditLog

    AuditLog(session).append(
        REPORT_ISSUED,
        actor=actor,
        subject=f"system:{dossier.system.id}",
        payload={
            "report": report,
            "format": fmt,
            "version": dossier.system.version.number,
            "sha256": digest,
        },
    )
