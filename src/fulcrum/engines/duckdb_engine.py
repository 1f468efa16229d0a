"""DuckDB engine: one streaming GROUP BY over CSV/Parquet files of any size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.engines._arrow import column_names, file_format, read_table
from fulcrum.engines._base import Engine, GroupedCounts, Source, UniformBins
from fulcrum.errors import DataError, EngineError, missing_extra


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(memory_limit: str | None = None, threads: int | None = None) -> Any:
    """A fresh in-process DuckDB connection with optional limits."""
    try:
        import duckdb
    except ModuleNotFoundError as exc:
        raise missing_extra("duckdb", "data") from exc
    config: dict[str, Any] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


def relation_sql(connection: Any, source: Source) -> str:
    """SQL for a FROM clause reading ``source``; in-memory tables are registered."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise DataError(f"{path}: no such file")
        if file_format(path) == "parquet":
            return f"read_parquet({_literal(str(path))})"
        return f"read_csv({_literal(str(path))}, header=true)"
    connection.register("fulcrum_source", read_table(source))
    return "fulcrum_source"


def bin_sql(column: str, binning: UniformBins) -> str:
    """SQL expression giving the same bin index as ``UniformBins.index``."""
    scale = binning.count / (binning.high - binning.low)
    col = _quote(column)
    return (
        f"CASE WHEN {col} IS NULL OR isnan({col}::DOUBLE) THEN -1 ELSE "
        f"least(greatest(floor(({col}::DOUBLE - {binning.low!r}) * {scale!r}), 0), "
        f"{binning.count - 1})::BIGINT END"
    )


def fetch_arrow(connection: Any, query: str) -> Any:
    """Run ``query`` and return its result as an Arrow table, across DuckDB versions."""
    relation = connection.sql(query)
    if hasattr(relation, "to_arrow_table"):
        return relation.to_arrow_table()
    return relation.arrow()


class DuckDBEngine(Engine):
    """Pushes the grouped aggregation into DuckDB, which streams files in one pass."""

    name = "duckdb"

    def __init__(self, memory_limit: str | None = "1GB", threads: int | None = None) -> None:
        self.memory_limit = memory_limit
        self.threads = threads

    def columns(self, source: Source) -> list[str]:
        return column_names(source)

    def count_by(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        bins: Mapping[str, UniformBins] | None = None,
        sums: Sequence[str] = (),
    ) -> GroupedCounts:
        bins = bins or {}
        self.check_columns(source, list(dict.fromkeys([*keys, *sums])))
        select = [bin_sql(k, bins[k]) if k in bins else _quote(k) for k in keys]
        aliases = [f"k{i}" for i in range(len(keys))]
        parts = [f"{expr} AS {alias}" for expr, alias in zip(select, aliases, strict=True)]
        parts.append("count(*) AS n")
        parts += [f"sum({_quote(s)}::DOUBLE) AS s{i}" for i, s in enumerate(sums)]
        connection = connect(self.memory_limit, self.threads)
        try:
            frm = relation_sql(connection, source)
            group = f" GROUP BY {', '.join(aliases)}" if aliases else ""
            result = fetch_arrow(connection, f"SELECT {', '.join(parts)} FROM {frm}{group}")
        except Exception as exc:  # duckdb raises its own families
            if isinstance(exc, DataError):
                raise
            raise EngineError(f"DuckDB failed: {exc}") from exc
        finally:
            connection.close()
        out_keys = {
            key: np.asarray(
                result.column(alias).to_pylist(), dtype=np.int64 if key in bins else object
            )
            for key, alias in zip(keys, aliases, strict=True)
        }
        counts = np.asarray(result.column("n").to_numpy(), dtype=np.int64)
        out_sums = {
            s: np.nan_to_num(np.asarray(result.column(f"s{i}").to_pylist(), dtype=np.float64))
            for i, s in enumerate(sums)
        }
        return GroupedCounts(keys=out_keys, counts=counts, sums=out_sums)


ENGINE = DuckDBEngine()
