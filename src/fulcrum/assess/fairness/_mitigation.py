"""Mitigation hint: per-group score thresholds meeting a fairness constraint.

From the score histograms per group and label, every threshold ``t`` (predict
positive when ``score >= t``) of every group has known counts: true and false
positives are reverse cumulative sums. A constraint "the gap in selection rate
(demographic parity), or in both TPR and FPR (equalized odds), is at most
``tolerance``" holds exactly when all groups' rates lie in one window of width
``tolerance``; for each window each group independently takes its most accurate
threshold inside it, and the best window wins. This is the deterministic
counterpart of Fairlearn's ``ThresholdOptimizer``; with few distinct scores it
may only meet a tight tolerance by predicting nobody positive, which the table
marks as ``degenerate``. ``_postprocess.fit_thresholds`` randomises between two
thresholds, meets the constraint exactly and returns a rule you can apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from fulcrum.assess.fairness._counts import ScoreCounts

Constraint = Literal["demographic_parity", "equalized_odds"]
TOLERANCES = (0.0, 0.01, 0.02, 0.05, 0.1)
_GRID = 101
#: At most this many candidate thresholds per group (evenly spaced over the score columns).
_CANDIDATES = 257


def _curves(scores: ScoreCounts) -> dict[str, np.ndarray]:
    """Per group and threshold index ``j`` (positive iff bin >= j): rates and correct counts."""
    neg, pos = scores.hist[:, 0, :].astype(np.float64), scores.hist[:, 1, :].astype(np.float64)
    zeros = np.zeros((neg.shape[0], 1))
    tp = np.concatenate([np.cumsum(pos[:, ::-1], axis=1)[:, ::-1], zeros], axis=1)
    fp = np.concatenate([np.cumsum(neg[:, ::-1], axis=1)[:, ::-1], zeros], axis=1)
    n_pos, n_neg = pos.sum(axis=1, keepdims=True), neg.sum(axis=1, keepdims=True)
    n = n_pos + n_neg
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "selection_rate": (tp + fp) / n,
            "tpr": np.where(n_pos > 0, tp / np.where(n_pos > 0, n_pos, 1), 0.0),
            "fpr": np.where(n_neg > 0, fp / np.where(n_neg > 0, n_neg, 1), 0.0),
            "correct": tp + (n_neg - fp),
        }


def _window_starts(values: np.ndarray) -> np.ndarray:
    uniq = np.unique(np.round(values[np.isfinite(values)], 12))
    return uniq if len(uniq) <= 2_000 else np.linspace(0.0, 1.0, 1_001)


def _inside(rate: np.ndarray, start: np.ndarray, tol: float) -> np.ndarray:
    """``(len(start), thresholds)`` mask of thresholds whose rate lies in each window."""
    lo = start[:, None]
    return (rate[None, :] >= lo - 1e-12) & (rate[None, :] <= lo + tol + 1e-12)


def _best_per_group(
    rates: Sequence[np.ndarray], starts: Sequence[np.ndarray], tol: float, correct: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each window (one start per rate), each group's best correct count and threshold."""
    shape = tuple(len(s) for s in starts)
    groups = correct.shape[0]
    best = np.full((groups, *shape), -np.inf)
    arg = np.zeros((groups, *shape), dtype=np.int64)
    for g in range(groups):
        first = _inside(rates[0][g], starts[0], tol)
        if len(rates) == 1:
            scored = np.where(first, correct[g], -np.inf)
            arg[g], best[g] = scored.argmax(axis=-1), scored.max(axis=-1)
            continue
        second = _inside(rates[1][g], starts[1], tol)
        for i in range(shape[0]):
            scored = np.where(first[i] & second, correct[g], -np.inf)
            arg[g, i], best[g, i] = scored.argmax(axis=-1), scored.max(axis=-1)
    return best, arg


