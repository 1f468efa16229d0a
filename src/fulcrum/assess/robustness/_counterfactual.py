"""Counterfactual sensitivity: how many predictions change when only the sensitive value does."""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.robustness._checks import Measurement
from fulcrum.assess.robustness._messages import TOO_MANY_VALUES
from fulcrum.assess.robustness._metrics import correct, proportion
from fulcrum.assess.robustness._models import Model
from fulcrum.errors import DataError

MAX_VALUES = 20


def counterfactual(
    model: Model, X: Any, base_pred: np.ndarray, column: str, *, level: float, source: str
) -> tuple[dict[str, Any], list[Measurement]]:
    """Set ``column`` to each other observed value in turn; count rows whose prediction flips."""
    params = {"sensitive": column}
    if column not in X.columns:
        note = f"{column!r} is not a model input: no prediction can change (proxies may remain)"
        rate, ci = proportion(0.0, len(X), level)
        return {"column": column, "note": note, "flip_rate": rate, "flip_rate_ci": ci}, [
            Measurement("counterfactual_flip_rate", rate, ci, params)
        ]
    original = X[column].to_numpy()
    values = [v for v in X[column].dropna().unique().tolist()]
    if len(values) > MAX_VALUES:
        raise DataError(
            TOO_MANY_VALUES.format(
                source=source, column=column, count=len(values), limit=MAX_VALUES
            )
        )
    n = len(X)
    flipped = np.zeros(n, dtype=bool)
    pairs: dict[str, dict[str, float]] = {}
    for value in values:
        changed = X.copy()
        changed[column] = np.full(n, value, dtype=original.dtype)
        moved = ~correct(base_pred, np.asarray(model.predict(changed)))
        moved &= original != value
        flipped |= moved
        for source_value in values:
            if source_value == value:
                continue
            rows = original == source_value
            if rows.any():
                pairs.setdefault(str(source_value), {})[str(value)] = float(moved[rows].mean())
    rate, ci = proportion(float(flipped.sum()), n, level)
    measurements = [Measurement("counterfactual_flip_rate", rate, ci, params)]
    groups = []
    for value in values:
        rows = original == value
        k, m = float(flipped[rows].sum()), int(rows.sum())
        g_rate, g_ci = proportion(k, m, level)
        groups.append(
            {
                "group": str(value),
                "n": m,
                "flip_rate": g_rate,
                "flip_rate_ci": g_ci,
                "to": pairs.get(str(value), {}),
            }
        )
        measurements.append(
            Measurement("counterfactual_flip_rate", g_rate, g_ci, params, {column: str(value)})
        )
    section = {
        "column": column,
        "swapped_values": [str(v) for v in values],
        "flip_rate": rate,
        "flip_rate_ci": ci,
        "groups": groups,
    }
    return section, measurements
