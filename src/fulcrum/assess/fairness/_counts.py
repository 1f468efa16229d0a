"""One aggregated pass: confusion counts (and score histograms) per sensitive group.

Everything the fairness assessment reports is computed from a ``FairnessCounts``:
a ``(groups, 2, 2)`` array of rows per group, true label and prediction, plus,
with scores, ``(groups, 2, S)`` histograms of the score per group and label.
In memory the rows are coded and counted with one ``np.bincount`` of a combined
code; through an engine (DuckDB, Spark) the same cells come from one GROUP BY.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from fulcrum.assess.fairness._encode import encode, float_values, get_column
from fulcrum.assess.fairness._messages import (
    EMPTY,
    LENGTH_MISMATCH,
    MISSING_VALUES,
    NO_POSITIVE,
    NOT_BINARY,
)
from fulcrum.engines import Engine, UniformBins
from fulcrum.errors import DataError, InputError

#: Scores with at most this many distinct values are counted exactly (exact ROC AUC).
SCORE_EXACT_LIMIT = 1024
#: Otherwise they are cut into this many uniform bins.
SCORE_BINS = 1000
#: The dense count cube may hold at most this many cells.
_CELL_LIMIT = 1 << 26


@dataclass(frozen=True)
class ScoreCounts:
    """Score histograms per group and true label.

    ``values[s]`` is the score of column ``s`` (the exact value, or the lower edge
    of a bin); ``hist[g, y, s]`` counts rows and ``sums[g, y, s]`` adds their scores.
    """

    values: np.ndarray
    hist: np.ndarray
    sums: np.ndarray
    exact: bool
    bins: UniformBins | None = None

    @property
    def probabilities(self) -> bool:
        """Whether all scores lie in [0, 1], so calibration is defined."""
        high = self.bins.high if self.bins is not None else self.values[-1]
        low = self.bins.low if self.bins is not None else self.values[0]
        return bool(len(self.values)) and low >= 0.0 and high <= 1.0


@dataclass(frozen=True)
class FairnessCounts:
    """Confusion counts per group: ``confusion[g, y, p]`` with y, p in {0, 1}."""

    sensitive: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    confusion: np.ndarray
    scores: ScoreCounts | None = None

    @property
    def n(self) -> np.ndarray:
        """Rows per group."""
        return np.asarray(self.confusion.sum(axis=(1, 2)))

    @property
    def total(self) -> int:
        """Rows in all groups."""
        return int(self.confusion.sum())

    def group_dicts(self) -> list[dict[str, str]]:
        """Each group as ``{column: value}``."""
        return [dict(zip(self.sensitive, g, strict=True)) for g in self.groups]

    def marginal(self, columns: Sequence[str]) -> FairnessCounts:
        """The counts for a subset of the sensitive columns (summing the others out)."""
        pick = [self.sensitive.index(c) for c in columns]
        keys = [tuple(g[i] for i in pick) for g in self.groups]
        uniq = sorted(set(keys))
        index = np.asarray([uniq.index(k) for k in keys], dtype=np.intp)
        conf = np.zeros((len(uniq), 2, 2), dtype=self.confusion.dtype)
        np.add.at(conf, index, self.confusion)
        scores = None
        if self.scores is not None:
            hist = np.zeros((len(uniq), *self.scores.hist.shape[1:]))
            sums = np.zeros_like(hist)
            np.add.at(hist, index, self.scores.hist)
            np.add.at(sums, index, self.scores.sums)
            scores = replace(self.scores, hist=hist, sums=sums)
        return FairnessCounts(tuple(columns), tuple(uniq), conf, scores)


# -- building the cube --------------------------------------------------------------------


def _bincount_cube(
    codes: Sequence[np.ndarray], sizes: Sequence[int], weights: np.ndarray | None = None
) -> np.ndarray:
    """Dense array of shape ``sizes`` counting (or summing ``weights`` over) code tuples."""
    cells = math.prod(sizes)
    if cells > _CELL_LIMIT:
        raise DataError(
            f"too many combinations of values ({cells:,}); use fewer or coarser sensitive columns"
        )
    combined = np.asarray(codes[0], dtype=np.intp).copy()
    for code, size in zip(codes[1:], sizes[1:], strict=True):
        combined *= size
        combined += code
    flat = np.bincount(combined, weights=weights, minlength=cells)
    return flat.reshape(tuple(sizes))


def _matches(value: Any, pos_label: Any) -> bool:
    try:
        if value == pos_label:
            return True
    except (TypeError, ValueError):
        pass
    return str(value) == str(pos_label)


def _binary_axis(
    cube: np.ndarray, axis: int, labels: np.ndarray, column: str, role: str, pos_label: Any
) -> list[np.ndarray]:
    """Index lists (negative levels, positive level) of a label/prediction axis."""
    other = tuple(i for i in range(cube.ndim) if i != axis)
    present = np.flatnonzero(cube.sum(axis=other))
    values = [labels[i] for i in present]
    positive = [i for i, v in zip(present, values, strict=True) if _matches(v, pos_label)]
    negative = [i for i in present if i not in positive]
    if len(present) > 2 or (len(present) == 2 and len(positive) != 1):
        shown = ", ".join(repr(v) for v in values[:5])
        raise DataError(
            NOT_BINARY.format(
                column=column, count=len(present), values=shown, role=role, pos_label=pos_label
            )
        )
    if len(present) == 1 and not positive and not any(_matches(values[0], z) for z in (0, False)):
        raise DataError(NO_POSITIVE.format(column=column, value=values[0], pos_label=pos_label))
    return [np.asarray(negative, dtype=np.intp), np.asarray(positive, dtype=np.intp)]


def _collapse(cube: np.ndarray, axis: int, parts: list[np.ndarray]) -> np.ndarray:
    return np.stack([np.take(cube, p, axis=axis).sum(axis=axis) for p in parts], axis=axis)


def assemble(
    cube: np.ndarray,
    labels: Sequence[np.ndarray],
    *,
    sensitive: Sequence[str],
    label: str,
    pred: str,
    pos_label: Any,
    score_values: np.ndarray | None = None,
    score_sums: np.ndarray | None = None,
    bins: UniformBins | None = None,
) -> FairnessCounts:
    """Turn a dense cube (sensitive axes, label, prediction[, score]) into ``FairnessCounts``."""
    k = len(sensitive)
    y_parts = _binary_axis(cube, k, labels[k], label, "label", pos_label)
    p_parts = _binary_axis(cube, k + 1, labels[k + 1], pred, "prediction", pos_label)
    cube = _collapse(_collapse(cube, k, y_parts), k + 1, p_parts)
    if score_sums is not None:
        score_sums = _collapse(_collapse(score_sums, k, y_parts), k + 1, p_parts)
    level_shape = cube.shape[:k]
    flat = cube.reshape(math.prod(level_shape), *cube.shape[k:])
    per_combo = flat.reshape(flat.shape[0], -1).sum(axis=1)
    present = np.flatnonzero(per_combo)
    if not len(present):
        raise DataError(EMPTY)
    levels = np.unravel_index(present, level_shape)
    names = [tuple(str(labels[j][levels[j][i]]) for j in range(k)) for i in range(len(present))]
    order = sorted(range(len(present)), key=lambda i: names[i])
    rows = present[np.asarray(order, dtype=np.intp)]
    groups = tuple(names[i] for i in order)
    chosen = flat[rows]
    scores = None
    if score_values is not None:
        hist = chosen.sum(axis=2)  # (G, 2, S): drop the prediction axis
        assert score_sums is not None
        sums = score_sums.reshape(flat.shape)[rows].sum(axis=2)
        sort = np.argsort(score_values, kind="stable")
        scores = ScoreCounts(
            values=np.asarray(score_values, dtype=np.float64)[sort],
            hist=hist[..., sort],
            sums=sums[..., sort],
            exact=bins is None,
            bins=bins,
        )
        chosen = chosen.sum(axis=3)
    confusion = np.rint(chosen).astype(np.int64)
    return FairnessCounts(tuple(sensitive), groups, confusion, scores)


# -- in memory ---------------------------------------------------------------------------


def _score_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, UniformBins | None]:
    """Exact codes when the score has few distinct values, else uniform bin indexes."""
    lo, hi = float(values.min()), float(values.max())
    if hi > lo:
        try:
            import pandas as pd

            codes, uniques = pd.factorize(values, sort=False)
        except ModuleNotFoundError:
            uniques, codes = np.unique(values, return_inverse=True)
        if len(uniques) > SCORE_EXACT_LIMIT:
            bins = _score_bins(lo, hi)
            return bins.index(values), bins.edges()[:-1], bins
        return codes, np.asarray(uniques, dtype=np.float64), None
    return np.zeros(len(values), dtype=np.intp), np.asarray([lo]), None


def _score_bins(lo: float, hi: float) -> UniformBins:
    if lo >= 0.0 and hi <= 1.0:
        return UniformBins(0.0, 1.0, SCORE_BINS)
    return UniformBins(lo, hi, SCORE_BINS)


def count_in_memory(
    data: Any,
    *,
    label: Any,
    pred: Any,
    sensitive: Sequence[Any],
    sensitive_names: Sequence[str],
    score: Any = None,
    pos_label: Any = 1,
) -> FairnessCounts:
    """Count a table (or arrays) in memory: code each column, one combined ``np.bincount``."""

    def column(ref: Any, name: str) -> Any:
        return get_column(data, ref) if data is not None and isinstance(ref, str) else ref

    label_name = label if isinstance(label, str) else "y_true"
    pred_name = pred if isinstance(pred, str) else "y_pred"
    refs = [*zip(sensitive, sensitive_names, strict=True), (label, label_name), (pred, pred_name)]
    encoded = [encode(column(ref, name), name) for ref, name in refs]
    lengths = {name: len(c) for (_, name), (c, _) in zip(refs, encoded, strict=True)}
    codes = [c for c, _ in encoded]
    labels = [lab for _, lab in encoded]
    sizes = [max(len(lab), 1) for lab in labels]
    score_values = bins = weights = None
    if score is not None:
        score_name = score if isinstance(score, str) else "score"
        weights = float_values(column(score, score_name), score_name)
        lengths[score_name] = len(weights)
        if len(set(lengths.values())) == 1 and len(weights):
            score_codes, score_values, bins = _score_codes(weights)
            codes.append(score_codes)
            sizes.append(len(score_values))
    if len(set(lengths.values())) != 1:
        raise InputError(LENGTH_MISMATCH.format(lengths=lengths))
    if not next(iter(lengths.values())):
        raise DataError(EMPTY)
    cube = _bincount_cube(codes, sizes)
    sums = _bincount_cube(codes, sizes, weights) if weights is not None else None
    return assemble(
        cube,
        labels,
        sensitive=sensitive_names,
        label=label_name,
        pred=pred_name,
        pos_label=pos_label,
        score_values=score_values,
        score_sums=sums,
        bins=bins,
    )


# -- through an engine -------------------------------------------------------------------


def _factorize_cells(values: np.ndarray, weights: np.ndarray, column: str) -> tuple[Any, Any]:
    """Codes of the (few) aggregated cells of one key column, refusing nulls."""
    mapping: dict[Any, int] = {}
    codes = np.empty(len(values), dtype=np.intp)
    missing = 0
    for i, value in enumerate(values.tolist()):
        if value is None or (isinstance(value, float) and value != value):
            missing += int(weights[i])
            continue
        codes[i] = mapping.setdefault(value, len(mapping))
    if missing:
        raise DataError(MISSING_VALUES.format(column=column, count=missing, where=""))
    return codes, np.asarray(list(mapping), dtype=object)


def score_profile(engine: Engine, source: Any, column: str) -> tuple[float, float, int]:
    """Minimum, maximum and (approximate) number of distinct values of a score column."""
    profile = getattr(engine, "profile", None)
    if profile is not None:
        lo, hi, distinct = profile(source, column)
        return float(lo), float(hi), int(distinct)
    if engine.name == "duckdb":
        from fulcrum.engines.duckdb_engine import _quote, connect, fetch_arrow, relation_sql

        connection = connect(getattr(engine, "memory_limit", None))
        try:
            col = _quote(column)
            frm = relation_sql(connection, source)
            row = fetch_arrow(
                connection,
                f"SELECT min({col}::DOUBLE) AS lo, max({col}::DOUBLE) AS hi, "
                f"approx_count_distinct({col}) AS d FROM {frm}",
            ).to_pylist()[0]
        finally:
            connection.close()
        if row["lo"] is None:
            raise DataError(f"column {column!r} has no values")
        return float(row["lo"]), float(row["hi"]), int(row["d"])
    grouped = engine.count_by(source, [column])
    values = np.asarray(grouped.keys[column], dtype=np.float64)
    return float(np.nanmin(values)), float(np.nanmax(values)), len(values)


def count_with_engine(
    engine: Engine,
    source: Any,
    *,
    label: str,
    pred: str,
    sensitive: Sequence[str],
    score: str | None = None,
    pos_label: Any = 1,
) -> FairnessCounts:
    """Count through ``engine.count_by`` (one GROUP BY), then build the same cube."""
    keys = [*sensitive, label, pred]
    engine.check_columns(source, list(dict.fromkeys([*keys, *([score] if score else [])])))
    bins = None
    if score is not None:
        lo, hi, distinct = score_profile(engine, source, score)
        if distinct > SCORE_EXACT_LIMIT and hi > lo:
            bins = _score_bins(lo, hi)
        keys.append(score)
    grouped = engine.count_by(
        source, keys, bins={score: bins} if score and bins else None, sums=[score] if score else ()
    )
    weights = np.asarray(grouped.counts, dtype=np.float64)
    encoded = [_factorize_cells(np.asarray(grouped.keys[k]), weights, k) for k in keys]
    score_values = None
    if score is not None:
        codes, values = encoded[-1]
        if bins is not None:
            bin_index = np.asarray(values, dtype=np.int64)
            if (bin_index < 0).any():
                raise DataError(MISSING_VALUES.format(column=score, count="some", where=""))
            encoded[-1] = (bin_index[codes], bins.edges()[:-1].astype(object))
            score_values = bins.edges()[:-1]
        else:
            score_values = np.asarray(values, dtype=np.float64)
    sizes = [max(len(lab), 1) for _, lab in encoded]
    codes_list = [c for c, _ in encoded]
    cube = _bincount_cube(codes_list, sizes, weights)
    sums = _bincount_cube(codes_list, sizes, grouped.sums[score]) if score else None
    return assemble(
        cube,
        [lab for _, lab in encoded],
        sensitive=sensitive,
        label=label,
        pred=pred,
        pos_label=pos_label,
        score_values=score_values,
        score_sums=sums,
        bins=bins,
    )
