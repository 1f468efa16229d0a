"""Robustness and explainability benchmark: Fulcrum vs scikit-learn, side by side, in one run.

Figures (printed as a table):
  1. permutation importance on ROWS x FEATURES (default 1M x 20), 5 repeats, a logistic
     regression fitted on arrays: ``sklearn.inspection.permutation_importance`` and Fulcrum's
     ``permutation_importance`` (same shuffles: the importances must be identical);
  2. the same with a DataFrame-fitted model (the column-swapping pandas path);
  3. a boosted-trees model (HistGradientBoosting) on the first TREE_ROWS rows, 2 repeats;
  4. a corruption sweep (Gaussian noise and out-of-range values, 9 severities) through
     ``assess_robustness`` (with intervals, stability and evidence), against a bare NumPy
     loop that draws the same corruptions and predicts (the floor of any sweep).

Each figure is the best of ROUNDS alternating runs of the two sides (default 2).

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


def compare(ours: Callable[[], Any], peer: Callable[[], Any], rounds: int) -> tuple:
    """Best of ``rounds`` alternating runs of each side: (ours_s, peer_s, ours, theirs)."""
    ours_best = peer_best = float("inf")
    mine = theirs = None
    for _ in range(rounds):
        peer_s, theirs = timed(peer)
        ours_s, mine = timed(ours)
        peer_best, ours_best = min(peer_best, peer_s), min(ours_best, ours_s)
    return ours_best, peer_best, mine, theirs


def bare_sweep(model: Any, frame: pd.DataFrame, y: np.ndarray, grid: dict) -> list[float]:
    """The least a sweep can do: draw each corruption with NumPy, predict, count hits."""
    rng = np.random.default_rng(1)
    X = frame.to_numpy()
    sd, low, high = X.std(axis=0), X.min(axis=0), X.max(axis=0)
    span = high - low
    out = []
    for name, severities in grid.items():
        for s in severities:
            if name == "gaussian":
                noisy = X + rng.standard_normal(X.shape, dtype=np.float32) * (s * sd)
            else:
                noisy = X.copy()
                rows, cols = np.nonzero(rng.random(X.shape, dtype=np.float32) < s)
                distance = span[cols] * rng.uniform(0.1, 1.0, rows.size)
                above = rng.random(rows.size) < 0.5
                noisy[rows, cols] = np.where(above, high[cols] + distance, low[cols] - distance)
            pred = model.predict(pd.DataFrame(noisy, columns=frame.columns, copy=False))
            out.append(float(np.mean(pred == y)))
    return out


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
    parser.add_argument("--tree-rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs; best kept")
    args = parser.parse_args()
    X, y = make_data(args.rows, args.features)
    columns = [f"f{j}" for j in range(args.features)]
    frame = pd.DataFrame(X, columns=columns)
    fit_rows = min(args.rows, 100_000)
    print(
        f"{args.rows:,} rows x {args.features} features, {args.repeats} repeats; "
        f"best of {args.rounds} alternating runs, single-threaded"
    )
    print(f"{'':<44} {'Fulcrum':>11} {'peer':>11} {'speed-up':>8}")

    model = LogisticRegression().fit(X[:fit_rows], y[:fit_rows])
    ours_s, peer_s, ours, theirs = compare(
        lambda: permutation_importance(from_estimator(model), frame, y, n_repeats=args.repeats),
        lambda: sk_permutation_importance(model, X, y, n_repeats=args.repeats, random_state=0),
        args.rounds,
    )
    same = np.array_equal(ours.importances, theirs.importances)
    row("permutation importance, arrays (logistic)", ours_s, peer_s, f"identical: {same}")

    named = LogisticRegression().fit(frame.iloc[:fit_rows], y[:fit_rows])
    ours_s, peer_s, ours, theirs = compare(
        lambda: permutation_importance(from_estimator(named), frame, y, n_repeats=args.repeats),
        lambda: sk_permutation_importance(named, frame, y, n_repeats=args.repeats, random_state=0),
        args.rounds,
    )
    same = np.array_equal(ours.importances, theirs.importances)
    row("permutation importance, DataFrame (logistic)", ours_s, peer_s, f"identical: {same}")

    trees = HistGradientBoostingClassifier(max_iter=20, random_state=0)
    trees.fit(X[:fit_rows], y[:fit_rows])
    small = slice(0, args.tree_rows)
    ours_s, peer_s, ours, theirs = compare(
        lambda: permutation_importance(
            from_estimator(trees), frame.iloc[small], y[small], n_repeats=2
        ),
        lambda: sk_permutation_importance(trees, X[small], y[small], n_repeats=2, random_state=0),
        args.rounds,
    )
    same = np.array_equal(ours.importances, theirs.importances)
    label = f"permutation importance, {args.tree_rows // 1000}k rows (boosting, 2)"
    row(label, ours_s, peer_s, f"identical: {same}")

    data = frame.assign(y=y)
    grid = {"gaussian": [0.05, 0.1, 0.25, 0.5, 1.0], "out_of_range": [0.01, 0.05, 0.1, 0.25]}
    points = sum(len(v) for v in grid.values())
    ours_s, peer_s, result, bare = compare(
        lambda: assess_robustness(
            named, data, label="y", corruptions=list(grid), severities=grid, stability_repeats=1
        ),
        lambda: bare_sweep(named, frame, y, grid),
        args.rounds,
    )
    row(
        f"corruption sweep ({points} levels, logistic)",
        ours_s,
        peer_s,
        "peer: bare NumPy draws + predict, no intervals or evidence",
    )
    curve = result.report["curves"]["gaussian"]["points"]
    print(f"  accuracy at 1 sd of noise: Fulcrum {curve[-1]['accuracy']:.4f}, bare {bare[4]:.4f}")


if __name__ == "__main__":
    # One thread for BLAS and OpenMP on both sides: on a shared machine, oversubscribed
    # threads make the figures noise.
    with threadpool_limits(1):
        main()
