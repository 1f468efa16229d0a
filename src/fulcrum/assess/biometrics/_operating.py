"""Rates at user thresholds, ROC AUC, a log-spaced DET curve and the rule of three.

- ``at_thresholds``: FMR and FNMR at thresholds the user chooses, exactly (one
  second-pass window per threshold, holding the counts at or above it).
- ``auc``: the probability that a mated comparison outscores a non-mated one,
  ties half (exact from the rows when the engine can rank them, else from the
  fine histogram).
- ``det_points``: DET points spaced evenly in log FMR from one non-mated
  comparison (FMR = 1/N) to 1, so the low-FMR end that matters is not empty.
- The rule of three: with no errors in ``n`` trials the 95% upper bound on a
  rate is about ``3 / n``, so a rate ``r`` can only be shown with ``n >= 3 / r``
  trials. Fewer make a check ``inconclusive``, saying why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from fulcrum.assess.biometrics._exact import MATED, NONMATED, binned_rates
from fulcrum.assess.biometrics._summary import ScoreSummary

_DET_POINTS = 200
RULE_OF_THREE = (
    "{rate} {level:g} cannot be shown from {n:,} {kind} comparisons: by the rule of three "
    "it needs at least {need:,}"
)


def needed_trials(level: float) -> int:
    """Trials needed to show a rate of ``level`` (rule of three: ``ceil(3 / level)``)."""
    return math.ceil(3.0 / level) if level > 0 else 0


def too_few(rate: str, level: float, n: int) -> str | None:
    """Why ``n`` trials cannot show ``rate <= level``, or None when they can."""
    need = needed_trials(level)
    if level <= 0 or n >= need:
        return None
    kind = "non-mated" if rate.endswith("fmr") and "fnmr" not in rate else "mated"
    return RULE_OF_THREE.format(rate=rate.upper(), level=level, n=n, kind=kind, need=need)


def wilson(k: float, n: float, level: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval of ``k / n`` (None when ``n == 0``)."""
    if n <= 0:
        return None
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi


def at_thresholds(
    summary: ScoreSummary, thresholds: Sequence[float], sign: float
) -> list[dict[str, Any]]:
    """Exact FMR/FNMR (overall and per group) at each user threshold, in the user's units."""
    if not thresholds:
        return []
    internal = [sign * float(t) for t in thresholds]
    windows = summary.collect([(t, t) for t in internal])
    totals = summary.cell_totals()
    n = summary.n_groups
    out = []
    for t, window in zip(thresholds, windows, strict=True):
        accepted = window.above
        fm = int(accepted[NONMATED].sum())
        n_nm, n_m = int(totals[NONMATED].sum()), int(totals[MATED].sum())
        fnm = n_m - int(accepted[MATED].sum())
        row: dict[str, Any] = {
            "threshold": float(t),
            "fmr": fm / n_nm,
            "fnmr": fnm / n_m,
            "n_false_matches": fm,
            "n_nonmated": n_nm,
            "n_false_nonmatches": fnm,
            "n_mated": n_m,
        }
        if summary.attributes:
            groups = []
            for g in range(n):
                c = g * n + g
                g_nm, g_m = int(totals[NONMATED, c]), int(totals[MATED, c])
                g_fm = int(accepted[NONMATED, c])
                g_fnm = g_m - int(accepted[MATED, c])
                groups.append(
                    {
                        "group": summary.group_label(g),
                        "fmr": g_fm / g_nm if g_nm else None,
                        "fnmr": g_fnm / g_m if g_m else None,
                        "n_nonmated": g_nm,
                        "n_mated": g_m,
                    }
                )
            row["groups"] = groups
        out.append(row)
    return out


def histogram_auc(summary: ScoreSummary) -> float:
    """AUC from the score histogram (ties within a bin count half)."""
    nm, m = summary.class_bins()
    nm, m = nm.astype(np.float64), m.astype(np.float64)
    below = np.cumsum(nm) - nm
    pairs = nm.sum() * m.sum()
    return float((m * (below + 0.5 * nm)).sum() / pairs) if pairs else float("nan")


def det_points(summary: ScoreSummary, sign: float) -> list[dict[str, float]]:
    """DET points log-spaced in FMR from 1 / N non-mated comparisons up to 1."""
    fmr, fnmr = binned_rates(summary.hist)
    n_nm = int(summary.cell_totals()[NONMATED].sum())
    if not n_nm:
        return []
    targets = np.geomspace(1.0 / n_nm, 1.0, _DET_POINTS)
    # fmr falls as the bin (threshold) rises: the first bin whose FMR is within each target
    order = -fmr
    bins = np.searchsorted(order, -targets, side="left")
    bins = np.unique(np.clip(bins, 0, len(fmr) - 1))
    return [
        {"threshold": sign * summary.edge(int(b)), "fmr": float(fmr[b]), "fnmr": float(fnmr[b])}
        for b in bins
    ]
