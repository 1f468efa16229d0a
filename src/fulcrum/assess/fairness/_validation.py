"""Validation at the boundary of the array functions, one ``check_*`` helper per input kind.

Modelled on scikit-learn's ``sklearn/utils/validation.py``: each helper turns an
array-like into a NumPy array or raises a ``DataError`` whose message (a constant
of ``_messages``) names the argument and what was found.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fulcrum.assess.fairness._messages import (
    BAD_WEIGHTS,
    LENGTH_MISMATCH,
    MISSING_VALUES,
    NOT_BINARY,
    NOT_ONE_DIMENSIONAL,
)
from fulcrum.errors import DataError


def to_numpy(values: Any) -> np.ndarray:
    """A NumPy view of a list, array, pandas/Polars Series or Arrow array."""
    module = type(values).__module__
    if module.startswith("pyarrow"):
        return np.asarray(values.to_numpy(zero_copy_only=False))
    if module.startswith(("pandas", "polars")) and hasattr(values, "to_numpy"):
        return np.asarray(values.to_numpy())
    if isinstance(values, str):
        raise DataError(NOT_ONE_DIMENSIONAL.format(name="input", shape="a string"))
    return np.asarray(values)


def check_1d(values: Any, name: str) -> np.ndarray:
    """A one-dimensional array without missing values."""
    array = to_numpy(values)
    if array.ndim == 2 and 1 in array.shape:
        array = array.reshape(-1)
    if array.ndim != 1:
        raise DataError(NOT_ONE_DIMENSIONAL.format(name=name, shape=array.shape))
    missing = _missing_mask(array)
    if missing.any():
        first = ", ".join(str(int(i)) for i in np.flatnonzero(missing)[:5])
        where = f" (first at row {first})"
        raise DataError(MISSING_VALUES.format(column=name, count=int(missing.sum()), where=where))
    return array


def _missing_mask(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind == "f":
        return np.isnan(array)
    if array.dtype.kind == "O":
        return np.fromiter(
            (v is None or (isinstance(v, float) and v != v) for v in array.tolist()),
            dtype=bool,
            count=len(array),
        )
    return np.zeros(len(array), dtype=bool)


def check_consistent_length(**arrays: np.ndarray | None) -> None:
    """All given arrays have one length; the message lists every length."""
    lengths = {name: len(a) for name, a in arrays.items() if a is not None}
    if len(set(lengths.values())) > 1:
        raise DataError(LENGTH_MISMATCH.format(lengths=lengths))


def _is_positive(values: np.ndarray, pos_label: Any) -> np.ndarray:
    """Element-wise ``value == pos_label`` (also matching ``"1"`` with ``1``)."""
    equal = np.asarray(values == pos_label)
    if equal.shape != values.shape or (not equal.any() and values.dtype.kind in "OUS"):
        equal = np.asarray([str(v) == str(pos_label) for v in values.tolist()], dtype=bool)
    return equal.astype(bool)


def check_binary(values: Any, name: str, pos_label: Any = 1) -> np.ndarray:
    """Binary labels or predictions as a boolean "is positive" array.

    Two distinct values at most, one of them ``pos_label`` (or a single value);
    anything else (probabilities passed as predictions, three classes) is refused.
    """
    array = check_1d(values, name)
    uniques = np.unique(array.astype(object) if array.dtype.kind == "O" else array)
    positive = _is_positive(array, pos_label)
    if len(uniques) > 2 or (len(uniques) == 2 and positive.all() == positive.any()):
        shown = ", ".join(repr(v) for v in uniques[:5].tolist())
        raise DataError(
            NOT_BINARY.format(
                column=name, count=len(uniques), values=shown, role=name, pos_label=pos_label
            )
        )
    return positive


def check_sample_weight(sample_weight: Any, n: int) -> np.ndarray | None:
    """Finite, non-negative weights of length ``n`` with a positive sum (None stays None)."""
    if sample_weight is None:
        return None
    weights = check_1d(sample_weight, "sample_weight")
    try:
        weights = weights.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(BAD_WEIGHTS.format(problem="they are not numbers")) from exc
    check_consistent_length(y_true=np.empty(n), sample_weight=weights)
    if not np.isfinite(weights).all():
        raise DataError(BAD_WEIGHTS.format(problem="some are infinite"))
    if (weights < 0).any():
        raise DataError(BAD_WEIGHTS.format(problem=f"{int((weights < 0).sum())} are negative"))
    if n and not weights.sum() > 0:
        raise DataError(BAD_WEIGHTS.format(problem="they sum to 0"))
    return weights
