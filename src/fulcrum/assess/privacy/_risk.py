"""Re-identification risk of a table from one grouped aggregation.

Rows are counted per combination of the quasi-identifiers and the sensitive
attribute (``Engine.count_by``); every metric then comes from those counts:
k-anonymity, distinct and entropy l-diversity, t-closeness (total variation for
categorical values, the ordered earth mover's distance for ordinal or numeric
ones), sample uniques and per-record prosecutor risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from fulcrum.engines import GroupedCounts, Source, get_engine
from fulcrum.errors import DataError, InputError

SensitiveKind = Literal["auto", "categorical", "ordinal"]

#: Largest block of (classes x sensitive values) held densely for the ordered EMD.
_EMD_BLOCK = 1 << 22


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values (missing values become their own code)."""
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def combine_codes(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One dense integer id per distinct combination of several code columns."""
    if not columns:
        return np.zeros(0, dtype=np.int64)
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    stride = 1
    for codes in columns:
        size = int(codes.max()) + 1 if len(codes) else 1
        if stride * size >= 1 << 62:
            _, combined = np.unique(combined, return_inverse=True)
            stride = int(combined.max()) + 1
        combined = combined + codes * stride
        stride *= size
    _, dense = np.unique(combined, return_inverse=True)
    return dense.astype(np.int64).reshape(-1)


@dataclass(frozen=True)
class RiskReport:
    """Re-identification risk metrics of one table and set of quasi-identifiers."""

    records: int
    equivalence_classes: int
    k: int
    unique_records: int
    max_prosecutor_risk: float
    average_prosecutor_risk: float
    records_at_risk: int
    risk_threshold: float
    l_diversity: int | None = None
    l_entropy: float | None = None
    t_closeness: float | None = None
    sensitive_kind: str | None = None
    class_sizes: dict[int, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metrics (the CLI contract keys first)."""
        return {
            "records": self.records,
            "equivalence_classes": self.equivalence_classes,
            "k": self.k,
            "l_diversity": self.l_diversity,
            "l_entropy": self.l_entropy,
            "t_closeness": self.t_closeness,
            "unique_records": self.unique_records,
            "sample_uniqueness": self.unique_records / self.records if self.records else 0.0,
            "max_prosecutor_risk": self.max_prosecutor_risk,
            "average_prosecutor_risk": self.average_prosecutor_risk,
            "records_at_risk": self.records_at_risk,
            "records_at_risk_share": self.records_at_risk / self.records if self.records else 0.0,
            "risk_threshold": self.risk_threshold,
            "sensitive_kind": self.sensitive_kind,
            "class_size_histogram": {str(k): v for k, v in sorted(self.class_sizes.items())},
        }


def _ordered(values: np.ndarray, kind: SensitiveKind) -> tuple[np.ndarray, bool]:
    """Order of the distinct sensitive values, and whether the attribute is ordinal."""
    numeric = all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
        for v in values
        if v is not None
    )
    ordinal = kind == "ordinal" or (kind == "auto" and numeric)
    if not ordinal:
        return np.arange(len(values)), False
    try:
        keys = [(v is None, v) for v in values]
        order = sorted(range(len(values)), key=lambda i: keys[i])
    except TypeError as exc:
        raise DataError(f"sensitive values cannot be ordered: {exc}") from exc
    return np.asarray(order, dtype=np.int64), True


