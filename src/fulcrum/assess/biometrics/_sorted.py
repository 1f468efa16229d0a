"""Exact rates over in-memory score arrays (PAD, 1:N): sorting, no binning needed."""

from __future__ import annotations

import numpy as np

from fulcrum.assess.biometrics._exact import max_false_matches


def count_ge(sorted_values: np.ndarray, threshold: float) -> int:
    """How many of the ascending ``sorted_values`` are ``>= threshold``."""
    return int(len(sorted_values) - np.searchsorted(sorted_values, threshold, side="left"))


def smallest_threshold(negatives: np.ndarray, candidates: np.ndarray, target: float) -> float:
    """Smallest candidate ``t`` (an observed score) with ``#(negatives >= t) / n <= target``.

    Falls back to the next float above the pivot when no observed score qualifies.
    """
    neg = np.sort(np.asarray(negatives, dtype=np.float64))[::-1]
    if not len(neg):
        return float(np.min(candidates))
    k = max_false_matches(target, len(neg))
    if k >= len(neg):
        return float(np.min(candidates))
    pivot = neg[k]
    higher = candidates[candidates > pivot]
    return float(higher.min()) if len(higher) else float(np.nextafter(pivot, np.inf))


def crossing(
    negatives_rate: np.ndarray, positives_miss: np.ndarray, candidates: np.ndarray
) -> tuple[float, float]:
    """``((a + b) / 2, t)`` at the candidate minimising ``|a - b|`` (ties to the larger t)."""
    d = np.abs(negatives_rate - positives_miss)
    best = len(d) - 1 - int(np.argmin(d[::-1]))
    return float((negatives_rate[best] + positives_miss[best]) / 2), float(candidates[best])
