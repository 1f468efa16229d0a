"""Partial dependence (the "brute" method): the mean response with one feature set to each
grid value. The grid follows scikit-learn's: the feature's unique values when they are
fewer than ``grid_resolution`` (or it is categorical), else equally spaced points
between two percentiles computed as SciPy's ``mquantiles`` does (``alphap = betap = 0.4``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from fulcrum.assess.robustness import Model
from fulcrum.assess.robustness._data import is_numeric
from fulcrum.errors import InputError

NOT_NUMERIC = (
    "{model}: SHAP values and partial dependence need probabilities or numeric predictions, "
    "and this model returns text labels; use --no-shap and --pdp ''"
)


def mquantiles(values: np.ndarray, probs: Sequence[float]) -> np.ndarray:
    """Quantiles with plotting positions ``alphap = betap = 0.4`` (SciPy's default)."""
    x = np.sort(values[~np.isnan(values)])
    n = x.size
    p = np.asarray(probs, dtype=np.float64)
    m = 0.4 + p * (1.0 - 0.4 - 0.4)
    aleph = n * p + m
    k = np.floor(np.clip(aleph, 1, n - 1)).astype(int)
    gamma = np.clip(aleph - k, 0, 1)
    return (1.0 - gamma) * x[k - 1] + gamma * x[k]


def grid_for(
    column: Any,
    *,
    grid_resolution: int = 100,
    percentiles: tuple[float, float] = (0.05, 0.95),
    categorical: bool = False,
) -> np.ndarray:
    """The grid of values a feature is set to."""
    values = column.dropna().to_numpy() if hasattr(column, "dropna") else np.asarray(column)
    uniques = np.unique(values)
    if categorical or uniques.size < grid_resolution:
        return uniques
    low, high = mquantiles(values.astype(np.float64), percentiles)
    return np.linspace(low, high, num=grid_resolution, endpoint=True)


def response(model: Model, X: Any) -> np.ndarray:
    """What is averaged: positive-class probability (binary), all probabilities, or predictions."""
    proba = model.predict_proba(X)
    if proba is None:
        predictions = np.asarray(model.predict(X))
        try:
            return predictions.astype(np.float64)[:, None]
        except (TypeError, ValueError) as exc:
            raise InputError(NOT_NUMERIC.format(model=model.name)) from exc
    return proba[:, 1:2] if proba.shape[1] == 2 else proba


def partial_dependence(
    model: Model,
    X: Any,
    feature: str,
    *,
    grid: np.ndarray | None = None,
    grid_resolution: int = 100,
    percentiles: tuple[float, float] = (0.05, 0.95),
) -> tuple[np.ndarray, np.ndarray]:
    """Grid values and the average response at each, shape ``(outputs, len(grid))``.

    Examples
    --------
    >>> import pandas as pd
    >>> from fulcrum.assess.robustness import from_callable
    >>> X = pd.DataFrame({"a": [0.0, 1.0, 2.0], "b": [1.0, 1.0, 4.0]})
    >>> model = from_callable(lambda X: X["a"] + X["b"])
    >>> partial_dependence(model, X, "a")[1].tolist()
    [[2.0, 3.0, 4.0]]
    """
    column = X[feature]
    categorical = not is_numeric(column)
    if grid is None:
        grid = grid_for(
            column,
            grid_resolution=grid_resolution,
            percentiles=percentiles,
            categorical=categorical,
        )
    n = len(X)
    stacked = X.iloc[np.tile(np.arange(n), len(grid))].reset_index(drop=True)
    dtype = column.to_numpy().dtype if categorical else np.float64
    stacked[feature] = np.repeat(np.asarray(grid, dtype=dtype), n)
    values = response(model, stacked)
    averaged = values.reshape(len(grid), n, -1).mean(axis=1).T
    return np.asarray(grid), averaged
