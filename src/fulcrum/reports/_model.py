"""The records reports are rendered from: plain pydantic models, filled by the caller.

Reports never query the database. A caller (the CLI through ``reports._gather``, the API,
a test) assembles a ``DossierInput`` from the services and hands it to a renderer; the same
record always renders to the same bytes, because every date shown comes from the record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fulcrum.evidence import Evidence

Lang = Literal["en", "zh-CN"]
#: The obligation tracker's statuses (``registry.ObligationService``), and ``not_assessed``
#: for a record with no tracking (a profile classified in memory).
ObligationState = Literal[
    "open", "in_progress", "evidenced", "verified", "not_applicable", "not_assessed"
]
#: Statuses that count as satisfied.
SATISFIED = frozenset({"evidenced", "verified", "not_applicable"})

__all__ = [
    "SATISFIED",
    "AuditEventItem",
    "CheckpointInfo",
    "CommitteeMember",
    "ConditionItem",
    "DecisionItem",
    "DossierInput",
    "EvidenceItem",
    "Figure",
    "IntegrityAppendix",
    "Lang",
    "ObligationItem",
    "ObligationState",
    "RecusalItem",
    "ReviewRecord",
    "SystemInfo",
    "VersionInfo",
    "VoteItem",
]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VersionInfo(_Record):
    """One registered version of a system."""

    number: int
    label: str = ""
    registered_at: dt.datetime | None = None
    registered_by: str = ""
    profile_hash: str = ""


class SystemInfo(_Record):
    """The system a report is about: its profile (as stored) and its versions."""

    id: str
    name: str = ""
    owner: str = ""
    description: str = ""
    profile: dict[str, Any] = Field(default_factory=dict)
    version: VersionInfo
    versions: tuple[VersionInfo, ...] = ()


class ObligationItem(_Record):
    """An obligation that applies, with why (from the classification) and where it stands."""

    id: str
    framework: str
    title: str
    cites: str
    severity: str = "medium"
    kind: str = "obligation"
    because: tuple[str, ...] = ()
    facts: dict[str, Any] = Field(default_factory=dict)
    effective: dt.date | None = None
    in_force: bool = True
    status: ObligationState = "not_assessed"
    owner: str = ""
    due: dt.date | None = None
    evidence: tuple[str, ...] = ()
    note: str = ""


class Figure(_Record):
    """A plot embedded in a report: SVG text, or PNG bytes as base64."""

    title: str
    media_type: Literal["image/svg+xml", "image/png"] = "image/png"
    data: str


class EvidenceItem(_Record):
    """One evidence record as a report shows it: the record, who signed it, its plots."""

    evidence: Evidence
    signer: str | None = None
    signature_verified: bool | None = None
    figures: tuple[Figure, ...] = ()


class CommitteeMember(_Record):
    """A seat on a committee."""

    user: str
    committee: str
    role: str
    expertise: tuple[str, ...] = ()
    external: bool = False


class VoteItem(_Record):
    """A vote cast on the case."""

    user: str
    committee: str
    choice: str
    comment: str = ""


class RecusalItem(_Record):
    """A declared conflict of interest."""

    user: str
    reason: str = ""


class DecisionItem(_Record):
    """A committee's decision with its tally."""

    committee: str
    outcome: str
    tally: dict[str, Any] = Field(default_factory=dict)
    by: str = ""
    rationale: str = ""
    at: str = ""


class ConditionItem(_Record):
    """A condition attached to an approval and its state."""

    id: int
    text: str
    owner: str
    due: dt.date
    fulfilled: bool = False
    fulfilled_at: str = ""
    evidence: str = ""


class ReviewRecord(_Record):
    """The ethics review of the version: procedure, committee, votes, decision, conditions."""

    case: int
    state: str
    outcome: str | None = None
    procedure: str
    procedure_reason: str = ""
    committees: tuple[str, ...] = ()
    members: tuple[CommitteeMember, ...] = ()
    votes: tuple[VoteItem, ...] = ()
    recusals: tuple[RecusalItem, ...] = ()
    decisions: tuple[DecisionItem, ...] = ()
    conditions: tuple[ConditionItem, ...] = ()


class AuditEventItem(_Record):
    """One audit event concerning the system."""

    seq: int
    type: str
    actor: str
    subject: str
    at: str
    hash: str


class CheckpointInfo(_Record):
    """The latest signed checkpoint of the log and whether it verifies."""

    count: int
    head_hash: str
    at: str
    signer: str | None = None
    verifies: bool


class IntegrityAppendix(_Record):
    """The audit trail of the system and the state of the whole log."""

    events: tuple[AuditEventItem, ...] = ()
    log_count: int
    head_hash: str
    chain_ok: bool
    problem: str = ""
    checkpoint: CheckpointInfo | None = None


class DossierInput(_Record):
    """Everything the system dossier shows (EU AI Act Annex IV structure)."""

    system: SystemInfo
    classification: dict[str, Any]
    obligations: tuple[ObligationItem, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    review: ReviewRecord | None = None
    integrity: IntegrityAppendix | None = None
    issued_at: dt.datetime
    organisation: str = ""
