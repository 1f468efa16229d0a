"""A committee member's reading of a classification: verdicts first, then reasons."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

_TIER_NOTE = {
    "prohibited": "a practice prohibited by Art. 5: it may not be placed on the EU market or used",
    "high": "high-risk: Chapter III requirements, conformity assessment and registration apply",
    "limited": "only the Art. 50 transparency duties apply",
    "minimal": "no specific obligations under the Act beyond AI literacy (Art. 4)",
    "not_applicable": "no EU jurisdiction in the profile",
    "out_of_scope": "excluded by Art. 2 (e.g. military, research-only or personal use)",
}


def _reasons(findings: list[dict[str, Any]], indent: str = "    ") -> list[str]:
    lines = []
    for f in findings:
        if f.get("exception"):
            lines.append(f"{indent}- EXCEPTION honoured ({f['cites']}): {f['exception']}")
        else:
            lines.append(f"{indent}- {f['title']} [{f['cites']}]")
            lines.append(f"{indent}  because {f['condition']}")
    return lines


def render_classification_text(result: dict[str, Any]) -> str:
    """Plain-text explanation of ``Classification.to_dict()`` output."""
    eu = result["eu_ai_act"]
    lines = [
        f"System {result['system']} (version {result['version']}), "
        f"rule set {result['ruleset_version']}",
        "",
        f"EU AI Act tier: {eu['tier'].upper()} - {_TIER_NOTE.get(eu['tier'], '')}",
        f"  transparency duties (Art. 50): {'yes' if eu['transparency'] else 'no'}",
        *_reasons(eu["because"]),
        f"Ethics grade: {result['ethics_grade'].upper()}",
        *_reasons(result.get("ethics_grade_because", [])),
        f"Expert re-review: {'REQUIRED' if result['expert_rereview'] else 'not required'}",
        *_reasons(result.get("expert_rereview_because", [])),
        f"Review procedure: {result['review_procedure']}",
        "",
        f"Obligations ({len(result['obligations'])}):",
    ]
    by_framework: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for obligation in result["obligations"]:
        by_framework[obligation["framework"]].append(obligation)
    for framework in sorted(by_framework):
        lines.append(f"  {framework}")
        for o in by_framework[framework]:
            status = "" if o.get("in_force", True) else f" (applies from {o['effective']})"
            lines.append(f"    - [{o['severity']}] {o['title']} ({o['cites']}){status}")
            lines.append(f"      because {'; '.join(o['because'])}")
    return "\n".join(lines)
