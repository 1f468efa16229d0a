"""Stream a table in batches (CSV, Parquet, pandas/Arrow, SQL table) and scan each column."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fulcrum.assess.privacy._analyzer import Analyzer
from fulcrum.assess.privacy._operators import mask_sample
from fulcrum.assess.privacy._progress import progress_bar
from fulcrum.errors import DataError, InputError

_SEP = "\x00"
BATCH_ROWS = 65_536


def _csv_reader(path: Path, batch_bytes: int) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from fulcrum.engines._arrow import column_names

    names = column_names(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        return pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=batch_bytes),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise DataError(f"{path}: cannot read as CSV: {exc}") from exc


def iter_batches(
    source: Any,
    *,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[Any]:
    """Arrow record batches of ``source``: a CSV/Parquet path, an in-memory table, or a
    SQLAlchemy URL with ``table``."""
    import pyarrow as pa

    if isinstance(source, str) and "://" in source:
        if table is None:
            raise InputError(f"{source}: a database URL needs --table NAME")
        yield from _sql_batches(source, table, batch_rows)
        return
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            try:
                reader = pq.ParquetFile(path)
                yield from reader.iter_batches(batch_size=batch_rows, columns=columns)
            except (pa.ArrowInvalid, OSError) as exc:
                raise DataError(f"{path}: cannot read as Parquet: {exc}") from exc
            return
        if suffix in (".csv", ".tsv"):
            reader = _csv_reader(path, batch_bytes=1 << 22)
            rows = 0
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    return
                except pa.ArrowInvalid as exc:
                    raise DataError(f"{path}: bad CSV after row {rows}: {exc}") from exc
                rows += batch.num_rows
                yield batch.select(list(columns)) if columns else batch
        raise DataError(f"{path}: unsupported table type {suffix!r}; use .csv or .parquet")
    from fulcrum.engines._arrow import read_table

    yield from read_table(source, columns).to_batches(max_chunksize=batch_rows)


def _sql_batches(url: str, table: str, batch_rows: int) -> Iterator[Any]:
    import pyarrow as pa
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise InputError(f"{url}: not a usable database URL: {exc}") from exc
    try:
        with engine.connect() as conn:
            try:
                meta = sa.Table(table, sa.MetaData(), autoload_with=conn)
            except sa.exc.NoSuchTableError as exc:
                raise DataError(f"{url}: no table {table!r}") from exc
            names = [c.name for c in meta.columns]
            result = conn.execution_options(stream_results=True).execute(sa.select(meta))
            for rows in result.partitions(batch_rows):
                cols: list[Any] = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
                yield pa.record_batch(
                    [
                        pa.array([None if v is None else str(v) for v in c], pa.string())
                        for c in cols
                    ],
                    names=names,
                )
    except sa.exc.SQLAlchemyError as exc:
        raise DataError(f"{url}: database error: {exc}") from exc
    finally:
        engine.dispose()


def column_strings(column: Any) -> list[str | None]:
    """A column's values as strings (``None`` for nulls)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        try:
            column = pc.cast(column, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return [None if v is None else str(v) for v in column.to_pylist()]
    result: list[str | None] = column.to_pylist()
    return result


@dataclass
class EntityStats:
    """Counts of one entity type in one column."""

    cells: int = 0
    matches: int = 0
    samples: list[str] = field(default_factory=list)


@dataclass
class ColumnScan:
    """Entity types found in one column."""

    name: str
    values: int = 0
    entities: dict[str, EntityStats] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"name", "values", "entities": [{"type", "count", ...}]}``."""
        return {
            "name": self.name,
            "values": self.values,
            "entities": [
                {
                    "type": kind,
                    "count": stats.cells,
                    "matches": stats.matches,
                    "share": round(stats.cells / self.values, 6) if self.values else 0.0,
                    "samples": stats.samples,
                }
                for kind, stats in sorted(self.entities.items(), key=lambda kv: -kv[1].cells)
            ],
        }


@dataclass
class TableScan:
    """Per-column scan of a table."""

    rows: int
    columns: list[ColumnScan]

    def totals(self) -> dict[str, int]:
        """Cells containing each entity type, summed over columns."""
        out: dict[str, int] = {}
        for column in self.columns:
            for kind, stats in column.entities.items():
                out[kind] = out.get(kind, 0) + stats.cells
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the CLI contract: ``{"rows", "columns": [...]}``."""
        return {"rows": self.rows, "columns": [c.to_dict() for c in self.columns]}


def scan_values(
    values: Sequence[str | None], analyzer: Analyzer, stats: ColumnScan, *, samples: int
) -> None:
    """Scan one batch of a column: values joined by NUL and scanned once."""
    present = [(i, v) for i, v in enumerate(values) if v]
    stats.values += sum(1 for v in values if v is not None and v != "")
    if not present:
        return
    starts = []
    offset = 0
    for _, value in present:
        starts.append(offset)
        offset += len(value) + 1
    text = _SEP.join(v for _, v in present)
    seen: set[tuple[str, int]] = set()
    for span in analyzer.analyze(text):
        row = bisect.bisect_right(starts, span.start) - 1
        if span.end > starts[row] + len(present[row][1]):
            continue  # crosses into the next cell
        entity = stats.entities.setdefault(span.entity_type, EntityStats())
        entity.matches += 1
        if (span.entity_type, row) not in seen:
            seen.add((span.entity_type, row))
            entity.cells += 1
            if len(entity.samples) < samples:
                entity.samples.append(mask_sample(span.text))


def scan_table(
    source: Any,
    *,
    analyzer: Analyzer | None = None,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    samples: int = 3,
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = False,
) -> TableScan:
    """Entity types per column of a table, streamed in batches.

    Parameters
    ----------
    source : path, URL or table
        CSV/Parquet path, pandas/Polars/Arrow table, or a SQLAlchemy URL (with ``table``).
    analyzer : Analyzer, optional
        Recognizers to use (default: every default one).
    table : str, optional
        Table name when ``source`` is a database URL.
    columns : sequence of str, optional
        Scan only these columns.
    samples : int
        Masked examples kept per column and entity type.
    batch_rows : int
        Rows per batch; memory use is bounded by one batch.
    progress : bool or None
        Progress bar on stderr (``None``: when stderr is a terminal).

    Returns
    -------
    TableScan
    """
    analyzer = analyzer or Analyzer()
    total = _row_count(source)
    scans: dict[str, ColumnScan] = {}
    rows = 0
    with progress_bar(progress, total=total, description="scanning") as advance:
        for batch in iter_batches(source, table=table, columns=columns, batch_rows=batch_rows):
            for name, column in zip(batch.schema.names, batch.columns, strict=True):
                stats = scans.setdefault(name, ColumnScan(name))
                scan_values(column_strings(column), analyzer, stats, samples=samples)
            rows += batch.num_rows
            advance(batch.num_rows)
    if columns:
        missing = [c for c in columns if c not in scans]
        if missing and rows:
            raise DataError(f"no column {', '.join(map(repr, missing))} in the table")
    return TableScan(rows=rows, columns=list(scans.values()))


def _row_count(source: Any) -> int | None:
    if isinstance(source, str | Path) and Path(source).suffix.lower() in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(source).metadata.num_rows)
        except Exception:  # the reader reports the real error later
            return None
    return None
