"""What a change of law does to every registered system, recorded and acted on.

The computation is ``fulcrum.rules.impact`` (pure); this service feeds it the newest
profile of each registered system, records one ``system.impact`` event per system
the change affects, and, where the tier or grade rises, stores the new
classification (so the obligations are tracked) and sends approved cases to
re-review.
"""

from __future__ import annotations

import datetime as dt

from fulcrum.audit import events
from fulcrum.catalog import Catalog
from fulcrum.profile import Profile
from fulcrum.review._base import ServiceBase
from fulcrum.rules import ImpactReport, impact


class ImpactService(ServiceBase):
    """Runs an impact analysis over the registry as an authorised actor."""

    def analyse(
        self,
        *,
        before: Catalog | dt.date | None = None,
        after: Catalog | dt.date | None = None,
        as_of: dt.date | None = None,
        record: bool = True,
    ) -> ImpactReport:
        """Impact of ``before`` -> ``after`` (rule sets or dates) on every registered system."""
        self.authorize("system.impact")
        today = self.clock().date()
        profiles = []
        for system in self.systems.all():
            latest = self.systems.latest_version(system)
            if latest is not None:
                profiles.append(Profile.model_validate(latest.profile))
        report = impact(profiles, before=before or today, after=after, as_of=as_of)
        if record:
            self._record(report)
        return report

    def _record(self, report: ImpactReport) -> None:
        from fulcrum.registry import Registry
        from fulcrum.review._rereview import RereviewService

        registry = Registry(self.session, self.actor, audit=self.audit)
        rereview = RereviewService(
            self.session,
            self.actor,
            policy=self.policy,
            clock=self.clock,
            audit=self.audit,
            settings=self.settings,
        )
        for item in report.changed:
            self.audit.append(
                events.SYSTEM_IMPACT,
                actor=self.actor.username,
                subject=f"system:{item.system}",
                payload={"before": report.before, "after": report.after, **item.to_dict()},
                at=self.clock(),
            )
            if not item.tier_rose:
                continue
            registry.classify(item.system)
            system = self.systems.find_by_slug(item.system)
            for case in self.repo.cases(state="monitoring", system_id=system.id):
                rereview._rereview(
                    case,
                    f"change of law ({report.before} -> {report.after}): tier "
                    f"{item.tier_before} -> {item.tier_after}, grade {item.grade_before} -> "
                    f"{item.grade_after}",
                )
