"""Evidence views: a record's metrics as a view model for its kind (tables and SVG geometry).

Pure functions, record in, dicts out; ``templates/parts/evidence/<part>.html.j2`` draws them.
``evidence_view`` picks the builder by ``record.kind`` from ``BUILDERS`` (a new kind is one
entry); a kind without a builder, or a record whose metrics lack the expected shape, gets
``None`` and the page shows the generic checks chart and metrics table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from fulcrum.evidence import Evidence

View = dict[str, Any]

#: Rates shown per group (table columns, in order) and the ones drawn as charts.
FAIRNESS_RATES = ("selection_rate", "tpr", "fpr", "ppv", "accuracy")
FAIRNESS_CHARTS = ("selection_rate", "tpr", "fpr")
#: Marker shapes of the groups on the DET plot, so a group is told by shape and text, not colour.
SHAPES = ("circle", "square", "triangle", "diamond")


def group_label(group: Mapping[str, Any] | None) -> str:
    """A group as ``attr=value, attr=value`` (``-`` for the whole population)."""
    return ", ".join(f"{k}={v}" for k, v in (group or {}).items()) or "-"


def rate_text(value: Any) -> str:
    """A rate short enough for a chart: ``0.515``, ``3.8e-04``, ``0``; ``-`` when missing."""
    if not _is_number(value):
        return "-"
    if value == 0:
        return "0"
    return f"{value:.3f}" if abs(value) >= 0.01 else f"{value:.1e}"


def _is_number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _interval(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(map(_is_number, value)):
        return float(value[0]), float(value[1])
    return None


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


# --- fairness ---------------------------------------------------------------------------------


def rate_chart(
    groups: Sequence[Mapping[str, Any]],
    metric: str,
    overall: Any = None,
    *,
    left: int = 270,
    width: int = 400,
    row: int = 26,
) -> View:
    """Bars of one rate per group on a 0-1 scale, whiskers for its interval, a line for overall."""
    bars: list[View] = []
    for i, g in enumerate(groups):
        value, ci = g.get(metric), _interval((g.get("ci") or {}).get(metric))
        if not _is_number(value):
            continue
        y = 20 + len(bars) * row
        bars.append(
            {
                "label": group_label(g.get("group")),
                "y": y,
                "mid": y + (row - 8) / 2,
                "w": max(1.0, _clip(value) * width),
                "lo": left + _clip(ci[0]) * width if ci else None,
                "hi": left + _clip(ci[1]) * width if ci else None,
                "text": rate_text(value),
                "text_x": left + width + 8,
                "small": bool(g.get("small")),
                "index": i,
            }
        )
    plot_bottom = 20 + len(bars) * row
    ticks = [{"x": left + t * width, "label": f"{t:g}"} for t in (0, 0.25, 0.5, 0.75, 1)]
    return {
        "metric": metric,
        "bars": bars,
        "left": left,
        "plot_width": width,
        "row": row,
        "overall": left + _clip(overall) * width if _is_number(overall) else None,
        "overall_text": rate_text(overall),
        "ticks": ticks,
        "axis_y": plot_bottom + 2,
        "width": left + width + 60,
        "height": plot_bottom + 24,
    }


def _measure(disparity: Mapping[str, Any], key: str) -> tuple[Any, Any, Any]:
    """Value, interval and p-value of a disparity's ``difference`` or ``ratio``.

    Most are ``{"value", "ci", "p_value"}``; the four-fifths rule stores its ratio as a number
    with the interval beside it.
    """
    found = disparity.get(key)
    if isinstance(found, Mapping):
        return found.get("value"), _interval(found.get("ci")), found.get("p_value")
    if _is_number(found):
        return found, _interval(disparity.get("ci")), None
    return None, None, None


def fairness_view(record: Evidence) -> View | None:
    """Per-group rates with intervals (table and charts) and the disparities between groups."""
    metrics = record.metrics
    groups = metrics.get("groups")
    if not isinstance(groups, list) or not groups:
        return None
    if not all(isinstance(g, dict) and isinstance(g.get("group"), dict) for g in groups):
        return None
    rates = [m for m in FAIRNESS_RATES if any(_is_number(g.get(m)) for g in groups)]
    rows = [
        {
            "label": group_label(g["group"]),
            "n": g.get("n"),
            "small": bool(g.get("small")),
            "cells": [
                {
                    "value": rate_text(g.get(m)),
                    "interval": _interval((g.get("ci") or {}).get(m)),
                }
                for m in rates
            ],
        }
        for g in groups
    ]
    found = metrics.get("overall")
    overall: dict[str, Any] = found if isinstance(found, dict) else {}
    disparities = []
    for metric, d in (metrics.get("disparities") or {}).items():
        if not isinstance(d, dict):
            continue
        diff, diff_ci, diff_p = _measure(d, "difference")
        ratio, ratio_ci, ratio_p = _measure(d, "ratio")
        disparities.append(
            {
                "metric": metric,
                "difference": rate_text(diff),
                "difference_ci": diff_ci,
                "ratio": rate_text(ratio),
                "ratio_ci": ratio_ci,
                "p_value": rate_text(diff_p if diff_p is not None else ratio_p),
                "max_group": group_label(d.get("max_group")),
                "min_group": group_label(d.get("min_group")),
            }
        )
    return {
        "part": "fairness",
        "rates": rates,
        "rows": rows,
        "charts": [rate_chart(groups, m, overall.get(m)) for m in FAIRNESS_CHARTS if m in rates],
        "disparities": disparities,
        "min_group_size": record.parameters.get("min_group_size"),
    }


# --- biometrics -------------------------------------------------------------------------------


def _floor_decade(values: Sequence[float]) -> float:
    """The decade under the smallest positive value; one lower when zeros must fit under it."""
    positive = [v for v in values if v > 0]
    if not positive:
        return 1e-4
    low = math.floor(math.log10(min(positive)))
    return float(10.0 ** max(-9, low - (1 if _has_zero(values) else 0)))


def _has_zero(values: Sequence[float]) -> bool:
    return any(v <= 0 for v in values)


def det_plot(
    curves: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
    markers: Sequence[tuple[str, Mapping[str, Any]]] = (),
    *,
    left: int = 70,
    top: int = 12,
    width: int = 440,
    height: int = 320,
) -> View:
    """A DET plot: FMR (x) against FNMR (y), both log-scaled; a rate of 0 sits on the axis edge.

    When some rate is 0 the axis starts a decade under the smallest positive rate and that
    edge is labelled ``0`` (a log axis has no 0; the edge stands for it).

    ``curves`` are named lists of ``{"fmr", "fnmr"}`` points, drawn as polylines in FMR order;
    ``markers`` are named single points (a group at the common threshold).
    """
    pts = [p for _, c in curves for p in c] + [p for _, p in markers]
    fmrs = [float(p["fmr"]) for p in pts if _is_number(p.get("fmr"))]
    fnmrs = [float(p["fnmr"]) for p in pts if _is_number(p.get("fnmr"))]
    x_lo, y_lo = _floor_decade(fmrs), _floor_decade(fnmrs)

    def scale(value: float, lo: float) -> float:
        return (math.log10(max(value, lo)) - math.log10(lo)) / -math.log10(lo)

    def xy(p: Mapping[str, Any]) -> tuple[float, float]:
        x = left + scale(float(p["fmr"]), x_lo) * width
        y = top + (1 - scale(float(p["fnmr"]), y_lo)) * height
        return round(x, 2), round(y, 2)

    def usable(p: Mapping[str, Any]) -> bool:
        return _is_number(p.get("fmr")) and _is_number(p.get("fnmr"))

    lines = []
    for i, (name, curve) in enumerate(curves):
        ordered = sorted((p for p in curve if usable(p)), key=lambda p: (p["fmr"], -p["fnmr"]))
        coords = [xy(p) for p in ordered]
        if coords:
            lines.append(
                {
                    "name": name,
                    "index": i,
                    "coords": coords,
                    "points": " ".join(f"{x},{y}" for x, y in coords),
                    "dots": [
                        {"x": x, "y": y, "fmr": rate_text(p["fmr"]), "fnmr": rate_text(p["fnmr"])}
                        for (x, y), p in zip(coords, ordered, strict=True)
                    ]
                    if len(coords) <= 12
                    else [],
                }
            )
    marks = []
    for i, (name, p) in enumerate(m for m in markers if usable(m[1])):
        x, y = xy(p)
        marks.append(
            {
                "name": name,
                "x": x,
                "y": y,
                "shape": SHAPES[i % len(SHAPES)],
                "fmr": rate_text(p["fmr"]),
                "fnmr": rate_text(p["fnmr"]),
            }
        )

    def ticks(lo: float, zero: bool) -> list[tuple[float, str]]:
        decades = range(round(math.log10(lo)), 1)
        return [
            (scale(10.0**d, lo), "1" if d == 0 else "0" if zero and i == 0 else f"1e{d}")
            for i, d in enumerate(decades)
        ]

    x_zero, y_zero = _has_zero(fmrs), _has_zero(fnmrs)
    return {
        "lines": lines,
        "markers": marks,
        "x_ticks": [{"x": round(left + f * width, 2), "label": t} for f, t in ticks(x_lo, x_zero)],
        "y_ticks": [
            {"y": round(top + (1 - f) * height, 2), "label": t} for f, t in ticks(y_lo, y_zero)
        ],
        "zero_edge": x_zero or y_zero,
        "left": left,
        "top": top,
        "right": left + width,
        "bottom": top + height,
        "width": left + width + 150,
        "height": top + height + 48,
    }


def heat_map(
    cells: Sequence[Mapping[str, Any]], *, left: int = 170, top: int = 40, cell: int = 96
) -> View | None:
    """The cross-group FMR matrix as an n x n grid (probe rows, reference columns).

    Each cell carries its value as text; its shade (``level`` 0-4, 0 for a rate of 0) grows
    with the FMR on a log scale between the smallest and the largest positive rate.
    """
    rows = [c for c in cells if isinstance(c, Mapping) and _is_number(c.get("fmr"))]
    if not rows:
        return None
    labels = list(dict.fromkeys(group_label(c.get(k)) for c in rows for k in ("probe", "ref")))
    value = {(group_label(c.get("probe")), group_label(c.get("ref"))): c for c in rows}
    positive = [math.log10(c["fmr"]) for c in rows if c["fmr"] > 0]
    low, high = (min(positive), max(positive)) if positive else (0.0, 0.0)

    def level(fmr: float) -> int:
        if fmr <= 0:
            return 0
        return 1 + round(3 * (math.log10(fmr) - low) / (high - low)) if high > low else 4

    grid = []
    for i, probe in enumerate(labels):
        for j, ref in enumerate(labels):
            c = value.get((probe, ref))
            grid.append(
                {
                    "probe": probe,
                    "ref": ref,
                    "x": left + j * cell,
                    "y": top + i * (cell // 2),
                    "value": c["fmr"] if c else None,
                    "text": rate_text(c["fmr"]) if c else "-",
                    "counts": f"{c.get('n_false_matches', '?')}/{c.get('n_nonmated', '?')}"
                    if c
                    else "",
                    "level": level(c["fmr"]) if c else None,
                }
            )
    n = len(labels)
    return {
        "labels": labels,
        "n": n,
        "cells": grid,
        "left": left,
        "top": top,
        "cell_w": cell,
        "cell_h": cell // 2,
        "columns": [
            {"x": left + j * cell + cell / 2, "label": lab} for j, lab in enumerate(labels)
        ],
        "rows": [
            {"y": top + i * (cell // 2) + cell / 4, "label": lab} for i, lab in enumerate(labels)
        ],
        "width": left + n * cell + 10,
        "height": top + n * (cell // 2) + 10,
    }


def biometrics_view(record: Evidence) -> View | None:
    """Operating points and a DET plot, the groups at the common threshold, the FMR heat map."""
    metrics = record.metrics
    points = metrics.get("operating_points")
    if not isinstance(points, list) or not points or not all(isinstance(p, dict) for p in points):
        return None
    groups = [g for g in metrics.get("groups") or [] if isinstance(g, dict)]
    det = metrics.get("det")
    curves: list[tuple[str, Sequence[Mapping[str, Any]]]] = [
        ("overall", det if isinstance(det, list) and det else points)
    ]
    curves += [
        (group_label(g.get("group")), g["det"]) for g in groups if isinstance(g.get("det"), list)
    ]
    markers = [(group_label(g.get("group")), g) for g in groups]
    measurable = {
        s.get("fmr_target"): s for s in metrics.get("sample_size") or [] if isinstance(s, dict)
    }
    cross = metrics.get("cross_fmr")
    found = metrics.get("differentials")
    diffs: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "part": "biometrics",
        "det": det_plot(curves, markers),
        "det_is_curve": isinstance(det, list) and bool(det),
        "points": [
            {
                **{k: rate_text(p.get(k)) for k in ("fmr_target", "fmr", "fnmr")},
                "threshold": p.get("threshold"),
                "false_matches": f"{p.get('n_false_matches', '?')}/{p.get('n_nonmated', '?')}",
                "false_nonmatches": f"{p.get('n_false_nonmatches', '?')}/{p.get('n_mated', '?')}",
                "measurable": (measurable.get(p.get("fmr_target")) or {}).get("measurable"),
            }
            for p in sorted(points, key=lambda p: -float(p.get("fmr_target") or 0))
        ],
        "groups": [
            {
                "label": group_label(g.get("group")),
                "fmr": rate_text(g.get("fmr")),
                "fnmr": rate_text(g.get("fnmr")),
                "false_matches": f"{g.get('n_false_matches', '?')}/{g.get('n_nonmated', '?')}",
                "false_nonmatches": f"{g.get('n_false_nonmatches', '?')}/{g.get('n_mated', '?')}",
            }
            for g in groups
        ],
        "heat_map": heat_map(cross) if isinstance(cross, list) else None,
        "summary": {k: metrics.get(k) for k in ("eer", "eer_threshold", "auc") if k in metrics},
        "differentials": {
            k: diffs[k]
            for k in ("fmr_max_min_ratio", "fnmr_max_min_ratio", "fdr", "inequity_rate", "garbe")
            if _is_number(diffs.get(k))
        },
        "threshold": metrics.get("group_threshold") or diffs.get("threshold"),
        "fmr_target": rate_text(diffs.get("fmr_target") or points[0].get("fmr_target")),
    }


# --- privacy ----------------------------------------------------------------------------------


def scan_view(record: Evidence, *, left: int = 170, width: int = 360, row: int = 26) -> View | None:
    """Personal data found per entity type (table and bars), sensitive types marked in words."""
    from fulcrum.assess.privacy import SENSITIVE_TYPES

    metrics = record.metrics
    entities = metrics.get("entities")
    if not isinstance(entities, dict):
        return None
    counts = sorted(
        ((str(k), int(v)) for k, v in entities.items() if _is_number(v)),
        key=lambda kv: (-kv[1], kv[0]),
    )
    top = max((v for _, v in counts), default=0) or 1
    bars = [
        {
            "type": name,
            "count": count,
            "sensitive": name in SENSITIVE_TYPES,
            "y": 4 + i * row,
            "w": max(1.0, count / top * width),
            "text_x": left + max(1.0, count / top * width) + 6,
        }
        for i, (name, count) in enumerate(counts)
    ]
    totals = {
        k: metrics[k]
        for k in ("pii_entities", "sensitive_pi_entities", "pii_columns", "sensitive_pi_columns")
        if _is_number(metrics.get(k))
    }
    samples = metrics.get("samples")
    return {
        "part": "privacy_scan",
        "bars": bars,
        "left": left,
        "row": row,
        "width": left + width + 80,
        "height": max(1, len(bars)) * row + 8,
        "totals": totals,
        "samples": [s for s in samples if isinstance(s, dict)] if isinstance(samples, list) else [],
        "searched": list(record.parameters.get("entities") or []),
    }


#: Risk figures drawn as bars on a 0-1 scale (shares and probabilities).
RISK_BARS = (
    "max_prosecutor_risk",
    "average_prosecutor_risk",
    "records_at_risk_share",
    "sample_uniqueness",
)
#: Every figure of a risk record, in reading order.
RISK_FIGURES = (
    "k",
    "l_diversity",
    "l_entropy",
    "t_closeness",
    "records",
    "equivalence_classes",
    "unique_records",
    "records_at_risk",
    *RISK_BARS,
    "risk_threshold",
)


def _figure_text(value: float) -> str | None:
    """A fraction as ``rate_text``; ``None`` for a whole number (the template localises it)."""
    return None if float(value).is_integer() else rate_text(value)


def risk_view(record: Evidence, *, left: int = 230, width: int = 380, row: int = 28) -> View | None:
    """Re-identification risk: k, l, t, prosecutor risk and unique records, with a bar figure."""
    metrics = record.metrics
    if not _is_number(metrics.get("k")):
        return None
    threshold = metrics.get("risk_threshold")
    shown = [m for m in RISK_BARS if _is_number(metrics.get(m))]
    bars = [
        {
            "metric": m,
            "y": 4 + i * row,
            "mid": 4 + i * row + (row - 10) / 2,
            "w": max(1.0, _clip(metrics[m]) * width),
            "text": rate_text(metrics[m]),
            "text_x": left + max(1.0, _clip(metrics[m]) * width) + 6,
            "over": _is_number(threshold) and metrics[m] > threshold and "prosecutor" in m,
        }
        for i, m in enumerate(shown)
    ]
    params = record.parameters
    quasi = params.get("quasi") or params.get("quasi_identifiers") or []
    return {
        "part": "privacy_risk",
        "figures": [
            {"metric": m, "value": metrics[m], "text": _figure_text(metrics[m])}
            for m in RISK_FIGURES
            if _is_number(metrics.get(m))
        ],
        "bars": bars,
        "left": left,
        "row": row,
        "plot_width": width,
        "threshold_x": left + _clip(threshold) * width if _is_number(threshold) else None,
        "threshold": f"{threshold:.3g}" if _is_number(threshold) else "-",
        "width": left + width + 80,
        "height": max(1, len(bars)) * row + 30,
        "quasi": [str(q) for q in quasi] if isinstance(quasi, list) else [str(quasi)],
        "sensitive": params.get("sensitive"),
        "sensitive_kind": metrics.get("sensitive_kind"),
    }


#: kind -> builder; a builder returns ``None`` when the metrics do not have its shape.
BUILDERS: dict[str, Callable[[Evidence], View | None]] = {
    "fairness": fairness_view,
    "biometrics.verification": biometrics_view,
    "biometrics.verification.embeddings": biometrics_view,
    "privacy.scan": scan_view,
    "privacy.risk": risk_view,
}


def evidence_view(record: Evidence) -> View | None:
    """The view model of a record's kind, or ``None`` for the generic view.

    Records are uploaded, so their metrics can have any shape: one a builder cannot read gets
    the generic view rather than an error page.
    """
    builder = BUILDERS.get(record.kind)
    if builder is None:
        return None
    try:
        return builder(record)
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return None  # metrics of an unexpected shape (a hand-made record): the generic view
