"""Robustness curves: the metric against severity per corruption, with interval bands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fulcrum.errors import InputError, missing_extra


def pyplot() -> Any:
    """Matplotlib's pyplot on the non-interactive backend, or the missing-extra error."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as exc:
        raise missing_extra("matplotlib", "plot") from exc
    return plt


def check_path(path: str | Path) -> Path:
    """A .png or .svg path, or an error naming it."""
    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg"}:
        raise InputError(f"{path}: the plot must be a .png or .svg file")
    return path


def plot_curves(result: Any, path: str | Path) -> Path:
    """Save one panel per corruption: accuracy (or R²) and flip rate against severity."""
    path = check_path(path)
    plt = pyplot()
    report = result.report
    curves = {k: v for k, v in report["curves"].items() if "points" in v}
    metric = "accuracy" if report["task"] == "classification" else "r2"
    second = "flip_rate" if report["task"] == "classification" else "mean_abs_change"
    fig, axes = plt.subplots(
        1, max(len(curves), 1), figsize=(4 * max(len(curves), 1), 3.2), squeeze=False
    )
    for ax, (name, curve) in zip(axes.flat, curves.items(), strict=False):
        points = [p for p in curve["points"] if "error" not in p]
        x = [p["severity"] for p in points]
        for key, colour in ((metric, "#4C72B0"), (second, "#DD8452")):
            ax.plot(x, [p[key] for p in points], marker="o", color=colour, label=key)
            if points and f"{key}_ci" in points[0]:
                ax.fill_between(
                    x,
                    [p[f"{key}_ci"][0] for p in points],
                    [p[f"{key}_ci"][1] for p in points],
                    color=colour,
                    alpha=0.2,
                )
        ax.set_title(name)
        ax.set_xlabel("severity")
        ax.legend(fontsize=7)
    fig.suptitle(f"Robustness ({report['rows']} rows)")
    fig.tight_layout()
    from fulcrum._atomic import atomic_output

    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path, overwrite=True) as tmp:
        fig.savefig(tmp)
    plt.close(fig)
    return path
