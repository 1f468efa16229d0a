"""Turn any supported in-memory or file source into an Arrow table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fulcrum.errors import DataError, missing_extra


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ModuleNotFoundError as exc:
        raise missing_extra("pyarrow", "data") from exc
    return pyarrow


def file_format(path: str | Path) -> str:
    """``parquet`` or ``csv`` from the file name; an error for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    raise DataError(f"{path}: unsupported file type {suffix!r}; use .csv or .parquet")


def check_file(path: Path) -> None:
    """A readable, non-empty regular file, or a DataError naming it."""
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.is_dir():
        raise DataError(f"{path}: is a directory; expected a .csv or .parquet file")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty (0 bytes)")


def read_table(source: Any, columns: Sequence[str] | None = None) -> Any:
    """Read ``source`` (path, pandas, Polars, Arrow, dict of arrays) as a ``pyarrow.Table``."""
    pa = _pyarrow()
    if isinstance(source, str | Path):
        table = _read_file(Path(source), columns)
        if columns:
            _check_columns(table.column_names, columns, str(source))
        if table.num_rows == 0:
            raise DataError(f"{source}: a header and no rows; expected at least one row of data")
        return table
    if isinstance(source, pa.Table):
        table = source
    elif isinstance(source, Mapping):
        table = pa.table({k: _column(v) for k, v in source.items()})
    elif hasattr(source, "to_arrow"):  # Polars
        table = source.to_arrow()
    elif hasattr(source, "__dataframe__") or type(source).__module__.startswith("pandas"):
        table = pa.Table.from_pandas(source, preserve_index=False)
    else:
        raise DataError(f"unsupported data source of type {type(source).__name__}")
    if columns:
        _check_columns(table.column_names, columns, "the table")
        table = table.select(list(columns))
    return table


def _check_columns(names: Sequence[str], columns: Sequence[str], where: str) -> None:
    missing = [c for c in columns if c not in names]
    if missing:
        have = ", ".join(map(repr, names)) or "none"
        raise DataError(f"{where}: has no column {', '.join(map(repr, missing))} (it has {have})")


def _read_file(path: Path, columns: Sequence[str] | None) -> Any:
    """A CSV or Parquet file as an Arrow table; every failure a DataError naming the file."""
    pa = _pyarrow()
    check_file(path)
    try:
        if file_format(path) == "parquet":
            import pyarrow.parquet as pq

            # ParquetFile, unlike pq.read_table, does not import pyarrow.dataset (and with
            # it pandas): 0.3 s of start-up that a CLI run on a file does not need. It skips
            # columns it lacks without a word; the caller checks them.
            return pq.ParquetFile(path).read(columns=list(columns) if columns else None)
        import pyarrow.csv as pacsv

        names = column_names(path)  # a binary or non-UTF-8 header is named here
        if columns:
            _check_columns(names, columns, str(path))
        convert = pacsv.ConvertOptions(include_columns=list(columns) if columns else None)
        parse = pacsv.ParseOptions(delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        table = pacsv.read_csv(path, parse_options=parse, convert_options=convert)
        for field in table.schema:
            if pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type):
                raise DataError(
                    f"{path}: column {field.name!r} is not UTF-8 text; re-save the file as UTF-8"
                )
        return table
    except (pa.ArrowInvalid, pa.ArrowKeyError, KeyError, OSError) as exc:
        raise DataError(f"{path}: cannot read it as {file_format(path).upper()}: {exc}") from exc


def _column(values: Any) -> Any:
    pa = _pyarrow()
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    return pa.array(values)


def column_names(source: Any) -> list[str]:
    """Column names without reading the data where the format allows it."""
    if isinstance(source, str | Path):
        path = Path(source)
        check_file(path)
        if file_format(path) == "parquet":
            pa = _pyarrow()
            import pyarrow.parquet as pq

            try:
                return list(pq.read_schema(path).names)
            except (pa.ArrowInvalid, OSError) as exc:
                raise DataError(f"{path}: not a Parquet file ({exc})") from exc
        with open(path, "rb") as handle:
            raw = handle.readline(1 << 20)
        if b"\x00" in raw:
            raise DataError(f"{path}: looks binary (NUL bytes in the header); expected a text CSV")
        try:
            header = raw.decode("utf-8-sig").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{path}: the header is not UTF-8 (byte {exc.start}); re-save the file as UTF-8"
            ) from exc
        import csv

        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        return [name.strip() for name in next(csv.reader([header], delimiter=sep), [])]
    return list(read_table(source).column_names)


def source_name(source: Any) -> str:
    """How messages name a data source: its path, or "the table" for in-memory data."""
    return str(source) if isinstance(source, str | Path) else "the table"


def float_column(table: Any, name: str, where: str) -> Any:
    """Column ``name`` as float64 (nulls become NaN), or a DataError quoting a non-number."""
    import numpy as np

    column = table.column(name)
    try:
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
    except (TypeError, ValueError):
        pass
    for value in column.to_pylist():
        try:
            float(value if value is not None else "nan")
        except (TypeError, ValueError):
            raise DataError(f"{where}: column {name!r} holds {value!r}; expected numbers") from None
    raise DataError(f"{where}: column {name!r} is not numeric")
