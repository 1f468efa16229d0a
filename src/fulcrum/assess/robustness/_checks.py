"""Measurements and thresholds: which measured value a threshold reads, and the verdict.

A ``Measurement`` is one metric value (with its interval) at given parameters, e.g.
``accuracy_drop`` at ``{"corruption": "gaussian", "severity": 0.1}``. A threshold
reads every measurement of its metric whose parameters agree with the threshold's
(keys the measurements do not have, such as a note, are ignored), so one threshold
can give one check per sensitive group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fulcrum.assess.robustness._messages import UNKNOWN_METRIC
from fulcrum.errors import InputError
from fulcrum.evidence import Check, Threshold


@dataclass(frozen=True)
class Measurement:
    """One metric value at given parameters, with its interval or why it is undefined."""

    metric: str
    value: float | None
    interval: tuple[float, float] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    group: dict[str, str] | None = None
    reason: str | None = None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return str(a) == str(b)


def _matches(threshold: Threshold, measurement: Measurement, keys: set[str]) -> bool:
    return all(
        _same(value, measurement.params.get(key))
        for key, value in threshold.params.items()
        if key in keys
    )


def _unmeasured(threshold: Threshold, reason: str) -> Check:
    return Check(
        metric=threshold.metric,
        operator=threshold.operator,
        threshold=threshold.value,
        value=None,
        requirement=threshold.requirement,
        verdict="inconclusive",
        reason=reason,
    )


def judge(
    thresholds: Sequence[Threshold],
    measurements: Iterable[Measurement],
    *,
    assessment: str,
    optional: Mapping[str, str] | None = None,
) -> list[Check]:
    """One check per threshold and matching measurement; an unknown metric is an error.

    ``optional`` maps metrics that this run did not measure to what would measure them;
    a threshold on one of them is ``inconclusive``, with that as the reason.
    """
    measured = list(measurements)
    by_metric: dict[str, list[Measurement]] = {}
    for m in measured:
        by_metric.setdefault(m.metric, []).append(m)
    checks: list[Check] = []
    for threshold in thresholds:
        candidates = by_metric.get(threshold.metric)
        if candidates is None and threshold.metric in (optional or {}):
            assert optional is not None
            checks.append(_unmeasured(threshold, f"not measured: {optional[threshold.metric]}"))
            continue
        if candidates is None:
            known = ", ".join(sorted(by_metric)) or "none (nothing was measured)"
            raise InputError(
                UNKNOWN_METRIC.format(assessment=assessment, metric=threshold.metric, known=known)
            )
        keys = {k for m in candidates for k in m.params}
        hits = [m for m in candidates if _matches(threshold, m, keys)]
        if not hits:
            wanted = {k: v for k, v in threshold.params.items() if k in keys}
            checks.append(
                _unmeasured(threshold, f"{threshold.metric} was not measured at {wanted}")
            )
            continue
        for m in hits:
            check = threshold.check(m.value, interval=m.interval, group=m.group)
            if m.value is None and m.reason:
                check = check.model_copy(update={"reason": m.reason})
            checks.append(check)
    return checks


def required_params(thresholds: Sequence[Threshold], metric_prefix: str) -> list[dict[str, Any]]:
    """The parameters of every threshold whose metric starts with ``metric_prefix``."""
    return [dict(t.params) for t in thresholds if t.metric.startswith(metric_prefix)]
