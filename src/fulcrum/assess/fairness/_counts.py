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
    BAD_WEIGHTS,
    EMPTY,
    EMPTY_STRINGS,
    LENGTH_MISMATCH,
    MISSING_VALUES,
    NO_POSITIVE,
    NOT_BINARY,
)
from fulcrum.assess.fairness._validation import check_sample_weight
from fulcrum.engines import Engine, UniformBins
from fulcrum.engines._rank import rank_wins
from fulcrum.errors import DataError, InputError

#: Scores with at most this many distinct values are counted exactly.
SCORE_EXACT_LIMIT = 1024
#: Otherwise they are cut into this many bins (quantile bins in memory, uniform in engines).
SCORE_BINS = 1000
#: The dense count cube may hold at most this many cells.
_CELL_LIMIT = 1 << 26


@dataclass(frozen=True)
class ScoreCounts:
    """Score histograms per group and true label, and the exact ROC AUC.

    ``values[s]`` is the score of column ``s`` (the exact value, or the lower edge
    of a bin); ``hist[g, y, s]`` counts (weighted) rows and ``sums[g, y, s]`` adds
    their (weighted) scores. The histograms serve calibration and mitigation; the
    AUC comes from ``wins`` (pairs a positive outscores a negative, ties half),
    computed from the rows by one sort, so it is exact for any number of scores.
    """

    values: np.ndarray
    hist: np.ndarray
    sums: np.ndarray
    exact: bool
    bins: UniformBins | None = None
    low: float = 0.0
    high: float = 0.0
    wins: np.ndarray | None = None
    wins_overall: float | None = None

    @property
    def probabilities(self) -> bool:
        """Whether all scores lie in [0, 1], so calibration is defined."""
        return bool(len(self.values)) and self.low >= 0.0 and self.high <= 1.0

    def auc(self) -> np.ndarray:
        """Exact ROC AUC per group (NaN without positives or negatives)."""
        pos, neg = self.hist[:, 1, :].sum(axis=-1), self.hist[:, 0, :].sum(axis=-1)
        if self.wins is None:
            from fulcrum.assess.fairness._scores import roc_auc

            return roc_auc(self.hist)
        return _divide(self.wins, pos * neg)

    def auc_overall(self) -> float:
        """Exact ROC AUC over all rows."""
        pooled = self.hist.sum(axis=0)
        if self.wins_overall is None:
            from fulcrum.assess.fairness._scores import roc_auc

            return float(roc_auc(pooled))
        return float(_divide(np.asarray(self.wins_overall), pooled[1].sum() * pooled[0].sum()))


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


@dataclass(frozen=True)
class FairnessCounts:
    """Confusion counts per group: ``confusion[g, y, p]`` with y, p in {0, 1}.

    With sample weights ``confusion`` holds the summed weights, ``rows`` the row
    counts and ``weight_sq`` the summed squared weights of each cell, from which
    every interval takes Kish's effective sample size ``(sum w)^2 / sum w^2``.
    """

    sensitive: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    confusion: np.ndarray
    scores: ScoreCounts | None = None
    rows: np.ndarray | None = None
    weight_sq: np.ndarray | None = None

    @property
    def weighted(self) -> bool:
        """Whether the counts are sums of sample weights."""
        return self.weight_sq is not None

    @property
    def n(self) -> np.ndarray:
        """Rows (summed weights) per group."""
        return np.asarray(self.confusion.sum(axis=(1, 2)))

    @property
    def row_counts(self) -> np.ndarray:
        """Unweighted row counts per cell."""
        return self.confusion if self.rows is None else self.rows

    @property
    def total(self) -> int:
        """Rows in all groups."""
        return int(self.row_counts.sum())

    def group_dicts(self) -> list[dict[str, str]]:
        """Each group as ``{column: value}``."""
        return [dict(zip(self.sensitive, g, strict=True)) for g in self.groups]

    def __repr__(self) -> str:
        return (
            f"FairnessCounts(sensitive={list(self.sensitive)}, groups={len(self.groups)}, "
            f"rows={self.total}, weighted={self.weighted}, scores={self.scores is not None})"
        )

    def marginal(self, columns: Sequence[str]) -> FairnessCounts:
        """The counts for a subset of the sensitive columns (summing the others out).

        The exact AUC is not additive over groups, so the marginal's AUC comes from
        the score histograms.
        """
        pick = [self.sensitive.index(c) for c in columns]
        keys = [tuple(g[i] for i in pick) for g in self.groups]
        uniq = sorted(set(keys))
        index = np.asarray([uniq.index(k) for k in keys], dtype=np.intp)

        def fold(cells: np.ndarray | None) -> np.ndarray | None:
            if cells is None:
                return None
            out = np.zeros((len(uniq), *cells.shape[1:]), dtype=cells.dtype)
            np.add.at(out, index, cells)
            return out

        scores = None
        if self.scores is not None:
            hist, sums = fold(self.scores.hist), fold(self.scores.sums)
            assert hist is not None and sums is not None
            scores = replace(self.scores, hist=hist, sums=sums, wins=None)
        conf = fold(self.confusion)
        assert conf is not None
        return FairnessCounts(
            tuple(columns), tuple(uniq), conf, scores, fold(self.rows), fold(self.weight_sq)
        )


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
    cube: np.ndarray,
    axis: int,
    labels: np.ndarray,
    column: str,
    role: str,
    pos_label: Any,
    one_vs_rest: bool = False,
) -> list[np.ndarray]:
    """Index lists (negative levels, positive level) of a label/prediction axis.

    With ``one_vs_rest`` any number of classes is accepted: ``pos_label`` is the
    positive class and every other class is negative.
    """
    other = tuple(i for i in range(cube.ndim) if i != axis)
    present = np.flatnonzero(cube.sum(axis=other))
    values = [labels[i] for i in present]
    positive = [i for i, v in zip(present, values, strict=True) if _matches(v, pos_label)]
    negative = [i for i in present if i not in positive]
    if one_vs_rest and len(positive) <= 1:
        return [np.asarray(negative, dtype=np.intp), np.asarray(positive, dtype=np.intp)]
    if len(present) == 2 and not positive:
        shown = ", ".join(repr(v) for v in values)
        raise DataError(
            f"column {column!r} has the values {shown}, neither of which is "
            f"pos_label={pos_label!r}; set pos_label to the value meaning 'positive'"
        )
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


