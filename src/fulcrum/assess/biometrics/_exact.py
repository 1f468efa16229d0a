"""Exact thresholds and rates from binned counts plus a few exact score windows.

A first pass counts comparison scores per (mated flag, cell, bin), where a cell
is one (probe group, reference group) pair. The bins locate where the answer
lies; a second pass collects the exact scores of a small value window around
it (and the counts above the window, computed with the same comparisons), so
every reported threshold and rate is exact whatever rounding the binning did.

Conventions (ISO/IEC 19795-1): a comparison is accepted when ``score >=
threshold``. The threshold for a target FMR is the smallest candidate threshold
whose FMR <= target, the candidates being the observed scores (as in
scikit-learn's ``roc_curve``); if no observed score qualifies it is the next
float above the ``(k+1)``-th largest non-mated score. The EER is
``(FMR + FNMR) / 2`` at the candidate threshold minimising ``|FMR - FNMR|``
(ties to the larger threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

NONMATED, MATED = 0, 1


@dataclass(frozen=True)
class Window:
    """Exact scores in ``[lo, hi)`` and exact counts of scores ``>= hi`` per class and cell."""

    lo: float
    hi: float
    above: np.ndarray  # (2, n_cells) int64: scores >= hi
    min_above: float | None  # smallest score >= hi, any class; None when there is none
    values: np.ndarray  # float64 scores in [lo, hi)
    mated: np.ndarray  # int8 0/1 per value
    cells: np.ndarray  # int64 cell per value

    @cached_property
    def sorted_nonmated(self) -> np.ndarray:
        """Non-mated scores of the window, ascending (sorted once, shared by every target)."""
        return np.sort(self.values[self.mated == NONMATED])

    @cached_property
    def sorted_mated(self) -> np.ndarray:
        """Mated scores of the window, ascending."""
        return np.sort(self.values[self.mated == MATED])

    def accepted(self, threshold: float) -> np.ndarray | None:
        """Counts of scores ``>= threshold`` per (class, cell), or None if not known here."""
        if threshold < self.lo:
            return None
        if threshold >= self.hi:
            if self.min_above is None or threshold <= self.min_above:
                return self.above.copy()
            return None
        keep = self.values >= threshold
        out = self.above.copy()
        n_cells = out.shape[1]
        flat = np.bincount(
            self.mated[keep].astype(np.int64) * n_cells + self.cells[keep], minlength=2 * n_cells
        )
        return out + flat.reshape(2, n_cells)


def max_false_matches(target: float, n_nonmated: int) -> int:
    """Largest count ``k`` with ``k / n_nonmated <= target`` in float arithmetic."""
    k = int(np.floor(target * n_nonmated))
    while k + 1 <= n_nonmated and (k + 1) / n_nonmated <= target:
        k += 1
    while k > 0 and k / n_nonmated > target:
        k -= 1
    return max(k, 0)


def threshold_in_window(window: Window, k: int) -> float | None:
    """Smallest candidate threshold accepting at most ``k`` non-mated scores, if found here."""
    above_nm = int(window.above[NONMATED].sum())
    nm_values = window.sorted_nonmated[::-1]
    if k + 1 <= above_nm or k + 1 > above_nm + len(nm_values):
        return None
    pivot = nm_values[k - above_nm]  # the (k+1)-th largest non-mated score
    higher = window.values[window.values > pivot]
    if len(higher):
        return float(higher.min())
    if window.min_above is not None:
        return window.min_above
    return float(np.nextafter(pivot, np.inf))


def eer_in_window(window: Window, n_nonmated: int, n_mated: int) -> tuple[float, float] | None:
    """``(eer, threshold)`` if the FMR/FNMR crossing lies in this window, else None."""
    nm, m = window.sorted_nonmated, window.sorted_mated
    candidates = np.union1d(nm, m)  # merges two sorted arrays' unique values
    if window.min_above is not None:
        extra = window.min_above
    else:  # nothing above the window: the next float accepts nothing more
        top = candidates[-1] if len(candidates) else window.lo
        extra = float(np.nextafter(top, np.inf))
    candidates = np.append(candidates, extra)
    above_nm, above_m = int(window.above[NONMATED].sum()), int(window.above[MATED].sum())
    acc_nm = above_nm + len(nm) - np.searchsorted(nm, candidates)
    acc_m = above_m + len(m) - np.searchsorted(m, candidates)
    fmr = acc_nm / n_nonmated
    fnmr = 1.0 - acc_m / n_mated
    d = fmr - fnmr
    if not np.any(d[:-1] >= 0) or d[-1] >= 0:
        return None
    plus = int(np.flatnonzero(d >= 0)[-1])
    minus = plus + 1
    best = minus if abs(d[minus]) <= abs(d[plus]) else plus
    return float((fmr[best] + fnmr[best]) / 2.0), float(candidates[best])


def target_bin(nonmated_per_bin: np.ndarray, k: int) -> int:
    """The bin holding the ``(k+1)``-th largest non-mated score."""
    from_top = np.cumsum(nonmated_per_bin[::-1])[::-1]
    return int(np.flatnonzero(from_top >= k + 1)[-1])


def eer_bin(nonmated_per_bin: np.ndarray, mated_per_bin: np.ndarray) -> int:
    """The highest bin whose lowest score still has FMR >= FNMR."""
    n_nm, n_m = nonmated_per_bin.sum(), mated_per_bin.sum()
    acc_nm = np.cumsum(nonmated_per_bin[::-1])[::-1]
    acc_m = np.cumsum(mated_per_bin[::-1])[::-1]
    d = acc_nm / n_nm - (1.0 - acc_m / n_m)
    ok = np.flatnonzero(d >= 0)
    return int(ok[-1]) if len(ok) else 0


def binned_rates(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """FMR and FNMR with the threshold at the lower edge of each bin (DET points)."""
    nm, m = hist[NONMATED].sum(axis=0), hist[MATED].sum(axis=0)
    acc_nm = np.cumsum(nm[::-1])[::-1]
    acc_m = np.cumsum(m[::-1])[::-1]
    fmr = acc_nm / max(nm.sum(), 1)
    fnmr = 1.0 - acc_m / max(m.sum(), 1)
    return fmr, fnmr
