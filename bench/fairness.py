"""Fairness benchmark: Fulcrum vs Fairlearn MetricFrame, side by side, in one run.

Figures (printed as a table):
  1. in process, per size: bare ``np.bincount`` floor, Fulcrum counting + 4 metrics per group,
     the full ``assess_fairness`` (all metrics, disparities, tests, evidence), and Fairlearn's
     MetricFrame on the same 4 metrics (selection rate, accuracy, TPR, FPR), two sensitive columns;
  2. the CLI on a Parquet file (reading included) vs a script reading it with pandas + MetricFrame;
  3. 1,000 bootstrap replicates: added time on the largest in-process run;
  3b. with sample weights and a score column (exact, rank-based ROC AUC per group): Fulcrum
     vs MetricFrame with ``sample_params`` and scikit-learn's ``roc_auc_score`` per group;
  4. DuckDB over a large Parquet file written in chunks to /tmp: time and peak RSS (own process).

Usage:
  .venv/bin/python bench/fairness.py --quick
  .venv/bin/python bench/fairness.py --sizes 1000000,10000000 --peer-max 1000000 \
      --duckdb-rows 100000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RACES = np.array(["African-American", "Asian", "Caucasian", "Hispanic", "Other"])
SEXES = np.array(["Female", "Male"])


def make_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """Two sensitive columns (categorical), binary label and prediction."""
    rng = np.random.default_rng(seed)
    race = rng.integers(0, len(RACES), n, dtype=np.int8)
    sex = rng.integers(0, 2, n, dtype=np.int8)
    y = (rng.random(n) < 0.3 + 0.05 * race).astype(np.int8)
    pred = np.where(rng.random(n) < 0.8, y, 1 - y).astype(np.int8)
    return pd.DataFrame(
        {
            "sex": pd.Categorical.from_codes(sex, SEXES),
            "race": pd.Categorical.from_codes(race, RACES),
            "y": y,
            "pred": pred,
            "score": rng.normal(size=n) + 1.5 * y,  # logits: every value distinct
            "w": rng.uniform(0.5, 2.0, n),
        }
    )


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bincount_floor(frame: pd.DataFrame) -> tuple[float, float]:
    """Bare passes: combine the integer codes and bincount; and bincount of a ready code."""
    sex = frame["sex"].cat.codes.to_numpy()
    race = frame["race"].cat.codes.to_numpy()
    y, pred = frame["y"].to_numpy(), frame["pred"].to_numpy()

    def combine_and_count() -> np.ndarray:
        code = sex.astype(np.intp)
        code *= len(RACES)
        code += race
        code *= 2
        code += y
        code *= 2
        code += pred
        return np.bincount(code, minlength=2 * len(RACES) * 4)

    ready = ((sex.astype(np.intp) * len(RACES) + race) * 2 + y) * 2 + pred
    return timed(combine_and_count), timed(lambda: np.bincount(ready, minlength=40))


def fulcrum_metrics(frame: pd.DataFrame, weighted: bool = False) -> Any:
    """Fulcrum's counting pass and the 4 metrics per group (and, weighted, the exact AUC)."""
    from fulcrum.assess.fairness import GroupMetrics, count_in_memory

    counts = count_in_memory(
        frame,
        label="y",
        pred="pred",
        sensitive=["sex", "race"],
        sensitive_names=["sex", "race"],
        score="score" if weighted else None,
        sample_weight="w" if weighted else None,
    )
    metrics = GroupMetrics(counts)
    out = {name: metrics.values(name) for name in ("selection_rate", "accuracy", "tpr", "fpr")}
    if weighted:
        assert counts.scores is not None
        out["auc"] = counts.scores.auc()
    return out


def fulcrum_weights_only(frame: pd.DataFrame) -> Any:
    """Weighted counting and the 4 metrics, without a score."""
    from fulcrum.assess.fairness import GroupMetrics, count_in_memory

    counts = count_in_memory(
        frame,
        label="y",
        pred="pred",
        sensitive=["sex", "race"],
        sensitive_names=["sex", "race"],
        sample_weight="w",
    )
    metrics = GroupMetrics(counts)
    return {name: metrics.values(name) for name in ("selection_rate", "accuracy", "tpr", "fpr")}


def fulcrum_assess(frame: pd.DataFrame, bootstrap: int = 0, weighted: bool = False) -> Any:
    """The whole assessment: every metric, disparities, intervals, tests, evidence."""
    from fulcrum.assess.fairness import assess_fairness

    return assess_fairness(
        frame,
        label="y",
        pred="pred",
        sensitive=["sex", "race"],
        bootstrap=bootstrap,
        random_state=0,
        score="score" if weighted else None,
        sample_weight="w" if weighted else None,
        mitigation=False,
    )


