"""Hypothesis properties: permutation invariance, partitions and marginals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.assess.fairness import assess_fairness, count_in_memory


@st.composite
def frames(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 60))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.choice(["x", "y", "z"], n),
            "b": rng.integers(0, 3, n),
            "y": rng.integers(0, 2, n),
            "p": rng.integers(0, 2, n),
        }
    )


def _counts(data: pd.DataFrame, columns: list[str]):
    return count_in_memory(data, label="y", pred="p", sensitive=columns, sensitive_names=columns)


@settings(max_examples=60, deadline=None)
@given(frames(), st.randoms(use_true_random=False))
def test_permuting_rows_changes_nothing(data: pd.DataFrame, random) -> None:
    order = list(range(len(data)))
    random.shuffle(order)
    shuffled = data.iloc[order].reset_index(drop=True)
    one = assess_fairness(data, label="y", pred="p", sensitive=["a", "b"], min_group_size=1)
    two = assess_fairness(shuffled, label="y", pred="p", sensitive=["a", "b"], min_group_size=1)
    assert one.to_dict()["groups"] == two.to_dict()["groups"]
    assert one.to_dict()["disparities"] == two.to_dict()["disparities"]
    assert one.evidence.id == two.evidence.id


@settings(max_examples=60, deadline=None)
@given(frames())
def test_groups_partition_the_rows(data: pd.DataFrame) -> None:
    counts = _counts(data, ["a", "b"])
    assert counts.total == len(data)
    assert int(counts.n.sum()) == len(data)
    assert (counts.n > 0).all()
    pooled = counts.confusion.sum(axis=0)
    assert pooled[1].sum() == data["y"].sum()
    assert pooled[:, 1].sum() == data["p"].sum()


@settings(max_examples=60, deadline=None)
@given(frames())
def test_intersectional_counts_sum_to_the_marginals(data: pd.DataFrame) -> None:
    both = _counts(data, ["a", "b"])
    for column in ("a", "b"):
        alone = _counts(data, [column])
        summed = both.marginal([column])
        assert summed.groups == alone.groups
        np.testing.assert_array_equal(summed.confusion, alone.confusion)
