"""Corruptions of tabular features, each a pure function of the data, a severity and a seed.

- ``gaussian``: add N(0, (severity x the feature's standard deviation)^2) to each numeric cell;
- ``missing``: blank each cell with probability ``severity``;
- ``category_swap``: with probability ``severity``, replace a categorical cell by another
  category seen in that column (uniformly among the others);
- ``out_of_range``: with probability ``severity``, move a numeric cell beyond the observed
  range by between 0.1 and 1 times the range (below the minimum or above the maximum).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fulcrum.assess.robustness._messages import BAD_SEVERITY, UNKNOWN_CORRUPTION
from fulcrum.errors import InputError


@dataclass(frozen=True)
class Profile:
    """What the corruptions need to know about the clean data, computed once.

    ``matrix`` holds the numeric features as one float array (rows x features), so each
    corruption is a few whole-array operations rather than a loop over columns.
    """

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    matrix: np.ndarray = field(repr=False)
    scale: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    categories: dict[str, np.ndarray]

    def vector(self, values: dict[str, float]) -> np.ndarray:
        """A per-numeric-feature mapping as an array in column order."""
        return np.asarray([values[c] for c in self.numeric], dtype=np.float64)


def profile(X: Any, numeric: tuple[str, ...], categorical: tuple[str, ...]) -> Profile:
    """Per-feature standard deviation, range and categories of the clean data."""
    matrix = np.ascontiguousarray(
        X[list(numeric)].to_numpy(dtype=np.float64, na_value=np.nan)
        if numeric
        else np.empty((len(X), 0))
    )
    with np.errstate(all="ignore"):
        scale, low, high = (
            (f(matrix, axis=0) if len(matrix) else np.zeros(len(numeric)))
            for f in (np.nanstd, np.nanmin, np.nanmax)
        )
    return Profile(
        numeric=numeric,
        categorical=categorical,
        matrix=matrix,
        scale=dict(zip(numeric, map(float, scale), strict=True)),
        low=dict(zip(numeric, map(float, low), strict=True)),
        high=dict(zip(numeric, map(float, high), strict=True)),
        categories={c: X[c].dropna().unique() for c in categorical},
    )


def _with_numeric(X: Any, info: Profile, matrix: np.ndarray) -> Any:
    """``X`` with its numeric columns replaced by ``matrix`` (other columns shared, not copied)."""
    import pandas as pd

    out = pd.DataFrame(matrix, columns=list(info.numeric), index=X.index, copy=False)
    for c in info.categorical:
        out[c] = X[c]
    order = list(X.columns)
    return out if list(out.columns) == order else out[order]


def gaussian(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Gaussian noise scaled per numeric feature."""
    noise = rng.standard_normal(info.matrix.shape, dtype=np.float32).astype(np.float64)
    noise *= severity * info.vector(info.scale)
    noise += info.matrix
    return _with_numeric(X, info, noise)


def missing(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Missing values at random, in every feature."""
    matrix = info.matrix.copy()
    matrix[rng.random(matrix.shape, dtype=np.float32) < severity] = np.nan
    out = _with_numeric(X, info, matrix)
    for c in info.categorical:
        hit = rng.random(len(out)) < severity
        if hit.any():
            column = out[c].to_numpy(dtype=object, copy=True)
            column[hit] = None
            out[c] = column
    return out


def category_swap(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Categorical cells replaced by another observed category."""
    out = X.copy(deep=False)
    for c in info.categorical:
        cats = info.categories[c]
        if len(cats) < 2:
            continue
        column = out[c].to_numpy(dtype=object).copy()
        hit = np.flatnonzero(rng.random(len(column)) < severity)
        if not hit.size:
            continue
        codes = {v: i for i, v in enumerate(cats.tolist())}
        own = np.asarray([codes.get(v, -1) for v in column[hit]], dtype=np.int64)
        # a uniform draw among the other categories: shift by 1..k-1 modulo k
        shift = rng.integers(1, len(cats), len(hit))
        column[hit] = cats[np.where(own >= 0, (own + shift) % len(cats), shift - 1)]
        out[c] = type(out[c])(column, index=out.index, dtype=out[c].dtype)
    return out


def out_of_range(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Numeric cells moved beyond the observed minimum or maximum."""
    matrix = info.matrix.copy()
    rows, cols = np.nonzero(rng.random(matrix.shape, dtype=np.float32) < severity)
    low, high = info.vector(info.low), info.vector(info.high)
    span = np.maximum(high - low, 1e-12)[cols]
    distance = span * rng.uniform(0.1, 1.0, rows.size)
    above = rng.random(rows.size) < 0.5
    matrix[rows, cols] = np.where(above, high[cols] + distance, low[cols] - distance)
    return _with_numeric(X, info, matrix)


Corruption = Callable[[Any, float, np.random.Generator, Profile], Any]
CORRUPTIONS: dict[str, Corruption] = {
    "gaussian": gaussian,
    "missing": missing,
    "category_swap": category_swap,
    "out_of_range": out_of_range,
}
#: Severity grids: noise in standard deviations; otherwise the share of cells corrupted.
DEFAULT_SEVERITIES: dict[str, tuple[float, ...]] = {
    "gaussian": (0.05, 0.1, 0.25, 0.5, 1.0),
    "missing": (0.01, 0.05, 0.1, 0.25),
    "category_swap": (0.01, 0.05, 0.1, 0.25),
    "out_of_range": (0.01, 0.05, 0.1, 0.25),
}
_TOP = {"gaussian": 100.0, "missing": 1.0, "category_swap": 1.0, "out_of_range": 1.0}


def check_corruption(name: str, severities: tuple[float, ...]) -> None:
    """Refuse an unknown corruption or a severity outside its range."""
    if name not in CORRUPTIONS:
        raise InputError(UNKNOWN_CORRUPTION.format(name=name, known=", ".join(CORRUPTIONS)))
    for value in severities:
        if not 0.0 <= value <= _TOP[name]:
            raise InputError(BAD_SEVERITY.format(corruption=name, top=_TOP[name], value=value))


def applies(name: str, info: Profile) -> bool:
    """Whether the data has the kind of feature this corruption touches."""
    if name == "category_swap":
        return bool(info.categorical)
    if name in ("gaussian", "out_of_range"):
        return bool(info.numeric)
    return True
