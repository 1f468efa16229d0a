"""Reweighing for training (Kamiran & Calders 2012, as AIF360's ``Reweighing``).

Each row of group ``g`` and label ``y`` gets ``w = P(g) P(y) / P(g, y)``
(``n_g n_y / (n n_gy)`` in counts, with sample weights summed): trained with
these weights, the label is independent of the group. The weights come from the
counts per (group, label) cell, so they cost one ``np.bincount``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fulcrum.assess.fairness._assess import _normalise_sensitive
from fulcrum.assess.fairness._encode import encode
from fulcrum.assess.fairness._validation import (
    check_binary,
    check_consistent_length,
    check_sample_weight,
)


@dataclass(frozen=True)
class Reweighing:
    """Training weights per row, the weight of each (group, label) cell and what they change."""

    weights: np.ndarray
    cells: list[dict[str, Any]]
    report: dict[str, Any]

    def __repr__(self) -> str:
        return (
            f"Reweighing(rows={len(self.weights)}, cells={len(self.cells)}, "
            f"effective_rows={self.report['effective_rows']:.1f})"
        )


def reweighing(
    y_true: Any, *, sensitive_features: Any, sample_weight: Any = None, pos_label: Any = 1
) -> Reweighing:
    """Weights that make the label independent of the group (AIF360's ``Reweighing``).

    Parameters
    ----------
    y_true : array-like
        Binary labels of the training rows.
    sensitive_features : array-like, list of arrays, mapping or DataFrame
        Group membership (several features give intersectional groups).
    sample_weight : array-like, optional
        Existing row weights, multiplied in.
    pos_label : default 1
        The favourable label.

    Returns
    -------
    Reweighing
        ``.weights`` to pass as ``sample_weight`` when training; ``.cells`` the
        weight of each (group, label); ``.report`` the base rate per group before
        and after, and the effective sample size (Kish) the weights leave.

    Examples
    --------
    >>> result = reweighing([1, 1, 0, 1, 0, 0], sensitive_features=list("aaabbb"))
    >>> result.weights.round(3).tolist()
    [0.75, 0.75, 1.5, 1.5, 0.75, 0.75]
    >>> result.report["base_rate_after"]
    {'a': 0.5, 'b': 0.5}
    """
    positive = check_binary(y_true, "y_true", pos_label)
    columns, names = _normalise_sensitive(None, sensitive_features)
    encoded = [encode(c, n) for c, n in zip(columns, names, strict=True)]
    check_consistent_length(
        y_true=positive, **{n: e[0] for n, (e) in zip(names, encoded, strict=True)}
    )
    base = check_sample_weight(sample_weight, len(positive))
    w = np.ones(len(positive)) if base is None else base
    level = np.zeros(len(positive), dtype=np.intp)
    for codes, labels in encoded:
        level = level * max(len(labels), 1) + np.asarray(codes, dtype=np.intp)
    present, group = np.unique(level, return_inverse=True)
    cell = 2 * group + positive.astype(np.intp)
    n_cell = np.bincount(cell, weights=w, minlength=2 * len(present)).reshape(-1, 2)
    n_group, n_label, n = n_cell.sum(axis=1), n_cell.sum(axis=0), n_cell.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(n_cell > 0, np.outer(n_group, n_label) / (n * n_cell), 0.0)
    weights = w * factor[group, positive.astype(np.intp)]
    first = np.zeros(len(present), dtype=np.intp)
    first[group[::-1]] = np.arange(len(group))[::-1]
    label_of = [",".join(str(lab[codes[i]]) for codes, lab in encoded) for i in first]
    cells = [
        {
            "group": label_of[g],
            "label": int(y),
            "rows_weight": float(n_cell[g, y]),
            "weight": float(factor[g, y]),
        }
        for g in range(len(present))
        for y in (0, 1)
    ]
    after = np.bincount(cell, weights=weights, minlength=2 * len(present)).reshape(-1, 2)
    report = {
        "method": "reweighing: w = P(group) P(label) / P(group, label) (Kamiran & Calders; AIF360)",
        "base_rate_before": {
            label_of[g]: float(n_cell[g, 1] / n_group[g]) for g in range(len(present))
        },
        "base_rate_after": {
            label_of[g]: round(float(after[g, 1] / after[g].sum()), 12) for g in range(len(present))
        },
        "rows": len(weights),
        "effective_rows": float(weights.sum() ** 2 / (weights**2).sum()),
        "max_weight": float(weights.max()),
    }
    return Reweighing(weights, cells, report)
