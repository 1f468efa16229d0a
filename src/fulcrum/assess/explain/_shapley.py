"""SHAP values: exact interventional Shapley values by enumeration, or the ``shap`` package.

The value of a coalition ``S`` of features for a row ``x`` is the model's mean response
over background rows ``b`` with ``x``'s values on ``S`` and ``b``'s elsewhere; the
Shapley value of feature ``i`` is the weighted mean of its marginal contributions
``v(S + i) - v(S)``. With few features (``MAX_EXACT``) this is computed exactly for any
model, with every coalition's rows predicted in one batch; it equals what ``shap``'s
TreeExplainer computes for a tree model with the same background (interventional
TreeSHAP). With ``shap`` installed (the ``explain`` extra) tree models use TreeSHAP
and wider models shap's permutation explainer.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from fulcrum.assess.explain._pdp import response
from fulcrum.assess.robustness import Model
from fulcrum.assess.robustness._data import is_numeric
from fulcrum.errors import InputError, missing_extra

MAX_EXACT = 12
#: Rows predicted at once by the exact method (bounds its memory).
CHUNK_ROWS = 500_000
Method = Literal["auto", "exact", "tree", "permutation"]


@dataclass(frozen=True)
class ShapValues:
    """SHAP values per row and feature, the base value and how they were computed."""

    values: np.ndarray
    base: float
    features: tuple[str, ...]
    method: str


def _coalition_values(
    model: Model, X: Any, background: Any, member: np.ndarray, output: int
) -> np.ndarray:
    """Mean response over the background for each coalition (rows of ``member``) and row."""
    n, b = len(X), len(background)
    rows = background.iloc[np.tile(np.arange(b), n * len(member))].reset_index(drop=True)
    x_index = np.repeat(np.tile(np.arange(n), len(member)), b)
    take = np.repeat(member, n * b, axis=0)
    for j, name in enumerate(X.columns):
        if not take[:, j].any():
            continue
        column = rows[name].to_numpy(copy=True)
        source = X[name].to_numpy()[x_index]
        column[take[:, j]] = source[take[:, j]]
        rows[name] = column
    out = response(model, rows)
    out = out[:, output] if out.shape[1] > 1 else out[:, 0]
    return out.reshape(len(member), n, b).mean(axis=2)


def exact_shapley(model: Model, X: Any, background: Any, *, output: int = -1) -> ShapValues:
    """Exact interventional Shapley values of ``model``'s response for each row of ``X``."""
    features = [str(c) for c in X.columns]
    m = len(features)
    if m > MAX_EXACT:
        raise InputError(
            f"exact Shapley values need at most {MAX_EXACT} features, got {m}; "
            "install the explain extra (shap) or explain fewer features"
        )
    n, b = len(X), len(background)
    masks = np.arange(1 << m)
    member = ((masks[:, None] >> np.arange(m)[None, :]) & 1).astype(bool)
    value = np.empty((len(masks), n))  # v(S) per coalition and row
    per_chunk = max(1, CHUNK_ROWS // max(n * b, 1))
    for start in range(0, len(masks), per_chunk):
        chunk = member[start : start + per_chunk]
        value[start : start + len(chunk)] = _coalition_values(model, X, background, chunk, output)
    size = member.sum(axis=1)
    weight = np.asarray(
        [math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m) for s in range(m)]
    )
    phi = np.zeros((n, m))
    for j in range(m):
        without = masks[~member[:, j]]
        phi[:, j] = (
            weight[size[without]][:, None] * (value[without | (1 << j)] - value[without])
        ).sum(axis=0)
    return ShapValues(phi, float(value[0].mean()), tuple(features), "exact")


def _is_tree(estimator: Any) -> bool:
    name = type(estimator).__name__
    return any(k in name for k in ("Forest", "Tree", "GradientBoosting", "XGB", "LGBM"))


