"""Fairlearn-style functions: arrays in, one number out, computed from counts."""

from __future__ import annotations

from typing import Any

from fulcrum.assess.fairness._assess import _normalise_sensitive
from fulcrum.assess.fairness._counts import count_in_memory
from fulcrum.assess.fairness._frame import GroupMetrics, Method


def metric_frame(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    pos_label: Any = 1,
    ci: float = 0.95,
    reference: Any = None,
) -> GroupMetrics:
    """Metrics per group of binary predictions (a count-based ``MetricFrame``).

    Parameters
    ----------
    y_true, y_pred : array-like
        True labels and predictions.
    sensitive_features : array-like, list of arrays, mapping or DataFrame
        Group membership; several columns give intersectional groups.
    pos_label : default 1
        The positive value.
    ci : float, default 0.95
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
    """
    columns, names = _normalise_sensitive(None, sensitive_features)
    counts = count_in_memory(
        None,
        label=y_true,
        pred=y_pred,
        sensitive=columns,
        sensitive_names=names,
        pos_label=pos_label,
    )
    return GroupMetrics(counts, ci=ci, reference=reference)


def demographic_parity_difference(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Largest gap in selection rate between groups.

    Examples
    --------
    >>> demographic_parity_difference([1, 0, 1, 0], [1, 1, 0, 1], sensitive_features="aabb")
    0.5
    """
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return frame.difference("selection_rate", method)


def demographic_parity_ratio(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Smallest ratio of selection rates between groups (the four-fifths rule asks >= 0.8)."""
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return frame.ratio("selection_rate", method)


def equalized_odds_difference(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Larger of the TPR and FPR gaps between groups."""
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return max(frame.difference("tpr", method), frame.difference("fpr", method))


def equalized_odds_ratio(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Smaller of the TPR and FPR ratios between groups."""
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return min(frame.ratio("tpr", method), frame.ratio("fpr", method))


def equal_opportunity_difference(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Largest gap in true positive rate between groups."""
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return frame.difference("tpr", method)


def equal_opportunity_ratio(
    y_true: Any, y_pred: Any, *, sensitive_features: Any, method: Method = "between_groups"
) -> float:
    """Smallest ratio of true positive rates between groups."""
    frame = metric_frame(y_true, y_pred, sensitive_features=_seq(sensitive_features))
    return frame.ratio("tpr", method)


def _seq(values: Any) -> Any:
    return list(values) if isinstance(values, str) else values
