"""Demo step: register the bundled example systems and classify them."""

from __future__ import annotations

from pathlib import Path

from fulcrum.auth import UserService
from fulcrum.demo._report import DemoReport
from fulcrum.demo._review import DEMO_ADMIN
from fulcrum.errors import NotFoundError
from fulcrum.profile import load_profile
from fulcrum.registry import Registry
from fulcrum.store import Database

PROFILES = Path(__file__).parent / "profiles"


def register_systems(database: Database, report: DemoReport) -> None:
    """Register every bundled profile once; a re-run shows the newest versions instead.

    A system already registered is left alone even when its newest version is not the
    bundled profile: the review step registers the spam filter's version 2, and
    registering version 1's profile again would make it version 3.
    """
    with database.unit_of_work() as session:
        admin = UserService(session).users.find(DEMO_ADMIN)
        if admin is None:
            report.notes.append(f"systems not registered: the database has no {DEMO_ADMIN!r}")
            return
        registry = Registry(session, admin)
        for path in sorted(PROFILES.glob("*.yaml")):
            profile = load_profile(path)
            try:
                shown = registry.show(profile.id)
                system, version, c = shown["system"], shown["version"], shown["classification"]
            except NotFoundError:
                c = None
            if c is None:
                outcome = registry.register(profile)
                system, version, c = outcome.system, outcome.version, outcome.classification
            report.systems.append(
                {
                    "system": system,
                    "version": version,
                    "eu_tier": c["eu_ai_act"]["tier"],
                    "transparency": c["eu_ai_act"]["transparency"],
                    "ethics_grade": c["ethics_grade"],
                    "expert_rereview": c["expert_rereview"],
                    "review_procedure": c["review_procedure"],
                    "obligations": len(c["obligations"]),
                }
            )
