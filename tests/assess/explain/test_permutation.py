"""Permutation importance equals scikit-learn's, on COMPAS and on bundled data sets."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.inspection import permutation_importance as sk_permutation_importance
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fulcrum.assess.explain import permutation_importance
from fulcrum.assess.robustness import from_callable, from_estimator
from tests.assess.robustness._compas import FEATURES, compas, pipeline


@pytest.mark.parametrize("seed", [0, 7])
def test_equals_scikit_learn_on_a_compas_pipeline(seed: int) -> None:
    frame = compas().iloc[:2500]
    X, y = frame[FEATURES], frame["two_year_recid"].to_numpy()
    ours = permutation_importance(from_estimator(pipeline()), X, y, n_repeats=3, random_state=seed)
    theirs = sk_permutation_importance(pipeline(), X, y, n_repeats=3, random_state=seed)
    np.testing.assert_array_equal(ours.importances, theirs.importances)
    np.testing.assert_array_equal(ours.mean, theirs.importances_mean)
    np.testing.assert_allclose(ours.std, theirs.importances_std, rtol=1e-12)


def test_equals_scikit_learn_on_arrays_and_regression() -> None:
    cancer = load_breast_cancer()
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(cancer.data, cancer.target)
    frame = load_breast_cancer(as_frame=True).data
    ours = permutation_importance(from_estimator(model), frame, cancer.target, n_repeats=4)
    theirs = sk_permutation_importance(
        model, cancer.data, cancer.target, n_repeats=4, random_state=0
    )
    np.testing.assert_array_equal(ours.importances, theirs.importances)
    diabetes = load_diabetes(as_frame=True)
    ridge = Ridge().fit(diabetes.data, diabetes.target)
    ours = permutation_importance(
        from_estimator(ridge),
        diabetes.data,
        diabetes.target.to_numpy(),
        task="regression",
        n_repeats=3,
    )
    theirs = sk_permutation_importance(
        ridge, diabetes.data, diabetes.target, n_repeats=3, random_state=0
    )
    np.testing.assert_allclose(ours.importances, theirs.importances, rtol=1e-10, atol=1e-12)


def test_ignored_feature_and_intervals() -> None:
    frame = compas()
    model = from_callable(lambda X: (X["priors_count"] > 3).astype(int))
    X = frame[["priors_count", "age"]]
    imp = permutation_importance(model, X, frame["two_year_recid"].to_numpy(), n_repeats=5)
    assert imp.mean[1] == 0.0 and imp.std[1] == 0.0
    lo, hi = imp.interval()
    assert lo[0] < imp.mean[0] < hi[0] and lo[1] == hi[1] == 0.0
    rows = imp.to_rows()
    assert rows[0]["feature"] == "priors_count" and rows[0]["importance"] > 0.02
