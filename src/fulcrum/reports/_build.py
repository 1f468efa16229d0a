"""Assembling a ``DossierInput`` from result objects (profile, classification, evidence)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from fulcrum.evidence import Evidence
from fulcrum.reports._model import (
    DossierInput,
    EvidenceItem,
    IntegrityAppendix,
    ObligationItem,
    ReviewRecord,
    SystemInfo,
    VersionInfo,
)

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def obligations_from(
    classification: Mapping[str, Any], tracking: Mapping[str, Mapping[str, Any]] | None = None
) -> tuple[ObligationItem, ...]:
    """The classification's obligations, each with its tracked status/owner/due/evidence."""
    tracking = tracking or {}
    out = []
    for o in classification.get("obligations", []):
        extra = dict(tracking.get(o["id"], {}))
        out.append(
            ObligationItem(
                id=o["id"],
                framework=o["framework"],
                title=o["title"],
                cites=o["cites"],
                severity=o.get("severity", "medium"),
                kind=o.get("kind", "obligation"),
                because=tuple(o.get("because", ())),
                facts=o.get("facts", {}),
                effective=o.get("effective"),
                in_force=o.get("in_force", True),
                **extra,
            )
        )
    return tuple(out)


def _with_figure(item: EvidenceItem) -> EvidenceItem:
    if item.figures:
        return item
    from fulcrum.reports._figures import group_rate_figure

    figure = group_rate_figure(item.evidence)
    return item.model_copy(update={"figures": (figure,)}) if figure else item


def _latest(stamps: Iterable[dt.datetime | str | None]) -> dt.datetime:
    best = EPOCH
    for stamp in stamps:
        if not stamp:
            continue
        value = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        best = max(best, value)
    return best


def dossier_input(
    profile: Mapping[str, Any],
    classification: Mapping[str, Any],
    *,
    version: VersionInfo | None = None,
    versions: Iterable[VersionInfo] = (),
    tracking: Mapping[str, Mapping[str, Any]] | None = None,
    evidence: Iterable[Evidence | EvidenceItem] = (),
    review: ReviewRecord | None = None,
    integrity: IntegrityAppendix | None = None,
    organisation: str = "",
    issued_at: dt.datetime | None = None,
    plots: bool = True,
) -> DossierInput:
    """A dossier record; ``issued_at`` defaults to the newest timestamp in the record itself.

    With ``plots``, evidence with per-group rates and no figure of its own gets a chart.
    """
    items = tuple(e if isinstance(e, EvidenceItem) else EvidenceItem(evidence=e) for e in evidence)
    if plots:
        items = tuple(_with_figure(i) for i in items)
    version = version or VersionInfo(number=1, label=str(profile.get("version", "")))
    if issued_at is None:
        stamps: list[dt.datetime | str | None] = [version.registered_at]
        stamps += [i.evidence.created_at for i in items]
        if integrity is not None:
            stamps += [e.at for e in integrity.events]
        if review is not None:
            stamps += [d.at for d in review.decisions]
            stamps += [c.fulfilled_at for c in review.conditions]
        issued_at = _latest(stamps)
    system = SystemInfo(
        id=str(profile["id"]),
        name=str(profile.get("name", "")),
        owner=str(profile.get("owner", "")),
        description=str(profile.get("description", "")),
        profile=dict(profile),
        version=version,
        versions=tuple(versions) or (version,),
    )
    return DossierInput(
        system=system,
        classification=dict(classification),
        obligations=obligations_from(classification, tracking),
        evidence=items,
        review=review,
        integrity=integrity,
        issued_at=issued_at,
        organisation=organisation,
    )