def _refuse_empty_strings(labels: np.ndarray, cube: np.ndarray, axis: int, column: str) -> None:
    """An empty or blank text value is a missing value (CSV readers keep it as ``""``)."""
    blank = [i for i, v in enumerate(labels.tolist()) if isinstance(v, str) and not v.strip()]
    if not blank:
        return
    other = tuple(i for i in range(cube.ndim) if i != axis)
    count = round(float(cube.sum(axis=other)[blank].sum()))
    if count:
        raise DataError(EMPTY_STRINGS.format(column=column, count=count, where=""))


@dataclass(frozen=True)
class Layout:
    """Where the rows went: the positive label codes and the flat sensitive level of each group."""

    positive_codes: np.ndarray
    level_shape: tuple[int, ...]
    group_levels: np.ndarray


def assemble(
    cube: np.ndarray,
    labels: Sequence[np.ndarray],
    *,
    sensitive: Sequence[str],
    label: str,
    pred: str,
    pos_label: Any,
    weight: np.ndarray | None = None,
    weight_sq: np.ndarray | None = None,
    score_values: np.ndarray | None = None,
    score_sums: np.ndarray | None = None,
    bins: UniformBins | None = None,
    score_range: tuple[float, float] = (0.0, 0.0),
    one_vs_rest: bool = False,
) -> tuple[FairnessCounts, Layout]:
    """Turn dense cubes (sensitive axes, label, prediction[, score]) into ``FairnessCounts``.

    ``cube`` counts rows; ``weight``/``weight_sq`` (same shape) sum the sample
    weights and their squares; ``score_sums`` sums (weighted) scores.
    """
    k = len(sensitive)
    for axis, column in enumerate([*sensitive, label, pred]):
        _refuse_empty_strings(labels[axis], cube, axis, column)
    y_parts = _binary_axis(cube, k, labels[k], label, "label", pos_label, one_vs_rest)
    p_parts = _binary_axis(cube, k + 1, labels[k + 1], pred, "prediction", pos_label, one_vs_rest)

    def fold(values: np.ndarray | None) -> np.ndarray | None:
        if values is None:
            return None
        return _collapse(_collapse(values, k, y_parts), k + 1, p_parts)

    cube = fold(cube)  # type: ignore[assignment]
    weight, weight_sq, score_sums = fold(weight), fold(weight_sq), fold(score_sums)
    level_shape = cube.shape[:k]
    size = math.prod(level_shape)
    flat = cube.reshape(size, *cube.shape[k:])
    per_combo = flat.reshape(size, -1).sum(axis=1)
    present = np.flatnonzero(per_combo)
    if not len(present):
        raise DataError(EMPTY)
    levels = np.unravel_index(present, level_shape)
    names = [tuple(str(labels[j][levels[j][i]]) for j in range(k)) for i in range(len(present))]
    order = sorted(range(len(present)), key=lambda i: names[i])
    rows = present[np.asarray(order, dtype=np.intp)]
    groups = tuple(names[i] for i in order)

    def pick(values: np.ndarray | None) -> np.ndarray | None:
        return None if values is None else values.reshape(size, *values.shape[k:])[rows]

    counted, weighted, squared = pick(cube), pick(weight), pick(weight_sq)
    assert counted is not None
    scores = None
    if score_values is not None:
        hist_source = weighted if weighted is not None else counted
        summed = pick(score_sums)
        assert summed is not None
        sort = np.argsort(score_values, kind="stable")
        scores = ScoreCounts(
            values=np.asarray(score_values, dtype=np.float64)[sort],
            hist=hist_source.sum(axis=2)[..., sort],
            sums=summed.sum(axis=2)[..., sort],
            exact=bins is None,
            bins=bins,
            low=score_range[0],
            high=score_range[1],
        )
        counted = counted.sum(axis=3)
        weighted = None if weighted is None else weighted.sum(axis=3)
        squared = None if squared is None else squared.sum(axis=3)
    row_counts = np.rint(counted).astype(np.int64)
    if weighted is None:
        result = FairnessCounts(tuple(sensitive), groups, row_counts, scores)
    else:
        result = FairnessCounts(tuple(sensitive), groups, weighted, scores, row_counts, squared)
    layout = Layout(np.asarray(y_parts[1], dtype=np.intp), tuple(level_shape), rows)
    return result, layout


