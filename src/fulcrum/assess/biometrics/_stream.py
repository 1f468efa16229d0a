"""All pairs ``i < j`` of N templates in blocks, streamed into counts; never the full matrix.

Templates are sorted by (group, subject) and cut into segments of one group, so
a block of segment pairs ``(A, B)`` with ``A <= B`` falls in one cell ``(gA, gB)``
with ``gA <= gB``: each unordered pair is counted once, its probe being the
template whose group sorts first. Blocks whose segments share no subject hold
only non-mated pairs and are histogrammed whole; the few others (diagonal
blocks, shared subjects) are masked. Every mated score is kept exactly, and the
non-mated scores at or above an adaptive cutoff (the top ``K + 1`` that the
largest target FMR needs, plus a bin of margin) are kept exactly as well, so the
thresholds are exact after one pass. A second pass collects other windows
(e.g. the EER's) only when asked.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fulcrum.assess.biometrics._exact import Window, target_bin
from fulcrum.assess.biometrics._kernels import kernels
from fulcrum.assess.biometrics._ops import NumpyOps, TorchOps
from fulcrum.assess.biometrics._pairs import Segment, Templates, plan_segments


@dataclass
class Retained:
    """Exact scores kept from the stream, with their template positions (sorted order)."""

    values: list[np.ndarray] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    size: int = 0

    def add(self, values: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
        """Keep these scores."""
        if len(values):
            self.values.append(np.asarray(values, dtype=np.float32))
            self.rows.append(np.asarray(rows, dtype=np.int32))
            self.cols.append(np.asarray(cols, dtype=np.int32))
            self.size += len(values)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Everything kept, as three arrays."""
        if not self.values:
            empty = np.zeros(0, dtype=np.int32)
            return np.zeros(0, dtype=np.float32), empty, empty
        out = (np.concatenate(self.values), np.concatenate(self.rows), np.concatenate(self.cols))
        self.values, self.rows, self.cols = [out[0]], [out[1]], [out[2]]
        return out

    def prune(self, cutoff: np.float32) -> None:
        """Drop the scores below ``cutoff`` (chunk by chunk: no large temporary copies)."""
        for i, values in enumerate(self.values):
            keep = values >= cutoff
            self.values[i], self.rows[i], self.cols[i] = (
                values[keep],
                self.rows[i][keep],
                self.cols[i][keep],
            )
        self.size = sum(len(v) for v in self.values)


@dataclass
class StreamResult:
    """Histograms, the exact tail and mated scores, and the cutoff that bounds the tail."""

    hist: np.ndarray  # (2, G*G, n_bins)
    mated: Retained
    tail: Retained
    cutoff: float


def _block_pairs(segments: list[Segment]) -> list[tuple[int, int]]:
    return [(a, b) for a in range(len(segments)) for b in range(a, len(segments))]


def _shares_subject(a: Segment, b: Segment) -> bool:
    return a is b or len(np.intersect1d(a.subjects, b.subjects, assume_unique=True)) > 0


def _products(
    ops: NumpyOps | TorchOps, segments: list[Segment], pairs: list[tuple[int, int]]
) -> Iterator[tuple[int, int, Any]]:
    """Each block product, the next one computing while the caller handles this one."""
    if not pairs:
        return
    spans = [(s.start, s.stop) for s in segments]
    pending = ops.submit(spans[pairs[0][0]], spans[pairs[0][1]])
    for i, (a, b) in enumerate(pairs):
        current = pending
        if i + 1 < len(pairs):
            na, nb = pairs[i + 1]
            pending = ops.submit(spans[na], spans[nb])
        yield a, b, current.result()


