"""Each corruption does what it says, at the rate it says (properties over random data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.assess.robustness import category_swap, gaussian, missing, out_of_range
from fulcrum.assess.robustness._corrupt import check_corruption, profile
from fulcrum.errors import InputError

from ._compas import CATEGORICAL, NUMERIC, compas


def _frame(seed: int, n: int = 4000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.normal(5.0, 3.0, n),
            "b": rng.integers(0, 50, n),
            "c": rng.choice(["x", "y", "z"], n),
        }
    )


def _binomial_ok(k: int, n: int, p: float) -> bool:
    return abs(k - n * p) <= 5 * np.sqrt(n * p * (1 - p)) + 1


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.05, 3.0))
def test_gaussian_noise_has_the_scaled_spread(seed: int, severity: float) -> None:
    X = _frame(seed)
    info = profile(X, ("a", "b"), ("c",))
    out = gaussian(X, severity, np.random.default_rng(seed), info)
    for column in ("a", "b"):
        noise = out[column].to_numpy() - X[column].to_numpy()
        expected = severity * X[column].std(ddof=0)
        # sd of a normal sample of 4000: relative standard error 1/sqrt(2n) ~ 1.1%
        assert abs(noise.std() / expected - 1) < 0.06
    assert out["c"].equals(X["c"])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.0, 1.0))
def test_missing_and_swap_rates(seed: int, severity: float) -> None:
    X = _frame(seed)
    info = profile(X, ("a", "b"), ("c",))
    blanked = missing(X, severity, np.random.default_rng(seed), info)
    for column in X.columns:
        assert _binomial_ok(int(blanked[column].isna().sum()), len(X), severity)
    swapped = category_swap(X, severity, np.random.default_rng(seed), info)
    changed = swapped["c"].to_numpy() != X["c"].to_numpy()
    assert _binomial_ok(int(changed.sum()), len(X), severity)
    assert set(swapped["c"]) <= {"x", "y", "z"}
    assert swapped[["a", "b"]].equals(X[["a", "b"]])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.01, 1.0))
def test_out_of_range_leaves_the_range(seed: int, severity: float) -> None:
    X = _frame(seed)
    info = profile(X, ("a", "b"), ("c",))
    out = out_of_range(X, severity, np.random.default_rng(seed), info)
    for column in ("a", "b"):
        low, high = X[column].min(), X[column].max()
        moved = out[column].to_numpy() != X[column].to_numpy()
        values = out[column].to_numpy()[moved]
        assert ((values < low) | (values > high)).all()
        assert _binomial_ok(int(moved.sum()), len(X), severity)


def test_compas_swaps_stay_in_the_observed_categories() -> None:
    X = compas()[[*NUMERIC, *CATEGORICAL]]
    info = profile(X, tuple(NUMERIC), tuple(CATEGORICAL))
    out = category_swap(X, 1.0, np.random.default_rng(0), info)
    for column in CATEGORICAL:
        assert (out[column].to_numpy() != X[column].to_numpy()).all()
        assert set(out[column]) <= set(X[column])
    assert out[column].dtype == X[column].dtype


@pytest.mark.parametrize(
    ("name", "severities", "message"),
    [
        ("blur", (0.1,), "unknown corruption 'blur'"),
        ("missing", (1.5,), "severity for missing must be between 0 and 1.0, got 1.5"),
        ("gaussian", (-0.1,), "severity for gaussian must be between 0 and 100.0, got -0.1"),
    ],
)
def test_bad_corruptions(name: str, severities: tuple[float, ...], message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        check_corruption(name, severities)
