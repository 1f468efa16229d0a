"""Validation at the boundary: columns, mated flags, failure flags, target rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fulcrum.errors import DataError, InputError

MSG_MATED_VALUE = (
    "column {column!r} has value {value!r}; expected true/false, 1/0 or mated/nonmated"
)
MSG_MISSING = "column {column!r} has {count} rows with a missing value; drop or fill them"
MSG_NO_CLASS = "no {kind} comparisons in the data ({counts}); both are needed"
MSG_TARGET = "target rate must be in (0, 1], got {value!r}"

_TRUE = {"1", "true", "t", "yes", "y", "mated", "genuine", "match"}
_FALSE = {"0", "false", "f", "no", "n", "nonmated", "non-mated", "impostor", "imposter"}


def mated_code(value: Any, column: str) -> int:
    """0 or 1 for a mated-flag value, or a DataError naming the column and value."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return int(value.strip().lower() in _TRUE)
    raise DataError(MSG_MATED_VALUE.format(column=column, value=value))


def flag_code(value: Any, column: str) -> int:
    """0 or 1 for a failure flag (missing counts as 0)."""
    if value is None:
        return 0
    return mated_code(value, column)


def check_targets(targets: Sequence[float], name: str = "fmr") -> tuple[float, ...]:
    """Target rates as floats in (0, 1]; an InputError quoting the bad one."""
    out = []
    for target in targets:
        value = float(target)
        if not 0.0 < value <= 1.0:
            raise InputError(f"{name}: " + MSG_TARGET.format(value=target))
        out.append(value)
    if not out:
        raise InputError(f"{name}: give at least one target rate")
    return tuple(out)


def check_classes(n_nonmated: int, n_mated: int) -> None:
    """Both mated and non-mated comparisons must be present (counts quoted)."""
    counts = f"[{n_mated} mated, {n_nonmated} non-mated]"
    if n_mated == 0:
        raise DataError(MSG_NO_CLASS.format(kind="mated", counts=counts))
    if n_nonmated == 0:
        raise DataError(MSG_NO_CLASS.format(kind="non-mated", counts=counts))


def group_columns(groups: Sequence[str]) -> tuple[list[str], list[str]]:
    """``probe_ATTR`` and ``ref_ATTR`` column names for each group attribute."""
    attrs = [g.strip() for g in groups if g.strip()]
    if len(set(attrs)) != len(attrs):
        raise InputError(f"group attributes repeat: {', '.join(attrs)}")
    return [f"probe_{a}" for a in attrs], [f"ref_{a}" for a in attrs]
