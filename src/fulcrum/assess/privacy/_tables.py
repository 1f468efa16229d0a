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
from fulcrum.assess.privacy._recognizer import CELL_SEP
from fulcrum.errors import DataError, InputError

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
        raise csv_error(path, exc, 0) from exc


def csv_error(path: Path, exc: Exception, rows: int) -> DataError:
    """A DataError naming the first line that is not UTF-8, else Arrow's first line."""
    line = first_non_utf8_line(path)
    if line is not None:
        number, byte = line
        return DataError(
            f"{path}: line {number} is not UTF-8 text (byte {byte} of the line); "
            "expected a UTF-8 CSV (re-save it as UTF-8)"
        )
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DataError(f"{path}: bad CSV after row {rows}: {first}")


def first_non_utf8_line(path: Path) -> tuple[int, int] | None:
    """``(line number, byte offset)`` of the first line that is not UTF-8, or ``None``."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, exc.start
            if b"\x00" in raw:
                return number, raw.index(b"\x00")
    return None


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
        from fulcrum.engines._arrow import check_file

        check_file(path)
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
                    raise csv_error(path, exc, rows) from exc
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
    """Entity types found in one column.

    With a sampled scan, ``values`` counts the sampled non-empty cells and each share
    comes with a Wilson interval; a full scan's interval is the share itself.
    """

    name: str
    values: int = 0
    entities: dict[str, EntityStats] = field(default_factory=dict)
    sampled: bool = False

    def to_dict(self, *, confidence: float = 0.95) -> dict[str, Any]:
        """JSON form: ``{"name", "values", "entities": [{"type", "count", "share", ...}]}``."""
        out = []
        for kind, stats in sorted(self.entities.items(), key=lambda kv: -kv[1].cells):
            share = stats.cells / self.values if self.values else 0.0
            low, high = (
                wilson_interval(stats.cells, self.values, confidence)
                if self.sampled
                else (share, share)
            )
            out.append(
                {
                    "type": kind,
                    "count": stats.cells,
                    "matches": stats.matches,
                    "share": round(share, 6),
                    "share_interval": [round(low, 6), round(high, 6)],
                    "samples": stats.samples,
                }
            )
        return {"name": self.name, "values": self.values, "entities": out}


def wilson_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``hits / n``."""
    if n == 0:
        return (0.0, 1.0)
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = hits / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class TableScan:
    """Per-column scan of a table (``sampled`` rows of ``rows`` when sampled)."""

    rows: int
    columns: list[ColumnScan]
    sampled: int | None = None

    def totals(self) -> dict[str, int]:
        """Cells containing each entity type, summed over columns."""
        out: dict[str, int] = {}
        for column in self.columns:
            for kind, stats in column.entities.items():
                out[kind] = out.get(kind, 0) + stats.cells
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the CLI contract: ``{"rows", "columns": [...]}`` (masked samples)."""
        out: dict[str, Any] = {"rows": self.rows, "columns": [c.to_dict() for c in self.columns]}
        if self.sampled is not None:
            out["sampled_rows"] = self.sampled
        return out


def scan_values(
    values: Sequence[str | None],
    analyzer: Analyzer,
    stats: ColumnScan,
    *,
    samples: int,
) -> None:
    """Scan one batch of a column: values joined by NUL and scanned once.

    Each cell is judged on its own: context words are looked for in the cell and in the
    column name, never in the neighbouring cells, and no match crosses a cell.
    """
    present = [(i, v) for i, v in enumerate(values) if v]
    stats.values += len(present)
    if not present:
        return
    starts = []
    offset = 0
    for _, value in present:
        starts.append(offset)
        offset += len(value) + 1
    text = CELL_SEP.join(v for _, v in present)
    seen: set[tuple[str, int]] = set()
    for span in analyzer.analyze(text, header=stats.name):
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


def check_columns(columns: Sequence[str] | None, names: Sequence[str], where: str) -> list[str]:
    """The requested columns, each present in ``names``, without blanks or repeats."""
    if columns is None:
        return list(names)
    wanted = [c.strip() for c in columns]
    if not wanted or any(not c for c in wanted):
        raise InputError("--columns needs column names separated by commas, e.g. 'name,phone'")
    repeated = sorted({c for c in wanted if wanted.count(c) > 1})
    if repeated:
        raise InputError(f"column {', '.join(map(repr, repeated))} is named twice in --columns")
    missing = [c for c in wanted if c not in names]
    if missing:
        raise DataError(
            f"{where}: no column {', '.join(map(repr, missing))}; "
            f"the columns are {', '.join(map(repr, names))}"
        )
    return wanted


def scan_table(
    source: Any,
    *,
    analyzer: Analyzer | None = None,
    table: str | None = None,
    columns: Sequence[str] | None = None,
    samples: int = 3,
    sample: int | None = None,
    seed: int = 0,
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
    sample : int, optional
        Scan a uniform random sample of this many rows (DuckDB reservoir sampling,
        streamed over files of any size) and report each share with a 95% Wilson
        interval, instead of reading every row.
    seed : int
        Seed of the sample (the same seed gives the same rows).
    batch_rows : int
        Rows per batch; memory use is bounded by one batch.
    progress : bool or None
        Progress bar on stderr (``None``: when stderr is a terminal).

    Returns
    -------
    TableScan

    Examples
    --------
    >>> scan = scan_table({"phone": ["13800138000", "n/a"]})
    >>> scan.columns[0].to_dict()["entities"][0]["type"]
    'CN_MOBILE'
    """
    analyzer = analyzer or Analyzer()
    if samples < 0:
        raise InputError(f"samples must be >= 0, got {samples}")
    if sample is not None:
        from fulcrum.assess.privacy._sample import sampled_scan

        return sampled_scan(
            source, analyzer=analyzer, columns=columns, size=sample, seed=seed, samples=samples
        )
    total = _row_count(source)
    scans: dict[str, ColumnScan] = {}
    rows = 0
    selected: list[str] | None = None
    with progress_bar(progress, total=total, description="scanning") as advance:
        for batch in iter_batches(source, table=table, batch_rows=batch_rows):
            if selected is None:
                where = str(source) if isinstance(source, str | Path) else "the table"
                selected = check_columns(columns, batch.schema.names, where)
            for name in selected:
                stats = scans.setdefault(name, ColumnScan(name))
                column = batch.column(batch.schema.get_field_index(name))
                scan_values(column_strings(column), analyzer, stats, samples=samples)
            rows += batch.num_rows
            advance(batch.num_rows)
    if selected is None:  # no rows at all: the header still names the columns
        names = _header_names(source)
        selected = check_columns(columns, names, str(source)) if names or columns else []
        scans = {name: ColumnScan(name) for name in selected}
    return TableScan(rows=rows, columns=list(scans.values()))


def _header_names(source: Any) -> list[str]:
    if isinstance(source, str | Path) and "://" not in str(source):
        from fulcrum.engines._arrow import column_names

        if Path(source).suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return list(pq.read_schema(source).names)
        return [n for n in column_names(source) if n]
    return []


def _row_count(source: Any) -> int | None:
    if isinstance(source, str | Path) and Path(source).suffix.lower() in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(source).metadata.num_rows)
        except Exception:  # the reader reports the real error later
            return None
    return None
