"""Exact ROC AUC per group: equal to scikit-learn's roc_auc_score for any scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from fulcrum.assess.fairness import assess_fairness
from fulcrum.engines._rank import rank_wins
from fulcrum.engines._rank_kernel import wins_kernel


def _logits(n: int, seed: int, outlier: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    score = rng.normal(size=n) + 1.5 * y  # ordinary logits: n distinct values
    if outlier:
        score[0] = 1e6
    group = rng.choice(["a", "b", "c"], n)
    return pd.DataFrame({"y": y, "p": (score > 0.7).astype(int), "g": group, "s": score})


def _oracle(data: pd.DataFrame, weights: np.ndarray | None = None) -> dict[str, float]:
    out = {}
    for name, part in data.groupby("g"):
        w = None if weights is None else weights[part.index]
        out[str(name)] = roc_auc_score(part["y"], part["s"], sample_weight=w)
    return out


@pytest.mark.parametrize("outlier", [False, True])
@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_auc_beyond_1024_distinct_scores_equals_sklearn(outlier, engine, tmp_path) -> None:
    # Given 5,000 distinct logits (and, in one case, one huge outlier)
    data = _logits(5_000, 1, outlier)
    source = data
    if engine == "duckdb":
        source = tmp_path / "d.parquet"
        data.to_parquet(source)
    # When assessed
    report = assess_fairness(
        source, label="y", pred="p", sensitive="g", score="s", engine=engine, mitigation=False
    ).to_dict()
    # Then each group's AUC and the overall AUC are scikit-learn's
    expected = _oracle(data)
    for row in report["groups"]:
        assert row["auc"] == pytest.approx(expected[row["group"]["g"]], abs=1e-12)
    assert report["scores"]["auc_overall"] == pytest.approx(
        roc_auc_score(data["y"], data["s"]), abs=1e-12
    )


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_weighted_auc_equals_sklearn_sample_weight(engine, tmp_path) -> None:
    data = _logits(3_000, 2, False)
    data["w"] = np.random.default_rng(3).uniform(0.1, 3.0, len(data))
    source = data
    if engine == "duckdb":
        source = tmp_path / "d.parquet"
        data.to_parquet(source)
    report = assess_fairness(
        source,
        label="y",
        pred="p",
        sensitive="g",
        score="s",
        sample_weight="w",
        engine=engine,
        mitigation=False,
    ).to_dict()
    expected = _oracle(data, data["w"].to_numpy())
    for row in report["groups"]:
        assert row["auc"] == pytest.approx(expected[row["group"]["g"]], abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.booleans(), st.integers(-3, 3), st.integers(1, 4)),
        min_size=2,
        max_size=60,
    ),
    st.sampled_from(["numpy", "compiled"]),
)
def test_rank_wins_is_the_mann_whitney_count(rows, path) -> None:
    # Both paths: NumPy (sorts and binary searches) and the Numba radix kernel (fast extra)
    if path == "compiled" and wins_kernel() is None:
        return
    # The oracle is the definition: count every (positive, negative) pair, ties half.
    group = np.array([r[0] for r in rows])
    positive = np.array([r[1] for r in rows])
    score = np.array([r[2] for r in rows], dtype=float)
    weight = np.array([r[3] for r in rows], dtype=float)
    wins, pos, neg, overall = rank_wins(
        group, positive, score, weight, 3, compiled=path == "compiled"
    )
    for g in range(3):
        expected = 0.0
        for i in np.flatnonzero((group == g) & positive):
            for j in np.flatnonzero((group == g) & ~positive):
                expected += (
                    weight[i]
                    * weight[j]
                    * (1.0 if score[i] > score[j] else 0.5 if score[i] == score[j] else 0.0)
                )
        assert wins[g] == pytest.approx(expected)
        assert pos[g] == pytest.approx(weight[(group == g) & positive].sum())
        assert neg[g] == pytest.approx(weight[(group == g) & ~positive].sum())
    assert overall[1] == pytest.approx(weight[positive].sum())


def test_compiled_and_numpy_paths_agree_on_a_large_input() -> None:
    if wins_kernel() is None:
        pytest.skip("numba (the fast extra) is not installed")
    rng = np.random.default_rng(7)
    n = 60_000
    group = rng.integers(0, 5, n)
    positive = rng.random(n) < 0.3
    score = np.round(rng.normal(size=n) + positive, 2)  # many ties
    score[:10] = -0.0
    weight = rng.uniform(0.1, 2.0, n)
    fast = rank_wins(group, positive, score, weight, 5)
    slow = rank_wins(group, positive, score, weight, 5, compiled=False)
    for a, b in zip(fast[:3], slow[:3], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_allclose(fast[3], slow[3], rtol=1e-12)
