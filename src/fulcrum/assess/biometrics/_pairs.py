"""Inputs of the embeddings path: templates, subjects, groups, and the block plan."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.errors import DataError


def load_embeddings(source: Any) -> np.ndarray:
    """A float32 ``(N, d)`` matrix from an array, ``.npy``, Parquet or Arrow file."""
    if isinstance(source, str | Path):
        path = Path(source)
        from fulcrum.engines._arrow import check_file

        check_file(path)
        if path.suffix.lower() == ".npy":
            try:
                array = np.load(path, mmap_mode="r", allow_pickle=False)
            except (ValueError, EOFError, OSError, zipfile.BadZipFile) as exc:
                raise DataError(
                    f"{path}: not a NumPy .npy array of numbers ({type(exc).__name__}: {exc})"
                ) from exc
            if not isinstance(array, np.ndarray):  # np.load opens a zip as an .npz archive
                array.close()
                raise DataError(f"{path}: an .npz archive, expected one .npy array")
            if array.dtype.kind not in "fiu":
                raise DataError(f"{path}: holds {array.dtype} values; expected numbers")
        else:
            array = _table_matrix(path)
    else:
        array = np.asarray(source)
    if array.ndim != 2 or array.shape[0] < 2:
        raise DataError(f"embeddings must be a 2-D array of >= 2 rows, got shape {array.shape}")
    out = np.ascontiguousarray(array, dtype=np.float32)
    bad = ~np.isfinite(out).all(axis=1)
    if bad.any():
        raise DataError(
            f"embeddings: {int(bad.sum())} rows hold NaN or infinite values "
            f"(first row {int(np.flatnonzero(bad)[0])})"
        )
    return out


def _table_matrix(path: Path) -> np.ndarray:
    import pyarrow as pa

    if path.suffix.lower() in {".arrow", ".feather", ".ipc"}:
        import pyarrow.feather as feather

        table = feather.read_table(path)
    else:
        from fulcrum.engines._arrow import read_table

        table = read_table(path)
    if (table.num_columns == 1 and pa.types.is_list(table.schema.types[0])) or (
        table.num_columns == 1 and pa.types.is_fixed_size_list(table.schema.types[0])
    ):
        column = table.column(0).combine_chunks()
        flat = np.asarray(column.flatten().to_numpy(zero_copy_only=False), dtype=np.float32)
        return flat.reshape(len(column), -1)
    numeric = [
        table.column(i).to_numpy(zero_copy_only=False)
        for i, t in enumerate(table.schema.types)
        if pa.types.is_floating(t) or pa.types.is_integer(t)
    ]
    if not numeric:
        raise DataError(f"{path}: no numeric or list column to read embeddings from")
    return np.column_stack(numeric)


@dataclass(frozen=True)
class Templates:
    """Templates sorted by (group, subject), with codes and the original order."""

    vectors: np.ndarray  # (N, d) float32, sorted
    subject: np.ndarray  # (N,) int64 subject code, sorted order
    group: np.ndarray  # (N,) int64 group code, sorted order
    order: np.ndarray  # sorted position -> original row
    attributes: list[str]
    groups: list[tuple[str, ...]]
    subjects: np.ndarray  # subject code -> original id

    @property
    def n(self) -> int:
        """Number of templates."""
        return int(self.vectors.shape[0])


def prepare_templates(
    vectors: np.ndarray,
    subjects: Sequence[Any] | np.ndarray,
    attributes: dict[str, Any] | None,
    groups: Sequence[str],
    *,
    normalize: bool,
) -> Templates:
    """Check lengths, encode subjects and groups, normalise, and sort by (group, subject)."""
    n = vectors.shape[0]
    subj = np.asarray(subjects)
    if len(subj) != n:
        raise DataError(f"subjects has {len(subj)} rows but embeddings has {n}; they must match")
    attrs = [g for g in groups if g]
    columns = []
    for attr in attrs:
        if attributes is None or attr not in attributes:
            have = ", ".join(attributes) if attributes else "none"
            raise DataError(f"no attribute column {attr!r}; columns are {have}")
        values = list(attributes[attr])
        if len(values) != n:
            raise DataError(f"attribute {attr!r} has {len(values)} rows, embeddings has {n}")
        if any(v is None for v in values):
            raise DataError(f"attribute {attr!r} has missing values; drop or fill them")
        columns.append([str(v) for v in values])
    tuples = list(zip(*columns, strict=True)) if columns else [()] * n
    labels = sorted(set(tuples))
    code = {g: i for i, g in enumerate(labels)}
    group = np.array([code[t] for t in tuples], dtype=np.int64)
    ids, subject = np.unique(
        subj.astype(str) if subj.dtype == object else subj, return_inverse=True
    )
    order = np.lexsort((subject, group))
    if normalize:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        if (norms == 0).any():
            row = int(np.flatnonzero(norms[:, 0] == 0)[0])
            raise DataError(f"embeddings: row {row} is all zeros and cannot be normalised")
        vectors = vectors / norms
    return Templates(
        vectors=np.ascontiguousarray(vectors[order], dtype=np.float32),
        subject=subject[order].astype(np.int64),
        group=group[order],
        order=order,
        attributes=attrs,
        groups=labels,
        subjects=ids,
    )


@dataclass(frozen=True)
class Segment:
    """A run of sorted templates of one group."""

    start: int
    stop: int
    group: int
    subjects: np.ndarray  # sorted unique subject codes


def plan_segments(templates: Templates, block_size: int) -> list[Segment]:
    """Cut the sorted templates into segments of one group and at most ``block_size`` rows."""
    out = []
    bounds = np.flatnonzero(np.diff(templates.group)) + 1
    starts = np.r_[0, bounds]
    stops = np.r_[bounds, templates.n]
    for start, stop in zip(starts, stops, strict=True):
        for s in range(int(start), int(stop), block_size):
            e = min(s + block_size, int(stop))
            out.append(Segment(s, e, int(templates.group[s]), np.unique(templates.subject[s:e])))
    return out


def block_size_for(n_templates: int, memory_mb: float = 512.0) -> int:
    """Block edge so that a few float32/int64 blocks stay within ``memory_mb``."""
    per_cell = 4 * 3 + 8  # in-flight float32 products plus one int64 index array
    edge = int(np.sqrt(memory_mb * 2**20 / per_cell))
    return int(max(256, min(edge, 4096, n_templates)))
