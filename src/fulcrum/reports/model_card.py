"""Model card: the Hugging Face model-card sections (Markdown or HTML) and a CycloneDX 1.6
ML-BOM ``modelCard``, filled from the profile, the classification and the evidence."""

from __future__ import annotations

import json
import uuid
from typing import Any, Literal

from fulcrum import __version__
from fulcrum.reports._model import DossierInput, Lang
from fulcrum.reports._render import render_template
from fulcrum.reports.dossier import evidence_view

__all__ = ["cyclonedx_model_card", "model_card_context", "render_model_card"]

_RATE_METRICS = ("selection_rate", "tpr", "fpr", "accuracy")


def _limitations(d: DossierInput) -> list[str]:
    out = []
    for item in d.evidence:
        e = item.evidence
        for k in e.checks:
            if k.verdict in ("fail", "inconclusive"):
                where = f" for {_slice(k.group)}" if k.group else ""
                out.append(f"{e.title}: {k.metric}{where} {k.verdict} ({k.reason})")
        for g in e.metrics.get("groups", []) if isinstance(e.metrics.get("groups"), list) else []:
            if isinstance(g, dict) and g.get("small"):
                out.append(
                    f"{e.title}: group {_slice(g.get('group'))} has only {g.get('n')} rows; "
                    "its metrics are too uncertain to rely on"
                )
    return out


def model_card_context(d: DossierInput) -> dict[str, Any]:
    """The sections of the card, as data."""
    p = d.system.profile
    c = d.classification
    out_of_scope = [
        f"purposes other than {', '.join(p.get('purposes', [])) or 'those registered'}",
        f"settings other than {', '.join(p.get('settings', [])) or 'those registered'}",
        "any use that the EU AI Act Art. 5 prohibits (social scoring, untargeted scraping of "
        "facial images, emotion recognition at work or school, ...)",
    ]
    if p.get("automation") == "human_in_the_loop":
        out_of_scope.append("fully automated decisions without the human review it was built for")
    return {
        "d": d,
        "p": p,
        "c": c,
        "out_of_scope": out_of_scope,
        "limitations": _limitations(d),
        "high_obligations": [o for o in d.obligations if o.severity in ("critical", "high")],
        "views": [evidence_view(i) for i in d.evidence],
    }


def render_model_card(d: DossierInput, *, format: Literal["md", "html"] = "md") -> bytes:
    """The card as Markdown (with Hugging Face front matter) or HTML."""
    lang: Lang = "en"
    name = "model_card.md.j2" if format == "md" else "model_card.html.j2"
    return render_template(name, lang=lang, **model_card_context(d)).encode("utf-8")


def _slice(group: dict[str, str] | None) -> str:
    return ", ".join(f"{k}={v}" for k, v in (group or {}).items())


def _metric_entries(d: DossierInput) -> list[dict[str, Any]]:
    out = []
    for item in d.evidence:
        groups = item.evidence.metrics.get("groups")
        if not isinstance(groups, list):
            continue
        for g in groups:
            label = ", ".join(f"{k}={v}" for k, v in (g.get("group") or {}).items())
            for metric in _RATE_METRICS:
                value = g.get(metric)
                if value is None:
                    continue
                entry: dict[str, Any] = {"type": metric, "value": f"{value:.6g}", "slice": label}
                ci = (g.get("ci") or {}).get(metric)
                if ci:
                    entry["confidenceInterval"] = {
                        "lowerBound": f"{ci[0]:.6g}",
                        "upperBound": f"{ci[1]:.6g}",
                    }
                out.append(entry)
    return out


def cyclonedx_model_card(d: DossierInput) -> dict[str, Any]:
    """A CycloneDX 1.6 BOM with the system as a ``machine-learning-model`` and its modelCard."""
    s, p = d.system, d.system.profile
    ref = f"fulcrum-system:{s.id}:{s.version.number}"
    considerations: dict[str, Any] = {
        "users": [p["owner"]] if p.get("owner") else [],
        "useCases": [*p.get("purposes", []), *p.get("settings", [])],
        "technicalLimitations": _limitations(d),
        "ethicalConsiderations": [
            {
                "name": f"{o.title} ({o.cites})",
                "mitigationStrategy": f"obligation status: {o.status}",
            }
            for o in d.obligations
            if o.severity in ("critical", "high")
        ],
        "fairnessAssessments": [
            {
                "groupAtRisk": ", ".join(f"{a}={b}" for a, b in (k.group or {}).items())
                or k.metric,
                "harms": f"{k.metric} = {k.value} ({k.verdict}: {k.reason})",
                "mitigationStrategy": "reviewed by the ethics committee",
            }
            for i in d.evidence
            for k in i.evidence.checks
            if i.evidence.kind == "fairness"
        ],
    }
    card: dict[str, Any] = {
        "bom-ref": f"{ref}:model-card",
        "modelParameters": {"task": ", ".join(p.get("purposes", [])) or "unspecified"},
        "considerations": {k: v for k, v in considerations.items() if v},
    }
    metrics = _metric_entries(d)
    if metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    component = {
        "type": "machine-learning-model",
        "bom-ref": ref,
        "name": s.name or s.id,
        "version": s.version.label or str(s.version.number),
        "description": s.description or s.name or s.id,
        "properties": [
            {"name": "fulcrum:eu_ai_act_tier", "value": str(d.classification["eu_ai_act"]["tier"])},
            {"name": "fulcrum:ethics_grade", "value": str(d.classification["ethics_grade"])},
        ],
        "modelCard": card,
    }
    if s.owner:
        component["supplier"] = {"name": s.owner}
    serial = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:fulcrum:cyclonedx:{ref}")
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{serial}",
        "version": 1,
        "metadata": {
            "timestamp": d.issued_at.isoformat().replace("+00:00", "Z"),
            "tools": {
                "components": [{"type": "application", "name": "fulcrum", "version": __version__}]
            },
            "component": {"type": "machine-learning-model", "bom-ref": f"{ref}:root", "name": s.id},
        },
        "components": [component],
    }


def cyclonedx_json(d: DossierInput) -> bytes:
    """The CycloneDX BOM as JSON bytes."""
    return (json.dumps(cyclonedx_model_card(d), indent=2, ensure_ascii=False) + "\n").encode()
