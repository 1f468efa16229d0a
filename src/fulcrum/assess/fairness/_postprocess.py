"""Post-processing you can apply: group-specific, randomised thresholds (Hardt et al. 2016).

For each group, every threshold ``t`` ("positive when ``score >= t``") has known
counts, and mixing two thresholds at random reaches every point between them, so
a group's achievable operating points are the upper concave hull of its
thresholds. This is the method of Fairlearn's ``ThresholdOptimizer``:

- demographic parity: for a grid of common selection rates ``s``, each group's
  best accuracy at ``s`` is its hull in (selection rate, correct predictions);
  the ``s`` with the highest total wins.
- equalized odds: for a grid of common false positive rates ``x``, the common
  true positive rate is the lowest of the groups' ROC hulls at ``x``; a group
  whose hull lies higher mixes in a constant prediction (positive with
  probability ``x``) to come down to it.

The result is a ``ThresholdRule``: per group, thresholds with weights and a
constant, so ``P(positive | score) = sum_k w_k [score >= t_k] + c``. It predicts
(``.predict``), gives those probabilities (``.predict_proba``), is saved as JSON
and loaded again, and reports what it costs in accuracy and selection rate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from fulcrum.assess.fairness._counts import ScoreCounts
from fulcrum.assess.fairness._validation import check_1d, check_binary, check_consistent_length
from fulcrum.errors import DataError, InputError

Constraint = Literal["demographic_parity", "equalized_odds"]
GRID = 1000


@dataclass(frozen=True)
class GroupRule:
    """One group's randomised rule: ``P(positive) = sum(w_k [score >= t_k]) + constant``."""

    thresholds: tuple[float, ...]
    weights: tuple[float, ...]
    constant: float = 0.0

    def proba(self, scores: np.ndarray) -> np.ndarray:
        """Probability of predicting positive for each score."""
        out = np.full(len(scores), self.constant, dtype=np.float64)
        for t, w in zip(self.thresholds, self.weights, strict=True):
            out += w * (scores >= t)
        return np.clip(out, 0.0, 1.0)


@dataclass(frozen=True)
class ThresholdRule:
    """Group-specific randomised thresholds that meet a fairness constraint.

    Build one with :func:`fit_thresholds`; apply it with :meth:`predict`.
    """

    constraint: Constraint
    sensitive: str
    rules: dict[str, GroupRule]
    report: dict[str, Any] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:
        acc = self.report.get("accuracy")
        shown = f", accuracy={acc:.4f}" if isinstance(acc, float) else ""
        return f"ThresholdRule(constraint={self.constraint!r}, groups={len(self.rules)}{shown})"

    def predict_proba(self, scores: Any, sensitive_features: Any) -> np.ndarray:
        """Probability of a positive prediction per row (the randomisation made explicit)."""
        values = check_1d(scores, "scores").astype(np.float64)
        groups = check_1d(sensitive_features, "sensitive_features").astype(str)
        check_consistent_length(scores=values, sensitive_features=groups)
        unknown = sorted(set(np.unique(groups).tolist()) - set(self.rules))
        if unknown:
            raise DataError(
                f"groups {', '.join(map(repr, unknown[:5]))} were not seen when the rule was "
                f"fitted; known groups are {', '.join(map(repr, self.rules))}"
            )
        out = np.empty(len(values), dtype=np.float64)
        for name, rule in self.rules.items():
            rows = groups == name
            out[rows] = rule.proba(values[rows])
        return out

    def predict(self, scores: Any, sensitive_features: Any, *, random_state: Any = None) -> Any:
        """Binary predictions (0/1), drawn with the rule's probabilities.

        Examples
        --------
        >>> rule = fit_thresholds(
        ...     [0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], sensitive_features=list("aabb"))
        >>> rule.predict([0.1, 0.9], ["a", "b"], random_state=0).tolist()
        [0, 1]
        """
        proba = self.predict_proba(scores, sensitive_features)
        rng = np.random.default_rng(random_state)
        return (rng.random(len(proba)) < proba).astype(np.int64)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``ThresholdRule.from_dict`` reads it back)."""
        return {
            "kind": "fulcrum.ThresholdRule",
            "constraint": self.constraint,
            "sensitive": self.sensitive,
            "rules": {
                g: {
                    "thresholds": list(r.thresholds),
                    "weights": list(r.weights),
                    "constant": r.constant,
                }
                for g, r in self.rules.items()
            },
            "report": self.report,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThresholdRule:
        """The rule written by ``to_dict``."""
        if not isinstance(data, dict) or data.get("kind") != "fulcrum.ThresholdRule":
            raise InputError("not a saved ThresholdRule (kind is not 'fulcrum.ThresholdRule')")
        rules = {
            g: GroupRule(tuple(r["thresholds"]), tuple(r["weights"]), float(r["constant"]))
            for g, r in data["rules"].items()
        }
        return cls(data["constraint"], data["sensitive"], rules, data.get("report", {}))

    def save(self, path: str | Path) -> Path:
        """Write the rule as JSON."""
        from fulcrum._atomic import write_atomic

        return write_atomic(path, json.dumps(self.to_dict(), indent=2, allow_nan=False))

    @classmethod
    def load(cls, path: str | Path) -> ThresholdRule:
        """Read a rule saved with :meth:`save`."""
        from fulcrum._yaml import load_json

        path = Path(path)
        data = load_json(path)
        try:
            return cls.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}: not a saved ThresholdRule ({exc})") from exc


# -- the fit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Curve:
    """A group's thresholds (descending) and the counts of each, ``None`` = predict nobody."""

    thresholds: np.ndarray  # len T + 1; thresholds[0] = +inf (nobody positive)
    tp: np.ndarray
    fp: np.ndarray
    pos: float
    neg: float

    @property
    def n(self) -> float:
        return self.pos + self.neg

    def selection(self) -> np.ndarray:
        return (self.tp + self.fp) / self.n

    def tpr(self) -> np.ndarray:
        return self.tp / self.pos if self.pos else np.zeros_like(self.tp)

    def fpr(self) -> np.ndarray:
        return self.fp / self.neg if self.neg else np.zeros_like(self.fp)


