"""Demo step: fairness of COMPAS's risk label by race, for the recruitment screener."""

from __future__ import annotations

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import DATA, Target, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="fairness",
    system="eu-recruitment-screener",
    obligation="code-of-ethics:fairness-assessment",
    subject="COMPAS high_risk by race",
)


def run_fairness(database: Database, report: DemoReport) -> None:
    """Assess COMPAS by race against the catalog's thresholds; store it signed; link it."""
    if published(database, report, TARGET):
        return
    from fulcrum.assess.fairness import assess_fairness

    result = assess_fairness(
        DATA / "compas.csv",
        label="two_year_recid",
        pred="high_risk",
        sensitive="race",
        requirements=[TARGET.obligation],
        random_state=0,
    )
    publish(database, report, TARGET, result.evidence)
