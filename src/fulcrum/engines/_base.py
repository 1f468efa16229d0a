"""The engine interface: one grouped aggregation, run where the data lives."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from fulcrum.errors import EngineError

#: A table: a CSV/Parquet path, or an in-memory pandas/Polars/Arrow table or dict of arrays.
Source = Any
#: A summed quantity: one column, or a tuple of columns whose product is summed.
Sum = str | tuple[str, ...]


def sum_name(term: Sum) -> str:
    """The key of a summed quantity in ``GroupedCounts.sums`` (``"w*w"`` for a product)."""
    return term if isinstance(term, str) else "*".join(term)


def sum_columns(terms: Sequence[Sum]) -> list[str]:
    """Every column a list of summed quantities reads."""
    out: list[str] = []
    for term in terms:
        out.extend([term] if isinstance(term, str) else term)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class UniformBins:
    """Cut a numeric column into ``count`` equal bins over ``[low, high]``.

    Values below ``low`` fall in bin 0 and values above ``high`` in the last
    bin; missing values get bin ``-1``. With ``negate`` the bins are those of
    ``-value`` (for distances, where lower is more similar, so that bins still
    run from least to most similar).
    """

    low: float
    high: float
    count: int
    negate: bool = False

    def __post_init__(self) -> None:
        if not self.high > self.low:
            raise ValueError(f"bins need high > low, got [{self.low}, {self.high}]")
        if self.count < 1:
            raise ValueError(f"bins need count >= 1, got {self.count}")

    def index(self, values: np.ndarray) -> np.ndarray:
        """Bin index of each value (int64), ``-1`` for NaN."""
        values = np.asarray(values, dtype=np.float64)
        if self.negate:
            values = -values
        scaled = (values - self.low) * (self.count / (self.high - self.low))
        idx = np.floor(np.nan_to_num(scaled, nan=-1.0)).astype(np.int64)
        idx = np.clip(idx, 0, self.count - 1)
        idx[np.isnan(values)] = -1
        return idx

    def edges(self) -> np.ndarray:
        """The ``count + 1`` bin edges."""
        return np.linspace(self.low, self.high, self.count + 1)


@dataclass(frozen=True)
class GroupedCounts:
    """Rows counted (and columns summed) per distinct combination of key values.

    ``keys[name][i]`` is the value of key ``name`` in group ``i``; a binned key
    holds the bin index. Groups with no rows are absent.
    """

    keys: dict[str, np.ndarray]
    counts: np.ndarray
    sums: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Number of rows scanned."""
        return int(self.counts.sum())

    def sorted(self) -> GroupedCounts:
        """The same groups in a deterministic order (by key values as strings)."""
        if not len(self.counts):
            return self
        order = sorted(
            range(len(self.counts)),
            key=lambda i: tuple(str(self.keys[k][i]) for k in self.keys),
        )
        idx = np.asarray(order, dtype=np.int64)
        return GroupedCounts(
            keys={k: v[idx] for k, v in self.keys.items()},
            counts=self.counts[idx],
            sums={k: v[idx] for k, v in self.sums.items()},
        )


class Engine(ABC):
    """Runs grouped aggregations over a source table."""

    name: ClassVar[str]

    @abstractmethod
    def columns(self, source: Source) -> list[str]:
        """Column names of ``source``."""

    @abstractmethod
    def count_by(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        bins: Mapping[str, UniformBins] | None = None,
        sums: Sequence[Sum] = (),
    ) -> GroupedCounts:
        """Count rows per combination of ``keys`` (binned where ``bins`` says) and sum ``sums``.

        A sum is a column, or a tuple of columns whose product is summed (``("w", "w")``
        for the sum of squared weights); ``GroupedCounts.sums`` is keyed by ``sum_name``.
        """

    @abstractmethod
    def profile(self, source: Source, column: str) -> tuple[float, float, int]:
        """Minimum, maximum and (approximate) number of distinct values of a numeric column."""

    @abstractmethod
    def rank_wins(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        label: str,
        positive: Sequence[Any],
        score: str,
        weight: str | None = None,
    ) -> GroupedCounts:
        """Per combination of ``keys``: the weighted pairs a positive outscores a negative.

        A row is positive when ``label`` is one of ``positive``. ``sums`` holds ``wins``
        (ties count half), ``pos`` and ``neg`` (their weights): ``wins / (pos * neg)``
        is the exact ROC AUC of the group, whatever the number of distinct scores.
        """

    def check_columns(self, source: Source, wanted: Sequence[str]) -> None:
        """Raise a clear error naming any wanted column the source lacks."""
        from fulcrum.errors import DataError

        present = self.columns(source)
        missing = [c for c in wanted if c not in present]
        if missing:
            where = f"{source}" if isinstance(source, str | Path) else "the table"
            raise DataError(
                f"{where}: no column {', '.join(repr(c) for c in missing)}; "
                f"columns are {', '.join(present)}"
            )


def get_engine(name: str | Engine) -> Engine:
    """The engine called ``name`` (``numpy``, ``duckdb``, ``spark``, ...); an Engine passes."""
    if isinstance(name, Engine):
        return name
    try:
        module = importlib.import_module(f"fulcrum.engines.{name}_engine")
    except ModuleNotFoundError as exc:
        if exc.name == f"fulcrum.engines.{name}_engine":
            raise EngineError(f"unknown engine {name!r}") from exc
        raise EngineError(f"engine {name!r} needs {exc.name!r}, which is not installed") from exc
    engine: Engine = module.ENGINE
    return engine