# -- in memory ---------------------------------------------------------------------------


def _score_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, UniformBins | None]:
    """Exact codes when the score has few distinct values, else uniform bin indexes.

    The bins are the engines' (``UniformBins``), so every engine gives the same
    histograms; they serve calibration and the mitigation trade-off, while the
    AUC is computed exactly from the rows.
    """
    lo, hi = float(values.min()), float(values.max())
    if hi == lo:
        return np.zeros(len(values), dtype=np.intp), np.asarray([lo]), None
    sample = values[: 4 * SCORE_EXACT_LIMIT]
    if len(np.unique(sample)) > SCORE_EXACT_LIMIT:  # continuous scores: no full hash needed
        bins = _score_bins(lo, hi)
        return bins.index(values), bins.edges()[:-1], bins
    try:
        import pandas as pd

        codes, uniques = pd.factorize(values, sort=False)
    except ModuleNotFoundError:
        uniques, codes = np.unique(values, return_inverse=True)
    if len(uniques) > SCORE_EXACT_LIMIT:
        bins = _score_bins(lo, hi)
        return bins.index(values), bins.edges()[:-1], bins
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=np.float64), None


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
    sample_weight: Any = None,
    one_vs_rest: bool = False,
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
    weights = None
    if sample_weight is not None:
        weight_name = sample_weight if isinstance(sample_weight, str) else "sample_weight"
        weights = float_values(column(sample_weight, weight_name), weight_name)
        lengths[weight_name] = len(weights)
    score_array = None
    if score is not None:
        score_name = score if isinstance(score, str) else "score"
        score_array = float_values(column(score, score_name), score_name)
        lengths[score_name] = len(score_array)
    if len(set(lengths.values())) != 1:
        raise InputError(LENGTH_MISMATCH.format(lengths=lengths))
    if not next(iter(lengths.values())):
        raise DataError(EMPTY)
    if weights is not None:
        weights = check_sample_weight(weights, len(weights))
    score_values = None
    score_range = (0.0, 0.0)
    bins = None
    cube_codes, cube_sizes = list(codes), list(sizes)
    if score_array is not None:
        if not np.isfinite(score_array).all():
            raise DataError(f"column {score_name!r} has infinite values")
        score_codes, score_values, bins = _score_codes(score_array)
        score_range = (float(score_array.min()), float(score_array.max()))
        cube_codes.append(score_codes)
        cube_sizes.append(len(score_values))
    cube = _bincount_cube(cube_codes, cube_sizes)
    weight = weight_sq = None
    if weights is not None:
        weight = _bincount_cube(cube_codes, cube_sizes, weights)
        weight_sq = _bincount_cube(cube_codes, cube_sizes, weights * weights)
    sums = None
    if score_array is not None:
        scaled = score_array if weights is None else score_array * weights
        sums = _bincount_cube(cube_codes, cube_sizes, scaled)
    counts, layout = assemble(
        cube,
        labels,
        sensitive=sensitive_names,
        label=label_name,
        pred=pred_name,
        pos_label=pos_label,
        weight=weight,
        weight_sq=weight_sq,
        score_values=score_values,
        score_sums=sums,
        score_range=score_range,
        one_vs_rest=one_vs_rest,
        bins=bins,
    )
    if score_array is None or counts.scores is None:
        return counts
    k = len(sensitive_names)
    level = np.zeros(len(score_array), dtype=np.intp)
    for code, size in zip(codes[:k], sizes[:k], strict=True):
        level *= size
        level += np.asarray(code, dtype=np.intp)
    positive = np.isin(codes[k], layout.positive_codes)
    n_levels = math.prod(layout.level_shape)
    wins, _, _, overall = rank_wins(level, positive, score_array, weights, n_levels)
    scores = replace(counts.scores, wins=wins[layout.group_levels], wins_overall=overall[0])
    return replace(counts, scores=scores)


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


