"""Bar chart of each metric by group, with Wilson intervals (matplotlib, imported lazily).

The user's matplotlib backend is never changed: without ``ax`` the chart is drawn
on a new ``matplotlib.figure.Figure`` (not registered with pyplot), which saves
with the default canvas and displays inline in Jupyter.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.errors import InputError, missing_extra

PLOTTED = ("selection_rate", "accuracy", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "base_rate")


def plot_metrics(
    result: Any,
    path: str | Path | None = None,
    *,
    ax: Any = None,
    metrics: Sequence[str] | None = None,
) -> Any:
    """Bar chart of metrics by group with their Wilson intervals; returns the Figure.

    Parameters
    ----------
    result : FairnessResult or GroupMetrics
        What to plot.
    path : str or Path, optional
        Save the chart there (``.png``, ``.svg`` or ``.pdf``; the folder must exist).
    ax : matplotlib Axes, optional
        Draw one metric (the first of ``metrics``) on these axes.
    metrics : sequence of str, optional
        Metrics to draw (default: nine rates, one panel each).

    Returns
    -------
    matplotlib.figure.Figure
    """
    frame = getattr(result, "frame", result)
    names = list(metrics or PLOTTED)
    if path is not None:
        path = Path(path)
        if path.suffix.lower() not in {".png", ".svg", ".pdf"}:
            raise InputError(f"{path}: the plot must be a .png, .svg or .pdf file")
        if not path.parent.is_dir():
            raise InputError(f"{path}: the folder {path.parent} does not exist; create it first")
    if ax is not None:
        axes, figure = [ax], ax.figure
        names = names[:1]
    else:
        try:
            from matplotlib.figure import Figure
        except ModuleNotFoundError as exc:
            raise missing_extra("matplotlib", "plot") from exc
        cols = min(3, len(names))
        rows = -(-len(names) // cols)
        figure = Figure(figsize=(4 * cols, 3 * rows))
        axes = list(np.asarray(figure.subplots(rows, cols, squeeze=False)).flat)
    labels = [",".join(g) for g in frame.counts.groups]
    x = np.arange(len(labels))
    for axis, name in zip(axes, names, strict=False):
        values = frame.values(name)
        bounds = frame.interval(name)
        err = None
        if bounds is not None:
            lo, hi = bounds
            err = np.vstack([np.nan_to_num(values - lo), np.nan_to_num(hi - values)])
        axis.bar(x, np.nan_to_num(values), yerr=err, capsize=3, color="#4C72B0")
        axis.set_title(name)
        axis.set_ylim(0, 1)
        axis.set_xticks(x, labels, rotation=45, ha="right", fontsize=7)
    for axis in axes[len(names) :]:
        axis.axis("off")
    if ax is None:
        level = int(frame.confidence_level * 100)
        figure.suptitle(f"Metrics by {', '.join(frame.counts.sensitive)} ({level}% CI)")
        figure.tight_layout()
    if path is not None:
        from fulcrum._atomic import atomic_output

        with atomic_output(path, overwrite=True) as tmp:
            figure.savefig(tmp)
    return figure
