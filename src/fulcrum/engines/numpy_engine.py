"""The in-memory reference engine: Arrow dictionary encoding plus ``np.bincount``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from fulcrum.engines._arrow import column_names, read_table
from fulcrum.engines._base import (
    Engine,
    GroupedCounts,
    Source,
    Sum,
    UniformBins,
    sum_columns,
    sum_name,
)
from fulcrum.engines._rank import rank_wins
from fulcrum.errors import DataError

#: Above this many possible key combinations, fall back from bincount to np.unique.
_DENSE_LIMIT = 1 << 24


def _codes(column: Any, binning: UniformBins | None) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes per row and the value each code stands for."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if binning is not None:
        values = column.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
        idx = binning.index(values)
        # shift so that -1 (missing) becomes code 0
        return idx + 1, np.arange(-1, binning.count, dtype=np.int64)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    labels = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    return indices, labels


def count_arrays(
    columns: Mapping[str, Any],
    keys: Sequence[str],
    *,
    bins: Mapping[str, UniformBins] | None = None,
    sums: Sequence[Sum] = (),
) -> GroupedCounts:
    """Group and count Arrow columns in memory; shared by in-memory callers."""
    bins = bins or {}
    n_rows = len(next(iter(columns.values()))) if columns else 0
    combined = np.zeros(n_rows, dtype=np.int64)
    labels: list[np.ndarray] = []
    stride = 1
    for key in keys:
        codes, key_labels = _codes(columns[key], bins.get(key))
        combined += codes * stride
        labels.append(key_labels)
        stride *= max(len(key_labels), 1)
    weights = {sum_name(term): _product(columns, term) for term in sums}
    if stride <= _DENSE_LIMIT:
        counts = np.bincount(combined, minlength=stride)
        present = np.flatnonzero(counts)
        group_codes = present
        counts = counts[present]
        summed = {
            s: np.bincount(combined, weights=w, minlength=stride)[present]
            for s, w in weights.items()
        }
    else:
        group_codes, inverse, counts = np.unique(combined, return_inverse=True, return_counts=True)
        summed = {s: np.bincount(inverse, weights=w) for s, w in weights.items()}
    out_keys: dict[str, np.ndarray] = {}
    rest = group_codes.copy()
    for key, key_labels in zip(keys, labels, strict=True):
        size = max(len(key_labels), 1)
        out_keys[key] = key_labels[rest % size]
        rest //= size
    return GroupedCounts(keys=out_keys, counts=counts.astype(np.int64), sums=summed)


def _floats(column: Any) -> np.ndarray:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)


def _product(columns: Mapping[str, Any], term: Sum) -> np.ndarray:
    names = [term] if isinstance(term, str) else list(term)
    out = _floats(columns[names[0]])
    for name in names[1:]:
        out = out * _floats(columns[name])
    return out


class NumpyEngine(Engine):
    """Reads the whole table into memory and counts with ``np.bincount``."""

    name = "numpy"

    def columns(self, source: Source) -> list[str]:
        return column_names(source)

    def count_by(
        self,
        source: Source,
        keys: Sequence[str],
        *,
        bins: Mapping[str, UniformBins] | None = None,
        sums: Sequence[Sum] = (),
    ) -> GroupedCounts:
        wanted = list(dict.fromkeys([*keys, *sum_columns(sums)]))
        self.check_columns(source, wanted)
        table = read_table(source, wanted)
        columns = {name: table.column(name) for name in wanted}
        return count_arrays(columns, keys, bins=bins, sums=sums)

    def profile(self, source: Source, column: str) -> tuple[float, float, int]:
        import pyarrow.compute as pc

        values = read_table(source, [column]).column(column)
        if values.null_count == len(values):
            raise DataError(f"column {column!r} has no values")
        bounds = pc.min_max(values)
        return (
            float(bounds["min"].as_py()),
            float(bounds["max"].as_py()),
            int(pc.count_distinct(values).as_py()),
        )

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
        wanted = list(dict.fromkeys([*keys, label, score, *([weight] if weight else [])]))
        self.check_columns(source, wanted)
        table = read_table(source, wanted)
        codes = np.zeros(table.num_rows, dtype=np.intp)
        stride = 1
        for key in keys:
            key_codes, key_labels = _codes(table.column(key), None)
            codes += key_codes * stride
            stride *= max(len(key_labels), 1)
        present, group = np.unique(codes, return_inverse=True)
        label_codes, label_values = _codes(table.column(label), None)
        wanted_values = list(positive)
        lut = np.asarray([v in wanted_values for v in label_values.tolist()], dtype=bool)
        is_positive = lut[label_codes] if len(lut) else np.zeros(table.num_rows, dtype=bool)
        weights = _floats(table.column(weight)) if weight else None
        wins, pos, neg, _ = rank_wins(
            group, is_positive, _floats(table.column(score)), weights, len(present)
        )
        out_keys: dict[str, np.ndarray] = {}
        if keys:
            rest = present.copy()
            for key in keys:
                _, key_labels = _codes(table.column(key), None)
                size = max(len(key_labels), 1)
                out_keys[key] = key_labels[rest % size]
                rest //= size
        counts = np.bincount(group, minlength=len(present)).astype(np.int64)
        return GroupedCounts(out_keys, counts, {"wins": wins, "pos": pos, "neg": neg})


ENGINE = NumpyEngine()
