"""Score metrics per group from the score histograms: ROC AUC and calibration.

ROC AUC is the probability that a positive outscores a negative, ties counting
half. It is computed exactly from the rows (``ScoreCounts.wins``, one sort), so
it equals scikit-learn's ``roc_auc_score`` for any number of distinct scores;
``roc_auc`` of a histogram is the fallback for counts without the rows (a
marginal of intersectional groups). Calibration (reliability curve, expected
calibration error over 10 equal bins) is defined only for scores in [0, 1].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.fairness._counts import ScoreCounts
from fulcrum.engines import UniformBins

CALIBRATION_BINS = 10


def roc_auc(hist: np.ndarray) -> np.ndarray:
    """AUC per leading index of ``hist[..., y, s]`` (NaN without positives or negatives)."""
    neg, pos = hist[..., 0, :].astype(np.float64), hist[..., 1, :].astype(np.float64)
    below = np.cumsum(neg, axis=-1) - neg
    wins = (pos * (below + 0.5 * neg)).sum(axis=-1)
    pairs = pos.sum(axis=-1) * neg.sum(axis=-1)
    out = np.full(pairs.shape, np.nan)
    np.divide(wins, pairs, out=out, where=pairs > 0)
    return out


def _calibration_index(scores: ScoreCounts) -> np.ndarray:
    """Calibration bin of each score column, placed by the mean score of its rows."""
    values = scores.values
    if not scores.exact:
        weight = scores.hist.sum(axis=(0, 1))
        total = scores.sums.sum(axis=(0, 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), values)
    return UniformBins(0.0, 1.0, CALIBRATION_BINS).index(values)


def calibration(scores: ScoreCounts, group: int | None = None) -> dict[str, Any] | None:
    """Reliability curve and ECE of one group (or all rows); None if scores are not in [0, 1]."""
    if not scores.probabilities:
        return None
    hist = scores.hist.sum(axis=0) if group is None else scores.hist[group]
    sums = scores.sums.sum(axis=0) if group is None else scores.sums[group]
    index = _calibration_index(scores)
    count = np.bincount(index, weights=hist.sum(axis=0), minlength=CALIBRATION_BINS)
    positives = np.bincount(index, weights=hist[1], minlength=CALIBRATION_BINS)
    total = np.bincount(index, weights=sums.sum(axis=0), minlength=CALIBRATION_BINS)
    edges = UniformBins(0.0, 1.0, CALIBRATION_BINS).edges()
    curve = []
    ece = 0.0
    n = count.sum()
    for b in range(CALIBRATION_BINS):
        if count[b] == 0:
            continue
        mean_score, observed = total[b] / count[b], positives[b] / count[b]
        ece += count[b] / n * abs(observed - mean_score)
        curve.append(
            {
                "bin": [float(edges[b]), float(edges[b + 1])],
                "n": int(count[b]) if float(count[b]).is_integer() else float(count[b]),
                "mean_score": float(mean_score),
                "fraction_positive": float(observed),
            }
        )
    return {"ece": float(ece) if n else None, "curve": curve}


def auc_interval(
    auc: np.ndarray, n_pos: np.ndarray, n_neg: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Hanley & McNeil (1982) interval of the AUC, clipped to [0, 1] (NaN where undefined).

    ``SE^2 = (A(1-A) + (P-1)(Q1-A^2) + (N-1)(Q2-A^2)) / (P N)`` with
    ``Q1 = A/(2-A)`` and ``Q2 = 2A^2/(1+A)``; ``P`` and ``N`` are the (effective)
    numbers of positives and negatives.
    """
    from fulcrum.assess.fairness._intervals import z_value

    a = np.asarray(auc, dtype=np.float64)
    p = np.asarray(n_pos, dtype=np.float64)
    n = np.asarray(n_neg, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
        var = (a * (1 - a) + (p - 1) * (q1 - a * a) + (n - 1) * (q2 - a * a)) / (p * n)
        half = z_value(level) * np.sqrt(np.maximum(var, 0.0))
    ok = np.isfinite(a) & (p > 0) & (n > 0)
    lo = np.where(ok, np.clip(a - half, 0.0, 1.0), np.nan)
    hi = np.where(ok, np.clip(a + half, 0.0, 1.0), np.nan)
    return lo, hi