def risk_from_counts(
    counts: GroupedCounts,
    quasi: Sequence[str],
    sensitive: str | None = None,
    *,
    sensitive_kind: SensitiveKind = "auto",
    risk_threshold: float = 0.2,
) -> RiskReport:
    """Risk metrics from rows counted per (quasi-identifiers, sensitive) combination.

    Parameters
    ----------
    counts : GroupedCounts
        Output of ``Engine.count_by(source, [*quasi, sensitive])``.
    quasi : sequence of str
        Quasi-identifier columns (keys of ``counts``).
    sensitive : str, optional
        Sensitive attribute (a key of ``counts``) for l-diversity and t-closeness.
    sensitive_kind : {"auto", "categorical", "ordinal"}
        ``ordinal`` uses the ordered EMD; ``auto`` means ordinal for numbers.
    risk_threshold : float
        A record is at risk when its prosecutor risk ``1 / class size`` exceeds this.

    Returns
    -------
    RiskReport

    Examples
    --------
    >>> from fulcrum.engines import get_engine
    >>> data = {"age": [30, 30, 40], "zip": ["1", "1", "2"], "dx": ["a", "b", "a"]}
    >>> gc = get_engine("numpy").count_by(data, ["age", "zip", "dx"])
    >>> risk_from_counts(gc, ["age", "zip"], "dx").k
    1
    """
    if not 0.0 < risk_threshold <= 1.0:
        raise InputError(f"risk_threshold must be in (0, 1], got {risk_threshold}")
    n = counts.counts.astype(np.int64)
    records = int(n.sum())
    if records == 0:
        raise DataError("the table has no rows")
    cls = combine_codes([factorize(counts.keys[q])[0] for q in quasi])
    sizes = np.bincount(cls, weights=n).astype(np.int64)
    k = int(sizes.min())
    per_record_risk = 1.0 / sizes
    at_risk = int(sizes[per_record_risk > risk_threshold].sum())
    hist_sizes, hist_counts = np.unique(sizes, return_counts=True)
    report: dict[str, Any] = {
        "records": records,
        "equivalence_classes": len(sizes),
        "k": k,
        "unique_records": int((sizes == 1).sum()),
        "max_prosecutor_risk": 1.0 / k,
        "average_prosecutor_risk": len(sizes) / records,
        "records_at_risk": at_risk,
        "risk_threshold": risk_threshold,
        "class_sizes": {int(s): int(c) for s, c in zip(hist_sizes, hist_counts, strict=True)},
    }
    if sensitive is not None:
        codes, values = factorize(counts.keys[sensitive])
        # several group rows can share (class, value) when quasi keys were generalised
        pair = combine_codes([cls, codes])
        pair_n = np.bincount(pair, weights=n)
        first = np.zeros(len(pair_n), dtype=np.int64)
        first[pair] = np.arange(len(pair))
        pcls, pcode = cls[first], codes[first]
        p = pair_n / sizes[pcls]
        report["l_diversity"] = int(np.bincount(pcls).min())
        entropy = -np.bincount(pcls, weights=p * np.log(p), minlength=len(sizes))
        report["l_entropy"] = float(np.exp(entropy.min()))
        q = np.bincount(codes, weights=n, minlength=len(values)) / records
        order, ordinal = _ordered(values, sensitive_kind)
        report["sensitive_kind"] = "ordinal" if ordinal else "categorical"
        if ordinal:
            rank = np.empty(len(values), dtype=np.int64)
            rank[order] = np.arange(len(values))
            report["t_closeness"] = _ordered_emd(pcls, rank[pcode], p, q[order], len(sizes))
        else:
            diff = np.bincount(pcls, weights=np.abs(p - q[pcode]) - q[pcode], minlength=len(sizes))
            report["t_closeness"] = float(max(0.0, 0.5 * (1.0 + diff).max()))
    return RiskReport(**report)


def _ordered_emd(
    pcls: np.ndarray, rank: np.ndarray, p: np.ndarray, q_sorted: np.ndarray, classes: int
) -> float:
    """Largest ordered EMD ``sum_i |cum(p - q)_i| / (m - 1)`` over classes, in dense blocks."""
    m = len(q_sorted)
    if m < 2:
        return 0.0
    block = max(1, _EMD_BLOCK // m)
    order = np.argsort(pcls, kind="stable")
    pcls, rank, p = pcls[order], rank[order], p[order]
    bounds = np.searchsorted(pcls, np.arange(0, classes + block, block))
    worst = 0.0
    for b in range(len(bounds) - 1):
        lo, hi = bounds[b], bounds[b + 1]
        if lo == hi:
            continue
        first = b * block
        dense = np.zeros((min(block, classes - first), m))
        dense[pcls[lo:hi] - first, rank[lo:hi]] = p[lo:hi]
        cum = np.cumsum(dense - q_sorted, axis=1)
        worst = max(worst, float(np.abs(cum).sum(axis=1).max()) / (m - 1))
    return worst


def assess_risk(
    source: Source,
    quasi: Sequence[str],
    sensitive: str | None = None,
    *,
    engine: str = "auto",
    sensitive_kind: SensitiveKind = "auto",
    risk_threshold: float = 0.2,
) -> RiskReport:
    """Re-identification risk of ``source`` for the quasi-identifiers ``quasi``.

    Parameters
    ----------
    source : path or table
        CSV/Parquet path, or a pandas/Polars/Arrow table.
    quasi : sequence of str
        Quasi-identifier columns.
    sensitive : str, optional
        Sensitive attribute for l-diversity and t-closeness.
    engine : {"auto", "numpy", "duckdb"}
        ``auto`` streams files through DuckDB and counts in-memory tables with NumPy.
    sensitive_kind, risk_threshold
        See ``risk_from_counts``.

    Returns
    -------
    RiskReport
    """
    quasi = list(quasi)
    if not quasi:
        raise InputError("give at least one quasi-identifier column")
    if sensitive is not None and sensitive in quasi:
        raise InputError(f"column {sensitive!r} cannot be both quasi-identifier and sensitive")
    if engine == "auto":
        from pathlib import Path

        engine = "duckdb" if isinstance(source, str | Path) else "numpy"
    keys = [*quasi, *([sensitive] if sensitive else [])]
    counts = get_engine(engine).count_by(source, keys)
    return risk_from_counts(
        counts, quasi, sensitive, sensitive_kind=sensitive_kind, risk_threshold=risk_threshold
    )
