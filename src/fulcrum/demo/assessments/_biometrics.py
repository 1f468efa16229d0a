"""Demo step: 1:1 face-verification error rates of the campus gate, by sex."""

from __future__ import annotations

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import DATA, Target, missing, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="biometrics",
    system="campus-face-gate",
    obligation="ieee-2945:recognition-accuracy",
    subject="face scores (synthetic), by sex",
)


def run_biometrics(database: Database, report: DemoReport) -> None:
    """FNMR at FMR 1e-4 and the per-sex differentials from a score file; link it."""
    if missing(report, "biometrics", "data", "pyarrow", "duckdb") or published(
        database, report, TARGET
    ):
        return
    from fulcrum.assess.biometrics import assess_verification

    result = assess_verification(
        DATA / "face_scores.parquet",
        groups=["sex"],
        fmr_targets=[1e-4, 1e-3],
        requirements=[TARGET.obligation],
    )
    publish(database, report, TARGET, result.evidence)
