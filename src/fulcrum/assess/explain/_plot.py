"""Explanation plots: importance bars with intervals, SHAP share per group, partial dependence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.assess.robustness._plot import check_path, pyplot


def plot_explanation(result: Any, path: str | Path) -> Path:
    """Save permutation importance, SHAP shares by group and partial dependence panels."""
    path = check_path(path)
    plt = pyplot()
    report = result.report
    by_group = report.get("shap", {}).get("by_group", {})
    pdp = report.get("partial_dependence", {})
    panels = 1 + len(by_group) + len(pdp)
    fig, axes = plt.subplots(1, panels, figsize=(4.5 * panels, 3.6), squeeze=False)
    axes = list(axes.flat)
    rows = report["permutation_importance"][::-1]
    ax = axes.pop(0)
    y = np.arange(len(rows))
    means = np.asarray([r["importance"] for r in rows])
    err = np.abs(
        np.asarray([[m - r["ci"][0], r["ci"][1] - m] for m, r in zip(means, rows, strict=True)]).T
    )
    ax.barh(y, means, xerr=err, capsize=3, color="#4C72B0")
    ax.set_yticks(y, [r["feature"] for r in rows], fontsize=7)
    ax.set_title(f"permutation importance ({report['score']})")
    for column, section in by_group.items():
        ax = axes.pop(0)
        groups = list(section["groups"])
        features = [r["feature"] for r in report["shap"]["mean_abs"]]
        width = 0.8 / max(len(groups), 1)
        for k, g in enumerate(groups):
            shares = [section["groups"][g]["share"][f] for f in features]
            ax.bar(np.arange(len(features)) + k * width, shares, width, label=g)
        ax.set_xticks(
            np.arange(len(features)) + 0.4 - width / 2,
            features,
            rotation=45,
            ha="right",
            fontsize=7,
        )
        ax.set_title(f"SHAP share by {column}")
        ax.legend(fontsize=6)
    for feature, curve in pdp.items():
        ax = axes.pop(0)
        grid = curve["grid"]
        x = np.arange(len(grid)) if grid and isinstance(grid[0], str) else grid
        for k, line in enumerate(curve["average"]):
            ax.plot(x, line, marker=".", label=f"output {k}")
        if x is not grid:
            ax.set_xticks(x, grid, rotation=45, ha="right", fontsize=7)
        ax.set_title(f"partial dependence: {feature}")
    fig.tight_layout()
    from fulcrum._atomic import atomic_output

    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path, overwrite=True) as tmp:
        fig.savefig(tmp)
    plt.close(fig)
    return path
