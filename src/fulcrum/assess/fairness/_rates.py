"""Group metrics as small NumPy functions of confusion counts.

Each rate is ``numerator / denominator`` of cells of a confusion array whose last
two axes are (true label, prediction); leading axes (groups, bootstrap replicates)
broadcast. An empty denominator gives NaN, reported as null with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fulcrum.assess.fairness._validation import (
    check_binary,
    check_consistent_length,
    check_sample_weight,
)

ArrayLike = Any

Counts = np.ndarray


def tn(c: Counts) -> np.ndarray:
    """True negatives."""
    return c[..., 0, 0]


def fp(c: Counts) -> np.ndarray:
    """False positives."""
    return c[..., 0, 1]


def fn(c: Counts) -> np.ndarray:
    """False negatives."""
    return c[..., 1, 0]


def tp(c: Counts) -> np.ndarray:
    """True positives."""
    return c[..., 1, 1]


def total(c: Counts) -> np.ndarray:
    """Rows."""
    return c.sum(axis=(-2, -1))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


#: metric -> (numerator, denominator, what an empty denominator means)
RATES: dict[str, tuple[Callable[[Counts], np.ndarray], Callable[[Counts], np.ndarray], str]] = {
    "base_rate": (lambda c: tp(c) + fn(c), total, "no rows"),
    "selection_rate": (lambda c: tp(c) + fp(c), total, "no rows"),
    "accuracy": (lambda c: tp(c) + tn(c), total, "no rows"),
    "tpr": (tp, lambda c: tp(c) + fn(c), "no actual positives (tp + fn = 0)"),
    "fnr": (fn, lambda c: tp(c) + fn(c), "no actual positives (tp + fn = 0)"),
    "fpr": (fp, lambda c: fp(c) + tn(c), "no actual negatives (fp + tn = 0)"),
    "tnr": (tn, lambda c: fp(c) + tn(c), "no actual negatives (fp + tn = 0)"),
    "ppv": (tp, lambda c: tp(c) + fp(c), "no predicted positives (tp + fp = 0)"),
    "fdr": (fp, lambda c: tp(c) + fp(c), "no predicted positives (tp + fp = 0)"),
    "npv": (tn, lambda c: tn(c) + fn(c), "no predicted negatives (tn + fn = 0)"),
    "for": (fn, lambda c: tn(c) + fn(c), "no predicted negatives (tn + fn = 0)"),
}

#: Metrics that are not a single proportion (no Wilson interval).
OTHER = {"f1": "no positives at all (2 tp + fp + fn = 0)"}

METRICS: tuple[str, ...] = (*RATES, *OTHER)


def rate(name: str, c: Counts) -> np.ndarray:
    """The rate ``name`` of confusion counts ``c`` (NaN where undefined)."""
    num, den, _ = RATES[name]
    return _ratio(num(c), den(c))


def f1(c: Counts) -> np.ndarray:
    """F1 score: ``2 tp / (2 tp + fp + fn)``."""
    return _ratio(2 * tp(c), 2 * tp(c) + fp(c) + fn(c))


def metric(name: str, c: Counts) -> np.ndarray:
    """Any group metric by name."""
    if name == "f1":
        return f1(c)
    return rate(name, c)


def fraction(name: str, c: Counts) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and denominator counts of a rate (for intervals and tests)."""
    num, den, _ = RATES[name]
    return np.asarray(num(c)), np.asarray(den(c))


def undefined_reason(name: str) -> str:
    """Why ``name`` is null when its denominator is empty."""
    return RATES[name][2] if name in RATES else OTHER[name]


# Fairlearn-style functions of arrays -----------------------------------------------------


def confusion_counts(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> np.ndarray:
    """The 2 x 2 confusion counts ``[y, p]`` of binary arrays (weighted sums with weights).

    Examples
    --------
    >>> confusion_counts([1, 0, 1, 1], [1, 0, 0, 1]).tolist()
    [[1, 0], [1, 2]]
    """
    y = check_binary(y_true, "y_true", pos_label)
    p = check_binary(y_pred, "y_pred", pos_label)
    check_consistent_length(y_true=y, y_pred=p)
    weights = check_sample_weight(sample_weight, len(y))
    code = 2 * y.astype(np.intp) + p.astype(np.intp)
    counts = np.bincount(code, weights=weights, minlength=4).reshape(2, 2)
    return counts


def selection_rate(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Share of rows predicted positive.

    Examples
    --------
    >>> selection_rate([1, 0, 1, 0], [1, 1, 0, 0])
    0.5
    """
    counts = confusion_counts(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight)
    return float(rate("selection_rate", counts))


def true_positive_rate(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Share of actual positives predicted positive (recall); NaN without positives.

    Examples
    --------
    >>> true_positive_rate([1, 1, 0, 0], [1, 0, 0, 1])
    0.5
    """
    counts = confusion_counts(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight)
    return float(rate("tpr", counts))


def false_positive_rate(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Share of actual negatives predicted positive; NaN without negatives.

    Examples
    --------
    >>> false_positive_rate([1, 1, 0, 0], [1, 0, 0, 1])
    0.5
    """
    counts = confusion_counts(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight)
    return float(rate("fpr", counts))


def true_negative_rate(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Share of actual negatives predicted negative; NaN without negatives.

    Examples
    --------
    >>> true_negative_rate([1, 1, 0, 0], [1, 0, 0, 1])
    0.5
    """
    counts = confusion_counts(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight)
    return float(rate("tnr", counts))


def false_negative_rate(
    y_true: ArrayLike, y_pred: ArrayLike, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Share of actual positives predicted negative; NaN without positives.

    Examples
    --------
    >>> false_negative_rate([1, 1, 0, 0], [1, 0, 0, 1])
    0.5
    """
    counts = confusion_counts(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight)
    return float(rate("fnr", counts))
