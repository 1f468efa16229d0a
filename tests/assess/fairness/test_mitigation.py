"""Per-group threshold search against brute force and Fairlearn's ThresholdOptimizer."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fulcrum.assess.fairness import assess_fairness, threshold_search

from ._data import random_frame


def _small():
    rng = np.random.default_rng(21)
    n = 600
    g = rng.choice(["a", "b"], n)
    y = (rng.random(n) < np.where(g == "a", 0.3, 0.5)).astype(int)
    score = np.clip(np.round(0.4 * y + rng.random(n) * 0.6, 1), 0, 1)
    return {"g": g, "y": y, "p": (score >= 0.5).astype(int), "s": score}


@pytest.mark.parametrize("tolerance", [0.02, 0.05, 0.1])
def test_demographic_parity_search_equals_brute_force(tolerance: float) -> None:
    data = _small()
    counts = assess_fairness(data, label="y", pred="p", sensitive="g", score="s").counts
    assert counts.scores is not None
    found = threshold_search(counts.scores, constraint="demographic_parity", tolerance=tolerance)
    candidates = [*np.unique(data["s"]).tolist(), np.inf]
    best = -1.0
    for ta, tb in itertools.product(candidates, repeat=2):
        pred = np.where(data["g"] == "a", data["s"] >= ta, data["s"] >= tb)
        rates = [pred[data["g"] == k].mean() for k in ("a", "b")]
        if abs(rates[0] - rates[1]) <= tolerance + 1e-12:
            best = max(best, float((pred == data["y"]).mean()))
    assert found["accuracy"] == pytest.approx(best, abs=1e-12)
    assert found["disparity"] <= tolerance + 1e-12


def test_close_to_fairlearn_threshold_optimizer() -> None:
    from fairlearn.postprocessing import ThresholdOptimizer
    from sklearn.base import BaseEstimator, ClassifierMixin

    data = random_frame(3_000, 22)

    class Passthrough(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            self.classes_ = np.array([0, 1])
            return self

        def predict(self, X):
            return np.asarray(X)[:, 0]

    optimizer = ThresholdOptimizer(
        estimator=Passthrough().fit(None, None),
        constraints="demographic_parity",
        objective="accuracy_score",
        prefit=True,
        predict_method="predict",
    )
    features = data[["score"]].to_numpy()
    optimizer.fit(features, data["y"], sensitive_features=data["race"])
    expected_positive = optimizer._pmf_predict(features, sensitive_features=data["race"])[:, 1]
    theirs = float(np.mean(np.where(data["y"] == 1, expected_positive, 1 - expected_positive)))
    result = assess_fairness(data, label="y", pred="pred", sensitive="race", score="score")
    assert result.counts.scores is not None
    ours = threshold_search(result.counts.scores, tolerance=0.02)
    assert ours["disparity"] <= 0.02
    assert ours["accuracy"] >= theirs - 0.01


def test_tradeoff_table_in_the_report() -> None:
    report = assess_fairness(_small(), label="y", pred="p", sensitive="g", score="s").to_dict()
    mitigation = report["scores"]["mitigation"]
    rows = [r for r in mitigation["table"] if r["constraint"] == "demographic_parity"]
    accuracies = [r["accuracy"] for r in rows if r["feasible"]]
    assert accuracies == sorted(accuracies)  # looser tolerance never costs accuracy
    assert all(r["accuracy"] <= mitigation["unconstrained"]["accuracy"] + 1e-12 for r in rows)
