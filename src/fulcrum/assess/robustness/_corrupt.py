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
from dataclasses import dataclass
from typing import Any

import numpy as np

from fulcrum.assess.robustness._messages import BAD_SEVERITY, UNKNOWN_CORRUPTION
from fulcrum.errors import InputError


@dataclass(frozen=True)
class Profile:
    """What the corruptions need to know about the clean data."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    scale: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    categories: dict[str, np.ndarray]


def profile(X: Any, numeric: tuple[str, ...], categorical: tuple[str, ...]) -> Profile:
    """Per-feature standard deviation, range and categories of the clean data."""
    values = {c: X[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in numeric}
    return Profile(
        numeric=numeric,
        categorical=categorical,
        scale={c: float(np.nanstd(v)) for c, v in values.items()},
        low={c: float(np.nanmin(v)) for c, v in values.items()},
        high={c: float(np.nanmax(v)) for c, v in values.items()},
        categories={c: X[c].dropna().unique() for c in categorical},
    )


def gaussian(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Gaussian noise scaled per numeric feature."""
    out = X.copy()
    for c in info.numeric:
        column = out[c].to_numpy(dtype=np.float64, na_value=np.nan)
        out[c] = column + rng.normal(0.0, severity * info.scale[c], len(column))
    return out


def missing(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Missing values at random, in every feature."""
    out = X.copy()
    for c in (*info.numeric, *info.categorical):
        hit = rng.random(len(out)) < severity
        if hit.any():
            if c in info.numeric:
                out[c] = out[c].to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                out[c] = out[c].astype(object)
            out.loc[hit, c] = np.nan if c in info.numeric else None
    return out


def category_swap(X: Any, severity: float, rng: np.random.Generator, info: Profile) -> Any:
    """Categorical cells replaced by another observed category."""
    out = X.copy()
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
    out = X.copy()
    for c in info.numeric:
        column = out[c].to_numpy(dtype=np.float64, na_value=np.nan).copy()
        hit = rng.random(len(column)) < severity
        span = max(info.high[c] - info.low[c], 1e-12)
        distance = span * rng.uniform(0.1, 1.0, int(hit.sum()))
        above = rng.random(int(hit.sum())) < 0.5
        column[hit] = np.where(above, info.high[c] + distance, info.low[c] - distance)
        out[c] = column
    return out


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