def metricframe_weighted(frame: pd.DataFrame) -> Any:
    """MetricFrame with sample weights on the 4 metrics, plus roc_auc_score per group."""
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, roc_auc_score

    metrics = {
        "selection_rate": selection_rate,
        "accuracy": accuracy_score,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
    }
    weights = frame["w"].to_numpy()
    by_group = MetricFrame(
        metrics=metrics,
        y_true=frame["y"],
        y_pred=frame["pred"],
        sensitive_features=frame[["sex", "race"]],
        sample_params={name: {"sample_weight": weights} for name in metrics},
    ).by_group
    auc = MetricFrame(
        metrics=roc_auc_score,
        y_true=frame["y"],
        y_pred=frame["score"],
        sensitive_features=frame[["sex", "race"]],
        sample_params={"sample_weight": weights},
    ).by_group
    return by_group, auc


def metricframe(frame: pd.DataFrame) -> Any:
    """Fairlearn MetricFrame with the same 4 metrics."""
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score

    metrics = {
        "selection_rate": selection_rate,
        "accuracy": accuracy_score,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
    }
    return MetricFrame(
        metrics=metrics,
        y_true=frame["y"],
        y_pred=frame["pred"],
        sensitive_features=frame[["sex", "race"]],
    ).by_group


PEER_SCRIPT = """
import sys, pandas as pd
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate, false_positive_rate
from sklearn.metrics import accuracy_score
df = pd.read_parquet(sys.argv[1])
m = {"selection_rate": selection_rate, "accuracy": accuracy_score,
     "tpr": true_positive_rate, "fpr": false_positive_rate}
print(MetricFrame(metrics=m, y_true=df["y"], y_pred=df["pred"],
                  sensitive_features=df[["sex", "race"]]).by_group.shape)
"""

RSS_WRAPPER = """
import sys, time
from fulcrum.assess.fairness import assess_fairness
start = time.perf_counter()
r = assess_fairness(sys.argv[1], label="y", pred="pred", sensitive=["sex", "race"],
                    engine="duckdb", mitigation=False)
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child would report the
# (much larger) peak of the benchmark process that spawned it.
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(elapsed, hwm, r.counts.total)
"""


