"""Evidence records of privacy scans and risk measurements, tied to catalog requirements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fulcrum._hashing import sha256_file
from fulcrum.errors import InputError
from fulcrum.evidence import Evidence, InputRef, Threshold

#: Entity types that are sensitive personal information (PIPL Art. 28; GB/T 35273 annex B).
SENSITIVE_TYPES = frozenset(
    {"CN_RESIDENT_ID", "CN_PASSPORT", "BANK_CARD", "IBAN", "US_SSN", "DATE_OF_BIRTH"}
)
SCAN_KIND = "privacy.scan"
RISK_KIND = "privacy.risk"
#: Requirements a scan or a risk measurement always serves.
SCAN_REQUIREMENTS = ("cn-pipl:art-51-security-measures", "gdpr:art-32-security")
RISK_REQUIREMENTS = ("cn-pipl:art-55-pi-impact-assessment", "gdpr:art-35-dpia")


def input_ref(path: str | Path | None, *, rows: int | None = None) -> list[InputRef]:
    """Content hash of an input file (nothing for in-memory data)."""
    if path is None or not Path(path).is_file():
        return []
    p = Path(path)
    return [InputRef(name=p.name, sha256=sha256_file(p), rows=rows, size_bytes=p.stat().st_size)]


def scan_metrics(counts: Mapping[str, int], *, columns: Sequence[Mapping[str, Any]] = ()) -> dict:
    """Scan metrics: totals, sensitive totals and (for tables) columns holding PII."""
    metrics: dict[str, Any] = {
        "entities": dict(sorted(counts.items())),
        "pii_entities": int(sum(counts.values())),
        "sensitive_pi_entities": int(sum(v for k, v in counts.items() if k in SENSITIVE_TYPES)),
    }
    if columns:
        pii = [c for c in columns if c["entities"]]
        metrics["pii_columns"] = len(pii)
        metrics["sensitive_pi_columns"] = sum(
            1 for c in pii if any(e["type"] in SENSITIVE_TYPES for e in c["entities"])
        )
    return metrics


def build_evidence(
    kind: str,
    title: str,
    metrics: Mapping[str, Any],
    thresholds: Sequence[Threshold],
    *,
    inputs: Sequence[InputRef] = (),
    parameters: Mapping[str, Any] | None = None,
    requirements: Iterable[str] = (),
    libraries: Iterable[str] = (),
) -> Evidence:
    """An Evidence record whose checks compare ``metrics`` with ``thresholds``."""
    checks = []
    for threshold in thresholds:
        if threshold.metric not in metrics:
            known = ", ".join(k for k, v in metrics.items() if isinstance(v, int | float))
            raise InputError(f"unknown metric {threshold.metric!r}; metrics are {known}")
        value = metrics[threshold.metric]
        checks.append(threshold.check(None if value is None else float(value)))
    base = SCAN_REQUIREMENTS if kind == SCAN_KIND else RISK_REQUIREMENTS
    return Evidence.build(
        kind=kind,
        title=title,
        metrics=metrics,
        checks=checks,
        inputs=inputs,
        parameters=parameters,
        requirements=[*base, *requirements],
        libraries=libraries,
    )
