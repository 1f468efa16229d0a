"""Impact of a change of law: what a new rule set, or the passing of time, does to each system.

Pure computation over profiles and catalogs: the registry hands in the profiles
of its systems, and records and acts on the result (events, re-reviews).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fulcrum.catalog import Catalog
from fulcrum.profile import Profile
from fulcrum.rules._classify import Classification, Classifier, default_classifier

#: EU tiers from the least to the most severe (a change up this list is a rise).
TIER_ORDER = ("not_applicable", "out_of_scope", "minimal", "limited", "high", "prohibited")
GRADE_ORDER = ("low", "medium", "high")


@dataclass(frozen=True)
class DeadlineMove:
    """An obligation that applies before and after the change, from a different date."""

    id: str
    before: dt.date | None
    after: dt.date | None


@dataclass(frozen=True)
class SystemImpact:
    """What the change does to one system."""

    system: str
    version: str
    tier_before: str
    tier_after: str
    grade_before: str
    grade_after: str
    obligations_added: tuple[str, ...]
    obligations_removed: tuple[str, ...]
    deadlines_moved: tuple[DeadlineMove, ...]
    now_in_force: tuple[str, ...]

    @property
    def tier_rose(self) -> bool:
        """The EU tier or the ethics grade became more severe (a re-review is due)."""
        return TIER_ORDER.index(self.tier_after) > TIER_ORDER.index(self.tier_before) or (
            GRADE_ORDER.index(self.grade_after) > GRADE_ORDER.index(self.grade_before)
        )

    @property
    def changed(self) -> bool:
        """Anything differs for this system."""
        return bool(
            self.tier_before != self.tier_after
            or self.grade_before != self.grade_after
            or self.obligations_added
            or self.obligations_removed
            or self.deadlines_moved
            or self.now_in_force
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form (one row of ``fulcrum system impact``)."""

        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "system": self.system,
            "version": self.version,
            "tier": {"before": self.tier_before, "after": self.tier_after},
            "ethics_grade": {"before": self.grade_before, "after": self.grade_after},
            "tier_rose": self.tier_rose,
            "obligations_added": list(self.obligations_added),
            "obligations_removed": list(self.obligations_removed),
            "deadlines_moved": [
                {"id": m.id, "before": iso(m.before), "after": iso(m.after)}
                for m in self.deadlines_moved
            ],
            "now_in_force": list(self.now_in_force),
        }


@dataclass(frozen=True)
class ImpactReport:
    """The impact of one change on every system given."""

    before: str
    after: str
    systems: tuple[SystemImpact, ...]

    @property
    def changed(self) -> tuple[SystemImpact, ...]:
        """Only the systems the change affects."""
        return tuple(s for s in self.systems if s.changed)

    @property
    def rereview_due(self) -> tuple[str, ...]:
        """Systems whose tier or grade rose."""
        return tuple(s.system for s in self.systems if s.tier_rose)

    def to_dict(self) -> dict[str, Any]:
        """JSON form of ``fulcrum system impact``."""
        return {
            "before": self.before,
            "after": self.after,
            "summary": {
                "systems": len(self.systems),
                "changed": len(self.changed),
                "tier_rose": len(self.rereview_due),
            },
            "systems": [s.to_dict() for s in self.systems],
        }


def compare(before: Classification, after: Classification) -> SystemImpact:
    """The difference between two classifications of the same system."""
    old = {o.id: o for o in before.obligations}
    new = {o.id: o for o in after.obligations}
    moved = tuple(
        DeadlineMove(i, old[i].applies_from, new[i].applies_from)
        for i in sorted(old.keys() & new.keys())
        if old[i].applies_from != new[i].applies_from
    )
    binding = tuple(
        sorted(
            i
            for i in old.keys() & new.keys()
            if new[i].in_force(after.as_of) and not old[i].in_force(before.as_of)
        )
    )
    return SystemImpact(
        system=after.system,
        version=after.version,
        tier_before=before.eu_tier,
        tier_after=after.eu_tier,
        grade_before=before.ethics_grade,
        grade_after=after.ethics_grade,
        obligations_added=tuple(sorted(new.keys() - old.keys())),
        obligations_removed=tuple(sorted(old.keys() - new.keys())),
        deadlines_moved=moved,
        now_in_force=binding,
    )


def _side(
    side: Catalog | dt.date | None, base: Classifier, as_of: dt.date
) -> tuple[Classifier, dt.date]:
    if side is None:
        return base.at(as_of), as_of
    if isinstance(side, dt.date):
        return base.at(side), side
    return Classifier(side).at(as_of), as_of


def impact(
    profiles: Iterable[Profile],
    *,
    before: Catalog | dt.date,
    after: Catalog | dt.date | None = None,
    catalog: Catalog | None = None,
    as_of: dt.date | None = None,
) -> ImpactReport:
    """What changing the rules from ``before`` to ``after`` does to each system.

    ``before``/``after`` are rule sets (catalogs, e.g. an old rule-set version) or
    dates (the law of ``catalog``, default the bundled one, as it stood that day,
    with the obligations in force that day). ``after`` defaults to ``catalog`` as of
    ``as_of`` (default today); catalogs are evaluated as of ``as_of``.
    """
    as_of = as_of or dt.date.today()
    base = default_classifier() if catalog is None else Classifier(catalog)
    old, old_date = _side(before, base, as_of)
    new, new_date = _side(after, base, as_of)
    systems = tuple(
        compare(old.classify(p, as_of=old_date), new.classify(p, as_of=new_date)) for p in profiles
    )
    label = {True: "{v} as of {d}", False: "{v}"}
    return ImpactReport(
        before=label[isinstance(before, dt.date)].format(v=old.catalog.version, d=old_date),
        after=label[after is None or isinstance(after, dt.date)].format(
            v=new.catalog.version, d=new_date
        ),
        systems=systems,
    )
