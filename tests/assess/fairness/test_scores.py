"""ROC AUC and calibration per group from the score histograms, against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score

from fulcrum.assess.fairness import assess_fairness

from ._data import random_frame


def test_exact_auc_equals_sklearn_per_group() -> None:
    data = random_frame(4_000, 11)
    result = assess_fairness(data, label="y", pred="pred", sensitive="race", score="score")
    assert result.counts.scores is not None and result.counts.scores.exact
    for row in result.to_dict()["groups"]:
        part = data[data["race"] == row["group"]["race"]]
        assert row["auc"] == pytest.approx(roc_auc_score(part["y"], part["score"]), abs=1e-12)


def test_binned_auc_is_close_to_sklearn() -> None:
    data = random_frame(4_000, 12)
    data["score"] = np.clip(
        data["score"] + np.random.default_rng(0).normal(0, 1e-4, len(data)), 0, 1
    )
    result = assess_fairness(data, label="y", pred="pred", sensitive="race", score="score")
    assert result.counts.scores is not None and not result.counts.scores.exact
    for row in result.to_dict()["groups"]:
        part = data[data["race"] == row["group"]["race"]]
        assert row["auc"] == pytest.approx(roc_auc_score(part["y"], part["score"]), abs=2e-3)


def test_calibration_curve_and_ece_match_sklearn() -> None:
    data = random_frame(4_000, 13)
    # keep scores off the bin edges: sklearn's bins are (a, b], ours [a, b)
    data["score"] = np.minimum(data["score"] + 0.0004, 0.9999)
    result = assess_fairness(data, label="y", pred="pred", sensitive="race", score="score")
    section = result.to_dict()["scores"]["calibration"]["groups"][0]
    part = data[data["race"] == section["group"]["race"]]
    observed, predicted = calibration_curve(part["y"], part["score"], n_bins=10)
    ours = section["curve"]
    np.testing.assert_allclose([b["fraction_positive"] for b in ours], observed, atol=1e-12)
    np.testing.assert_allclose([b["mean_score"] for b in ours], predicted, atol=1e-12)
    counts = np.asarray([b["n"] for b in ours])
    ece = float(np.sum(counts / counts.sum() * np.abs(observed - predicted)))
    assert section["ece"] == pytest.approx(ece, abs=1e-12)


def test_scores_outside_unit_interval_have_no_calibration() -> None:
    data = random_frame(1_000, 14).assign(score=lambda d: d["score"] * 10)
    report = assess_fairness(
        data, label="y", pred="pred", sensitive="race", score="score"
    ).to_dict()
    assert report["scores"]["calibration"] is None
    assert report["scores"]["calibration_reason"] == "scores are not all in [0, 1]"
