"""Demo step: how the credit model's decisions hold up under noisy and missing inputs."""

from __future__ import annotations

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import Target, missing, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="robustness",
    system="credit-limit-model",
    obligation="eu-ai-act:art-15-accuracy-robustness",
    subject="credit model: noise, missing, marital status swapped",
)


def run_robustness(database: Database, report: DemoReport) -> None:
    """Accuracy drop under noise and flip rate of the credit model; link it to Art. 15."""
    if missing(report, "robustness", "robustness", "sklearn", "pandas") or published(
        database, report, TARGET
    ):
        return
    from fulcrum.assess.robustness import assess_robustness
    from fulcrum.demo.assessments._credit import FEATURES, LABEL, SENSITIVE, TEST, credit_model

    result = assess_robustness(
        credit_model(),
        TEST,
        label=LABEL,
        features=FEATURES,
        sensitive=SENSITIVE,
        corruptions=["gaussian", "missing"],
        severities={"gaussian": [0.1, 0.5], "missing": [0.1]},
        requirements=[TARGET.obligation],
        seed=0,
    )
    publish(database, report, TARGET, result.evidence)
