"""Least generalisation (plus bounded suppression) that reaches a target k and l.

A Flash/ARX-style search over the lattice of generalisation levels: nodes are
visited by height, anonymity is inherited upwards (a node above an anonymous
node is anonymous) and non-anonymity downwards, so most nodes are never
evaluated. Each evaluation regroups the counts of the one grouped aggregation,
never the rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fulcrum.assess.privacy._hierarchy import Hierarchy
from fulcrum.assess.privacy._risk import combine_codes, factorize
from fulcrum.engines import GroupedCounts
from fulcrum.errors import InputError

#: Largest lattice searched.
MAX_NODES = 200_000


@dataclass(frozen=True)
class LatticeResult:
    """The chosen transformation and what it achieves."""

    levels: dict[str, int]
    descriptions: dict[str, str]
    k: int
    l_diversity: int | None
    suppressed_records: int
    records: int
    loss: float
    evaluated_nodes: int
    lattice_size: int
    minimal_nodes: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready result."""
        return {
            "levels": self.levels,
            "generalisation": self.descriptions,
            "k": self.k,
            "l_diversity": self.l_diversity,
            "suppressed_records": self.suppressed_records,
            "suppressed_share": self.suppressed_records / self.records if self.records else 0.0,
            "information_loss": self.loss,
            "evaluated_nodes": self.evaluated_nodes,
            "lattice_size": self.lattice_size,
            "minimal_nodes": self.minimal_nodes,
        }


def search_lattice(
    counts: GroupedCounts,
    hierarchies: Mapping[str, Hierarchy],
    *,
    k: int,
    l_target: int | None = None,
    sensitive: str | None = None,
    max_suppression: float = 0.0,
) -> LatticeResult | None:
    """Least-loss minimal node where classes of size ``< k`` fit within the suppression budget.

    Parameters
    ----------
    counts : GroupedCounts
        Rows counted per (quasi-identifiers, sensitive) combination.
    hierarchies : mapping of str to Hierarchy
        One hierarchy per quasi-identifier.
    k : int
        Target k (>= 2).
    l_target : int, optional
        Target distinct l-diversity of ``sensitive`` in every kept class.
    sensitive : str, optional
        Sensitive attribute (needed with ``l_target``).
    max_suppression : float
        Largest share of records that may be suppressed (0 to 1).

    Returns
    -------
    LatticeResult or None
        ``None`` when no node reaches the target.
    """
    if k < 2:
        raise InputError(f"k must be >= 2, got {k}")
    if not 0.0 <= max_suppression < 1.0:
        raise InputError(f"max_suppression must be in [0, 1), got {max_suppression}")
    if l_target is not None and (sensitive is None or l_target < 2):
        raise InputError(f"l must be >= 2 and needs a sensitive column, got l={l_target}")
    quasi = list(hierarchies)
    heights = [hierarchies[q].height for q in quasi]
    size = int(np.prod([h + 1 for h in heights]))
    if size > MAX_NODES:
        raise InputError(f"the lattice has {size} nodes, more than {MAX_NODES}; use fewer levels")
    n = counts.counts.astype(np.int64)
    records = int(n.sum())
    budget = int(max_suppression * records)
    s_codes = factorize(counts.keys[sensitive])[0] if l_target is not None and sensitive else None
    cache: dict[tuple[str, int], np.ndarray] = {}

    def codes(column: str, level: int) -> np.ndarray:
        if (column, level) not in cache:
            values = hierarchies[column].generalise(counts.keys[column], level)
            cache[(column, level)] = factorize(values)[0]
        return cache[(column, level)]

    def evaluate(node: tuple[int, ...]) -> tuple[bool, int, int, int | None]:
        cls = combine_codes([codes(q, lvl) for q, lvl in zip(quasi, node, strict=True)])
        sizes = np.bincount(cls, weights=n).astype(np.int64)
        small = sizes < k
        if l_target is not None and s_codes is not None:
            pairs = combine_codes([cls, s_codes])
            first = np.zeros(int(pairs.max()) + 1, dtype=np.int64)
            first[pairs] = np.arange(len(pairs))
            distinct = np.bincount(cls[first], minlength=len(sizes))
            small |= distinct < l_target
        else:
            distinct = None
        suppressed = int(sizes[small].sum())
        kept = ~small
        ok = suppressed <= budget and bool(kept.any())
        k_got = int(sizes[kept].min()) if kept.any() else 0
        l_got = int(distinct[kept].min()) if distinct is not None and kept.any() else None
        return ok, suppressed, k_got, l_got

    nodes = sorted(itertools.product(*[range(h + 1) for h in heights]), key=sum)
    anonymous: list[tuple[int, ...]] = []
    failing: list[tuple[int, ...]] = []
    found: list[tuple[float, int, tuple[int, ...], int, int | None]] = []
    evaluated = 0
    for node in nodes:
        if any(all(a <= b for a, b in zip(m, node, strict=True)) for m in anonymous):
            continue  # above a minimal anonymous node: anonymous, not minimal
        if any(all(a <= b for a, b in zip(node, f, strict=True)) for f in failing):
            continue  # below a failing node: fails too
        evaluated += 1
        ok, suppressed, k_got, l_got = evaluate(node)
        if ok:
            anonymous.append(node)
            loss = sum(lvl / h for lvl, h in zip(node, heights, strict=True) if h) / len(quasi)
            found.append((loss + suppressed / records / len(quasi), suppressed, node, k_got, l_got))
        else:
            failing.append(node)
    if not found:
        return None
    loss, suppressed, node, k_got, l_got = min(found)
    return LatticeResult(
        levels=dict(zip(quasi, node, strict=True)),
        descriptions={q: hierarchies[q].describe(lvl) for q, lvl in zip(quasi, node, strict=True)},
        k=k_got,
        l_diversity=l_got,
        suppressed_records=suppressed,
        records=records,
        loss=round(loss, 6),
        evaluated_nodes=evaluated,
        lattice_size=size,
        minimal_nodes=len(found),
    )


def default_hierarchies(counts: GroupedCounts, quasi: Sequence[str]) -> dict[str, Hierarchy]:
    """A prefix hierarchy for text columns and interval bands for numeric ones."""
    out = {}
    for q in quasi:
        values = [v for v in counts.keys[q] if v is not None]
        if values and all(isinstance(v, int | float | np.integer | np.floating) for v in values):
            span = float(max(values)) - float(min(values)) or 1.0
            widths: list[float] = [w for w in (5, 10, 20, 50, 100, 1000) if w < span] or [span]
            out[q] = Hierarchy("interval", widths=tuple(float(w) for w in widths[:4]))
        else:
            length = max((len(str(v)) for v in values), default=1)
            out[q] = Hierarchy("prefix", length=length)
    return out
