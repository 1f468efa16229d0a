"""The rows an assessment runs on: feature columns, the label, and their kinds."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from fulcrum._hashing import sha256_file
from fulcrum.assess.robustness._messages import EMPTY, LABEL_MISSING, NO_COLUMN, NO_FEATURES
from fulcrum.errors import DataError, missing_extra
from fulcrum.evidence import InputRef

Task = Literal["classification", "regression"]


@dataclass(frozen=True)
class Table:
    """Features ``X`` (a DataFrame), labels ``y`` and where they came from."""

    X: Any
    y: np.ndarray
    source: str
    ref: InputRef
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Number of rows."""
        return len(self.y)


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError as exc:
        raise missing_extra("pandas", "data") from exc
    return pandas


def _frame(data: Any) -> tuple[Any, str]:
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        return data.reset_index(drop=True), "in-memory data"
    from fulcrum.engines._arrow import read_table

    source = str(data) if isinstance(data, str | Path) else f"in-memory {type(data).__name__}"
    return read_table(data).to_pandas(), source


def is_numeric(column: Any) -> bool:
    """Whether a pandas column holds numbers (booleans count as categories)."""
    pd = _pandas()
    return bool(pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column))


def _input_ref(data: Any, frame: Any, source: str) -> InputRef:
    if isinstance(data, str | Path) and Path(data).is_file():
        path = Path(data)
        return InputRef(
            name=path.name,
            sha256=sha256_file(path),
            rows=len(frame),
            size_bytes=path.stat().st_size,
        )
    return InputRef(
        name=f"{source} (hash of the columns)", sha256=frame_hash(frame), rows=len(frame)
    )


def frame_hash(frame: Any) -> str:
    """SHA-256 over each column's name, type and values (raw bytes for numbers)."""
    pd = _pandas()
    digest = hashlib.sha256()
    for name in frame.columns:
        column = frame[name]
        digest.update(f"{name}\x00{column.dtype}\x00".encode())
        if is_numeric(column) and not column.hasnans:
            digest.update(np.ascontiguousarray(column.to_numpy()).tobytes())
        else:
            digest.update(pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def load_table(
    data: Any,
    *,
    label: str,
    features: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> Table:
    """Read ``data`` (path, pandas, Polars, Arrow, mapping) and check the label and features.

    The features are ``features`` if given, else every column except the label and ``drop``;
    the ``keep`` columns (sensitive attributes) are kept beside them in ``extra``.
    """
    frame, source = _frame(data)
    columns = [str(c) for c in frame.columns]
    wanted = [label, *(features or ()), *keep]
    for column in wanted:
        if column not in columns:
            raise DataError(NO_COLUMN.format(source=source, column=column, columns=columns))
    if not len(frame):
        raise DataError(EMPTY.format(source=source))
    missing = int(frame[label].isna().sum())
    if missing:
        raise DataError(LABEL_MISSING.format(source=source, column=label, count=missing))
    names = list(features) if features else [c for c in columns if c != label and c not in drop]
    if not names:
        raise DataError(NO_FEATURES.format(source=source))
    X = frame[names]
    numeric = tuple(c for c in names if is_numeric(X[c]))
    categorical = tuple(c for c in names if c not in numeric)
    return Table(
        X=X,
        y=frame[label].to_numpy(),
        source=source,
        ref=_input_ref(data, frame[[*names, label]], source),
        numeric=numeric,
        categorical=categorical,
        extra={c: frame[c].to_numpy() for c in keep},
    )


def take_rows(table: Table, rows: np.ndarray) -> Table:
    """The same table restricted to ``rows``."""
    return Table(
        X=table.X.iloc[rows].reset_index(drop=True),
        y=table.y[rows],
        source=table.source,
        ref=table.ref,
        numeric=table.numeric,
        categorical=table.categorical,
        extra={k: v[rows] for k, v in table.extra.items()},
    )


def infer_task(y: np.ndarray, model_has_proba: bool) -> Task:
    """Classification when the model gives probabilities or the labels are not real numbers."""
    if model_has_proba or y.dtype.kind in "biuOUSb":
        return "classification"
    finite = y[np.isfinite(y)]
    if finite.size and np.all(finite == np.round(finite)) and np.unique(finite).size <= 20:
        return "classification"
    return "regression"
