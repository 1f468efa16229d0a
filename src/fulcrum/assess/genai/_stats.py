"""Wilson score interval of a proportion (counts in, bounds out)."""

from __future__ import annotations

import math
from statistics import NormalDist


def wilson(k: int, n: int, *, level: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval of ``k / n`` at ``level``; None when ``n == 0``.

    Examples
    --------
    >>> wilson(95, 100)
    (0.8882..., 0.9784...)
    """
    if n <= 0:
        return None
    if not 0 <= k <= n:
        raise ValueError(f"k must be in [0, n], got k={k}, n={n}")
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi
