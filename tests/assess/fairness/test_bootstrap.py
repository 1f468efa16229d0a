"""Bootstrap from counts equals a row bootstrap; the disparity interval covers as it should."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ks_2samp

from fulcrum.assess.fairness import assess_fairness, gap_interval, resample_counts
from fulcrum.assess.fairness._rates import rate


def _rows(seed: int = 0, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 2, n)
    y = (rng.random(n) < 0.4).astype(int)
    p = np.where(rng.random(n) < 0.7, y, 1 - y)
    cell = group * 4 + y * 2 + p
    return cell, np.bincount(cell, minlength=8).reshape(2, 2, 2)


def test_multinomial_of_cells_is_the_row_bootstrap() -> None:
    cell, confusion = _rows()
    replicates = 3_000
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(cell), size=(replicates, len(cell)))
    resampled = cell[picks]
    row_counts = np.stack([np.bincount(r, minlength=8) for r in resampled]).reshape(-1, 2, 2, 2)
    cell_counts = resample_counts(confusion, replicates, np.random.default_rng(2))
    assert cell_counts.shape == row_counts.shape
    for name in ("fpr", "selection_rate", "ppv"):
        rows_metric = rate(name, row_counts)[:, 0]
        cells_metric = rate(name, cell_counts)[:, 0]
        assert ks_2samp(rows_metric, cells_metric).pvalue > 0.01, name
        assert cells_metric.std() == pytest.approx(rows_metric.std(), rel=0.08)
    # group sizes vary as in a row bootstrap (not stratified)
    assert cell_counts.sum(axis=(2, 3))[:, 0].std() > 0


def _simulate(rates: list[float], n: int, runs: int, seed: int):
    rng = np.random.default_rng(seed)
    sizes = np.full(len(rates), n)
    return rng.binomial(sizes, rates, size=(runs, len(rates))), sizes


def test_gap_interval_covers_zero_at_parity_where_percentile_bootstrap_does_not() -> None:
    successes, sizes = _simulate([0.3, 0.3, 0.3], 200, 300, seed=3)
    ours = [gap_interval(k, sizes, 0.95) for k in successes]
    coverage = np.mean([lo == 0.0 for lo, _ in ours])
    assert coverage >= 0.93
    rng = np.random.default_rng(4)
    percentile_cover = []
    for k in successes[:150]:
        confusion = np.zeros((3, 2, 2), dtype=np.int64)
        confusion[:, 0, 1], confusion[:, 0, 0] = k, sizes - k  # selection rate = fpr here
        draws = resample_counts(confusion, 300, rng)
        sel = rate("selection_rate", draws)
        gaps = sel.max(axis=1) - sel.min(axis=1)
        lo = np.percentile(gaps, 2.5)
        percentile_cover.append(lo <= 0.0)
    assert np.mean(percentile_cover) < 0.2


def test_gap_interval_covers_a_true_gap() -> None:
    successes, sizes = _simulate([0.3, 0.3, 0.42], 300, 400, seed=5)
    true_gap = 0.12
    ours = [gap_interval(k, sizes, 0.9) for k in successes]
    coverage = np.mean([lo <= true_gap <= hi for lo, hi in ours])
    assert coverage >= 0.9


def test_bootstrap_section_of_the_report() -> None:
    cell, _ = _rows(seed=7, n=2_000)
    data = {"g": cell // 4, "y": (cell // 2) % 2, "p": cell % 2}
    report = assess_fairness(
        data, label="y", pred="p", sensitive="g", bootstrap=500, random_state=0
    )
    boot = report.to_dict()["bootstrap"]
    assert boot["replicates"] == 500
    lo, hi = boot["groups"]["fpr"][0]
    point = report.to_dict()["groups"][0]["fpr"]
    assert lo < point < hi
    again = assess_fairness(data, label="y", pred="p", sensitive="g", bootstrap=500, random_state=0)
    assert again.to_dict()["bootstrap"] == boot
