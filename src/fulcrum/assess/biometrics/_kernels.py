"""Fused loops for the all-pairs stream, compiled by Numba when it is installed.

NumPy needs four passes over a block of scores to histogram it (scale, shift,
cast to an index array, ``bincount``) and two to select the high ones; on a
2-core machine that costs more than the matrix product that made the block. One
compiled loop does each in a single pass without temporaries, and releases the
GIL so it overlaps the next product. Without Numba (``pip install
'fulcrum[fast]'``) the NumPy versions in ``_ops`` are used; results are identical
(the same float32 arithmetic, no fast-math).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def kernels() -> tuple[Callable[..., Any], ...] | None:
    """The compiled loops (see each one's docstring), or None when Numba is missing."""
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
    def select(flat: Any, cutoff: Any, out: Any) -> int:
        """Write the positions of scores ``>= cutoff`` into ``out``; return how many."""
        k = 0
        for i in range(flat.shape[0]):
            if flat[i] >= cutoff:
                out[k] = i
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
    def select_upper(block: Any, subject: Any, cutoff: Any, rows: Any, cols: Any) -> int:
        """Positions ``i < j`` of different subjects with score ``>= cutoff``; how many."""
        k = 0
        n = block.shape[0]
        for i in range(n):
            for j in range(i + 1, n):
                if block[i, j] >= cutoff and subject[i] != subject[j]:
                    rows[k] = i
                    cols[k] = j
                    k += 1
        return k

    @njit(nogil=True)  # type: ignore[misc]
    def mated_upper(subject: Any, rows: Any, cols: Any) -> int:
        """Positions ``i < j`` of the same subject, for subjects sorted into runs; how many."""
        k = 0
        n = subject.shape[0]
        for i in range(n):
            j = i + 1
            while j < n and subject[j] == subject[i]:
                rows[k] = i
                cols[k] = j
                k += 1
                j += 1
        return k

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
        """Histogram a block and keep its scores ``>= cutoff`` with their template positions.

        Returns how many scores reach the cutoff; when that exceeds the output
        buffers only the first ones are written and the caller retries with room.
        """
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

    return histogram, select, histogram_upper, select_upper, mated_upper, histogram_select
