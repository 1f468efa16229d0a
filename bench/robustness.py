"""Robustness and explainability benchmark: Fulcrum vs scikit-learn, side by side, in one run.

Figures (printed as a table):
  1. permutation importance on ROWS x FEATURES (default 1M x 20), 5 repeats, a logistic
     regression fitted on arrays: ``sklearn.inspection.permutation_importance`` and Fulcrum's
     ``permutation_importance`` (same shuffles: the importances must be identical);
  2. the same with a DataFrame-fitted model (the column-swapping pandas path);
  3. a boosted-trees model (HistGradientBoosting) on the first TREE_ROWS rows, 2 repeats;
  4. a corruption sweep (Gaussian noise, missing values, out-of-range values; 13 severities)
     through ``assess_robustness``, against the floor of the bare ``predict`` calls it needs
     (the logistic model fails on missing values: that failure is recorded, as a user sees it).

Both sides run single-threaded (threadpoolctl), so the ratio is the work done, not how many
idle cores the machine had at the time.

Usage:
  .venv/bin/python bench/robustness.py            # 1,000,000 x 20
  .venv/bin/python bench/robustness.py --rows 200000 --features 10
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import permutation_importance as sk_permutation_importance
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from fulcrum.assess.explain import permutation_importance
from fulcrum.assess.robustness import assess_robustness, from_estimator


def make_data(rows: int, features: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian features and a label from a noisy linear rule."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, features))
    w = rng.normal(size=features)
    y = (X @ w + rng.normal(scale=2.0, size=rows) > 0).astype(np.int64)
    return X, y


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one run, and its result."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def row(name: str, ours: float, peer: float | None, note: str = "") -> None:
    """One line of the table."""
    peer_text = "" if peer is None else f"{peer:9.2f} s"
    ratio = "" if peer is None else f"{peer / ours:6.2f}x"
    print(f"{name:<44} {ours:9.2f} s {peer_text:>11} {ratio:>8}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tree-rows", type=int, default=100_000)
    args = parser.parse_args()
    X, y = make_data(args.rows, args.features)
    columns = [f"f{j}" for j in range(args.features)]
    frame = pd.DataFrame(X, columns=columns)
    fit_rows = min(args.rows, 100_000)
    print(f"{args.rows:,} rows x {args.features} features, {args.repeats} repeats; one run each")
    print(f"{'':<44} {'Fulcrum':>11} {'scikit-learn':>11} {'speed-up':>8}")

    model = LogisticRegression().fit(X[:fit_rows], y[:fit_rows])
    peer_s, theirs = timed(
        lambda: sk_permutation_importance(model, X, y, n_repeats=args.repeats, random_state=0)
    )
    ours_s, ours = timed(
        lambda: permutation_importance(from_estimator(model), frame, y, n_repeats=args.repeats)
    )
    same = np.array_equal(ours.importances, theirs.importances)
    row("permutation importance, arrays (logistic)", ours_s, peer_s, f"identical: {same}")

    named = LogisticRegression().fit(frame.iloc[:fit_rows], y[:fit_rows])
    peer_s, theirs = timed(
        lambda: sk_permutation_importance(named, frame, y, n_repeats=args.repeats, random_state=0)
    )
    ours_s, ours = timed(
        lambda: permutation_importance(from_estimator(named), frame, y, n_repeats=args.repeats)
    )
    same = np.array_equal(ours.importances, theirs.importances)
    row("permutation importance, DataFrame (logistic)", ours_s, peer_s, f"identical: {same}")

    trees = HistGradientBoostingClassifier(max_iter=20, random_state=0)
    trees.fit(X[:fit_rows], y[:fit_rows])
    small = slice(0, args.tree_rows)
    peer_s, theirs = timed(
        lambda: sk_permutation_importance(trees, X[small], y[small], n_repeats=2, random_state=0)
    )
    ours_s, ours = timed(
        lambda: permutation_importance(
            from_estimator(trees), frame.iloc[small], y[small], n_repeats=2
        )
    )
    same = np.array_equal(ours.importances, theirs.importances)
    label = f"permutation importance, {args.tree_rows // 1000}k rows (boosting, 2)"
    row(label, ours_s, peer_s, f"identical: {same}")

    data = frame.assign(y=y)
    grid = {
        "gaussian": [0.05, 0.1, 0.25, 0.5, 1.0],
        "missing": [0.01, 0.05, 0.1, 0.25],
        "out_of_range": [0.01, 0.05, 0.1, 0.25],
    }
    points = sum(len(v) for v in grid.values())
    sweep_s, result = timed(
        lambda: assess_robustness(
            named, data, label="y", corruptions=list(grid), severities=grid, stability_repeats=1
        )
    )
    floor_s, _ = timed(lambda: [named.predict(frame) for _ in range(points + 2)])
    row(
        f"corruption sweep ({points} levels, logistic)",
        sweep_s,
        None,
        f"bare predict floor {floor_s:.2f} s ({floor_s / sweep_s:.0%} of the sweep)",
    )
    drop = result.report["curves"]["gaussian"]["points"][-1]["accuracy_drop"]
    print(f"  (accuracy drop at 1 sd of noise: {drop:.4f})")


if __name__ == "__main__":
    # One thread for BLAS and OpenMP on both sides: on a shared machine, oversubscribed
    # threads make the figures noise.
    with threadpool_limits(1):
        main()
