"""Turn an in-memory column into small integer codes without per-row Python.

Categoricals give their codes for free, small-range integers and booleans are
shifted into codes, and anything else is hashed once (Arrow ``dictionary_encode``
or ``pandas.factorize``). Missing values are refused here, naming the column
and the first rows, because a fairness metric cannot place a row without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from fulcrum.assess.fairness._messages import MISSING_VALUES
from fulcrum.errors import DataError

#: Integer columns whose values span at most this many codes are shifted, not hashed.
_RANGE_LIMIT = 1 << 16


def _missing(column: str, mask_or_rows: np.ndarray | None, count: int) -> DataError:
    where = ""
    if mask_or_rows is not None:
        rows = np.flatnonzero(mask_or_rows)[:5] if mask_or_rows.dtype == bool else mask_or_rows
        where = " (first at row " + ", ".join(str(int(r)) for r in rows) + ")"
    return DataError(MISSING_VALUES.format(column=column, count=count, where=where))


def get_column(source: Any, name: str) -> Any:
    """Column ``name`` of a pandas/Polars/Arrow table or a mapping of arrays."""
    if isinstance(source, Mapping):
        if name not in source:
            raise DataError(f"the data has no column {name!r}; columns are {', '.join(source)}")
        return source[name]
    names = list(getattr(source, "column_names", None) or getattr(source, "columns", []))
    if name not in names:
        raise DataError(
            f"the table has no column {name!r}; columns are {', '.join(map(str, names))}"
        )
    if hasattr(source, "column") and hasattr(source, "schema"):  # Arrow
        return source.column(name)
    return source[name]


def encode(values: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes ``0..len(labels)-1`` per row and the value each code stands for."""
    module = type(values).__module__
    if module.startswith("pandas"):
        return _encode_pandas(values, column)
    if module.startswith("polars"):
        return _encode_polars(values, column)
    if module.startswith("pyarrow"):
        return _encode_arrow(values, column)
    return _encode_numpy(np.asarray(values), column)


def _encode_numpy(values: np.ndarray, column: str) -> tuple[np.ndarray, np.ndarray]:
    if values.ndim != 1:
        raise DataError(f"column {column!r} must be one-dimensional, got shape {values.shape}")
    if values.dtype == bool:
        return values.view(np.uint8), np.array([False, True], dtype=object)
    if values.dtype.kind in "iu" and len(values):
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < _RANGE_LIMIT:
            codes = values.astype(np.intp) - lo if lo else values
            return codes, np.arange(lo, hi + 1).astype(object)
    if values.dtype.kind == "f" and len(values):
        nan = np.isnan(values)
        if nan.any():
            raise _missing(column, nan, int(nan.sum()))
        low, high = float(values.min()), float(values.max())
        if (
            high - low < _RANGE_LIMIT
            and low == int(low)
            and np.array_equal(values, np.floor(values))
        ):
            codes = (values - low).astype(np.intp)
            return codes, (np.arange(int(low), int(high) + 1) * 1.0).astype(object)
    return _hash(values, column)


def _hash(values: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        import pandas as pd
    except ModuleNotFoundError:
        labels, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
        return codes, labels.astype(object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        missing = codes < 0
        raise _missing(column, missing, int(missing.sum()))
    return codes, np.asarray(uniques, dtype=object)


def _encode_pandas(series: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    dtype = series.dtype
    if getattr(dtype, "name", "") == "category":
        codes = series.cat.codes.to_numpy()
        if len(codes) and codes.min() < 0:
            missing = codes < 0
            raise _missing(column, missing, int(missing.sum()))
        return codes, np.asarray(series.cat.categories, dtype=object)
    if isinstance(dtype, np.dtype):
        return _encode_numpy(series.to_numpy(), column)
    # nullable / Arrow-backed extension types
    nulls = series.isna().to_numpy()
    if nulls.any():
        raise _missing(column, nulls, int(nulls.sum()))
    return _hash(series.to_numpy(), column)


def _encode_polars(series: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    if series.null_count():
        mask = series.is_null().to_numpy()
        raise _missing(column, mask, int(series.null_count()))
    if series.dtype.__class__.__name__ in {"Categorical", "Enum"}:
        return _encode_arrow(series.to_arrow(), column)
    return _encode_numpy(series.to_numpy(), column)


def _arrow_to_numpy(array: Any) -> np.ndarray:
    """A NumPy view of a null-free numeric Arrow array, straight from its data buffer.

    pyarrow's ``to_numpy`` imports pandas (0.25 s of CLI start-up) even for plain
    integers; reading the buffer needs neither pandas nor a copy.
    """
    import pyarrow as pa

    kind = array.type
    if array.null_count == 0 and (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
        letter = (
            "f" if pa.types.is_floating(kind) else "i" if pa.types.is_signed_integer(kind) else "u"
        )
        dtype = np.dtype(f"{letter}{kind.bit_width // 8}")
        return np.frombuffer(
            array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize
        )
    return np.asarray(array.to_numpy(zero_copy_only=False))


def _encode_arrow(array: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count:
        mask = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
        raise _missing(column, mask, int(array.null_count))
    if isinstance(array, pa.ChunkedArray):
        if pa.types.is_dictionary(array.type):
            array = array.unify_dictionaries()
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind) or pa.types.is_floating(kind):
        return _encode_numpy(_arrow_to_numpy(array), column)
    if not pa.types.is_dictionary(kind):
        array = pc.dictionary_encode(array)
    codes = _arrow_to_numpy(array.indices)
    return codes, np.asarray(array.dictionary.to_pylist(), dtype=object)


def float_values(values: Any, column: str) -> np.ndarray:
    """A numeric column as float64 (for scores), refusing missing values."""
    module = type(values).__module__
    if module.startswith("pyarrow"):
        if values.null_count:
            raise _missing(column, None, int(values.null_count))
        values = values.to_numpy()
    elif module.startswith(("pandas", "polars")):
        values = values.to_numpy()
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        from fulcrum.assess.fairness._messages import SCORE_NOT_NUMERIC

        raise DataError(SCORE_NOT_NUMERIC.format(column=column)) from exc
    nan = np.isnan(array)
    if nan.any():
        raise _missing(column, nan, int(nan.sum()))
    return array