def count_with_engine(
    engine: Engine,
    source: Any,
    *,
    label: str,
    pred: str,
    sensitive: Sequence[str],
    score: str | None = None,
    pos_label: Any = 1,
    sample_weight: str | None = None,
    one_vs_rest: bool = False,
) -> FairnessCounts:
    """Count through ``engine.count_by`` (one GROUP BY), then build the same cube.

    With a score, ``engine.rank_wins`` adds the exact AUC per group and overall
    (a window over the rows sorted by score, run where the data lives).
    """
    keys = [*sensitive, label, pred]
    extra = [c for c in (score, sample_weight) if c]
    engine.check_columns(source, list(dict.fromkeys([*keys, *extra])))
    bins = None
    score_range = (0.0, 0.0)
    if sample_weight:
        w_lo, w_hi, _ = engine.profile(source, sample_weight)
        if not (math.isfinite(w_lo) and math.isfinite(w_hi)) or w_lo < 0:
            raise DataError(
                BAD_WEIGHTS.format(problem=f"column {sample_weight!r} spans [{w_lo:g}, {w_hi:g}]")
            )
    if score is not None:
        lo, hi, distinct = engine.profile(source, score)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise DataError(f"column {score!r} has infinite values")
        score_range = (lo, hi)
        if distinct > SCORE_EXACT_LIMIT and hi > lo:
            bins = _score_bins(lo, hi)
        keys.append(score)
    sums: list[Any] = []
    if sample_weight:
        sums += [sample_weight, (sample_weight, sample_weight)]
    if score:
        sums.append((score, sample_weight) if sample_weight else score)
    grouped = engine.count_by(
        source, keys, bins={score: bins} if score and bins else None, sums=sums
    )
    rows = np.asarray(grouped.counts, dtype=np.float64)
    encoded = [_factorize_cells(np.asarray(grouped.keys[k]), rows, k) for k in keys]
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
    cube = _bincount_cube(codes_list, sizes, rows)
    weight = weight_sq = None
    if sample_weight:
        weight = _bincount_cube(codes_list, sizes, grouped.sums[sample_weight])
        weight_sq = _bincount_cube(
            codes_list, sizes, grouped.sums[f"{sample_weight}*{sample_weight}"]
        )
    score_sums = None
    if score:
        key = f"{score}*{sample_weight}" if sample_weight else score
        score_sums = _bincount_cube(codes_list, sizes, grouped.sums[key])
    labels = [lab for _, lab in encoded]
    counts, layout = assemble(
        cube,
        labels,
        sensitive=sensitive,
        label=label,
        pred=pred,
        pos_label=pos_label,
        weight=weight,
        weight_sq=weight_sq,
        score_values=score_values,
        score_sums=score_sums,
        bins=bins,
        score_range=score_range,
        one_vs_rest=one_vs_rest,
    )
    if score is None or counts.scores is None:
        return counts
    positive = [labels[len(sensitive)][i] for i in layout.positive_codes.tolist()]
    per_group = engine.rank_wins(
        source, sensitive, label=label, positive=positive, score=score, weight=sample_weight
    )
    overall = engine.rank_wins(
        source, [], label=label, positive=positive, score=score, weight=sample_weight
    )
    found = {
        tuple(str(per_group.keys[c][i]) for c in sensitive): float(per_group.sums["wins"][i])
        for i in range(len(per_group.counts))
    }
    wins = np.asarray([found.get(g, 0.0) for g in counts.groups])
    total = float(overall.sums["wins"][0]) if len(overall.counts) else 0.0
    return replace(counts, scores=replace(counts.scores, wins=wins, wins_overall=total))
