"""Performance under corruptions as curves over severity, and prediction stability."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fulcrum.assess.robustness._checks import Measurement
from fulcrum.assess.robustness._corrupt import CORRUPTIONS, Profile, applies
from fulcrum.assess.robustness._http import EndpointUnreachable
from fulcrum.assess.robustness._metrics import (
    accuracy_drop,
    correct,
    mean_interval,
    proportion,
    r2_score,
)
from fulcrum.assess.robustness._models import Model


@dataclass(frozen=True)
class Baseline:
    """The clean predictions everything is compared with."""

    task: str
    y: np.ndarray
    pred: np.ndarray
    correct: np.ndarray | None
    groups: dict[str, np.ndarray] = field(default_factory=dict)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _changed(task: str, base: np.ndarray, pred: np.ndarray) -> np.ndarray:
    if task == "classification":
        return ~correct(base, pred)
    scale = max(float(np.std(base.astype(np.float64))), 1e-12)
    return np.abs(pred.astype(np.float64) - base.astype(np.float64)) > 1e-9 * scale


def _by_group(
    base: Baseline,
    hit_share: np.ndarray,
    flip_share: np.ndarray,
    params: dict[str, Any],
    level: float,
    found: list[Measurement],
) -> dict[str, Any]:
    """Accuracy drop and flip rate within each sensitive group (appends their measurements)."""
    assert base.correct is not None
    out: dict[str, Any] = {}
    for column, labels in base.groups.items():
        rows: dict[str, Any] = {}
        for group in sorted(set(labels.tolist())):
            mask = labels == group
            drop, drop_ci = accuracy_drop(base.correct[mask], hit_share[mask], level)
            flip, flip_ci = proportion(float(flip_share[mask].sum()), int(mask.sum()), level)
            rows[group] = {
                "n": int(mask.sum()),
                "accuracy_drop": drop,
                "accuracy_drop_ci": drop_ci,
                "flip_rate": flip,
                "flip_rate_ci": flip_ci,
            }
            found.append(Measurement("group_accuracy_drop", drop, drop_ci, params, {column: group}))
            found.append(Measurement("group_flip_rate", flip, flip_ci, params, {column: group}))
        out[column] = rows
    return out


def _point(
    model: Model,
    X: Any,
    base: Baseline,
    corruption: str,
    severity: float,
    repeats: int,
    rng: np.random.Generator,
    info: Profile,
    level: float,
) -> tuple[dict[str, Any], list[Measurement]]:
    n = len(base.y)
    params = {"corruption": corruption, "severity": severity}
    hits = np.zeros(n)
    flips = np.zeros(n)
    squared = []
    for _ in range(repeats):
        corrupted = CORRUPTIONS[corruption](X, severity, rng, info)
        try:
            pred = np.asarray(model.predict(corrupted))
        except EndpointUnreachable:
            raise  # an outage says nothing about the model
        except Exception as exc:  # the model's failure is the finding
            reason = f"the model failed on {corruption} at severity {severity}: {_first_line(exc)}"
            names = ("accuracy", "accuracy_drop", "flip_rate")
            if base.task == "regression":
                names = ("r2", "r2_drop", "mean_abs_change")
            return {**params, "error": reason}, [
                Measurement(name, None, params=params, reason=reason) for name in names
            ]
        flips += _changed(base.task, base.pred, pred)
        if base.task == "classification":
            hits += correct(base.y, pred)
        else:
            squared.append(pred.astype(np.float64))
    flip_share = flips / repeats
    if base.task == "classification":
        assert base.correct is not None
        accuracy, acc_ci = proportion(float(hits.sum()) / repeats, n, level)
        drop, drop_ci = accuracy_drop(base.correct, hits / repeats, level)
        flip, flip_ci = proportion(float(flip_share.sum()), n, level)
        point = {
            **params,
            "accuracy": accuracy,
            "accuracy_ci": acc_ci,
            "accuracy_drop": drop,
            "accuracy_drop_ci": drop_ci,
            "flip_rate": flip,
            "flip_rate_ci": flip_ci,
        }
        found = [
            Measurement("accuracy", accuracy, acc_ci, params),
            Measurement("accuracy_drop", drop, drop_ci, params),
            Measurement("flip_rate", flip, flip_ci, params),
        ]
        if base.groups:
            point["by_group"] = _by_group(base, hits / repeats, flip_share, params, level, found)
        return point, found
    y = base.y.astype(np.float64)
    r2 = float(np.mean([r2_score(y, p) for p in squared]))
    drop = r2_score(y, base.pred.astype(np.float64)) - r2
    change, change_ci = mean_interval(
        np.mean([np.abs(p - base.pred.astype(np.float64)) for p in squared], axis=0), level
    )
    rmse = float(np.mean([np.sqrt(np.mean((y - p) ** 2)) for p in squared]))
    point = {
        **params,
        "r2": r2,
        "r2_drop": drop,
        "rmse": rmse,
        "mean_abs_change": change,
        "mean_abs_change_ci": change_ci,
    }
    return point, [
        Measurement("r2", r2, None, params),
        Measurement("r2_drop", drop, None, params),
        Measurement("mean_abs_change", change, change_ci, params),
    ]


def sweep(
    model: Model,
    X: Any,
    base: Baseline,
    grid: dict[str, tuple[float, ...]],
    *,
    repeats: int,
    rng: np.random.Generator,
    info: Profile,
    level: float,
    step: Callable[[str], None] = lambda _: None,
) -> tuple[dict[str, Any], list[Measurement]]:
    """Every corruption at every severity: the curve points and their measurements."""
    curves: dict[str, Any] = {}
    measurements: list[Measurement] = []
    for name, severities in grid.items():
        if not applies(name, info):
            curves[name] = {"skipped": f"the data has no feature that {name} corrupts"}
            continue
        points = []
        for severity in severities:
            step(f"robustness: {name} {severity:g}")
            point, found = _point(model, X, base, name, severity, repeats, rng, info, level)
            points.append(point)
            measurements.extend(found)
        curves[name] = {"points": points}
    return curves, measurements


def stability(
    model: Model,
    X: Any,
    base: Baseline,
    *,
    severity: float,
    repeats: int,
    rng: np.random.Generator,
    info: Profile,
    level: float,
) -> tuple[dict[str, Any], list[Measurement]]:
    """Flip rate under small Gaussian perturbations, and the share of rows that ever flip."""
    params = {"severity": severity}
    if not info.numeric:
        reason = "the data has no numeric feature to perturb"
        return {"skipped": reason}, [
            Measurement("stability_flip_rate", None, None, params, None, reason)
        ]
    n = len(base.y)
    flips = np.zeros(n)
    for _ in range(repeats):
        try:
            pred = np.asarray(model.predict(CORRUPTIONS["gaussian"](X, severity, rng, info)))
        except EndpointUnreachable:
            raise  # an outage says nothing about the model
        except Exception as exc:  # the model's failure is the finding
            reason = f"the model failed on small noise ({severity} sd): {_first_line(exc)}"
            return {"severity": severity, "error": reason}, [
                Measurement(name, None, None, params, None, reason)
                for name in ("stability_flip_rate", "unstable_row_rate")
            ]
        flips += _changed(base.task, base.pred, pred)
    rate, rate_ci = proportion(float(flips.sum()) / repeats, n, level)
    ever, ever_ci = proportion(float(np.count_nonzero(flips)), n, level)
    section = {
        "severity": severity,
        "repeats": repeats,
        "flip_rate": rate,
        "flip_rate_ci": rate_ci,
        "unstable_rows": ever,
        "unstable_rows_ci": ever_ci,
    }
    return section, [
        Measurement("stability_flip_rate", rate, rate_ci, params),
        Measurement("unstable_row_rate", ever, ever_ci, params),
    ]
