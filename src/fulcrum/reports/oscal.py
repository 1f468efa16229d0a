"""OSCAL (JSON) exports: a framework as a catalog, a system as a component definition and its
evidence as assessment results.

Every UUID is a UUID 5 of a stable name (the framework, system, requirement or evidence id),
and every date comes from the record, so exporting the same record twice gives the same bytes
and a re-export after a change diffs cleanly. Control ids are the catalog ids with ``:``
replaced by ``_`` (OSCAL ids are tokens), the same in all three documents.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from typing import Any

from fulcrum.catalog import Catalog, Control, Requirement, framework_of, get_catalog
from fulcrum.errors import NotFoundError
from fulcrum.reports._model import SATISFIED, DossierInput, ObligationItem
from fulcrum.reports.soa import ref_key

OSCAL_VERSION = "1.1.2"
NS = "https://fulcrum.invalid/ns/oscal"
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fulcrum:oscal")

__all__ = [
    "OSCAL_VERSION",
    "control_token",
    "oscal_assessment_results",
    "oscal_catalog",
    "oscal_component_definition",
    "to_json",
]

# obligation status -> OSCAL implementation-status
_IMPLEMENTATION = {
    "verified": "implemented",
    "evidenced": "implemented",
    "in_progress": "partial",
    "not_applicable": "not-applicable",
    "open": "planned",
    "not_assessed": "planned",
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "/".join(parts)))


def control_token(item_id: str) -> str:
    """The OSCAL control id for a catalog id (``eu-ai-act:art-9`` -> ``eu-ai-act_art-9``)."""
    token = item_id.replace(":", "_")
    return token if token[:1].isalpha() or token[:1] == "_" else f"_{token}"


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        value = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _prop(name: str, value: Any, *, ns: bool = True) -> dict[str, str]:
    out = {"name": name, "value": str(value)}
    if ns:
        out["ns"] = NS
    return out


def _metadata(title: str, last_modified: str, version: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "last-modified": last_modified,
        "version": version,
        "oscal-version": OSCAL_VERSION,
        **{k: v for k, v in extra.items() if v},
    }


def _control(item: Control | Requirement) -> dict[str, Any]:
    token = control_token(item.id)
    if isinstance(item, Control):
        label, prose, cls = item.ref, item.summary or item.title, "control"
    else:
        label, prose, cls = item.cites, item.statement, item.kind.replace("_", "-")
    props = [_prop("label", label, ns=False), _prop("catalog-id", item.id)]
    if isinstance(item, Requirement):
        props.append(_prop("severity", item.severity))
        props += [_prop("provision", p) for p in item.provisions]
    return {
        "id": token,
        "class": cls,
        "title": item.title,
        "props": props,
        "parts": [{"id": f"{token}_smt", "name": "statement", "prose": prose}],
    }


def oscal_catalog(framework: str, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """A framework's controls (grouped by theme) and requirements as an OSCAL catalog."""
    catalog = catalog or get_catalog()
    if framework not in catalog.frameworks:
        raise NotFoundError(f"no framework {framework!r}")
    fw = catalog.frameworks[framework]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for control in sorted(catalog.items("controls", framework), key=ref_key):
        groups[control.theme or "Controls"].append(_control(control))
    requirements = [_control(r) for r in catalog.items("requirements", framework)]
    out_groups = [
        {
            "id": f"{control_token(framework)}_g{n}",
            "class": "theme",
            "title": theme,
            "controls": controls,
        }
        for n, (theme, controls) in enumerate(groups.items(), start=1)
    ]
    if requirements:
        out_groups.append(
            {
                "id": f"{control_token(framework)}_requirements",
                "class": "requirements",
                "title": "Requirements",
                "controls": requirements,
            }
        )
    metadata = _metadata(
        fw.title,
        _stamp(fw.published or fw.effective),
        fw.version,
        props=[_prop("framework-id", fw.id), _prop("ruleset-version", catalog.version)],
        links=[{"href": fw.url, "rel": "reference"}] if fw.url else None,
        remarks=fw.licence_note,
    )
    body: dict[str, Any] = {"uuid": _uuid("catalog", framework), "metadata": metadata}
    if out_groups:
        body["groups"] = out_groups
    return {"catalog": body}


def _system_metadata(d: DossierInput, title: str) -> dict[str, Any]:
    return _metadata(
        title,
        _stamp(d.issued_at),
        str(d.system.version.number),
        props=[_prop("system-id", d.system.id), _prop("ruleset-version", _ruleset(d))],
    )


def _ruleset(d: DossierInput) -> str:
    return str(d.classification.get("ruleset_version", "unversioned"))