def _progress(enabled: bool | None, total: int) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("comparing templates"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    bar.start()
    bar.add_task("pairs", total=total)
    return bar


def _masked(
    t: Templates, a: Segment, b: Segment, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Valid pair mask (upper triangle on the diagonal) and mated mask of a block."""
    rows, cols = np.arange(a.start, a.stop), np.arange(b.start, b.stop)
    valid = rows[:, None] < cols[None, :] if a is b else np.ones(scores.shape, dtype=bool)
    mated = valid & (t.subject[a.start : a.stop, None] == t.subject[None, b.start : b.stop])
    return valid & ~mated, mated, rows, cols


def stream_counts(
    t: Templates,
    ops: NumpyOps | TorchOps,
    *,
    n_bins: int,
    low: float,
    high: float,
    keep_top: int,
    block_size: int,
    progress: bool | None = None,
) -> StreamResult:
    """One pass over all pairs: per-cell histograms, exact mated scores, exact top tail."""
    n_groups = max(len(t.groups), 1)
    hist = np.zeros((2, n_groups * n_groups, n_bins), dtype=np.int64)
    nm_bins = np.zeros(n_bins, dtype=np.int64)
    width = (high - low) / n_bins
    segments = plan_segments(t, block_size)
    pairs = _block_pairs(segments)
    mated_kept, tail = Retained(), Retained()
    cutoff = np.float32(-np.inf)
    seen = 0
    fused = _FusedBlocks(n_bins)
    bar = _progress(progress, len(pairs))
    try:
        for a_i, b_i, scores in _products(ops, segments, pairs):
            a, b = segments[a_i], segments[b_i]
            cell = a.group * n_groups + b.group
            width_b = b.stop - b.start
            if a is b and isinstance(ops, NumpyOps) and kernels() is not None:
                cutoff, seen = fused.diagonal(
                    t,
                    a,
                    ops.to_numpy(scores),
                    ops,
                    hist[:, cell],
                    nm_bins,
                    mated_kept,
                    tail,
                    seen=seen,
                    keep_top=keep_top,
                    low=low,
                    width=width,
                    cutoff=cutoff,
                )
            elif (
                np.isfinite(cutoff)
                and isinstance(ops, NumpyOps)
                and kernels() is not None
                and (not _shares_subject(a, b))
            ):
                block_hist = fused.run(ops, ops.to_numpy(scores), cutoff, a.start, b.start, tail)
                hist[0, cell] += block_hist
                nm_bins += block_hist
                seen += (a.stop - a.start) * width_b
                cutoff = _raise_cutoff(nm_bins, seen, keep_top, low, width, cutoff, tail)
            elif not _shares_subject(a, b):
                block_hist = ops.hist(scores)
                hist[0, cell] += block_hist
                nm_bins += block_hist
                seen += (a.stop - a.start) * width_b
                cutoff = _raise_cutoff(nm_bins, seen, keep_top, low, width, cutoff, tail)
                pos, values = ops.select_ge(scores, float(cutoff))
                tail.add(values, a.start + pos // width_b, b.start + pos % width_b)
            else:
                host = ops.to_numpy(scores)
                nonmated, mated, rows, cols = _masked(t, a, b, host)
                nm_values = host[nonmated]
                block_hist = _np_hist(ops, nm_values)
                hist[0, cell] += block_hist
                nm_bins += block_hist
                hist[1, cell] += _np_hist(ops, host[mated])
                r, c = np.nonzero(mated)
                mated_kept.add(host[r, c], rows[r], cols[c])
                seen += len(nm_values)
                cutoff = _raise_cutoff(nm_bins, seen, keep_top, low, width, cutoff, tail)
                r, c = np.nonzero(nonmated & (host >= cutoff))
                tail.add(host[r, c], rows[r], cols[c])
            if bar is not None:
                bar.advance(bar.task_ids[0])
    finally:
        if bar is not None:
            bar.stop()
    tail.prune(cutoff)
    return StreamResult(hist, mated_kept, tail, float(cutoff))


class _FusedBlocks:
    """Compiled passes over a block that keep some of its scores, with reusable buffers."""

    def __init__(self, n_bins: int) -> None:
        self.n_bins = n_bins
        self._resize(1 << 20)

    def _resize(self, capacity: int) -> None:
        self.values = np.empty(capacity, np.float32)
        self.rows = np.empty(capacity, np.int32)
        self.cols = np.empty(capacity, np.int32)

    def _keep(self, loop: Callable[[], int], into: Retained) -> None:
        """Run a selecting loop, again with room when the buffers overflowed; keep its output."""
        k = loop()
        if k > len(self.values):  # rare: a block far above the cutoff
            self._resize(2 * k)
            k = loop()
        into.add(self.values[:k].copy(), self.rows[:k].copy(), self.cols[:k].copy())

    def run(
        self,
        ops: NumpyOps,
        block: np.ndarray,
        cutoff: np.float32,
        row0: int,
        col0: int,
        tail: Retained,
    ) -> np.ndarray:
        """The block's histogram; its scores ``>= cutoff`` go into ``tail``."""
        compiled = kernels()
        assert compiled is not None
        block = np.ascontiguousarray(block, dtype=np.float32)
        counts = np.zeros(self.n_bins, dtype=np.int64)

        def loop() -> int:
            counts[:] = 0
            return compiled.histogram_select(
                block,
                ops.scale,
                ops.offset,
                counts,
                np.float32(cutoff),
                row0,
                col0,
                self.values,
                self.rows,
                self.cols,
            )

        self._keep(loop, tail)
        return counts

    def diagonal(
        self,
        t: Templates,
        a: Segment,
        host: np.ndarray,
        ops: NumpyOps,
        cell_hist: np.ndarray,
        nm_bins: np.ndarray,
        mated_kept: Retained,
        tail: Retained,
        *,
        seen: int,
        keep_top: int,
        low: float,
        width: float,
        cutoff: np.float32,
    ) -> tuple[np.float32, int]:
        """A segment against itself, by compiled loops over ``i < j`` only (no masks)."""
        compiled = kernels()
        assert compiled is not None
        subject = np.ascontiguousarray(t.subject[a.start : a.stop])
        block = np.ascontiguousarray(host, dtype=np.float32)
        nonmated = np.zeros(self.n_bins, dtype=np.int64)
        mated = np.zeros(self.n_bins, dtype=np.int64)
        compiled.histogram_upper(block, subject, ops.scale, ops.offset, nonmated, mated)
        cell_hist[0] += nonmated
        cell_hist[1] += mated
        nm_bins += nonmated
        self._keep(
            lambda: compiled.mated_upper(
                block, subject, a.start, self.values, self.rows, self.cols
            ),
            mated_kept,
        )
        seen += int(nonmated.sum())
        cutoff = _raise_cutoff(nm_bins, seen, keep_top, low, width, cutoff, tail)
        self._keep(
            lambda: compiled.select_upper(
                block, subject, np.float32(cutoff), a.start, self.values, self.rows, self.cols
            ),
            tail,
        )
        return cutoff, seen


def _np_hist(ops: NumpyOps | TorchOps, values: np.ndarray) -> np.ndarray:
    """Histogram of host values with the backend's binning."""
    if isinstance(ops, NumpyOps):
        return ops.hist(values)
    torch = ops.torch
    return ops.hist(torch.from_numpy(np.ascontiguousarray(values)).to(ops.device))


def _raise_cutoff(
    nm_bins: np.ndarray,
    seen: int,
    keep_top: int,
    low: float,
    width: float,
    cutoff: np.float32,
    tail: Retained,
) -> np.float32:
    """The highest cutoff that still keeps the top ``keep_top + 1`` non-mated scores so far."""
    if seen < keep_top + 1:
        return cutoff
    b = target_bin(nm_bins, keep_top)
    new = np.float32(low + (b - 1) * width)
    if new > cutoff:
        cutoff = new
        if tail.size > 2 * (keep_top + 1) + (1 << 20):
            tail.prune(cutoff)
    return cutoff


def stream_windows(
    t: Templates,
    ops: NumpyOps | TorchOps,
    bounds: Sequence[tuple[float, float]],
    *,
    block_size: int,
    progress: bool | None = None,
) -> list[Window]:
    """Second pass: exact non-mated and mated scores in each ``[lo, hi)`` and counts above."""
    n_groups = max(len(t.groups), 1)
    n_cells = n_groups * n_groups
    segments = plan_segments(t, block_size)
    pairs = _block_pairs(segments)
    b32 = [(np.float32(lo), np.float32(hi)) for lo, hi in bounds]
    above = [np.zeros((2, n_cells), dtype=np.int64) for _ in bounds]
    mins: list[float | None] = [None for _ in bounds]
    kept: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = [[] for _ in bounds]
    bar = _progress(progress, len(pairs))
    try:
        for a_i, b_i, scores in _products(ops, segments, pairs):
            a, b = segments[a_i], segments[b_i]
            cell = a.group * n_groups + b.group
            if not _shares_subject(a, b):
                for w, (lo, hi) in enumerate(b32):
                    above[w][0, cell] += ops.count_ge(scores, float(hi))
                    mins[w] = _min(mins[w], ops.min_ge(scores, float(hi)))
                    _, values = ops.select_ge(scores, float(lo))
                    values = values[values < hi]
                    kept[w].append(
                        (values, np.zeros(len(values), np.int8), np.full(len(values), cell))
                    )
            else:
                host = ops.to_numpy(scores)
                nonmated, mated, _, _ = _masked(t, a, b, host)
                for cls, mask in ((0, nonmated), (1, mated)):
                    values = host[mask]
                    for w, (lo, hi) in enumerate(b32):
                        up = values >= hi
                        above[w][cls, cell] += int(up.sum())
                        if up.any():
                            mins[w] = _min(mins[w], float(values[up].min()))
                        inside = values[(values >= lo) & (values < hi)]
                        kept[w].append(
                            (inside, np.full(len(inside), cls, np.int8), np.full(len(inside), cell))
                        )
            if bar is not None:
                bar.advance(bar.task_ids[0])
    finally:
        if bar is not None:
            bar.stop()
    out = []
    for w, (lo, hi) in enumerate(b32):
        parts = kept[w]
        out.append(
            Window(
                lo=float(lo),
                hi=float(hi),
                above=above[w],
                min_above=mins[w],
                values=np.concatenate([p[0] for p in parts]).astype(np.float64),
                mated=np.concatenate([p[1] for p in parts]),
                cells=np.concatenate([p[2] for p in parts]).astype(np.int64),
            )
        )
    return out


def _min(current: float | None, new: float | None) -> float | None:
    if new is None:
        return current
    return new if current is None else min(current, new)
