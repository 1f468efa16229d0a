"""Linear models whose robustness is known in closed form, on scikit-learn's bundled data.

For a linear score m(x) = w.x + b under Gaussian noise with per-feature sd s*sd_j, the
score moves by N(0, sigma^2) with sigma = s * ||w * sd||, so a row's prediction sign(m)
flips with probability Phi(-|m| / sigma), and the smallest change (in sd units) that
flips it is |m| / ||w * sd||. For a linear regression the prediction moves by
N(0, sigma^2), whose mean absolute value is sigma * sqrt(2 / pi).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes

from fulcrum.assess.robustness import assess_robustness, from_callable

PHI = np.vectorize(NormalDist().cdf)


def _linear_classifier() -> tuple[pd.DataFrame, np.ndarray, np.ndarray, float]:
    data = load_breast_cancer(as_frame=True)
    X = data.data[["mean radius", "mean texture", "mean smoothness", "worst concavity"]]
    sd = X.std(ddof=0).to_numpy()
    w = np.array([1.0, 0.5, -0.7, 1.2]) / sd  # a hand-built rule, in standardised units
    b = float(-(X.mean().to_numpy() @ w))
    return X, data.target.to_numpy(), w, b


@pytest.mark.parametrize("severity", [0.1, 0.3, 1.0])
def test_flip_rate_and_accuracy_match_the_closed_form(severity: float) -> None:
    X, y, w, b = _linear_classifier()
    model = from_callable(lambda F: (F.to_numpy() @ w + b > 0).astype(int))
    margin = X.to_numpy() @ w + b
    sigma = severity * np.linalg.norm(w * X.std(ddof=0).to_numpy())
    flip = PHI(-np.abs(margin) / sigma)
    right = (margin > 0).astype(int) == y
    expected_accuracy = np.where(right, 1 - flip, flip).mean()
    result = assess_robustness(
        model,
        X.assign(y=y),
        label="y",
        corruptions=["gaussian"],
        severities={"gaussian": [severity]},
        repeats=40,
        stability_repeats=1,
        ci=0.99,
        seed=3,
    )
    point = result.report["curves"]["gaussian"]["points"][0]
    lo, hi = point["flip_rate_ci"]
    assert lo <= flip.mean() <= hi
    lo, hi = point["accuracy_ci"]
    assert lo <= expected_accuracy <= hi
    # and the estimate is close, not just covered by a wide interval
    assert abs(point["flip_rate"] - flip.mean()) < 0.02


def test_adversarial_distance_is_bounded_below_by_the_exact_margin() -> None:
    X, y, w, b = _linear_classifier()
    model = from_callable(lambda F: (F.to_numpy() @ w + b > 0).astype(int))
    exact = np.abs(X.to_numpy() @ w + b) / np.linalg.norm(w * X.std(ddof=0).to_numpy())
    for method, slack in (("random", 2.0), ("hopskipjump", 1.25)):
        result = assess_robustness(
            model,
            X.assign(y=y),
            label="y",
            corruptions=["gaussian"],
            severities={"gaussian": [0.1]},
            stability_repeats=1,
            adversarial_rows=2,
            adversarial_method=method,
            seed=1,
        )
        adv = result.report["adversarial"]
        assert adv["method"] == method and adv["success_rate"] == 1.0
        truth = exact[adv["row_index"]]
        found = np.asarray(adv["l2"], dtype=float)
        # no search can beat the true minimum; a good one gets near it
        assert (found >= truth * (1 - 1e-6)).all(), (found, truth)
        assert (found <= truth * slack).all(), (method, found, truth)


def test_regression_mean_change_matches_the_closed_form() -> None:
    data = load_diabetes(as_frame=True)
    X = data.data
    w = np.linspace(-2.0, 2.0, X.shape[1])
    model = from_callable(lambda F: F.to_numpy() @ w)
    severity = 0.2
    sigma = severity * np.linalg.norm(w * X.std(ddof=0).to_numpy())
    result = assess_robustness(
        model,
        X.assign(t=X.to_numpy() @ w + 0.01),
        label="t",
        corruptions=["gaussian"],
        severities={"gaussian": [severity]},
        repeats=20,
        stability_repeats=1,
        ci=0.99,
    )
    assert result.report["task"] == "regression"
    point = result.report["curves"]["gaussian"]["points"][0]
    lo, hi = point["mean_abs_change_ci"]
    assert lo <= sigma * np.sqrt(2 / np.pi) <= hi