def oscal_component_definition(d: DossierInput) -> dict[str, Any]:
    """The system as an OSCAL component, implementing the requirements that apply to it."""
    s = d.system
    by_framework: dict[str, list[ObligationItem]] = defaultdict(list)
    for o in d.obligations:
        by_framework[o.framework].append(o)
    implementations = []
    for framework in sorted(by_framework):
        reqs = []
        for o in by_framework[framework]:
            text = f"{o.title} ({o.cites}). Applies because {'; '.join(o.because) or 'always'}."
            if o.owner:
                text += f" Owner: {o.owner}."
            props = [
                _prop("implementation-status", _IMPLEMENTATION[o.status], ns=False),
                _prop("obligation-status", o.status),
            ]
            if o.due:
                props.append(_prop("due", o.due.isoformat()))
            reqs.append(
                {
                    "uuid": _uuid("implemented-requirement", s.id, o.id),
                    "control-id": control_token(o.id),
                    "description": text,
                    "props": props,
                }
            )
        implementations.append(
            {
                "uuid": _uuid("control-implementation", s.id, framework),
                "source": f"urn:fulcrum:catalog:{framework}",
                "description": f"Requirements of {framework} that apply to {s.id}",
                "implemented-requirements": reqs,
            }
        )
    c = d.classification
    component: dict[str, Any] = {
        "uuid": _uuid("component", s.id),
        "type": "software",
        "title": s.name or s.id,
        "description": s.description or s.name or s.id,
        "props": [
            _prop("system-id", s.id),
            _prop("system-version", s.version.number),
            _prop("eu-ai-act-tier", c.get("eu_ai_act", {}).get("tier", "unknown")),
            _prop("ethics-grade", c.get("ethics_grade", "unknown")),
            _prop("review-procedure", c.get("review_procedure", "unknown")),
        ],
    }
    if implementations:
        component["control-implementations"] = implementations
    return {
        "component-definition": {
            "uuid": _uuid("component-definition", s.id),
            "metadata": _system_metadata(d, f"Component definition: {s.name or s.id}"),
            "components": [component],
        }
    }


def oscal_assessment_results(d: DossierInput) -> dict[str, Any]:
    """The system's evidence as observations and its obligations as findings."""
    s = d.system
    version = str(s.version.number)
    observations = []
    obs_for: dict[str, str] = {}
    for item in d.evidence:
        e = item.evidence
        obs_uuid = _uuid("observation", s.id, e.id)
        obs_for[e.id] = obs_uuid
        hashes = ", ".join(f"{i.name}: sha256 {i.sha256}" for i in e.inputs) or "none"
        props = [_prop("verdict", e.verdict), _prop("evidence-kind", e.kind)]
        if item.signer:
            props.append(_prop("signer", item.signer))
        observations.append(
            {
                "uuid": obs_uuid,
                "title": e.title,
                "description": f"{e.kind} assessment; verdict {e.verdict}; "
                f"{len(e.checks)} checks; inputs {hashes}",
                "props": props,
                "methods": ["TEST"],
                "relevant-evidence": [{"href": e.id, "description": f"Evidence record {e.id}"}],
                "collected": _stamp(e.created_at),
            }
        )
    findings = []
    for o in d.obligations:
        cited = [obs_for[e] for e in o.evidence if e in obs_for]
        if not cited:
            # requirements an evidence record names count as cited by it
            cited = [obs_for[i.evidence.id] for i in d.evidence if o.id in i.evidence.requirements]
        satisfied = o.status in SATISFIED
        finding: dict[str, Any] = {
            "uuid": _uuid("finding", s.id, version, o.id),
            "title": o.title,
            "description": f"{o.id} ({o.cites}) is {o.status.replace('_', ' ')}"
            + (f"; owner {o.owner}" if o.owner else "")
            + (f"; due {o.due.isoformat()}" if o.due else ""),
            "target": {
                "type": "statement-id",
                "target-id": f"{control_token(o.id)}_smt",
                "status": {"state": "satisfied" if satisfied else "not-satisfied"},
            },
        }
        if cited:
            finding["related-observations"] = [{"observation-uuid": u} for u in cited]
        findings.append(finding)
    result: dict[str, Any] = {
        "uuid": _uuid("result", s.id, version),
        "title": f"Assessment of {s.name or s.id} version {version}",
        "description": "Technical evidence and obligation status recorded by Fulcrum",
        "start": _stamp(min((i.evidence.created_at for i in d.evidence), default=d.issued_at)),
        "end": _stamp(d.issued_at),
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": control_token(o.id)} for o in d.obligations]}
                if d.obligations
                else {"include-all": {}}
            ]
        },
    }
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    return {
        "assessment-results": {
            "uuid": _uuid("assessment-results", s.id, version),
            "metadata": _system_metadata(d, f"Assessment results: {s.name or s.id}"),
            "import-ap": {"href": f"urn:fulcrum:assessment-plan:{s.id}:{version}"},
            "results": [result],
        }
    }


def to_json(document: dict[str, Any]) -> bytes:
    """Stable JSON bytes (sorted keys are not used: OSCAL readers expect the model's order)."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def frameworks_of(d: DossierInput) -> list[str]:
    """The frameworks whose requirements apply to the system."""
    return sorted({framework_of(o.id) for o in d.obligations})
