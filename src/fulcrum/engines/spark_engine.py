"""Spark engine: the same grouped aggregation, run by Spark itself (optional extra).

Accepts a PySpark DataFrame or a Spark-readable path (Parquet, CSV, or a folder
of them); the GROUP BY runs in the cluster and only the aggregated cells come
back to the driver. Binned keys use a Spark expression equal to
``UniformBins.index``. Needs ``pip install 'fulcrum[spark]'`` and a JVM.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.engines._base import (
    Engine,
    GroupedCounts,
    Source,
    Sum,
    UniformBins,
    sum_columns,
    sum_name,
)
from fulcrum.errors import DataError, EngineError, missing_extra


def _functions() -> Any:
    try:
        from pyspark.sql import functions
    except ModuleNotFoundError as exc:
        raise missing_extra("pyspark", "spark") from exc
    return functions


def is_spark_frame(source: Any) -> bool:
    """Whether ``source`` is a PySpark DataFrame (classic or Spark Connect)."""
    return type(source).__name__ == "DataFrame" and type(source).__module__.startswith("pyspark")


def bin_column(column: str, binning: UniformBins) -> Any:
    """Spark expression giving the same bin index as ``UniformBins.index``."""
    f = _functions()
    value = f.col(column).cast("double")
    if binning.negate:
        value = -value
    scale = binning.count / (binning.high - binning.low)
    index = f.least(
        f.greatest(f.floor((value - f.lit(binning.low)) * f.lit(scale)), f.lit(0)),
        f.lit(binning.count - 1),
    )
    return f.when(value.isNull() | f.isnan(value), f.lit(-1)).otherwise(index).cast("long")


def _product(term: Sum) -> Any:
    f = _functions()
    names = [term] if isinstance(term, str) else list(term)
    out = f.col(names[0]).cast("double")
    for name in names[1:]:
        out = out * f.col(name).cast("double")
    return out


class SparkEngine(Engine):
    """Runs ``count_by`` as a Spark ``groupBy().agg()``."""

    name = "spark"

    def __init__(self, session: Any = None, master: str = "local[*]") -> None:
        self._session = session
        self.master = master

    def session(self) -> Any:
        """The active SparkSession, or a new local one."""
        if self._session is not None:
            return self._session
        try:
            from pyspark.sql import SparkSession
        except ModuleNotFoundError as exc:
            raise missing_extra("pyspark", "spark") from exc
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        try:
            self._session = (
                SparkSession.builder.master(self.master).appName("fulcrum").getOrCreate()
            )
        except Exception as exc:  # no JVM, bad configuration
            raise EngineError(f"cannot start Spark: {exc}") from exc
        return self._session

    def frame(self, source: Source) -> Any:
        """``source`` as a Spark DataFrame (read by Spark when it is a path)."""
        if is_spark_frame(source):
            return source
        spark = self.session()
        if isinstance(source, str | Path):
            text = str(source)
            if "://" not in text and not Path(text).exists():
                raise DataError(f"{text}: no such file")
            lowered = text.lower().rstrip("/")
            try:
                if lowered.endswith((".csv", ".tsv", ".txt")):
                    sep = "\t" if lowered.endswith(".tsv") else ","
                    return spark.read.csv(text, header=True, inferSchema=True, sep=sep)
                return spark.read.parquet(text)
            except Exception as exc:
                raise DataError(f"{text}: Spark cannot read it: {exc}") from exc
        from fulcrum.engines._arrow import read_table

        return spark.createDataFrame(read_table(source).to_pandas())

    def columns(self, source: Source) -> list[str]:
        return list(self.frame(source).columns)

    def count_by(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        bins: Mapping[str, UniformBins] | None = None,
        sums: Sequence[Sum] = (),
    ) -> GroupedCounts:
        f = _functions()
        bins = bins or {}
        frame = self.frame(source)
        self.check_columns(frame, list(dict.fromkeys([*keys, *sum_columns(sums)])))
        aliases = [f"k{i}" for i in range(len(keys))]
        selected = [
            (bin_column(k, bins[k]) if k in bins else f.col(k)).alias(a)
            for k, a in zip(keys, aliases, strict=True)
        ]
        aggregates = [f.count(f.lit(1)).alias("n")]
        aggregates += [f.sum(_product(term)).alias(f"s{i}") for i, term in enumerate(sums)]
        try:
            grouped = frame.groupBy(*selected).agg(*aggregates) if keys else frame.agg(*aggregates)
            rows = grouped.collect()
        except Exception as exc:
            raise EngineError(f"Spark failed: {exc}") from exc
        out_keys = {
            key: np.asarray([row[alias] for row in rows], dtype=np.int64 if key in bins else object)
            for key, alias in zip(keys, aliases, strict=True)
        }
        counts = np.asarray([row["n"] for row in rows], dtype=np.int64)
        out_sums = {
            sum_name(term): np.nan_to_num(
                np.asarray([row[f"s{i}"] for row in rows], dtype=np.float64)
            )
            for i, term in enumerate(sums)
        }
        return GroupedCounts(keys=out_keys, counts=counts, sums=out_sums)

    def check_columns(self, source: Source, wanted: Sequence[str]) -> None:
        """Raise a clear error naming any wanted column the source lacks."""
        present = list(self.frame(source).columns)
        missing = [c for c in wanted if c not in present]
        if missing:
            where = f"{source}" if isinstance(source, str | Path) else "the Spark DataFrame"
            raise DataError(
                f"{where}: no column {', '.join(repr(c) for c in missing)}; "
                f"columns are {', '.join(present)}"
            )

    def profile(self, source: Source, column: str) -> tuple[float, float, int]:
        """Minimum, maximum and approximate distinct count of a numeric column."""
        f = _functions()
        value = f.col(column).cast("double")
        row = (
            self.frame(source)
            .agg(
                f.min(value).alias("lo"),
                f.max(value).alias("hi"),
                f.approx_count_distinct(column).alias("d"),
            )
            .collect()[0]
        )
        if row["lo"] is None:
            raise DataError(f"column {column!r} has no values")
        return float(row["lo"]), float(row["hi"]), int(row["d"])

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
        from pyspark.sql import Window

        f = _functions()
        frame = self.frame(source)
        self.check_columns(
            frame, list(dict.fromkeys([*keys, label, score, *filter(None, [weight])]))
        )
        aliases = [f"k{i}" for i in range(len(keys))]
        w = f.col(weight).cast("double") if weight else f.lit(1.0)
        pos = f.col(label).isin(list(positive))
        rows = frame.select(
            *[f.col(k).alias(a) for k, a in zip(keys, aliases, strict=True)],
            f.col(score).cast("double").alias("s"),
            f.when(pos, w).otherwise(f.lit(0.0)).alias("pw"),
            f.when(pos, f.lit(0.0)).otherwise(w).alias("nw"),
        )
        runs = rows.groupBy(*aliases, "s").agg(
            f.count(f.lit(1)).alias("n"), f.sum("pw").alias("pw"), f.sum("nw").alias("nw")
        )
        window = Window.partitionBy(*aliases) if aliases else Window.partitionBy(f.lit(0))
        window = window.orderBy("s").rowsBetween(Window.unboundedPreceding, -1)
        below = f.coalesce(f.sum("nw").over(window), f.lit(0.0))
        ranked = runs.withColumn("below", below)
        aggregates = [
            f.sum("n").alias("n"),
            f.sum(f.col("pw") * (f.col("below") + 0.5 * f.col("nw"))).alias("wins"),
            f.sum("pw").alias("pos"),
            f.sum("nw").alias("neg"),
        ]
        try:
            grouped = (
                ranked.groupBy(*aliases).agg(*aggregates) if aliases else ranked.agg(*aggregates)
            )
            result = grouped.collect()
        except Exception as exc:
            raise EngineError(f"Spark failed: {exc}") from exc
        out_keys = {
            key: np.asarray([row[a] for row in result], dtype=object)
            for key, a in zip(keys, aliases, strict=True)
        }
        sums = {
            name: np.asarray([row[name] or 0.0 for row in result], dtype=np.float64)
            for name in ("wins", "pos", "neg")
        }
        counts = np.asarray([row["n"] for row in result], dtype=np.int64)
        return GroupedCounts(keys=out_keys, counts=counts, sums=sums)


ENGINE = SparkEngine()
