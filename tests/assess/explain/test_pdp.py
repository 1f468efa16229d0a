"""Partial dependence equals scikit-learn's (grid and averages); quantiles equal SciPy's."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats.mstats import mquantiles as scipy_mquantiles
from sklearn.datasets import load_diabetes
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.inspection import partial_dependence as sk_partial_dependence

from fulcrum.assess.explain import partial_dependence
from fulcrum.assess.explain._pdp import mquantiles
from fulcrum.assess.robustness import from_estimator
from tests.assess.robustness._compas import FEATURES, compas, pipeline


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=200),
    st.floats(0.0, 0.49),
    st.floats(0.51, 1.0),
)
def test_quantiles_equal_scipy(values: list[float], low: float, high: float) -> None:
    x = np.asarray(values)
    np.testing.assert_allclose(
        mquantiles(x, (low, high)), scipy_mquantiles(x, prob=(low, high)), rtol=1e-9, atol=1e-6
    )


def test_compas_pipeline_numeric_and_categorical() -> None:
    X = compas()[FEATURES].iloc[:400].astype({"age": float})
    model = from_estimator(pipeline())
    grid, average = partial_dependence(model, X, "age", grid_resolution=15)
    theirs = sk_partial_dependence(pipeline(), X, ["age"], grid_resolution=15, method="brute")
    np.testing.assert_allclose(grid, theirs["grid_values"][0], rtol=1e-12)
    np.testing.assert_allclose(average, theirs["average"], rtol=1e-10)
    grid, average = partial_dependence(model, X, "race")
    theirs = sk_partial_dependence(
        pipeline(), X, ["race"], categorical_features=["race"], method="brute"
    )
    assert grid.tolist() == theirs["grid_values"][0].tolist()
    np.testing.assert_allclose(average, theirs["average"], rtol=1e-10)


def test_regressor() -> None:
    data = load_diabetes(as_frame=True)
    model = GradientBoostingRegressor(n_estimators=20, random_state=0).fit(data.data, data.target)
    grid, average = partial_dependence(from_estimator(model), data.data, "bmi", grid_resolution=10)
    theirs = sk_partial_dependence(model, data.data, ["bmi"], grid_resolution=10, method="brute")
    np.testing.assert_allclose(grid, theirs["grid_values"][0])
    np.testing.assert_allclose(average, theirs["average"], rtol=1e-10)