def threshold_search(
    scores: ScoreCounts, *, constraint: Constraint = "demographic_parity", tolerance: float = 0.05
) -> dict[str, Any]:
    """Per-group thresholds with the best accuracy whose disparity is at most ``tolerance``.

    Parameters
    ----------
    scores : ScoreCounts
        Score histograms per group and true label (from ``FairnessCounts.scores``).
    constraint : {"demographic_parity", "equalized_odds"}
        Which rates must agree across groups within ``tolerance``.
    tolerance : float
        Largest allowed max-min gap.

    Returns
    -------
    dict
        ``feasible``, ``accuracy``, ``disparity`` and ``thresholds`` (one score per
        group, ``None`` meaning "predict nobody positive").
    """
    full = _curves(scores)
    thresholds = full["correct"].shape[1]
    candidates = np.unique(np.linspace(0, thresholds - 1, _CANDIDATES).round().astype(np.int64))
    curves = {name: values[:, candidates] for name, values in full.items()}
    names = ["selection_rate"] if constraint == "demographic_parity" else ["tpr", "fpr"]
    rates = [curves[name] for name in names]
    if constraint == "demographic_parity":
        starts = [_window_starts(rates[0])]
    else:
        starts = [np.linspace(0.0, 1.0, _GRID) for _ in names]
    best, arg = _best_per_group(rates, starts, tolerance, curves["correct"])
    total = best.sum(axis=0)
    if not np.isfinite(total).any():
        return {"feasible": False, "accuracy": None, "disparity": None, "thresholds": None}
    window = np.unravel_index(int(np.argmax(total)), total.shape)
    chosen = np.asarray([int(candidates[arg[(g, *window)]]) for g in range(arg.shape[0])])
    return _describe(scores, full, chosen, names)


def _describe(
    scores: ScoreCounts, curves: dict[str, np.ndarray], chosen: np.ndarray, names: Sequence[str]
) -> dict[str, Any]:
    rows = np.arange(len(chosen))
    n = float(scores.hist.sum())
    gaps = {}
    for name in ("selection_rate", "tpr", "fpr"):
        picked = curves[name][rows, chosen]
        gaps[name] = float(np.nanmax(picked) - np.nanmin(picked))
    values = scores.values
    thresholds = [float(values[j]) if j < len(values) else None for j in chosen]
    return {
        "feasible": True,
        "accuracy": float(curves["correct"][rows, chosen].sum() / n),
        "disparity": max(gaps[name] for name in names),
        "gaps": gaps,
        "thresholds": thresholds,
    }


def unconstrained(scores: ScoreCounts) -> dict[str, Any]:
    """Each group's own most accurate threshold (the accuracy ceiling of the search)."""
    curves = _curves(scores)
    chosen = curves["correct"].argmax(axis=1)
    return _describe(scores, curves, chosen, ["selection_rate", "tpr", "fpr"])


def tradeoff(
    scores: ScoreCounts,
    groups: Sequence[dict[str, str]],
    *,
    constraints: Sequence[Constraint] = ("demographic_parity", "equalized_odds"),
    tolerances: Sequence[float] = TOLERANCES,
) -> dict[str, Any]:
    """Trade-off table: accuracy and disparity of the best thresholds per tolerance."""
    ceiling = unconstrained(scores)
    table = []
    for constraint in constraints:
        for tol in tolerances:
            found = threshold_search(scores, constraint=constraint, tolerance=tol)
            loss = None if found["accuracy"] is None else ceiling["accuracy"] - found["accuracy"]
            table.append(
                {
                    "constraint": constraint,
                    "tolerance": tol,
                    "feasible": found["feasible"],
                    "accuracy": found["accuracy"],
                    "accuracy_loss": loss,
                    "disparity": found["disparity"],
                    "degenerate": found["thresholds"] is not None
                    and all(t is None for t in found["thresholds"]),
                    "thresholds": None
                    if found["thresholds"] is None
                    else [
                        {"group": g, "threshold": t}
                        for g, t in zip(groups, found["thresholds"], strict=True)
                    ],
                }
            )
    return {
        "method": "per-group thresholds (score >= t), best accuracy within the tolerance",
        "unconstrained": {
            "accuracy": ceiling["accuracy"],
            "gaps": ceiling["gaps"],
            "thresholds": [
                {"group": g, "threshold": t}
                for g, t in zip(groups, ceiling["thresholds"], strict=True)
            ],
        },
        "table": table,
    }
