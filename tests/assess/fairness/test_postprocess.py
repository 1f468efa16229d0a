"""Post-processing and reweighing against Fairlearn's ThresholdOptimizer and AIF360's formula."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from fulcrum.assess.fairness import (
    ThresholdRule,
    assess_fairness,
    fit_thresholds,
    reweighing,
)
from fulcrum.errors import DataError

from ._data import random_frame

COMPAS = Path(__file__).parents[2] / "data" / "compas" / "compas-scores-two-years.csv"


class _Passthrough(ClassifierMixin, BaseEstimator):
    """A "model" whose prediction is the score column, so Fairlearn thresholds the scores."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


def _fairlearn_pmf(data: pd.DataFrame, constraint: str) -> np.ndarray:
    from fairlearn.postprocessing import ThresholdOptimizer

    optimizer = ThresholdOptimizer(
        estimator=_Passthrough().fit(None, None),
        constraints=constraint,
        objective="accuracy_score",
        prefit=True,
        predict_method="predict",
    )
    features = data[["score"]].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optimizer.fit(features, data["y"], sensitive_features=data["race"])
        return optimizer._pmf_predict(features, sensitive_features=data["race"])[:, 1]


@pytest.mark.parametrize("seed", [22, 23])
@pytest.mark.parametrize("constraint", ["demographic_parity", "equalized_odds"])
def test_equals_fairlearn_threshold_optimizer(seed: int, constraint: str) -> None:
    # Given scores and groups, When both fit the same constraint for accuracy
    data = random_frame(3_000, seed)
    theirs = _fairlearn_pmf(data, constraint)
    rule = fit_thresholds(
        data["y"], data["score"], sensitive_features=data["race"], constraint=constraint
    )
    ours = rule.predict_proba(data["score"], data["race"])
    # Then the expected accuracy and every group's selection rate and TPR are Fairlearn's
    y = data["y"].to_numpy() == 1
    assert rule.report["accuracy"] == pytest.approx(np.mean(np.where(y, theirs, 1 - theirs)))
    for g in sorted(data["race"].unique()):
        rows = (data["race"] == g).to_numpy()
        assert ours[rows].mean() == pytest.approx(theirs[rows].mean(), abs=1e-9)
        assert ours[rows & y].mean() == pytest.approx(theirs[rows & y].mean(), abs=1e-9)
        assert rule.report["selection_rate"][g] == pytest.approx(ours[rows].mean(), abs=1e-9)


def test_constraint_holds_and_predictions_follow_the_probabilities(tmp_path: Path) -> None:
    data = random_frame(20_000, 3)
    rule = fit_thresholds(data["y"], data["score"], sensitive_features=data["race"])
    rates = list(rule.report["selection_rate"].values())
    assert max(rates) - min(rates) < 1e-9
    predicted = rule.predict(data["score"], data["race"], random_state=0)
    for g, expected in rule.report["selection_rate"].items():
        assert predicted[(data["race"] == g).to_numpy()].mean() == pytest.approx(expected, abs=0.02)
    # Saved and loaded, it predicts the same
    again = ThresholdRule.load(rule.save(tmp_path / "rule.json"))
    np.testing.assert_array_equal(
        again.predict(data["score"], data["race"], random_state=0), predicted
    )
    assert again == rule and len(repr(rule)) < 120


def test_unknown_groups_and_bad_files_are_clear(tmp_path: Path) -> None:
    rule = fit_thresholds([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], sensitive_features=list("aabb"))
    with pytest.raises(DataError, match="'c' were not seen"):
        rule.predict([0.5], ["c"])
    bad = tmp_path / "rule.json"
    bad.write_text("[1, 2]")
    with pytest.raises(Exception, match="not a saved ThresholdRule"):
        ThresholdRule.load(bad)


def test_compas_mitigation_is_not_degenerate() -> None:
    # The deterministic table can only reach parity on decile scores by predicting nobody
    data = pd.read_csv(COMPAS)
    data["high"] = (data["score_text"] != "Low").astype(int)
    report = assess_fairness(
        data, label="two_year_recid", pred="high", sensitive="race", score="decile_score"
    ).to_dict()
    mitigation = report["scores"]["mitigation"]
    tight = [row for row in mitigation["table"] if row["tolerance"] == 0.0]
    assert all(row["degenerate"] for row in tight)
    for constraint in ("demographic_parity", "equalized_odds"):
        fitted = mitigation["postprocessing"][constraint]
        assert not fitted["degenerate"]
        assert 0.0 <= fitted["accuracy_cost"] < 0.05
        assert 0.1 < fitted["overall_selection_rate"] < 0.9


# -- reweighing ------------------------------------------------------------------------------


def _aif360_weights(y: np.ndarray, g: np.ndarray) -> np.ndarray:
    """AIF360 Reweighing, from its documented formula: W(s, y) = n_s n_y / (n n_sy)."""
    n = len(y)
    out = np.empty(n)
    for s in np.unique(g):
        for label in (0, 1):
            cell = (g == s) & (y == label)
            if cell.any():
                out[cell] = (g == s).sum() * (y == label).sum() / (n * cell.sum())
    return out


def test_reweighing_equals_aif360_and_makes_label_independent_of_group() -> None:
    data = random_frame(5_000, 8)
    result = reweighing(data["y"], sensitive_features=data["race"])
    np.testing.assert_allclose(
        result.weights, _aif360_weights(data["y"].to_numpy(), data["race"].to_numpy())
    )
    after = set(result.report["base_rate_after"].values())
    assert len(after) == 1 and after.pop() == pytest.approx(data["y"].mean())
    assert result.report["effective_rows"] < len(data)


def test_reweighing_intersectional_groups_and_existing_weights() -> None:
    data = random_frame(3_000, 9)
    combined = (data["race"] + "," + data["sex"]).to_numpy()
    both = reweighing(data["y"], sensitive_features=data[["race", "sex"]])
    np.testing.assert_allclose(both.weights, _aif360_weights(data["y"].to_numpy(), combined))
    doubled = reweighing(
        data["y"], sensitive_features=data["race"], sample_weight=np.full(3_000, 2)
    )
    single = reweighing(data["y"], sensitive_features=data["race"])
    np.testing.assert_allclose(doubled.weights, 2 * single.weights)
