"""Pairwise wins of positives over negatives per group: the exact ROC AUC, in memory.

For each group, ``wins = sum over (positive i, negative j) of w_i w_j ([s_i > s_j] +
[s_i == s_j] / 2)``; ``AUC = wins / (W_pos W_neg)`` is the Mann-Whitney statistic
that scikit-learn's ``roc_auc_score`` computes, exact for any number of distinct
scores. The rows are split by group with one stable radix sort of the small group
codes; in each group both classes are sorted (with their weights) and every positive
finds the negative weight below it, and tied with it, by binary search.
"""

from __future__ import annotations

import numpy as np

from fulcrum.engines._rank_kernel import wins_kernel

#: Rows from which the compiled kernel is used (below, NumPy is as fast as the call).
COMPILED_FROM = 50_000


def rank_wins(
    group: np.ndarray,
    positive: np.ndarray,
    scores: np.ndarray,
    weights: np.ndarray | None,
    n_groups: int,
    *,
    compiled: bool | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[float, float, float]]:
    """Per group: wins, positive weight, negative weight; and the same over all rows.

    With Numba (the ``fast`` extra) one compiled radix sort and walk does it all
    for large inputs (``compiled=None``: from 50,000 rows); ``compiled=False`` forces
    the NumPy path and ``True`` the compiled one (when installed): the same numbers.
    """
    positive = np.asarray(positive, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    use = len(scores) >= COMPILED_FROM if compiled is None else compiled
    kernel = wins_kernel() if use else None
    if kernel is not None and len(scores):
        out = kernel(scores, group, positive, w, n_groups)
        totals = (float(out[0, -1]), float(out[1, -1]), float(out[2, -1]))
        return out[0, :-1], out[1, :-1], out[2, :-1], totals
    overall = _wins(scores, positive, w)
    small = group.astype(np.int16) if n_groups < (1 << 15) else group
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(small[order], np.arange(n_groups + 1), side="left")
    s, pos = scores[order], positive[order]
    ws = None if w is None else w[order]
    out = np.zeros((3, n_groups))
    for g in range(n_groups):
        lo, hi = bounds[g], bounds[g + 1]
        if hi > lo:
            out[:, g] = _wins(s[lo:hi], pos[lo:hi], None if ws is None else ws[lo:hi])
    return out[0], out[1], out[2], overall


def _sorted(values: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Values sorted, and the cumulative weight before each position (weights travel along)."""
    if weights is None:
        ordered = np.sort(values)
        return ordered, np.arange(len(ordered) + 1, dtype=np.float64)
    order = np.argsort(values)
    return values[order], np.concatenate(([0.0], np.cumsum(weights[order])))


def _wins(scores: np.ndarray, positive: np.ndarray, weights: np.ndarray | None) -> tuple:
    """Wins, positive weight and negative weight of one set of rows.

    Both classes are sorted, so the binary searches of the positives walk the
    negatives in order (NumPy reuses the last position for sorted keys).
    """
    negatives, below = _sorted(scores[~positive], None if weights is None else weights[~positive])
    positives, upto = _sorted(scores[positive], None if weights is None else weights[positive])
    pos_w = np.diff(upto)
    left = np.searchsorted(negatives, positives, side="left")
    right = np.searchsorted(negatives, positives, side="right")
    wins = float(np.dot(pos_w, below[left] + 0.5 * (below[right] - below[left])))
    return wins, float(upto[-1]), float(below[-1])
