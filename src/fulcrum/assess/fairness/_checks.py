"""Thresholds against the fairness metrics: which value, which interval, which verdict.

A threshold names either a disparity (``fpr_difference``, ``demographic_parity_ratio``,
``equalized_odds_difference``, ``disparate_impact_ratio``, ``tpr_difference_to_reference``...)
judged on its simultaneous interval, or a group metric (``accuracy``, ``fpr``, ``auc``,
``ece``...) judged in every group on its Wilson interval. A ``pass`` that involves a
group smaller than ``min_group_size`` becomes ``inconclusive``: too few rows to say. A
metric without an interval (F1, ECE) is reported but its checks are ``inconclusive``:
no verdict rests on a point estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from fulcrum.assess.fairness._disparity import Measure
from fulcrum.assess.fairness._frame import GroupMetrics
from fulcrum.assess.fairness._messages import UNKNOWN_METRIC
from fulcrum.assess.fairness._rates import METRICS
from fulcrum.errors import InputError
from fulcrum.evidence import Check, Threshold

GROUP_SCORE_METRICS = ("auc", "ece")


def known_metrics(measures: dict[str, Measure], with_scores: bool) -> list[str]:
    """Every metric name a threshold may use."""
    return [*measures, *METRICS, *(GROUP_SCORE_METRICS if with_scores else ())]


def _small_groups(frame: GroupMetrics, minimum: int, only: Sequence[int] | None = None) -> str:
    n = frame.n
    picked = range(len(n)) if only is None else only
    small = [g for g in picked if n[g] < minimum]
    if not small:
        return ""
    names = "; ".join(",".join(frame.counts.groups[g]) for g in small[:5])
    return f"group(s) {names} have fewer than {minimum} rows"


NO_INTERVAL = (
    "{metric} has no interval here, and a verdict does not rest on a point estimate "
    "(value {value:.6g})"
)


def _soften(check: Check, small: str) -> Check:
    if small and check.verdict == "pass":
        return check.model_copy(
            update={"verdict": "inconclusive", "reason": f"{check.reason}, but {small}"}
        )
    return check


def _needs_interval(check: Check) -> Check:
    """A pass or fail judged without an interval becomes inconclusive, saying why."""
    if check.interval is None and check.value is not None and check.verdict != "inconclusive":
        reason = NO_INTERVAL.format(metric=check.metric, value=check.value)
        return check.model_copy(update={"verdict": "inconclusive", "reason": reason})
    return check


def evaluate(
    thresholds: Sequence[Threshold],
    frame: GroupMetrics,
    measures: dict[str, Measure],
    group_scores: dict[str, np.ndarray],
    *,
    min_group_size: int,
    group_intervals: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[Check]:
    """One check per disparity threshold, one per group for a group-metric threshold."""
    checks: list[Check] = []
    for threshold in thresholds:
        minimum = int(threshold.params.get("min_group_size", min_group_size))
        name = threshold.metric
        if threshold.params.get("method") == "to_reference" and not name.endswith("_reference"):
            name = f"{name}_to_reference"
        if name in measures:
            measure = measures[name]
            check = threshold.check(measure.value, interval=measure.interval)
            if measure.value is None and measure.reason:
                check = check.model_copy(update={"reason": measure.reason})
            checks.append(_needs_interval(_soften(check, _small_groups(frame, minimum))))
        elif name in METRICS or name in group_scores:
            checks.extend(
                _group_checks(threshold, name, frame, group_scores, minimum, group_intervals or {})
            )
        else:
            known = ", ".join(known_metrics(measures, bool(group_scores)))
            raise InputError(UNKNOWN_METRIC.format(metric=threshold.metric, known=known))
    return checks


def _group_checks(
    threshold: Threshold,
    name: str,
    frame: GroupMetrics,
    group_scores: dict[str, np.ndarray],
    minimum: int,
    group_intervals: dict[str, tuple[np.ndarray, np.ndarray]],
) -> list[Check]:
    values = group_scores[name] if name in group_scores else frame.values(name)
    interval = group_intervals.get(name) or frame.interval(name)
    out = []
    for g, group in enumerate(frame.groups):
        value: Any = None if np.isnan(values[g]) else float(values[g])
        bounds = None
        if interval is not None and value is not None:
            bounds = (float(interval[0][g]), float(interval[1][g]))
        check = threshold.check(value, interval=bounds, group=group)
        out.append(_needs_interval(_soften(check, _small_groups(frame, minimum, [g]))))
    return out
