"""From a :class:`ScoreSummary` to exact operating points, EER and per-cell counts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fulcrum.assess.biometrics._exact import (
    MATED,
    NONMATED,
    Window,
    eer_bin,
    eer_in_window,
    max_false_matches,
    target_bin,
    threshold_in_window,
)
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.errors import EngineError

#: Window half-widths tried, in bins; ``None`` is the whole score range.
_MARGINS: tuple[int | None, ...] = (1, 16, 512, None)


@dataclass(frozen=True)
class OperatingPoint:
    """Exact rates at the threshold found for one target FMR."""

    fmr_target: float
    threshold: float
    accepted: np.ndarray  # (2, n_cells) comparisons with score >= threshold
    totals: np.ndarray  # (2, n_cells) comparisons

    @property
    def n_nonmated(self) -> int:
        """Non-mated comparisons."""
        return int(self.totals[NONMATED].sum())

    @property
    def n_mated(self) -> int:
        """Mated comparisons."""
        return int(self.totals[MATED].sum())

    @property
    def false_matches(self) -> int:
        """Non-mated comparisons accepted."""
        return int(self.accepted[NONMATED].sum())

    @property
    def false_nonmatches(self) -> int:
        """Mated comparisons rejected."""
        return self.n_mated - int(self.accepted[MATED].sum())

    @property
    def fmr(self) -> float:
        """False match rate."""
        return self.false_matches / self.n_nonmated

    @property
    def fnmr(self) -> float:
        """False non-match rate."""
        return self.false_nonmatches / self.n_mated


@dataclass(frozen=True)
class Evaluation:
    """Operating points (in target order) and the EER."""

    points: list[OperatingPoint]
    eer: float
    eer_threshold: float
    eer_exact: bool


def _bounds(summary: ScoreSummary, b: int, margin: int | None) -> tuple[float, float]:
    if margin is None:
        return -np.inf, np.inf
    w = summary.bin_width
    lo = summary.edge(b) - margin * w
    hi = summary.edge(b + 1) + margin * w
    return (-np.inf if b - margin <= 0 else lo), (
        np.inf if b + 1 + margin >= summary.n_bins else hi
    )


def evaluate(
    summary: ScoreSummary, fmr_targets: tuple[float, ...], *, eer: bool = True
) -> Evaluation:
    """Find every target's threshold and the EER exactly, collecting windows as needed."""
    totals = summary.cell_totals()
    n_nm, n_m = int(totals[NONMATED].sum()), int(totals[MATED].sum())
    nm_b, m_b = summary.class_bins()
    thresholds: dict[int, float] = {}
    where: dict[int, Window] = {}
    pending: dict[int, tuple[int, int]] = {}  # request -> (k or -1 for EER, bin)
    for i, target in enumerate(fmr_targets):
        k = max_false_matches(target, n_nm)
        if k >= n_nm:
            thresholds[i] = summary.score_min
        else:
            pending[i] = (k, target_bin(nm_b, k))
    eer_value: tuple[float, float] | None = None
    eer_key = len(fmr_targets)
    if eer:
        pending[eer_key] = (-1, eer_bin(nm_b, m_b))

    def attempt(windows: list[Window], keys: list[int]) -> None:
        nonlocal eer_value
        for key, window in zip(keys, windows, strict=True):
            k, _ = pending[key]
            if k < 0:
                found = eer_in_window(window, n_nm, n_m)
                if found is not None:
                    eer_value = found
                    del pending[key]
                continue
            t = threshold_in_window(window, k)
            if t is not None and window.accepted(t) is not None:
                thresholds[key], where[key] = t, window
                del pending[key]

    for window in summary.windows:
        keys = list(pending)
        attempt([window] * len(keys), keys)
    for margin in _MARGINS:
        if not pending:
            break
        keys = list(pending)
        windows = summary.collect([_bounds(summary, pending[k][1], margin) for k in keys])
        attempt(windows, keys)
    if pending:
        raise EngineError("could not locate an exact threshold window (inconsistent second pass)")
    points = []
    for i, target in enumerate(fmr_targets):
        t = thresholds[i]
        accepted = where[i].accepted(t) if i in where else totals.copy()
        assert accepted is not None
        points.append(OperatingPoint(target, t, accepted, totals))
    if eer_value is None:
        eer_value = (float("nan"), float("nan"))
    return Evaluation(points, eer_value[0], eer_value[1], eer)
