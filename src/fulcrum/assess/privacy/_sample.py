"""Sampled table scan: a uniform sample of rows drawn by DuckDB while streaming the file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._tables import (
    ColumnScan,
    TableScan,
    check_columns,
    column_strings,
    scan_values,
)
from fulcrum.errors import DataError, InputError


def sampled_scan(
    source: Any,
    *,
    analyzer: Analyzer,
    columns: Sequence[str] | None,
    size: int,
    seed: int,
    samples: int,
) -> TableScan:
    """Scan a reservoir sample of ``size`` rows; shares carry Wilson intervals."""
    if size < 1:
        raise InputError(f"--sample must be >= 1 row, got {size}")
    from fulcrum.engines.duckdb_engine import _quote, connect, fetch_arrow, relation_sql

    if isinstance(source, str) and "://" in source:
        raise InputError(
            f"{source}: --sample reads CSV or Parquet files and in-memory tables; "
            "scan a database table whole, or export it to Parquet first"
        )
    if isinstance(source, str | Path):
        from fulcrum.engines._arrow import column_names

        column_names(source)  # empty, binary, missing or a directory: one clear error
    connection = connect()
    try:
        try:
            relation = relation_sql(connection, source)
            head = connection.execute(f"SELECT * FROM {relation} LIMIT 0")
            names = [d[0] for d in head.description]
            where = str(source) if isinstance(source, str | Path) else "the table"
            wanted = check_columns(columns, names, where)
            select = ", ".join(f"CAST({_quote(n)} AS VARCHAR)" for n in wanted)
            (rows,) = connection.execute(f"SELECT count(*) FROM {relation}").fetchall()[0]
            drawn = fetch_arrow(
                connection,
                f"SELECT {select} FROM {relation} "
                f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE ({int(seed)})",
            )
        except (InputError, DataError):
            raise
        except Exception as exc:  # duckdb.Error and its subclasses
            if isinstance(source, str | Path) and Path(source).suffix.lower() in (".csv", ".tsv"):
                from fulcrum.assess.privacy._tables import csv_error

                raise csv_error(Path(source), exc, 0) from exc
            first = str(exc).strip().splitlines()[0]
            raise DataError(f"{source}: cannot sample the table: {first}") from exc
    finally:
        connection.close()
    scans = []
    for name, column in zip(wanted, drawn.columns, strict=True):
        stats = ColumnScan(name, sampled=True)
        scan_values(column_strings(column), analyzer, stats, samples=samples)
        scans.append(stats)
    return TableScan(rows=int(rows), columns=scans, sampled=drawn.num_rows)
