"""``GroupMetrics``: every group metric of every group, from the aggregated counts.

It plays the part of Fairlearn's ``MetricFrame`` (``by_group``, ``overall``,
``difference``, ``ratio``), but holds counts, not rows, so a new metric or a
bootstrap replicate costs a few array operations whatever the data size.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

import numpy as np

from fulcrum.assess.fairness._counts import FairnessCounts
from fulcrum.assess.fairness._intervals import wilson
from fulcrum.assess.fairness._messages import UNKNOWN_REFERENCE
from fulcrum.assess.fairness._rates import METRICS, RATES, fraction, metric
from fulcrum.errors import InputError

Method = Literal["between_groups", "to_overall", "to_reference"]


class GroupMetrics:
    """Metrics per group (and overall) computed from ``FairnessCounts``.

    Parameters
    ----------
    counts : FairnessCounts
        The aggregated confusion counts per group.
    ci : float, default 0.95
        Confidence level of the Wilson intervals.
    reference : str or tuple of str, optional
        The reference group (its value, or values for several sensitive columns).
    """

    def __init__(self, counts: FairnessCounts, *, ci: float = 0.95, reference: Any = None) -> None:
        self.counts = counts
        self.ci = ci
        self.reference_index = self._find_reference(reference)

    def _find_reference(self, reference: Any) -> int | None:
        if reference is None:
            return None
        if isinstance(reference, str):
            wanted = tuple(reference.split(",")) if len(self.counts.sensitive) > 1 else (reference,)
        elif isinstance(reference, dict):
            wanted = tuple(str(reference[c]) for c in self.counts.sensitive)
        else:
            wanted = tuple(str(v) for v in reference)
        if wanted not in self.counts.groups:
            shown = ", ".join(",".join(g) for g in self.counts.groups[:20])
            raise InputError(UNKNOWN_REFERENCE.format(reference=",".join(wanted), groups=shown))
        return self.counts.groups.index(wanted)

    @property
    def groups(self) -> list[dict[str, str]]:
        """The groups, each as ``{column: value}``."""
        return self.counts.group_dicts()

    @property
    def n(self) -> np.ndarray:
        """Rows per group."""
        return self.counts.n

    @cached_property
    def by_group(self) -> dict[str, np.ndarray]:
        """Every metric, one value per group (NaN where undefined)."""
        return {name: metric(name, self.counts.confusion) for name in METRICS}

    @cached_property
    def overall(self) -> dict[str, float]:
        """Every metric over all rows."""
        pooled = self.counts.confusion.sum(axis=0)
        return {name: float(metric(name, pooled)) for name in METRICS}

    def interval(self, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Wilson interval per group of a rate (None for metrics that are not proportions)."""
        if name not in RATES:
            return None
        k, n = fraction(name, self.counts.confusion)
        return wilson(k, n, self.ci)

    def difference(self, name: str, method: Method = "between_groups") -> float:
        """Largest gap of a metric: between groups, to the overall value, or to the reference."""
        values = self.by_group[name]
        if np.isnan(values).all():
            return float("nan")
        if method == "between_groups":
            return float(np.nanmax(values) - np.nanmin(values))
        if method == "to_overall":
            return float(np.nanmax(np.abs(values - self.overall[name])))
        return float(np.nanmax(np.abs(values - values[self._reference()])))

    def ratio(self, name: str, method: Method = "between_groups") -> float:
        """Smallest ratio of a metric: min/max between groups, or to the overall/reference."""
        values = self.by_group[name]
        if np.isnan(values).all():
            return float("nan")
        if method == "between_groups":
            top = float(np.nanmax(values))
            return float(np.nanmin(values)) / top if top > 0 else float("nan")
        base = self.overall[name] if method == "to_overall" else values[self._reference()]
        with np.errstate(divide="ignore", invalid="ignore"):
            both = np.minimum(values / base, base / values)
        return float(np.nanmin(both)) if not np.isnan(both).all() else float("nan")

    def _reference(self) -> int:
        if self.reference_index is None:
            raise InputError("method 'to_reference' needs a reference group")
        return self.reference_index

    def to_pandas(self) -> Any:
        """The metrics per group as a pandas DataFrame indexed by the sensitive columns."""
        import pandas as pd

        index = pd.MultiIndex.from_tuples(self.counts.groups, names=list(self.counts.sensitive))
        frame = pd.DataFrame({"n": self.n, **self.by_group}, index=index)
        return frame
