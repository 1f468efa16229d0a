"""Every technical test in the catalog names an assessment and a metric that really exist.

Each requirement's thresholds are run through the assessment they name, on small
data, so a renamed metric or assessment kind fails here rather than in front of a
committee.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from fulcrum.catalog import get_catalog
from fulcrum.evidence import resolve_thresholds


def _requirements_by_assessment() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for req in get_catalog().requirements.values():
        for test in req.evidence.tests:
            if req.id not in out[test.assessment]:
                out[test.assessment].append(req.id)
    return dict(out)


BY_ASSESSMENT = _requirements_by_assessment()
RUN_HERE = {"fairness", "biometrics", "biometrics.pad", "privacy.scan", "privacy.risk"}
#: Assessments whose catalog thresholds their own test suites run (tests/assess/<name>/).
RUN_BY_THEIR_SUITES = {"genai", "genai.bank", "labels", "robustness", "explain"}
KNOWN = RUN_HERE | RUN_BY_THEIR_SUITES


def test_every_assessment_kind_is_known() -> None:
    assert set(BY_ASSESSMENT) <= KNOWN, set(BY_ASSESSMENT) - KNOWN
    assert set(BY_ASSESSMENT) >= RUN_HERE, (
        "every assessment should be evidence for some requirement"
    )


def _checked(evidence, requirement: str) -> None:
    assert any(c.requirement == requirement for c in evidence.checks)
    assert requirement in evidence.requirements


@pytest.mark.parametrize("requirement", BY_ASSESSMENT.get("fairness", []))
def test_fairness_thresholds(requirement: str) -> None:
    from fulcrum.assess.fairness import assess_fairness

    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame(
        {"y": rng.integers(0, 2, n), "p": rng.integers(0, 2, n), "g": rng.choice(["a", "b"], n)}
    )
    result = assess_fairness(
        frame, label="y", pred="p", sensitive="g", requirements=[requirement], mitigation=False
    )
    _checked(result.evidence, requirement)


@pytest.mark.parametrize("requirement", BY_ASSESSMENT.get("biometrics", []))
def test_biometric_verification_thresholds(requirement: str) -> None:
    from fulcrum.assess.biometrics import assess_verification

    rng = np.random.default_rng(1)
    n = 20_000
    mated = rng.random(n) < 0.2
    scores = pd.DataFrame(
        {
            "score": np.where(mated, rng.normal(3, 1, n), rng.normal(0, 1, n)),
            "mated": mated,
            "probe_sex": rng.choice(["f", "m"], n),
            "ref_sex": rng.choice(["f", "m"], n),
        }
    )
    result = assess_verification(
        scores, groups=["sex"], fmr_targets=(1e-4, 1e-3), requirements=[requirement]
    )
    _checked(result.evidence, requirement)


@pytest.mark.parametrize("requirement", BY_ASSESSMENT.get("biometrics.pad", []))
def test_presentation_attack_thresholds(requirement: str) -> None:
    from fulcrum.assess.biometrics import assess_pad

    rng = np.random.default_rng(2)
    n = 2_000
    bona_fide = rng.random(n) < 0.5
    scores = pd.DataFrame(
        {
            "score": np.where(bona_fide, rng.normal(2, 1, n), rng.normal(0, 1, n)),
            "label": np.where(bona_fide, "bona_fide", "attack"),
            "species": np.where(bona_fide, "", rng.choice(["print", "replay"], n)),
        }
    )
    result = assess_pad(scores, requirements=[requirement])
    _checked(result.evidence, requirement)


@pytest.mark.parametrize("requirement", BY_ASSESSMENT.get("privacy.scan", []))
def test_privacy_scan_thresholds(requirement: str) -> None:
    from fulcrum.assess.privacy import build_evidence
    from fulcrum.assess.privacy._evidence import scan_metrics

    metrics = scan_metrics(
        {"EMAIL": 2, "CN_RESIDENT_ID": 1},
        columns=[{"name": "c", "entities": [{"type": "EMAIL", "count": 2}]}],
    )
    thresholds = resolve_thresholds([], [requirement], assessment="privacy.scan")
    _checked(build_evidence("privacy.scan", "scan", metrics, thresholds), requirement)


@pytest.mark.parametrize("requirement", BY_ASSESSMENT.get("privacy.risk", []))
def test_privacy_risk_thresholds(requirement: str) -> None:
    from fulcrum.assess.privacy import assess_risk, build_evidence

    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        {
            "age": rng.integers(20, 30, 500),
            "zip": rng.choice(["1", "2"], 500),
            "disease": rng.choice(["x", "y", "z"], 500),
        }
    )
    report = assess_risk(table, ["age", "zip"], "disease")
    thresholds = resolve_thresholds([], [requirement], assessment="privacy.risk")
    _checked(build_evidence("privacy.risk", "risk", report.to_dict(), thresholds), requirement)
