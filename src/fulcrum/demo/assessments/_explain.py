"""Demo step: which features drive the credit model, overall and by marital status."""

from __future__ import annotations

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import Target, missing, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="explain",
    system="credit-limit-model",
    obligation="eu-ai-act:art-13-instructions-for-use",
    subject="credit model: SHAP by marital",
)


def run_explain(database: Database, report: DemoReport) -> None:
    """Permutation importance and exact SHAP per marital status; link it to Art. 13."""
    if missing(report, "explain", "robustness", "sklearn", "pandas") or published(
        database, report, TARGET
    ):
        return
    from fulcrum.assess.explain import assess_explain
    from fulcrum.demo.assessments._credit import FEATURES, LABEL, SENSITIVE, TEST, credit_model

    result = assess_explain(
        credit_model(),
        TEST,
        label=LABEL,
        features=FEATURES,
        sensitive=SENSITIVE,
        n_repeats=5,
        shap_rows=150,
        background_rows=30,
        pdp=[],
        requirements=[TARGET.obligation],
        seed=0,
    )
    publish(database, report, TARGET, result.evidence)
