"""Bootstrap from the aggregated counts: a multinomial draw of the cells.

Resampling ``n`` rows with replacement and counting them into the cells (group,
label, prediction) gives cell counts distributed exactly as
``Multinomial(n, cells / n)``. Every count-based metric of a row bootstrap
replicate is therefore a function of one multinomial draw, so 1,000 replicates
cost 1,000 draws of a few dozen numbers, whatever the number of rows.

Percentile intervals from these replicates are reported for each group metric and
for each max-min gap, but the gap's percentile interval is biased away from zero
(the maximum of noisy gaps exceeds the true gap), so verdicts on disparities use
the simultaneous intervals of ``_intervals`` instead.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from fulcrum.assess.fairness._rates import METRICS, metric


def resample_counts(confusion: np.ndarray, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """``replicates`` bootstrap copies of the counts, shape ``(replicates, *confusion.shape)``."""
    flat = np.asarray(confusion, dtype=np.int64).reshape(-1)
    total = int(flat.sum())
    draws = rng.multinomial(total, flat / total, size=replicates)
    return draws.reshape(replicates, *confusion.shape)


def _percentiles(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    tail = 100.0 * (1.0 - level) / 2.0
    if not np.isnan(values).any():
        lo, hi = np.percentile(values, [tail, 100.0 - tail], axis=0)
        return lo, hi
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = np.nanpercentile(values, [tail, 100.0 - tail], axis=0)
    return lo, hi


def bootstrap_summary(
    confusion: np.ndarray,
    replicates: int,
    level: float,
    seed: int | None,
    rows: np.ndarray | None = None,
) -> dict[str, Any]:
    """Percentile intervals of every group metric and every max-min gap and min/max ratio.

    With sample weights (``rows`` are the row counts, ``confusion`` the summed
    weights) the rows are resampled and each cell keeps its mean weight.
    """
    rng = np.random.default_rng(seed)
    if rows is None:
        draws = resample_counts(confusion, replicates, rng)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_weight = np.where(rows > 0, confusion / np.where(rows > 0, rows, 1), 0.0)
        draws = resample_counts(rows, replicates, rng) * mean_weight
    columns: list[np.ndarray] = []  # every replicated quantity, one percentile call for all
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name in METRICS:
            values = metric(name, draws)  # (replicates, groups)
            top, bottom = np.nanmax(values, axis=1), np.nanmin(values, axis=1)
            ratio = np.where(top > 0, bottom / np.where(top > 0, top, 1.0), np.nan)
            columns += [values, (top - bottom)[:, None], ratio[:, None]]
        lo, hi = _percentiles(np.concatenate(columns, axis=1), level)
    groups: dict[str, list[list[float | None]]] = {}
    gaps: dict[str, list[float | None]] = {}
    at = 0
    for name in METRICS:
        width = columns[0].shape[1]
        groups[name] = [
            [_f(a), _f(b)] for a, b in zip(lo[at : at + width], hi[at : at + width], strict=True)
        ]
        gaps[f"{name}_difference"] = [_f(lo[at + width]), _f(hi[at + width])]
        gaps[f"{name}_ratio"] = [_f(lo[at + width + 1]), _f(hi[at + width + 1])]
        at += width + 2
    return {
        "replicates": replicates,
        "method": "multinomial resampling of the aggregated cells (equal to a row bootstrap)",
        "note": "percentile intervals; the max-min gap interval is biased away from zero, "
        "so disparity verdicts use the simultaneous Newcombe intervals instead",
        "groups": groups,
        "disparities": gaps,
    }


def _f(value: Any) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value
