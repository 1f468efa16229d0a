"""Fused loops for the all-pairs stream, compiled by Numba when it is installed.

NumPy needs four passes over a block of scores to histogram it (scale, shift,
cast to an index array, ``bincount``) and two more to select the high ones; on a
2-core machine that costs more than the matrix product that made the block. One
compiled loop does both in a single pass without temporaries, and releases the
GIL so it overlaps the next product. Without Numba (``pip install
'fulcrum[fast]'``) the NumPy versions in ``_ops`` and ``_stream`` are used;
results are identical (the same float32 arithmetic, no fast-math).

The selecting loops write at most as many entries as their output buffers hold
and return how many there were, so a caller can grow the buffers and run again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple


class Kernels(NamedTuple):
    """The compiled loops; each one's docstring says what it does."""

    histogram: Callable[..., None]
    histogram_select: Callable[..., int]
    histogram_upper: Callable[..., None]
    select_upper: Callable[..., int]
    mated_upper: Callable[..., int]


@cache
def kernels() -> Kernels | None:
    """The compiled loops, or None when Numba is missing."""
    try:
        from numba import njit
    except ModuleNotFoundError:
        return None

    @njit(nogil=True)  # type: ignore[misc]
    def histogram(flat: Any, scale: Any, offset: Any, counts: Any) -> None:
        """Add each score's bin (``score * scale + offset``, clipped) to ``counts``."""
        last = counts.shape[0] - 1
        for i in range(flat.shape[0]):
            b = int(flat[i] * scale + offset)
            if b < 0:
                b = 0
            elif b > last:
                b = last
            counts[b] += 1

    @njit(nogil=True)  # type: ignore[misc]
    def histogram_select(
        block: Any,
        scale: Any,
        offset: Any,
        counts: Any,
        cutoff: Any,
        row0: int,
        col0: int,
        values: Any,
        rows: Any,
        cols: Any,
    ) -> int:
        """Histogram a block and keep its scores ``>= cutoff`` with their template positions."""
        last = counts.shape[0] - 1
        capacity = values.shape[0]
        k = 0
        for i in range(block.shape[0]):
            for j in range(block.shape[1]):
                v = block[i, j]
                b = int(v * scale + offset)
                if b < 0:
                    b = 0
                elif b > last:
                    b = last
                counts[b] += 1
                if v >= cutoff:
                    if k < capacity:
                        values[k] = v
                        rows[k] = row0 + i
                        cols[k] = col0 + j
                    k += 1
        return k

    @njit(nogil=True)  # type: ignore[misc]
    def histogram_upper(
        block: Any, subject: Any, scale: Any, offset: Any, nonmated: Any, mated: Any
    ) -> None:
        """Histogram the pairs ``i < j`` of a square block, split by same subject or not."""
        last = nonmated.shape[0] - 1
        n = block.shape[0]
        for i in range(n):
            for j in range(i + 1, n):
                b = int(block[i, j] * scale + offset)
                if b < 0:
                    b = 0
                elif b > last:
                    b = last
                if subject[i] == subject[j]:
                    mated[b] += 1
                else:
                    nonmated[b] += 1

    @njit(nogil=True)  # type: ignore[misc]
    def select_upper(
        block: Any, subject: Any, cutoff: Any, row0: int, values: Any, rows: Any, cols: Any
    ) -> int:
        """Pairs ``i < j`` of different subjects scoring ``>= cutoff`` in a square block."""
        capacity = values.shape[0]
        k = 0
        n = block.shape[0]
        for i in range(n):
            for j in range(i + 1, n):
                if block[i, j] >= cutoff and subject[i] != subject[j]:
                    if k < capacity:
                        values[k] = block[i, j]
                        rows[k] = row0 + i
                        cols[k] = row0 + j
                    k += 1
        return k

    @njit(nogil=True)  # type: ignore[misc]
    def mated_upper(block: Any, subject: Any, row0: int, values: Any, rows: Any, cols: Any) -> int:
        """Pairs ``i < j`` of the same subject (subjects sorted into runs) with their scores."""
        capacity = values.shape[0]
        k = 0
        n = subject.shape[0]
        for i in range(n):
            j = i + 1
            while j < n and subject[j] == subject[i]:
                if k < capacity:
                    values[k] = block[i, j]
                    rows[k] = row0 + i
                    cols[k] = row0 + j
                k += 1
                j += 1
        return k

    return Kernels(histogram, histogram_select, histogram_upper, select_upper, mated_upper)
