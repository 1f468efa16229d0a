"""The exact AUC in one compiled pass: a radix sort of the scores, then one walk over it.

Used by ``_rank.rank_wins`` when Numba is installed (the ``fast`` extra); the NumPy
path (sorts and binary searches) gives the same numbers and is the fallback.

The float64 scores become unsigned keys whose order is the scores' order (flip
the sign bit of positives, every bit of negatives; ``-0.0`` is made ``0.0``
first), sorted by four 16-bit LSD radix passes that carry each row's code
(``2 * group + positive``) and, with weights, its weight: O(n), sequential,
no comparisons. Walking the sorted keys, each run of equal scores is seen
twice: first its negative weight per group is summed, then each positive in it
wins its group's negative weight below the run plus half the run's. The same
walk keeps the totals over all rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def wins_kernel() -> Callable[..., Any] | None:
    """The compiled sort and walk, or None when Numba is missing."""
    try:
        import numpy as np
        from numba import njit
    except ModuleNotFoundError:
        return None

    @njit(nogil=True, cache=True)  # type: ignore[misc]
    def radix_sort(keys: Any, codes: Any, weights: Any, weighted: bool) -> Any:
        """Sort ``keys`` (uint64, overwritten) carrying ``codes`` (overwritten) and weights.

        Stable, 16-bit digits; a pass whose digit is the same for every key is skipped.
        """
        n = keys.shape[0]
        k_in, k_out = keys, np.empty(n, dtype=np.uint64)
        c_in, c_out = codes, np.empty(n, dtype=codes.dtype)
        w_in = weights.copy() if weighted else weights
        w_out = np.empty(n if weighted else 1, dtype=np.float64)
        counts = np.empty(65537, dtype=np.int64)
        mask = np.uint64(0xFFFF)
        for shift in range(0, 64, 16):
            step = np.uint64(shift)
            counts[:] = 0
            for i in range(n):
                counts[((k_in[i] >> step) & mask) + 1] += 1
            if counts[1:].max() == n:
                continue
            for d in range(1, 65537):
                counts[d] += counts[d - 1]
            for i in range(n):
                key = k_in[i]
                digit = (key >> step) & mask
                at = counts[digit]
                k_out[at] = key
                c_out[at] = c_in[i]
                if weighted:
                    w_out[at] = w_in[i]
                counts[digit] = at + 1
            k_in, k_out = k_out, k_in
            c_in, c_out = c_out, c_in
            w_in, w_out = w_out, w_in
        return k_in, c_in, w_in

    @njit(nogil=True, cache=True)  # type: ignore[misc]
    def walk(keys: Any, codes: Any, weights: Any, weighted: bool, n_groups: int) -> Any:
        """Per group and overall (last column): wins, positive weight, negative weight."""
        out = np.zeros((3, n_groups + 1))
        below = np.zeros(n_groups + 1)
        run_neg = np.zeros(n_groups + 1)
        n = keys.shape[0]
        start = 0
        while start < n:
            stop = start
            key = keys[start]
            while stop < n and keys[stop] == key:
                if codes[stop] % 2 == 0:
                    w = weights[stop] if weighted else 1.0
                    run_neg[codes[stop] // 2] += w
                    run_neg[n_groups] += w
                stop += 1
            for k in range(start, stop):
                g = codes[k] // 2
                w = weights[k] if weighted else 1.0
                if codes[k] % 2 == 1:
                    out[0, g] += w * (below[g] + 0.5 * run_neg[g])
                    out[0, n_groups] += w * (below[n_groups] + 0.5 * run_neg[n_groups])
                    out[1, g] += w
                    out[1, n_groups] += w
                else:
                    out[2, g] += w
                    out[2, n_groups] += w
            for k in range(start, stop):
                g = codes[k] // 2
                below[g] += run_neg[g]
                run_neg[g] = 0.0
            below[n_groups] += run_neg[n_groups]
            run_neg[n_groups] = 0.0
            start = stop
        return out

    def run(scores: Any, group: Any, positive: Any, weights: Any, n_groups: int) -> Any:
        values = np.asarray(scores, dtype=np.float64) + 0.0  # -0.0 -> 0.0
        bits = values.view(np.uint64)
        sign = np.uint64(1) << np.uint64(63)
        keys = np.where(bits & sign, ~bits, bits | sign)
        code_type = np.int32 if n_groups < (1 << 30) else np.int64
        codes = np.add(
            np.asarray(group, dtype=code_type) * 2,
            np.asarray(positive, dtype=code_type),
            dtype=code_type,
        )
        weighted = weights is not None
        carried = np.asarray(weights, dtype=np.float64) if weighted else np.ones(1)
        sorted_keys, sorted_codes, sorted_weights = radix_sort(keys, codes, carried, weighted)
        return walk(sorted_keys, sorted_codes, sorted_weights, weighted, n_groups)

    return run
