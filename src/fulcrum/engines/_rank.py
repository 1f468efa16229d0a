"""Pairwise wins of positives over negatives per group: the exact ROC AUC, in memory.

For each group, ``wins = sum over (positive i, negative j) of w_i w_j ([s_i > s_j] +
[s_i == s_j] / 2)``; ``AUC = wins / (W_pos W_neg)`` is the Mann-Whitney statistic
that scikit-learn's ``roc_auc_score`` computes. One sort of the scores and one
stable sort of the (small) group codes give every group's tie runs, whose
negatives-below are a cumulative sum: exact for any number of distinct scores.
"""

from __future__ import annotations

import numpy as np


def rank_wins(
    group: np.ndarray,
    positive: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[float, float, float]]:
    """Per group: wins, positive weight, negative weight; and the same over all rows."""
    order = np.argsort(scores, kind="stable")
    overall = _runs(np.zeros(len(order), dtype=np.intp), positive, scores, weights, order, 1)
    order = order[np.argsort(group[order], kind="stable")]
    per_group = _runs(group, positive, scores, weights, order, n_groups)
    total = (float(overall[0][0]), float(overall[1][0]), float(overall[2][0]))
    return per_group[0], per_group[1], per_group[2], total


def _runs(
    group: np.ndarray,
    positive: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None,
    order: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    g, s, pos = group[order], scores[order], positive[order].astype(bool)
    w = np.ones(len(order)) if weights is None else np.asarray(weights, dtype=np.float64)[order]
    if not len(order):
        zeros = np.zeros(n_groups)
        return zeros, zeros.copy(), zeros.copy()
    new_run = np.empty(len(order), dtype=bool)
    new_run[0] = True
    np.not_equal(s[1:], s[:-1], out=new_run[1:])
    new_run[1:] |= g[1:] != g[:-1]
    run = np.cumsum(new_run) - 1
    run_group = g[new_run]
    pos_w = np.bincount(run, weights=np.where(pos, w, 0.0))
    neg_w = np.bincount(run, weights=np.where(pos, 0.0, w))
    before = np.cumsum(neg_w) - neg_w
    first = np.empty(len(run_group), dtype=bool)
    first[0] = True
    np.not_equal(run_group[1:], run_group[:-1], out=first[1:])
    offset = before[first][np.cumsum(first) - 1]
    wins = pos_w * (before - offset + 0.5 * neg_w)
    return (
        np.bincount(run_group, weights=wins, minlength=n_groups),
        np.bincount(run_group, weights=pos_w, minlength=n_groups),
        np.bincount(run_group, weights=neg_w, minlength=n_groups),
    )
