"""Scores of predictions and their intervals: accuracy, R², proportions, paired drops."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from fulcrum.assess.fairness import wilson

Interval = tuple[float, float]


def z_value(level: float) -> float:
    """The two-sided normal quantile for a confidence level."""
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def proportion(k: float, n: float, level: float) -> tuple[float, Interval]:
    """A rate ``k / n`` with its Wilson score interval."""
    lo, hi = wilson(np.asarray(k), np.asarray(n), level)
    return float(k / n), (float(lo), float(hi))


def correct(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Whether each prediction equals its label (labels compared as text when types differ)."""
    try:
        out = np.asarray(pred == y, dtype=bool)
        if out.shape == y.shape:
            return out
    except (TypeError, ValueError):
        pass
    return np.asarray(pred.astype(str) == y.astype(str), dtype=bool)


def r2_score(y: np.ndarray, pred: np.ndarray) -> float:
    """Coefficient of determination (scikit-learn's ``r2_score``)."""
    y = y.astype(np.float64)
    residual = float(np.sum((y - pred) ** 2))
    total = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - residual / total if total > 0 else float("nan")


def score(task: str, y: np.ndarray, pred: np.ndarray) -> float:
    """Accuracy for classification, R² for regression (the estimators' default ``score``)."""
    if task == "classification":
        return float(np.count_nonzero(correct(y, pred))) / len(y)
    return r2_score(y, np.asarray(pred, dtype=np.float64))


def mean_interval(values: np.ndarray, level: float) -> tuple[float, Interval]:
    """A mean with its normal-theory interval (paired differences, per-row rates)."""
    values = np.asarray(values, dtype=np.float64)
    mean = float(values.mean())
    if values.size < 2:
        return mean, (mean, mean)
    half = z_value(level) * float(values.std(ddof=1)) / np.sqrt(values.size)
    return mean, (mean - half, mean + half)


def accuracy_drop(clean: np.ndarray, corrupted: np.ndarray, level: float) -> tuple[float, Interval]:
    """Clean minus corrupted accuracy on the same rows, with a paired interval."""
    return mean_interval(clean.astype(np.int8) - corrupted.astype(np.int8), level)
