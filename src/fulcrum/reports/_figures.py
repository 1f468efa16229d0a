"""Charts for reports: per-group rates with their intervals, as reproducible PNG.

PNG rather than SVG: WeasyPrint lays out a raster image at no cost, while an SVG chart
with text drawn as paths costs it about a second per chart.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from fulcrum.evidence import Evidence
from fulcrum.reports._model import Figure

_METRIC = "selection_rate"


def _label(group: Any) -> str:
    if isinstance(group, dict):
        return ", ".join(str(v) for v in group.values())
    return str(group)


def group_rate_figure(evidence: Evidence, metric: str = _METRIC) -> Figure | None:
    """A horizontal bar per group with its interval; None without groups or matplotlib."""
    groups = evidence.metrics.get("groups")
    if not isinstance(groups, list) or not groups or metric not in groups[0]:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    rows = [g for g in groups if g.get(metric) is not None]
    labels = [_label(g.get("group")) for g in rows]
    values = [float(g[metric]) for g in rows]
    lows, highs = [], []
    for g, v in zip(rows, values, strict=True):
        ci = (g.get("ci") or {}).get(metric) or (v, v)
        lows.append(max(0.0, v - float(ci[0])))
        highs.append(max(0.0, float(ci[1]) - v))
    with matplotlib.rc_context({"svg.hashsalt": "fulcrum", "font.size": 8}):
        fig, ax = plt.subplots(figsize=(6.4, 0.28 * len(rows) + 0.9))
        positions = list(range(len(rows)))
        colors = ["#9aa5b1" if g.get("small") else "#12355b" for g in rows]
        ax.barh(positions, values, xerr=[lows, highs], color=colors, ecolor="#b00020", capsize=2)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"{metric} (bars: interval; grey: group too small)")
        ax.grid(axis="x", linewidth=0.3)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=150, metadata={"Software": None})
        plt.close(fig)
    return Figure(
        title=f"{metric} by group: {evidence.title}",
        media_type="image/png",
        data=base64.b64encode(out.getvalue()).decode("ascii"),
    )