def shap_values(
    model: Model, X: Any, background: Any, *, method: Method = "auto", output: int = -1
) -> ShapValues:
    """SHAP values with the chosen method (``auto``: TreeSHAP, else exact, else permutation)."""
    numeric = all(is_numeric(X[c]) for c in X.columns)
    if method == "auto":
        have_shap = importlib.util.find_spec("shap") is not None
        if have_shap and numeric and model.estimator is not None and _is_tree(model.estimator):
            method = "tree"
        elif X.shape[1] <= MAX_EXACT:
            method = "exact"
        else:
            method = "permutation"
    if method == "exact":
        return exact_shapley(model, X, background, output=output)
    try:
        import shap
    except ModuleNotFoundError as exc:
        raise missing_extra("shap", "explain") from exc
    features = tuple(str(c) for c in X.columns)
    if method == "tree":
        explainer = shap.TreeExplainer(
            model.estimator, data=background, feature_perturbation="interventional"
        )
        raw = explainer(X)
        values = np.asarray(raw.values, dtype=np.float64)
        base = np.asarray(raw.base_values, dtype=np.float64)
        if values.ndim == 3:
            values, base = values[:, :, output], base[..., output]
        return ShapValues(values, float(np.mean(base)), features, "tree")
    if not numeric:
        raise InputError(
            "shap's permutation explainer needs numeric features; "
            f"use at most {MAX_EXACT} features for exact values"
        )

    def f(matrix: np.ndarray) -> np.ndarray:
        import pandas as pd

        out = response(model, pd.DataFrame(matrix, columns=list(features)))
        return out[:, output] if out.shape[1] > 1 else out[:, 0]

    explainer = shap.PermutationExplainer(f, background.to_numpy(dtype=np.float64))
    raw = explainer(X.to_numpy(dtype=np.float64))
    return ShapValues(
        np.asarray(raw.values, dtype=np.float64),
        float(np.mean(raw.base_values)),
        features,
        "permutation",
    )


def group_importance(
    shap: ShapValues,
    groups: np.ndarray,
    *,
    ci: float,
    boot: int = 200,
    seed: int = 0,
    min_group_size: int = 30,
) -> dict[str, Any]:
    """Mean |SHAP| per feature overall and per group, and each feature's share gap.

    A feature's share in a group is its mean |SHAP| there over the sum across features;
    its gap is the largest minus the smallest share across the groups with at least
    ``min_group_size`` explained rows (smaller groups are reported, flagged ``small``,
    and left out: a handful of rows says nothing). The interval of the largest gap
    resamples rows within each group (percentile bootstrap).
    """
    magnitude = np.abs(shap.values)
    labels = np.asarray([str(g) for g in groups])
    names = sorted(set(labels.tolist()))
    index = {g: np.flatnonzero(labels == g) for g in names}

    def shares(picked: dict[str, np.ndarray], order: list[str]) -> np.ndarray:
        means = np.stack([magnitude[picked[g]].mean(axis=0) for g in order])
        total = means.sum(axis=1, keepdims=True)
        return np.divide(means, total, out=np.zeros_like(means), where=total > 0)

    share = shares(index, names)
    section: dict[str, Any] = {
        "groups": {
            g: {
                "n": int(index[g].size),
                "small": bool(index[g].size < min_group_size),
                "mean_abs_shap": dict(
                    zip(shap.features, magnitude[index[g]].mean(axis=0).tolist(), strict=True)
                ),
                "share": dict(zip(shap.features, share[k].tolist(), strict=True)),
            }
            for k, g in enumerate(names)
        },
        "min_group_size": min_group_size,
    }
    kept = [g for g in names if index[g].size >= min_group_size]
    if len(kept) < 2:
        section.update(
            share_gap=None,
            max_share_gap=None,
            max_share_gap_feature=None,
            max_share_gap_ci=None,
            reason=f"fewer than two groups have {min_group_size} explained rows",
        )
        return section
    rows = np.asarray([names.index(g) for g in kept])
    gap = share[rows].max(axis=0) - share[rows].min(axis=0)
    rng = np.random.default_rng(seed)
    draws = np.empty(boot)
    for r in range(boot):
        resampled = {g: rng.choice(index[g], index[g].size) for g in kept}
        s = shares(resampled, kept)
        draws[r] = float((s.max(axis=0) - s.min(axis=0)).max())
    alpha = (1.0 - ci) / 2.0
    worst = int(np.argmax(gap))
    section.update(
        share_gap=dict(zip(shap.features, gap.tolist(), strict=True)),
        max_share_gap=float(gap[worst]),
        max_share_gap_feature=shap.features[worst],
        max_share_gap_ci=[float(np.quantile(draws, alpha)), float(np.quantile(draws, 1 - alpha))],
    )
    return section
