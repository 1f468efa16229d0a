"""Exact Shapley values against TreeSHAP, a linear model's closed form and efficiency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.assess.explain import MAX_EXACT, exact_shapley, group_importance, shap_values
from fulcrum.assess.explain._shapley import ShapValues
from fulcrum.assess.robustness import from_callable, from_estimator
from fulcrum.errors import InputError
from tests.assess.robustness._compas import NUMERIC, compas, forest


@pytest.mark.parametrize("chunk", [500_000, 7_000])
def test_exact_equals_shap_tree_explainer_on_a_forest(chunk: int, monkeypatch) -> None:
    from fulcrum.assess.explain import _shapley

    monkeypatch.setattr(_shapley, "CHUNK_ROWS", chunk)  # 7,000 rows: 2 coalitions per batch
    frame = compas()[NUMERIC]
    X, background = frame.iloc[:60], frame.iloc[500:540]
    model = from_estimator(forest())
    ours = exact_shapley(model, X, background)
    theirs = shap_values(model, X, background, method="tree")
    assert theirs.method == "tree"
    np.testing.assert_allclose(ours.values, theirs.values, atol=1e-7)
    assert ours.base == pytest.approx(theirs.base, abs=1e-9)
    assert shap_values(model, X, background).method == "tree"  # auto picks TreeSHAP


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=3, max_size=3), st.integers(0, 1000))
def test_linear_model_closed_form(weights: list[float], seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(5, 3)), columns=["a", "b", "c"])
    background = pd.DataFrame(rng.normal(size=(8, 3)), columns=["a", "b", "c"])
    w = np.asarray(weights)
    values = exact_shapley(from_callable(lambda F: F.to_numpy() @ w + 1.0), X, background)
    expected = w * (X.to_numpy() - background.to_numpy().mean(axis=0))
    np.testing.assert_allclose(values.values, expected, atol=1e-9)


def test_efficiency_for_an_interaction() -> None:
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(6, 4)), columns=list("abcd"))
    background = pd.DataFrame(rng.normal(size=(10, 4)), columns=list("abcd"))

    def f(F):
        return np.sin(F["a"]) * F["b"] + np.maximum(F["c"], 0) * F["d"] ** 2

    values = exact_shapley(from_callable(f), X, background)
    np.testing.assert_allclose(values.values.sum(axis=1) + values.base, f(X), atol=1e-9)
    assert values.base == pytest.approx(f(background).mean())


def test_too_many_features_without_shap() -> None:
    X = pd.DataFrame(np.zeros((2, MAX_EXACT + 1)))
    X.columns = [f"f{i}" for i in range(MAX_EXACT + 1)]
    with pytest.raises(InputError, match=f"at most {MAX_EXACT} features"):
        exact_shapley(from_callable(lambda F: F["f0"]), X, X)


def test_group_importance_by_hand() -> None:
    values = ShapValues(
        np.array([[1.0, 0.0], [3.0, 0.0], [1.0, 1.0], [-1.0, -3.0]]), 0.0, ("x", "z"), "exact"
    )
    groups = np.array(["a", "a", "b", "b"])
    section = group_importance(values, groups, ci=0.9, boot=50, min_group_size=2)
    # group a: mean |phi| = (2, 0), shares (1, 0); group b: (1, 2), shares (1/3, 2/3)
    assert section["groups"]["a"]["share"] == {"x": 1.0, "z": 0.0}
    assert section["groups"]["b"]["share"]["z"] == pytest.approx(2 / 3)
    assert section["share_gap"]["x"] == pytest.approx(2 / 3)
    assert section["max_share_gap"] == pytest.approx(2 / 3)
    lo, hi = section["max_share_gap_ci"]
    assert 0.0 <= lo <= hi <= 1.0


def test_small_groups_are_left_out_of_the_gap() -> None:
    rng = np.random.default_rng(0)
    values = ShapValues(rng.normal(size=(70, 3)), 0.0, ("x", "y", "z"), "exact")
    values.values[60:, 0] = 50.0  # the 10 rows of group c lean on x alone
    groups = np.array(["a"] * 30 + ["b"] * 30 + ["c"] * 10)
    section = group_importance(values, groups, ci=0.9, boot=50)
    assert section["groups"]["c"]["small"] and not section["groups"]["a"]["small"]
    assert section["max_share_gap"] < 0.5  # c's extreme shares do not count
    with_c = group_importance(values, groups, ci=0.9, boot=50, min_group_size=10)
    assert with_c["max_share_gap"] > 0.5
    alone = group_importance(values, groups, ci=0.9, boot=50, min_group_size=31)
    assert alone["max_share_gap"] is None and "fewer than two groups" in alone["reason"]
