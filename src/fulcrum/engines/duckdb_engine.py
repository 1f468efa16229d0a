"""DuckDB engine: one streaming GROUP BY over CSV/Parquet files of any size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.engines._arrow import column_names, file_format, read_table
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
    value = f"(-{col}::DOUBLE)" if binning.negate else f"{col}::DOUBLE"
    return (
        f"CASE WHEN {col} IS NULL OR isnan({col}::DOUBLE) THEN -1 ELSE "
        f"least(greatest(floor(({value} - {binning.low!r}) * {scale!r}), 0), "
        f"{binning.count - 1})::BIGINT END"
    )


def _value_sql(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _literal(str(value))


def _product_sql(term: Sum) -> str:
    names = [term] if isinstance(term, str) else list(term)
    return " * ".join(f"{_quote(n)}::DOUBLE" for n in names)


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

    def query(self, source: Source, build: Any) -> Any:
        """Run the SQL that ``build(from_clause)`` returns, as Arrow; errors name the input.

        Input that DuckDB cannot read (not UTF-8, malformed CSV, not Parquet) is a
        ``DataError`` with DuckDB's first line; anything else an ``EngineError``.
        """
        connection = connect(self.memory_limit, self.threads)
        try:
            frm = relation_sql(connection, source)
            return fetch_arrow(connection, build(frm))
        except DataError:
            raise
        except Exception as exc:  # duckdb raises its own families
            where = str(source) if isinstance(source, str | Path) else "the table"
            kind = type(exc).__name__
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            first = " ".join(lines[:3]) if lines else kind
            if kind in {"InvalidInputException", "IOException", "ConversionException"}:
                raise DataError(f"{where}: cannot read it: {first}") from exc
            raise EngineError(f"DuckDB failed on {where}: {first}") from exc
        finally:
            connection.close()

    def count_by(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        bins: Mapping[str, UniformBins] | None = None,
        sums: Sequence[Sum] = (),
    ) -> GroupedCounts:
        bins = bins or {}
        self.check_columns(source, list(dict.fromkeys([*keys, *sum_columns(sums)])))
        select = [bin_sql(k, bins[k]) if k in bins else _quote(k) for k in keys]
        aliases = [f"k{i}" for i in range(len(keys))]
        parts = [f"{expr} AS {alias}" for expr, alias in zip(select, aliases, strict=True)]
        parts.append("count(*) AS n")
        parts += [f"sum({_product_sql(term)}) AS s{i}" for i, term in enumerate(sums)]
        group = f" GROUP BY {', '.join(aliases)}" if aliases else ""
        result = self.query(source, lambda frm: f"SELECT {', '.join(parts)} FROM {frm}{group}")
        out_keys = {
            key: np.asarray(
                result.column(alias).to_pylist(), dtype=np.int64 if key in bins else object
            )
            for key, alias in zip(keys, aliases, strict=True)
        }
        counts = np.asarray(result.column("n").to_numpy(), dtype=np.int64)
        out_sums = {
            sum_name(term): np.nan_to_num(
                np.asarray(result.column(f"s{i}").to_pylist(), dtype=np.float64)
            )
            for i, term in enumerate(sums)
        }
        return GroupedCounts(keys=out_keys, counts=counts, sums=out_sums)

    def profile(self, source: Source, column: str) -> tuple[float, float, int]:
        self.check_columns(source, [column])
        col = _quote(column)
        row = self.query(
            source,
            lambda frm: (
                f"SELECT min({col}::DOUBLE) AS lo, max({col}::DOUBLE) AS hi, "
                f"approx_count_distinct({col}) AS d FROM {frm}"
            ),
        ).to_pylist()[0]
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
        self.check_columns(
            source, list(dict.fromkeys([*keys, label, score, *filter(None, [weight])]))
        )
        aliases = [f"k{i}" for i in range(len(keys))]
        key_sel = "".join(f"{_quote(k)} AS {a}, " for k, a in zip(keys, aliases, strict=True))
        values = ", ".join(_value_sql(v) for v in positive) or "NULL"
        w = f"{_quote(weight)}::DOUBLE" if weight else "1.0"
        by = ", ".join(aliases)
        part = f"PARTITION BY {by} " if aliases else ""
        group = f" GROUP BY {by}" if aliases else ""
        lead = f"{by}, " if aliases else ""

        def build(frm: str) -> str:
            return (
                f"WITH t AS (SELECT {key_sel}({_quote(label)} IN ({values})) AS pos, "
                f"{_quote(score)}::DOUBLE AS s, {w} AS w FROM {frm}), "
                f"r AS (SELECT {lead}s, count(*) AS n, "
                f"sum(CASE WHEN pos THEN w ELSE 0 END) AS pw, "
                f"sum(CASE WHEN pos THEN 0 ELSE w END) AS nw FROM t GROUP BY {lead}s), "
                f"c AS (SELECT *, coalesce(sum(nw) OVER ({part}ORDER BY s "
                f"ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below FROM r) "
                f"SELECT {lead}sum(n) AS n, sum(pw * (below + 0.5 * nw)) AS wins, "
                f"sum(pw) AS pos, sum(nw) AS neg FROM c{group}"
            )

        result = self.query(source, build)
        out_keys = {
            key: np.asarray(result.column(alias).to_pylist(), dtype=object)
            for key, alias in zip(keys, aliases, strict=True)
        }
        sums = {
            name: np.asarray(result.column(name).to_pylist(), dtype=np.float64)
            for name in ("wins", "pos", "neg")
        }
        counts = np.asarray(result.column("n").to_pylist(), dtype=np.int64)
        return GroupedCounts(keys=out_keys, counts=counts, sums=sums)


ENGINE = DuckDBEngine()
