"""The system dossier: EU AI Act Annex IV technical documentation, as HTML or PDF."""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from fulcrum.reports._i18n import label
from fulcrum.reports._model import DossierInput, EvidenceItem, Lang
from fulcrum.reports._render import html_to_pdf, render_template

__all__ = ["evidence_view", "render_dossier", "render_dossier_html", "render_dossier_pdf"]

_GROUP_COLUMNS = ("n", "selection_rate", "tpr", "fpr", "accuracy", "auc")
_MAX_SCALARS = 24


def _group_label(group: Any) -> str:
    if isinstance(group, dict):
        return ", ".join(f"{k}={v}" for k, v in group.items())
    return str(group)


def _scalars(metrics: dict[str, Any], prefix: str = "", depth: int = 0) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            out.append((name, value))
        elif isinstance(value, dict) and depth < 1 and key not in ("ci", "method"):
            out += _scalars(value, f"{name}.", depth + 1)
    return out


def evidence_view(item: EvidenceItem) -> dict[str, Any]:
    """What the dossier shows of one evidence record: group table and headline metrics."""
    metrics = item.evidence.metrics
    groups = metrics.get("groups")
    cols: list[str] = []
    rows: list[dict[str, Any]] = []
    if isinstance(groups, list) and groups and isinstance(groups[0], dict):
        from fulcrum.reports._render import _interval, _num

        cols = [c for c in _GROUP_COLUMNS if c in groups[0]]
        for g in groups:
            cells = []
            for col in cols:
                ci = (g.get("ci") or {}).get(col)
                cells.append((_num(g.get(col)), _interval(ci) if ci else ""))
            rows.append({"label": _group_label(g.get("group")), "cells": cells})
    scalars = [(k, v) for k, v in _scalars({k: v for k, v in metrics.items() if k != "groups"})][
        :_MAX_SCALARS
    ]
    return {"item": item, "group_cols": cols, "group_rows": rows, "scalars": scalars}


def _context(d: DossierInput, lang: str) -> dict[str, Any]:
    c = d.classification
    reason_groups = [
        (label(lang, "eu_tier"), c.get("eu_ai_act", {}).get("because", [])),
        (label(lang, "ethics_grade"), c.get("ethics_grade_because", [])),
        (label(lang, "expert_rereview"), c.get("expert_rereview_because", [])),
    ]
    states = Counter(o.status for o in d.obligations)
    tally = Counter(v.choice for v in d.review.votes) if d.review else Counter()
    return {
        "d": d,
        "profile_rows": [
            (k, v) for k, v in d.system.profile.items() if k not in ("description",) and v != []
        ],
        "reason_groups": reason_groups,
        "status_counts": sorted(states.items()),
        "vote_tally": sorted(tally.items()),
        "evidence_views": [evidence_view(i) for i in d.evidence],
    }


def render_dossier_html(d: DossierInput, *, lang: Lang = "en") -> str:
    """The dossier as one self-contained HTML page."""
    return render_template("dossier.html.j2", lang=lang, **_context(d, lang))


def render_dossier_pdf(d: DossierInput, *, lang: Lang = "en") -> bytes:
    """The dossier as a PDF (A4), dated from the record."""
    title = f"{label(lang, 'dossier')}: {d.system.name or d.system.id} v{d.system.version.number}"
    return html_to_pdf(render_dossier_html(d, lang=lang), title=title, issued_at=d.issued_at)


def render_dossier(
    d: DossierInput, *, format: Literal["html", "pdf"] = "html", lang: Lang = "en"
) -> bytes:
    """The dossier as bytes in ``format``."""
    if format == "pdf":
        return render_dossier_pdf(d, lang=lang)
    return render_dossier_html(d, lang=lang).encode("utf-8")
