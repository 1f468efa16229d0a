"""Demo step: register the bundled example systems and classify them."""

from __future__ import annotations

from pathlib import Path

from fulcrum.auth import UserService
from fulcrum.demo._report import DemoReport
from fulcrum.demo._review import DEMO_ADMIN
from fulcrum.profile import load_profile
from fulcrum.registry import Registry
from fulcrum.store import Database

PROFILES = Path(__file__).parent / "profiles"


def register_systems(database: Database, report: DemoReport) -> None:
    """Register every bundled profile (idempotent: unchanged profiles add no version)."""
    with database.unit_of_work() as session:
        admin = UserService(session).users.find(DEMO_ADMIN)
        if admin is None:
            report.notes.append(f"systems not registered: the database has no {DEMO_ADMIN!r}")
            return
        registry = Registry(session, admin)
        for path in sorted(PROFILES.glob("*.yaml")):
            outcome = registry.register(load_profile(path))
            c = outcome.classification
            report.systems.append(
                {
                    "system": outcome.system,
                    "version": outcome.version,
                    "eu_tier": c["eu_ai_act"]["tier"],
                    "transparency": c["eu_ai_act"]["transparency"],
                    "ethics_grade": c["ethics_grade"],
                    "expert_rereview": c["expert_rereview"],
                    "review_procedure": c["review_procedure"],
                    "obligations": len(c["obligations"]),
                }
            )
