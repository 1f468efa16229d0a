"""Plots: DET curves per group on normal-deviate axes, and the cross-group FMR heat map."""

from __future__ import annotations

from statistics import NormalDist
from typing import Any

import numpy as np

from fulcrum.assess.biometrics._exact import binned_rates
from fulcrum.assess.biometrics._summary import ScoreSummary
from fulcrum.errors import missing_extra

_TICKS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.05, 0.2, 0.5]


def _axes(ax: Any) -> Any:
    """The given axes, or axes on a new Figure that is not registered with pyplot.

    The user's matplotlib backend is never touched (Jupyter inline plots keep
    working); a new Figure renders with the default canvas when saved.
    """
    if ax is not None:
        return ax
    try:
        from matplotlib.figure import Figure
    except ModuleNotFoundError as exc:
        raise missing_extra("matplotlib", "plot") from exc
    return Figure(figsize=(6, 5)).subplots()


def probit(p: np.ndarray) -> np.ndarray:
    """Normal deviate of each probability (clipped away from 0 and 1)."""
    inv = NormalDist().inv_cdf
    return np.array([inv(min(max(float(x), 1e-9), 1 - 1e-9)) for x in p])


def plot_det(summary: ScoreSummary, ax: Any = None) -> Any:
    """DET (FNMR against FMR) overall and per group, both axes in normal deviates."""
    ax = _axes(ax)
    curves = [("all", summary.hist)]
    n = summary.n_groups
    if summary.attributes:
        for g in range(n):
            label = ", ".join(f"{k}={v}" for k, v in summary.group_label(g).items())
            curves.append((label, summary.hist[:, g * n + g : g * n + g + 1, :]))
    for label, hist in curves:
        fmr, fnmr = binned_rates(hist)
        keep = (fmr > 0) & (fnmr > 0) & (fmr < 1) & (fnmr < 1)
        ax.plot(probit(fmr[keep]), probit(fnmr[keep]), label=label)
    ticks = probit(np.array(_TICKS))
    ax.set_xticks(ticks, [f"{t:g}" for t in _TICKS])
    ax.set_yticks(ticks, [f"{t:g}" for t in _TICKS])
    ax.set_xlabel("FMR (normal deviate scale)")
    ax.set_ylabel("FNMR (normal deviate scale)")
    ax.legend(fontsize="small")
    ax.grid(True, alpha=0.3)
    return ax


def plot_cross_fmr(report: dict[str, Any], ax: Any = None) -> Any:
    """Heat map of log10 FMR for each (probe group, reference group)."""
    ax = _axes(ax)
    names = sorted(
        {_name(c["probe"]) for c in report["cross_fmr"]}
        | {_name(c["ref"]) for c in report["cross_fmr"]}
    )
    grid = np.full((len(names), len(names)), np.nan)
    for c in report["cross_fmr"]:
        grid[names.index(_name(c["probe"])), names.index(_name(c["ref"]))] = np.log10(
            max(c["fmr"], 1e-12)
        )
    image = ax.imshow(grid, cmap="viridis")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("reference group")
    ax.set_ylabel("probe group")
    ax.set_title(f"log10 FMR at threshold {report.get('group_threshold', float('nan')):.4g}")
    ax.figure.colorbar(image, ax=ax)
    return ax


def _name(group: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items())
