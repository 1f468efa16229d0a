"""The counted form of a verification experiment, shared by the score and embedding paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from fulcrum.assess.biometrics._exact import Window

#: Collects exact windows ``[(lo, hi), ...]`` with a second pass over the data.
Collector = Callable[[Sequence[tuple[float, float]]], list[Window]]


@dataclass
class ScoreSummary:
    """Scores counted per (class, cell, bin); a cell is one (probe group, reference group).

    ``hist[c, p * G + r, b]``: comparisons of class ``c`` (0 non-mated, 1 mated)
    whose probe is in group ``p``, reference in group ``r`` and score in bin ``b``.
    """

    attributes: list[str]
    groups: list[tuple[str, ...]]
    hist: np.ndarray
    low: float
    high: float
    score_min: float
    score_max: float
    collect: Collector
    windows: list[Window] = field(default_factory=list)
    flags: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (2,) flagged per class
    attempts: np.ndarray | None = None  # (2,) attempts per class incl. flagged
    clusters: object | None = None  # bootstrap material, path-specific
    auc: float | None = None  # exact ROC AUC from the rows, when the engine ranked them

    @property
    def n_groups(self) -> int:
        """Number of distinct groups."""
        return len(self.groups)

    @property
    def n_bins(self) -> int:
        """Number of score bins."""
        return int(self.hist.shape[2])

    @property
    def bin_width(self) -> float:
        """Width of one bin in score units."""
        return (self.high - self.low) / self.n_bins

    def edge(self, b: int) -> float:
        """Lower edge of bin ``b``."""
        return self.low + b * self.bin_width

    def cell_totals(self) -> np.ndarray:
        """Comparisons per (class, cell)."""
        return np.asarray(self.hist.sum(axis=2), dtype=np.int64)

    def class_bins(self) -> tuple[np.ndarray, np.ndarray]:
        """Non-mated and mated counts per bin over all cells."""
        return self.hist[0].sum(axis=0), self.hist[1].sum(axis=0)

    def group_label(self, g: int) -> dict[str, str]:
        """``{ATTR: value}`` of group ``g``."""
        return dict(zip(self.attributes, self.groups[g], strict=True))
