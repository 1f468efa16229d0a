"""Fairlearn- and AIF360-style functions: arrays in, one number out, computed from counts."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np

from fulcrum.assess.fairness._assess import _normalise_sensitive
from fulcrum.assess.fairness._counts import count_in_memory
from fulcrum.assess.fairness._frame import GroupMetrics, Method
from fulcrum.assess.fairness._inequality import (
    between_group_entropy_from_counts,
    generalized_entropy_from_counts,
)


def metric_frame(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    sample_weight: Any = None,
    pos_label: Any = 1,
    one_vs_rest: bool = False,
    confidence_level: float = 0.95,
    reference: Any = None,
) -> GroupMetrics:
    """Metrics per group of binary predictions (a count-based ``MetricFrame``).

    Parameters
    ----------
    y_true, y_pred : array-like
        True labels and predictions: lists, NumPy arrays, pandas/Polars Series.
    sensitive_features : array-like, list of arrays, 2-D array, mapping or DataFrame
        Group membership, in every form Fairlearn accepts; several features give
        intersectional groups.
    sample_weight : array-like, optional
        Non-negative row weights.
    pos_label : default 1
        The positive value (with ``one_vs_rest``, the class against the rest).
    one_vs_rest : bool, default False
        Allow multiclass labels: ``pos_label`` is positive, every other class negative.
    confidence_level : float, default 0.95
        Confidence level of the Wilson intervals.
    reference : optional
        Reference group for ``method="to_reference"``.

    Returns
    -------
    GroupMetrics

    Examples
    --------
    >>> frame = metric_frame([1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=["a", "a", "b", "b"])
    >>> frame.by_group["selection_rate"].tolist()
    [1.0, 0.0]
    >>> frame.by_group.loc["a", "tpr"]
    np.float64(1.0)
    """
    columns, names = _normalise_sensitive(None, sensitive_features)
    counts = count_in_memory(
        None,
        label=y_true,
        pred=y_pred,
        sensitive=columns,
        sensitive_names=names,
        pos_label=pos_label,
        sample_weight=sample_weight,
        one_vs_rest=one_vs_rest,
    )
    return GroupMetrics(counts, confidence_level=confidence_level, reference=reference)


def _frame(
    y_true: Any, y_pred: Any, sensitive_features: Any, sample_weight: Any, pos_label: Any
) -> GroupMetrics:
    return metric_frame(
        y_true,
        y_pred,
        sensitive_features=sensitive_features,
        sample_weight=sample_weight,
        pos_label=pos_label,
    )


def demographic_parity_difference(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Largest gap in selection rate between groups.

    Examples
    --------
    >>> demographic_parity_difference([1, 0, 1, 0], [1, 1, 0, 1], sensitive_features=list("aabb"))
    0.5
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return frame.difference("selection_rate", method)


def demographic_parity_ratio(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Smallest ratio of selection rates between groups (the four-fifths rule asks >= 0.8).

    Examples
    --------
    >>> demographic_parity_ratio([1, 0, 1, 0], [1, 1, 0, 1], sensitive_features=list("aabb"))
    0.5
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return frame.ratio("selection_rate", method)


def equalized_odds_difference(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Larger of the TPR and FPR gaps between groups.

    Examples
    --------
    >>> equalized_odds_difference([1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb"))
    1.0
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return max(frame.difference("tpr", method), frame.difference("fpr", method))


def equalized_odds_ratio(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Smaller of the TPR and FPR ratios between groups.

    Examples
    --------
    >>> equalized_odds_ratio([1, 0, 1, 0], [1, 1, 1, 1], sensitive_features=list("aabb"))
    1.0
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return min(frame.ratio("tpr", method), frame.ratio("fpr", method))


def equal_opportunity_difference(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Largest gap in true positive rate between groups.

    Examples
    --------
    >>> equal_opportunity_difference([1, 0, 1, 0], [1, 0, 0, 0], sensitive_features=list("aabb"))
    1.0
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return frame.difference("tpr", method)


def equal_opportunity_ratio(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    method: Method = "between_groups",
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Smallest ratio of true positive rates between groups.

    Examples
    --------
    >>> equal_opportunity_ratio([1, 1, 1, 1], [1, 1, 1, 0], sensitive_features=list("aabb"))
    0.5
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return frame.ratio("tpr", method)


def average_odds_difference(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    reference: Any = None,
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """AIF360's average odds difference: ``((FPR_g - FPR_ref) + (TPR_g - TPR_ref)) / 2``.

    With a ``reference`` (AIF360's privileged group) the value is signed and, over
    several other groups, the one largest in magnitude. Without one it is the
    largest ``|...|`` over all pairs of groups.

    Examples
    --------
    >>> average_odds_difference(
    ...     [1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb"), reference="a")
    -1.0
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    if reference is not None:
        frame = GroupMetrics(frame.counts, reference=reference)
    tpr, fpr = frame.values("tpr"), frame.values("fpr")
    ref = frame.reference_index
    if ref is not None:
        values = [0.5 * ((fpr[g] - fpr[ref]) + (tpr[g] - tpr[ref])) for g in range(len(tpr))]
        values = [v for g, v in enumerate(values) if g != ref and not np.isnan(v)]
        return float(max(values, key=abs)) if values else float("nan")
    pairs = [
        abs(0.5 * ((fpr[i] - fpr[j]) + (tpr[i] - tpr[j])))
        for i, j in combinations(range(len(tpr)), 2)
    ]
    pairs = [p for p in pairs if not np.isnan(p)]
    return float(max(pairs)) if pairs else float("nan")


def generalized_entropy_index(
    y_true: Any, y_pred: Any, *, alpha: float = 2.0, sample_weight: Any = None, pos_label: Any = 1
) -> float:
    """AIF360's generalized entropy index of the benefits ``b = y_pred - y_true + 1``.

    Examples
    --------
    >>> round(generalized_entropy_index([1, 0, 1, 0], [1, 1, 0, 0]), 6)
    0.25
    """
    frame = _frame(y_true, y_pred, np.zeros(len(y_true)), sample_weight, pos_label)
    return generalized_entropy_from_counts(frame.counts.confusion, alpha)


def theil_index(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None, pos_label: Any = 1
) -> float:
    """AIF360's Theil index: the generalized entropy index with ``alpha = 1``.

    Examples
    --------
    >>> round(theil_index([1, 0, 1, 0], [1, 1, 0, 0]), 6)
    0.346574
    """
    return generalized_entropy_index(
        y_true, y_pred, alpha=1.0, sample_weight=sample_weight, pos_label=pos_label
    )


def between_group_generalized_entropy_index(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    alpha: float = 2.0,
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """Generalized entropy index after replacing each benefit by its group's mean.

    Examples
    --------
    >>> between_group_generalized_entropy_index(
    ...     [1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb"))
    0.125
    """
    frame = _frame(y_true, y_pred, sensitive_features, sample_weight, pos_label)
    return between_group_entropy_from_counts(frame.counts.confusion, alpha)


def between_group_theil_index(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    sample_weight: Any = None,
    pos_label: Any = 1,
) -> float:
    """The between-group generalized entropy index with ``alpha = 1``.

    Examples
    --------
    >>> round(between_group_theil_index(
    ...     [1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=list("aabb")), 6)
    0.130812
    """
    return between_group_generalized_entropy_index(
        y_true,
        y_pred,
        sensitive_features=sensitive_features,
        alpha=1.0,
        sample_weight=sample_weight,
        pos_label=pos_label,
    )