def _curve(scores: np.ndarray, positive: np.ndarray, weights: np.ndarray) -> _Curve:
    values, inverse = np.unique(scores, return_inverse=True)
    pos = np.bincount(inverse, weights=weights * positive, minlength=len(values))[::-1]
    neg = np.bincount(inverse, weights=weights * ~positive, minlength=len(values))[::-1]
    thresholds = np.r_[np.inf, values[::-1]]
    return _Curve(
        thresholds, np.r_[0.0, np.cumsum(pos)], np.r_[0.0, np.cumsum(neg)], pos.sum(), neg.sum()
    )


def _upper_hull(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indexes of the upper concave hull of points sorted by ``x`` (monotone chain)."""
    hull: list[int] = []
    for i in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a])
            if cross >= 0:
                hull.pop()
            else:
                break
        if hull and x[i] == x[hull[-1]]:
            if y[i] > y[hull[-1]]:
                hull[-1] = i
            continue
        hull.append(i)
    return np.asarray(hull, dtype=np.intp)


def _on_hull(x: np.ndarray, y: np.ndarray, hull: np.ndarray, at: np.ndarray) -> tuple[Any, ...]:
    """Hull value at each ``at`` and the two hull vertices (and weight of the first) mixed."""
    hx, hy = x[hull], y[hull]
    right = np.clip(np.searchsorted(hx, at, side="left"), 1, max(len(hx) - 1, 1))
    left = right - 1
    if len(hx) == 1:
        return (
            np.full(len(at), hy[0]),
            hull[np.zeros(len(at), int)],
            hull[np.zeros(len(at), int)],
            np.ones(len(at)),
        )
    span = hx[right] - hx[left]
    with np.errstate(invalid="ignore", divide="ignore"):
        p_left = np.where(span > 0, (hx[right] - at) / np.where(span > 0, span, 1), 1.0)
    p_left = np.clip(p_left, 0.0, 1.0)
    value = p_left * hy[left] + (1 - p_left) * hy[right]
    return value, hull[left], hull[right], p_left


def _mix(
    curve: _Curve, a: int, b: int, p: float, keep: float = 1.0, constant: float = 0.0
) -> tuple[GroupRule, float, float]:
    """The rule mixing thresholds ``a`` and ``b`` (and a constant), with its expected tp, fp."""
    thresholds, weights = [], []
    for index, weight in ((a, keep * p), (b, keep * (1 - p))):
        if weight > 1e-15 and np.isfinite(curve.thresholds[index]):
            thresholds.append(float(curve.thresholds[index]))
            weights.append(float(weight))
    tp = keep * (p * curve.tp[a] + (1 - p) * curve.tp[b]) + constant * curve.pos
    fp = keep * (p * curve.fp[a] + (1 - p) * curve.fp[b]) + constant * curve.neg
    return GroupRule(tuple(thresholds), tuple(weights), float(constant)), float(tp), float(fp)


def fit_thresholds(
    y_true: Any,
    scores: Any,
    *,
    sensitive_features: Any,
    constraint: Constraint = "demographic_parity",
    sample_weight: Any = None,
    pos_label: Any = 1,
    grid_size: int = GRID,
) -> ThresholdRule:
    """Fit group-specific randomised thresholds maximising accuracy under a constraint.

    Parameters
    ----------
    y_true : array-like
        True binary labels.
    scores : array-like
        Scores, higher meaning more likely positive (a model's probabilities or logits).
    sensitive_features : array-like
        The group of each row (one feature; combine several into one label first).
    constraint : {"demographic_parity", "equalized_odds"}
        Equal selection rates, or equal true and false positive rates.
    sample_weight : array-like, optional
        Row weights.
    pos_label : default 1
        The positive label.
    grid_size : int, default 1000
        Points of the common-rate grid (as Fairlearn's ``grid_size``).

    Returns
    -------
    ThresholdRule
        With ``.report``: expected accuracy and per-group selection rate, TPR and
        FPR after the rule, the best single threshold for comparison, what the rule
        costs in accuracy, and ``degenerate`` when every group is predicted alike.

    Examples
    --------
    >>> rule = fit_thresholds([0, 1, 0, 1, 0, 1, 0, 1], [.2, .8, .4, .6, .1, .9, .3, .7],
    ...                       sensitive_features=list("aaaabbbb"))
    >>> rule.report["selection_rate"], rule.report["accuracy"]
    ({'a': 0.5, 'b': 0.5}, 1.0)
    """
    if constraint not in ("demographic_parity", "equalized_odds"):
        raise InputError(
            f"constraint must be 'demographic_parity' or 'equalized_odds', got {constraint!r}"
        )
    positive = check_binary(y_true, "y_true", pos_label)
    values = check_1d(scores, "scores")
    try:
        values = values.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError("scores must be numbers") from exc
    if not np.isfinite(values).all():
        raise DataError("scores must be finite")
    groups = check_1d(sensitive_features, "sensitive_features").astype(str)
    weights = (
        np.ones(len(values))
        if sample_weight is None
        else check_1d(sample_weight, "sample_weight").astype(float)
    )
    check_consistent_length(
        y_true=positive, scores=values, sensitive_features=groups, sample_weight=weights
    )
    names = sorted(set(groups.tolist()))
    curves = {
        g: _curve(values[groups == g], positive[groups == g], weights[groups == g]) for g in names
    }
    pooled = _curve(values, positive, weights)
    return _fit(curves, pooled, constraint, grid_size, "sensitive_features")


def fit_thresholds_from_counts(
    scores: ScoreCounts,
    groups: Sequence[str],
    *,
    constraint: Constraint = "demographic_parity",
    grid_size: int = GRID,
) -> ThresholdRule:
    """The same fit from score histograms (thresholds at the histogram's score values)."""
    curves = {g: _curve_from_hist(scores.values, scores.hist[i]) for i, g in enumerate(groups)}
    pooled = _curve_from_hist(scores.values, scores.hist.sum(axis=0))
    return _fit(curves, pooled, constraint, grid_size, "groups")


def _curve_from_hist(values: np.ndarray, hist: np.ndarray) -> _Curve:
    neg, pos = hist[0][::-1].astype(np.float64), hist[1][::-1].astype(np.float64)
    thresholds = np.r_[np.inf, np.asarray(values, dtype=np.float64)[::-1]]
    return _Curve(
        thresholds, np.r_[0.0, np.cumsum(pos)], np.r_[0.0, np.cumsum(neg)], pos.sum(), neg.sum()
    )


def _fit(
    curves: dict[str, _Curve], pooled: _Curve, constraint: Constraint, grid_size: int, name: str
) -> ThresholdRule:
    grid = np.linspace(0.0, 1.0, grid_size + 1)
    if constraint == "demographic_parity":
        mixed, chosen = _fit_parity(curves, grid)
    else:
        mixed, chosen = _fit_odds(curves, grid)
    rules = {g: rule for g, (rule, _, _) in mixed.items()}
    report = _report(constraint, curves, pooled, mixed, chosen)
    return ThresholdRule(constraint, name, rules, report)


Mixed = dict[str, tuple[GroupRule, float, float]]


def _fit_parity(curves: dict[str, _Curve], grid: np.ndarray) -> tuple[Mixed, float]:
    total = np.zeros(len(grid))
    parts = {}
    for g, c in curves.items():
        x, y = c.selection(), c.tp + (c.neg - c.fp)
        hull = _upper_hull(x, y)
        value, a, b, p = _on_hull(x, y, hull, grid)
        parts[g] = (a, b, p)
        total += value
    best = int(np.argmax(total))
    rules = {
        g: _mix(curves[g], int(a[best]), int(b[best]), float(p[best]))
        for g, (a, b, p) in parts.items()
    }
    return rules, float(grid[best])


def _fit_odds(curves: dict[str, _Curve], grid: np.ndarray) -> tuple[Mixed, float]:
    pos = sum(c.pos for c in curves.values())
    neg = sum(c.neg for c in curves.values())
    lowest = np.full(len(grid), np.inf)
    parts = {}
    for g, c in curves.items():
        x, y = c.fpr(), c.tpr()
        hull = _upper_hull(x, y)
        value, a, b, p = _on_hull(x, y, hull, grid)
        parts[g] = (value, a, b, p)
        lowest = np.minimum(lowest, value)
    accuracy = (lowest * pos + (1.0 - grid) * neg) / (pos + neg)
    best = int(np.argmax(accuracy))
    fpr, tpr = float(grid[best]), float(lowest[best])
    rules = {}
    for g, (value, a, b, p) in parts.items():
        top = float(value[best])
        keep = 1.0 if top - fpr <= 1e-12 else (tpr - fpr) / (top - fpr)
        rules[g] = _mix(
            curves[g], int(a[best]), int(b[best]), float(p[best]), keep, (1 - keep) * fpr
        )
    return rules, fpr


def _report(
    constraint: Constraint,
    curves: dict[str, _Curve],
    pooled: _Curve,
    mixed: Mixed,
    chosen: float,
) -> dict[str, Any]:
    """Expected accuracy and rates after the rule, against the best single threshold."""
    total = sum(c.n for c in curves.values())
    correct = sum(tp + curves[g].neg - fp for g, (_, tp, fp) in mixed.items())
    selection = {g: _round((tp + fp) / curves[g].n) for g, (_, tp, fp) in mixed.items()}
    tpr = {
        g: _round(tp / curves[g].pos) if curves[g].pos else None for g, (_, tp, _) in mixed.items()
    }
    fpr = {
        g: _round(fp / curves[g].neg) if curves[g].neg else None for g, (_, _, fp) in mixed.items()
    }
    single_correct = pooled.tp + (pooled.neg - pooled.fp)
    best = int(np.argmax(single_correct))
    baseline = float(single_correct[best] / total)
    accuracy = float(correct / total)
    rates = list(selection.values())
    rules = [rule for rule, _, _ in mixed.values()]
    threshold = pooled.thresholds[best]
    return {
        "constraint": constraint,
        "common_rate": chosen,
        "accuracy": accuracy,
        "selection_rate": selection,
        "tpr": tpr,
        "fpr": fpr,
        "overall_selection_rate": float(sum(tp + fp for _, tp, fp in mixed.values()) / total),
        "best_single_threshold": {
            "threshold": float(threshold) if np.isfinite(threshold) else None,
            "accuracy": baseline,
            "selection_rate": float(pooled.selection()[best]),
        },
        "accuracy_cost": baseline - accuracy,
        "degenerate": all(r <= 1e-12 for r in rates) or all(r >= 1 - 1e-12 for r in rates),
        "randomised": any(len(r.weights) > 1 or r.constant > 0 for r in rules),
    }


def _round(value: float) -> float:
    return round(float(value), 12)