def run_wall(command: list[str]) -> float:
    """Wall time of a subprocess (must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def cli_vs_script(frame: pd.DataFrame, folder: Path, run_peer: bool) -> dict[str, float | None]:
    """Fulcrum CLI on Parquet (reading included) vs a pandas + MetricFrame script."""
    path = folder / f"bench-{len(frame)}.parquet"
    frame.to_parquet(path)
    fulcrum = str(Path(PYTHON).with_name("fulcrum"))
    cli = [
        fulcrum,
        "assess",
        "fairness",
        str(path),
        "--label",
        "y",
        "--pred",
        "pred",
        "--sensitive",
        "sex,race",
        "--format",
        "json",
    ]
    cli_time = min(run_wall(cli) for _ in range(2))
    peer = run_wall([PYTHON, "-c", PEER_SCRIPT, str(path)]) if run_peer else None
    path.unlink()
    return {"cli": cli_time, "script": peer}


def write_big_parquet(rows: int, path: Path, chunk: int = 5_000_000) -> None:
    """Stream ``rows`` random rows to Parquet in chunks (never all in memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    written, seed = 0, 0
    while written < rows:
        size = min(chunk, rows - written)
        frame = make_frame(size, seed=seed)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        written += size
        seed += 1
    assert writer is not None
    writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--quick", action="store_true", help="small sizes, no 10M peer")
    parser.add_argument(
        "--peer-max", type=int, default=10_000_000, help="skip MetricFrame above this many rows"
    )
    parser.add_argument(
        "--cli-peer-max",
        type=int,
        default=1_000_000,
        help="skip the pandas+MetricFrame script above this many rows",
    )
    parser.add_argument("--bootstrap", type=int, default=1_000)
    parser.add_argument("--duckdb-rows", type=int, default=100_000_000)
    parser.add_argument("--tmp", default=tempfile.gettempdir())
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.quick:
        sizes = [100_000, 1_000_000]
        args.peer_max = args.cli_peer_max = 100_000
        args.duckdb_rows = 5_000_000
    print(f"load average: {os.getloadavg()}  cpus: {os.cpu_count()}")
    rows: list[tuple[str, ...]] = []
    folder = Path(args.tmp)
    last = None
    for n in sizes:
        frame = make_frame(n)
        fulcrum_metrics(frame)  # warm imports
        floor, ready = bincount_floor(frame)
        ours = timed(lambda frame=frame: fulcrum_metrics(frame))
        full = timed(lambda frame=frame: fulcrum_assess(frame), repeat=2)
        peer = (
            timed(lambda frame=frame: metricframe(frame), repeat=1) if n <= args.peer_max else None
        )
        rows.append(("bincount floor (combine + count)", f"{n:,}", f"{floor * 1e3:.1f} ms", ""))
        rows.append(("bincount of a ready code", f"{n:,}", f"{ready * 1e3:.1f} ms", ""))
        rows.append(
            (
                "fulcrum count + 4 metrics",
                f"{n:,}",
                f"{ours * 1e3:.1f} ms",
                f"{ours / floor:.2f}x floor",
            )
        )
        rows.append(
            (
                "fulcrum assess_fairness (all)",
                f"{n:,}",
                f"{full * 1e3:.1f} ms",
                f"{full / floor:.2f}x floor",
            )
        )
        if peer is not None:
            rows.append(
                (
                    "fairlearn MetricFrame, 4 metrics",
                    f"{n:,}",
                    f"{peer:.2f} s",
                    f"{peer / ours:,.0f}x slower than fulcrum",
                )
            )
        scores = frame["score"].to_numpy()
        sort_floor = timed(lambda scores=scores: np.sort(scores))
        rows.append(
            ("np.sort of the scores (exact-AUC floor)", f"{n:,}", f"{sort_floor * 1e3:.1f} ms", "")
        )
        weights_only = timed(lambda frame=frame: fulcrum_weights_only(frame))
        rows.append(
            (
                "fulcrum weights + 4 metrics (no score)",
                f"{n:,}",
                f"{weights_only * 1e3:.1f} ms",
                f"{weights_only / floor:.2f}x floor",
            )
        )
        weighted = timed(lambda frame=frame: fulcrum_metrics(frame, weighted=True))
        weighted_full = timed(lambda frame=frame: fulcrum_assess(frame, weighted=True), repeat=2)
        rows.append(
            (
                "fulcrum weights + exact AUC + 4 metrics",
                f"{n:,}",
                f"{weighted * 1e3:.1f} ms",
                f"{weighted / sort_floor:.2f}x the sort floor",
            )
        )
        rows.append(
            (
                "fulcrum assess_fairness weights + AUC",
                f"{n:,}",
                f"{weighted_full * 1e3:.1f} ms",
                f"{weighted_full / floor:.2f}x floor",
            )
        )
        if n <= args.peer_max:
            peer_w = timed(lambda frame=frame: metricframe_weighted(frame), repeat=1)
            rows.append(
                (
                    "fairlearn MetricFrame weighted + sklearn AUC",
                    f"{n:,}",
                    f"{peer_w:.2f} s",
                    f"{peer_w / weighted:,.0f}x slower than fulcrum (with AUC)",
                )
            )
        cli = cli_vs_script(frame, folder, n <= args.cli_peer_max)
        script = cli["script"]
        ratio = f"script {script:.2f} s, {script / cli['cli']:.1f}x" if script else ""
        rows.append(
            ("CLI on Parquet (wall, incl. start-up)", f"{n:,}", f"{cli['cli']:.2f} s", ratio)
        )
        last = frame
    if last is not None and args.bootstrap:
        base = timed(lambda: fulcrum_assess(last), repeat=7)
        boot = timed(lambda: fulcrum_assess(last, args.bootstrap), repeat=7)
        rows.append(
            (
                f"assess + bootstrap {args.bootstrap}",
                f"{len(last):,}",
                f"{boot * 1e3:.1f} ms",
                f"+{(boot - base) / base * 100:.1f}% over {base * 1e3:.1f} ms",
            )
        )
    if args.duckdb_rows:
        path = folder / f"fulcrum-bench-{args.duckdb_rows}.parquet"
        if not path.exists():
            start = time.perf_counter()
            write_big_parquet(args.duckdb_rows, path)
            print(
                f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in "
                f"{time.perf_counter() - start:.0f} s"
            )
        out = subprocess.run(
            [PYTHON, "-c", RSS_WRAPPER, str(path)],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.split()
        elapsed, rss_kb, total = float(out[0]), int(out[1]), int(out[2])
        rows.append(
            (
                "DuckDB on Parquet",
                f"{total:,}",
                f"{elapsed:.1f} s",
                f"peak RSS {rss_kb / 1024:.0f} MB",
            )
        )
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print()
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, width, strict=True)))
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
