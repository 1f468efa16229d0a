"""Individual and between-group unfairness: generalized entropy and Theil indexes.

Speicher et al. (2018), as implemented by AIF360's ``ClassificationMetric``: each
row gets a benefit ``b = y_pred - y_true + 1`` (0 for a false negative, 2 for a
false positive, 1 otherwise) and the index measures the inequality of the
benefits. ``b`` takes three values fixed by the confusion cell, so the indexes
are exact functions of the (weighted) confusion counts. The between-group index
replaces every row's benefit by its group's mean benefit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.fairness._rates import fn, fp, tn, tp


def _entropy(weights: np.ndarray, benefits: np.ndarray, alpha: float) -> float:
    """GE(alpha) of benefits ``benefits`` held by ``weights`` (summed over all entries)."""
    total = weights.sum()
    if total <= 0:
        return float("nan")
    mean = float((weights * benefits).sum() / total)
    if mean <= 0:
        return float("nan")
    share = benefits / mean
    keep = weights > 0
    w, x = weights[keep], share[keep]
    if alpha == 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0)), 0.0)
        return float((w * terms).sum() / total)
    if alpha == 0:
        if (x <= 0).any():
            return float("inf")
        return float(-(w * np.log(x)).sum() / total)
    return float((w * (x**alpha - 1.0)).sum() / (total * alpha * (alpha - 1.0)))


def _cells(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights and benefits of the four cells of each group: shape (groups, 4)."""
    weights = np.stack([fn(confusion), tp(confusion), tn(confusion), fp(confusion)], axis=-1)
    benefits = np.broadcast_to(np.array([0.0, 1.0, 1.0, 2.0]), weights.shape)
    return np.asarray(weights, dtype=np.float64), benefits


def generalized_entropy_from_counts(confusion: np.ndarray, alpha: float = 2.0) -> float:
    """GE(alpha) of the benefits over all rows of ``confusion[..., y, p]``."""
    weights, benefits = _cells(confusion)
    return _entropy(weights.reshape(-1), benefits.reshape(-1), alpha)


def between_group_entropy_from_counts(confusion: np.ndarray, alpha: float = 2.0) -> float:
    """GE(alpha) after replacing each row's benefit by its group's mean benefit."""
    weights, benefits = _cells(confusion.reshape(-1, 2, 2))
    size = weights.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(
            size > 0, (weights * benefits).sum(axis=-1) / np.where(size > 0, size, 1), 0
        )
    return _entropy(size, means, alpha)


def inequality_dict(frame: Any) -> dict[str, Any]:
    """The ``inequality`` section: individual and between-group GE(2) and Theil indexes."""
    confusion = frame.counts.confusion
    values = {
        "generalized_entropy_index": generalized_entropy_from_counts(confusion, 2.0),
        "theil_index": generalized_entropy_from_counts(confusion, 1.0),
        "between_group_generalized_entropy_index": between_group_entropy_from_counts(
            confusion, 2.0
        ),
        "between_group_theil_index": between_group_entropy_from_counts(confusion, 1.0),
    }
    return {
        **{k: (None if v != v else v) for k, v in values.items()},
        "benefit": "b = y_pred - y_true + 1 (Speicher et al. 2018; AIF360)",
        "note": "reported, not checked: these indexes have no interval here",
    }
