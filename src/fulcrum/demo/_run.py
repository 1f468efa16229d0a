"""Run the demo steps in order against one database."""

from __future__ import annotations

from collections.abc import Callable

from fulcrum.demo import assessments
from fulcrum.demo._report import DemoReport
from fulcrum.demo._review import run_review, setup_people
from fulcrum.demo._systems import register_systems
from fulcrum.store import Database

Step = Callable[[Database, DemoReport], None]

#: The demo's steps, in order; later features append theirs here.
STEPS: list[Step] = [
    setup_people,
    register_systems,
    run_review,
    assessments.run_fairness,
    assessments.run_biometrics,
    assessments.run_privacy,
    assessments.run_genai,
    assessments.run_labels,
    assessments.run_robustness,
    assessments.run_explain,
]


def run_demo(database: Database) -> DemoReport:
    """Run every step; each commits its own unit of work."""
    report = DemoReport(database_url=database.url)
    for step in STEPS:
        step(database, report)
    return report
