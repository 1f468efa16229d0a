"""Bar chart of each metric by group, with Wilson intervals (matplotlib, lazy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.errors import InputError, missing_extra

PLOTTED = ("selection_rate", "accuracy", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "base_rate")


def plot_metrics(result: Any, path: str | Path) -> Path:
    """Save a bar chart (one panel per metric, one bar per group) as PNG or SVG."""
    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg"}:
        raise InputError(f"{path}: the plot must be a .png or .svg file")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:
        raise missing_extra("matplotlib", "plot") from exc
    frame = result.frame
    labels = [",".join(g) for g in frame.counts.groups]
    cols = 3
    rows = -(-len(PLOTTED) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    x = np.arange(len(labels))
    for ax, name in zip(axes.flat, PLOTTED, strict=False):
        values = frame.values(name)
        lo, hi = frame.interval(name)
        err = np.vstack([np.nan_to_num(values - lo), np.nan_to_num(hi - values)])
        ax.bar(x, np.nan_to_num(values), yerr=err, capsize=3, color="#4C72B0")
        ax.set_title(name)
        ax.set_ylim(0, 1)
        ax.set_xticks(x, labels, rotation=45, ha="right", fontsize=7)
    for ax in list(axes.flat)[len(PLOTTED) :]:
        ax.axis("off")
    fig.suptitle(f"Metrics by {', '.join(frame.counts.sensitive)} ({int(frame.ci * 100)}% CI)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
