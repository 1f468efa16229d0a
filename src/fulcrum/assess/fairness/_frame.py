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
from fulcrum.assess.fairness._messages import REFERENCE_ARITY, UNKNOWN_REFERENCE
from fulcrum.assess.fairness._rates import METRICS, RATES, fraction, metric
from fulcrum.errors import InputError

Method = Literal["between_groups", "to_overall", "to_reference"]


class GroupMetrics:
    """Metrics per group (and overall) computed from ``FairnessCounts``.

    Parameters
    ----------
    counts : FairnessCounts
        The aggregated confusion counts per group.
    confidence_level : float, default 0.95
        Confidence level of the Wilson intervals.
    reference : str, tuple of str or dict, optional
        The reference group: its value, one value per sensitive column (a tuple,
        a dict ``{column: value}`` or a comma-separated string in column order).

    Examples
    --------
    >>> from fulcrum.assess.fairness import metric_frame
    >>> frame = metric_frame([1, 0, 1, 0], [1, 1, 0, 0], sensitive_features=["a", "a", "b", "b"])
    >>> frame
    GroupMetrics(sensitive=['sensitive_feature_0'], groups=2, rows=4, confidence_level=0.95)
    >>> frame.by_group["selection_rate"].tolist()
    [1.0, 0.0]
    >>> frame.difference("selection_rate")
    1.0
    """

    def __init__(
        self, counts: FairnessCounts, *, confidence_level: float = 0.95, reference: Any = None
    ) -> None:
        self.counts = counts
        self.confidence_level = confidence_level
        self.reference_index = self._find_reference(reference)

    @property
    def ci(self) -> float:
        """Alias of ``confidence_level``."""
        return self.confidence_level

    def __repr__(self) -> str:
        return (
            f"GroupMetrics(sensitive={list(self.counts.sensitive)}, groups={len(self.groups)}, "
            f"rows={self.counts.total}, confidence_level={self.confidence_level:g})"
        )

    def _find_reference(self, reference: Any) -> int | None:
        if reference is None:
            return None
        columns = self.counts.sensitive
        if isinstance(reference, str):
            wanted = (
                tuple(v.strip() for v in reference.split(",")) if len(columns) > 1 else (reference,)
            )
        elif isinstance(reference, dict):
            missing = [c for c in columns if c not in reference]
            if missing:
                raise InputError(
                    f"reference {reference!r} lacks a value for column(s) {', '.join(missing)}"
                )
            wanted = tuple(str(reference[c]) for c in columns)
        else:
            wanted = tuple(str(v) for v in reference)
        if len(wanted) != len(columns):
            example = next(
                (g for g in self.counts.groups if set(wanted) <= set(g)), self.counts.groups[0]
            )
            raise InputError(
                REFERENCE_ARITY.format(
                    reference=",".join(wanted),
                    given=len(wanted),
                    expected=len(columns),
                    columns=", ".join(columns),
                    example=",".join(example),
                )
            )
        if wanted not in self.counts.groups:
            shown = "; ".join(",".join(g) for g in self.counts.groups[:20])
            raise InputError(UNKNOWN_REFERENCE.format(reference=",".join(wanted), groups=shown))
        return self.counts.groups.index(wanted)

    @property
    def groups(self) -> list[dict[str, str]]:
        """The groups, each as ``{column: value}``."""
        return self.counts.group_dicts()

    @property
    def n(self) -> np.ndarray:
        """Rows (summed sample weights) per group."""
        return self.counts.n

    @cached_property
    def _values(self) -> dict[str, np.ndarray]:
        return {name: metric(name, self.counts.confusion) for name in METRICS}

    def values(self, name: str) -> np.ndarray:
        """One metric, one value per group (NaN where undefined), as a NumPy array."""
        return self._values[name]

    @cached_property
    def _overall(self) -> dict[str, float]:
        pooled = self.counts.confusion.sum(axis=0)
        return {name: float(metric(name, pooled)) for name in METRICS}

    @property
    def by_group(self) -> Any:
        """Every metric per group: a pandas DataFrame indexed by the sensitive columns."""
        return self.to_frame()

    @property
    def overall(self) -> Any:
        """Every metric over all rows: a pandas Series."""
        import pandas as pd

        return pd.Series(self._overall, name="overall")

    def fraction(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Numerator and denominator of a rate per group, as effective counts.

        Without weights these are row counts. With sample weights the denominator
        is Kish's effective sample size ``(sum w)^2 / sum w^2`` and the numerator
        keeps the weighted rate: ``k_eff / n_eff = k_w / n_w``.
        """
        k, n = fraction(name, self.counts.confusion)
        if self.counts.weight_sq is None:
            return k, n
        _, n_sq = fraction(name, self.counts.weight_sq)
        with np.errstate(invalid="ignore", divide="ignore"):
            n_eff = np.where(n_sq > 0, n * n / np.where(n_sq > 0, n_sq, 1.0), 0.0)
            k_eff = np.where(n > 0, k / np.where(n > 0, n, 1.0) * n_eff, 0.0)
        return k_eff, n_eff

    def interval(self, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Wilson interval per group of a rate (None for metrics that are not proportions)."""
        if name not in RATES:
            return None
        k, n = self.fraction(name)
        return wilson(k, n, self.confidence_level)

    def difference(self, name: str, method: Method = "between_groups") -> float:
        """Largest gap of a metric: between groups, to the overall value, or to the reference."""
        values = self._values[name]
        if np.isnan(values).all():
            return float("nan")
        if method == "between_groups":
            return float(np.nanmax(values) - np.nanmin(values))
        if method == "to_overall":
            return float(np.nanmax(np.abs(values - self._overall[name])))
        return float(np.nanmax(np.abs(values - values[self._reference()])))

    def ratio(self, name: str, method: Method = "between_groups") -> float:
        """Smallest ratio of a metric: min/max between groups, or to the overall/reference."""
        values = self._values[name]
        if np.isnan(values).all():
            return float("nan")
        if method == "between_groups":
            top = float(np.nanmax(values))
            return float(np.nanmin(values)) / top if top > 0 else float("nan")
        base = self._overall[name] if method == "to_overall" else values[self._reference()]
        with np.errstate(divide="ignore", invalid="ignore"):
            both = np.minimum(values / base, base / values)
        return float(np.nanmin(both)) if not np.isnan(both).all() else float("nan")

    def _reference(self) -> int:
        if self.reference_index is None:
            raise InputError("method 'to_reference' needs a reference group")
        return self.reference_index

    def to_frame(self) -> Any:
        """The metrics per group as a pandas DataFrame indexed by the sensitive columns."""
        import pandas as pd

        names = list(self.counts.sensitive)
        if len(names) == 1:
            index = pd.Index([g[0] for g in self.counts.groups], name=names[0])
        else:
            index = pd.MultiIndex.from_tuples(self.counts.groups, names=names)
        return pd.DataFrame({"n": self.n, **self._values}, index=index)

    to_pandas = to_frame
