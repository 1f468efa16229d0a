"""Black-box adversarial search: the smallest change of the numeric features that flips a row.

Distances are Euclidean in units of each feature's standard deviation; categorical
features stay as they are. ``hopskipjump`` runs ART's HopSkipJump (decision-based,
the ``robustness`` extra); ``random`` is a built-in search along random directions
with bisection, which finds an upper bound of the minimal distance (coarser, no
extra needed). The median distance gets a distribution-free order-statistic interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

from fulcrum.assess.robustness._checks import Measurement
from fulcrum.assess.robustness._corrupt import Profile
from fulcrum.assess.robustness._metrics import correct, proportion, z_value
from fulcrum.assess.robustness._models import Model
from fulcrum.errors import missing_extra

Method = Literal["auto", "hopskipjump", "random"]


def _have_art() -> bool:
    try:
        import art  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def _row_predictor(model: Model, row: Any, columns: list[str], scale: np.ndarray) -> Callable:
    import pandas as pd

    order = list(row.columns)
    fixed = {c: row[c].iloc[0] for c in order if c not in columns}
    dtypes = {c: row[c].dtype for c in fixed}

    def predict(U: np.ndarray) -> np.ndarray:
        values = np.asarray(U, dtype=np.float64).reshape(len(U), -1) * scale
        data: dict[str, Any] = {c: values[:, j] for j, c in enumerate(columns)}
        for c, value in fixed.items():
            data[c] = pd.Series([value] * len(U), dtype=dtypes[c])
        return np.asarray(model.predict(pd.DataFrame(data, columns=order)))

    return predict


def _random_search(
    predict: Callable, u0: np.ndarray, label: Any, rng: np.random.Generator, directions: int
) -> np.ndarray | None:
    d = u0.size
    dirs = rng.normal(size=(directions, d))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    steps = np.geomspace(1e-3, 10.0 * math.sqrt(d), 28)
    points = u0 + (dirs[:, None, :] * steps[None, :, None]).reshape(-1, d)
    moved = ~correct(np.full(len(points), label, dtype=object), predict(points).astype(object))
    moved = moved.reshape(directions, len(steps))
    found = moved.any(axis=1)
    if not found.any():
        return None
    dirs = dirs[found]
    first = moved[found].argmax(axis=1)
    hi = steps[first]
    lo = np.where(first > 0, steps[np.maximum(first - 1, 0)], 0.0)
    for _ in range(20):
        mid = (lo + hi) / 2
        flip = ~correct(
            np.full(len(mid), label, dtype=object),
            predict(u0 + dirs * mid[:, None]).astype(object),
        )
        hi = np.where(flip, mid, hi)
        lo = np.where(flip, lo, mid)
    best = int(np.argmin(hi))
    return u0 + dirs[best] * hi[best]


def _hopskipjump(
    predict: Callable, u0: np.ndarray, classes: list[Any], info_bounds: tuple, max_iter: int
) -> np.ndarray | None:
    from art.attacks.evasion import HopSkipJump
    from art.estimators.classification import BlackBoxClassifier

    index = {c: i for i, c in enumerate(classes)}

    def one_hot(U: np.ndarray) -> np.ndarray:
        labels = predict(U)
        out = np.zeros((len(labels), len(classes)), dtype=np.float32)
        out[np.arange(len(labels)), [index.get(v, 0) for v in labels.tolist()]] = 1.0
        return out

    classifier = BlackBoxClassifier(
        one_hot, input_shape=(u0.size,), nb_classes=len(classes), clip_values=info_bounds
    )
    attack = HopSkipJump(
        classifier,
        targeted=False,
        norm=2,
        max_iter=max_iter,
        max_eval=1000,
        init_eval=50,
        init_size=100,
        verbose=False,
    )
    return np.asarray(attack.generate(x=u0[None, :].astype(np.float32)), dtype=np.float64)[0]


def _median_interval(values: np.ndarray, level: float) -> tuple[float, float] | None:
    n = values.size
    if n < 3:
        return None
    ordered = np.sort(values)
    half = z_value(level) * math.sqrt(n) / 2.0
    lo = max(math.floor(n / 2.0 - half), 0)
    hi = min(math.ceil(n / 2.0 + half), n - 1)
    return float(ordered[lo]), float(ordered[hi])


def adversarial(
    model: Model,
    X: Any,
    base_pred: np.ndarray,
    info: Profile,
    *,
    rows: int,
    method: Method,
    rng: np.random.Generator,
    level: float,
    max_iter: int = 20,
    directions: int = 64,
) -> tuple[dict[str, Any], list[Measurement]]:
    """Attack ``rows`` sampled rows; report the distance found per row and its summary."""
    if method == "auto":
        method = "hopskipjump" if _have_art() else "random"
    if method == "hopskipjump" and not _have_art():
        raise missing_extra("adversarial-robustness-toolbox", "robustness")
    columns = list(info.numeric)
    params = {"method": method}
    if not columns:
        skipped = "the data has no numeric feature to perturb"
        return {"skipped": skipped}, [
            Measurement("adversarial_median_l2", None, None, params, None, skipped)
        ]
    scale = np.asarray([info.scale[c] or 1.0 for c in columns])
    low = np.asarray([info.low[c] for c in columns]) / scale
    high = np.asarray([info.high[c] for c in columns]) / scale
    bounds = ((low - (high - low)).astype(np.float32), (high + (high - low)).astype(np.float32))
    classes = sorted(set(base_pred.tolist()) | set(model.classes or ()), key=str)
    picked = rng.choice(len(X), size=min(rows, len(X)), replace=False)
    distances, linf = [], []
    for i in picked:
        row = X.iloc[[int(i)]].reset_index(drop=True)
        predict = _row_predictor(model, row, columns, scale)
        u0 = row[columns].to_numpy(dtype=np.float64)[0] / scale
        label = base_pred[int(i)]
        if method == "random":
            found = _random_search(predict, u0, label, rng, directions)
        else:
            found = _hopskipjump(predict, u0, classes, bounds, max_iter)
        if found is None or bool(
            correct(np.asarray([label], dtype=object), predict(found[None, :]).astype(object))[0]
        ):
            distances.append(math.inf)
            linf.append(math.inf)
            continue
        distances.append(float(np.linalg.norm(found - u0)))
        linf.append(float(np.max(np.abs(found - u0))))
    dist = np.asarray(distances)
    ok = np.isfinite(dist)
    success, success_ci = proportion(float(ok.sum()), len(dist), level)
    middle = float(np.median(dist))
    median = middle if math.isfinite(middle) else None
    median_ci = _median_interval(dist, level) if median is not None else None
    if median_ci is not None and not math.isfinite(median_ci[1]):
        median_ci = (median_ci[0], float(np.finfo(np.float64).max))
    reason = None if median is not None else "most rows could not be flipped within the budget"
    least = float(dist[ok].min()) if ok.any() else None
    section: dict[str, Any] = {
        "method": method,
        "rows": len(dist),
        "row_index": [int(i) for i in picked],
        "success_rate": success,
        "success_rate_ci": success_ci,
        "median_l2": median,
        "median_l2_ci": median_ci,
        "min_l2": least,
        "l2": [None if not math.isfinite(d) else d for d in distances],
        "linf": [None if not math.isfinite(d) else d for d in linf],
        "units": "standard deviations of each numeric feature",
    }
    return section, [
        Measurement("adversarial_success_rate", success, success_ci, params),
        Measurement("adversarial_median_l2", median, median_ci, params, None, reason),
        Measurement("adversarial_min_l2", least, None, params, None, reason),
    ]
