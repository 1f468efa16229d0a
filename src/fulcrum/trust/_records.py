"""Checking an Evidence record before it is stored: schema, content id, verdicts, samples."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from fulcrum._hashing import sha256_json
from fulcrum.errors import InputError
from fulcrum.evidence import Evidence, combine_verdicts, evaluate_threshold

_SEVERITY = {"pass": 0, "not_evaluated": 1, "inconclusive": 2, "fail": 3}
_SAMPLE_KEYS = re.compile(r"^(samples?|examples?|matches|values)$")
_MASKED = re.compile(r"[*•█#xX]{2,}|<[A-Z_]+>|\[REDACTED\]|…")


def extract_record(document: Any) -> Any:
    """The Evidence record in an assessment's JSON output (``{"evidence": {...}, ...}``)."""
    if (
        isinstance(document, dict)
        and "kind" not in document
        and isinstance(document.get("evidence"), dict)
    ):
        return document["evidence"]
    return document


def check_record(record: Any, *, where: str = "record") -> Evidence:
    """An Evidence record whose id, verdicts and samples hold up; InputError otherwise.

    A verdict is never typed by hand: the id must be the hash of the content, each
    check's verdict must follow from its value and threshold (an assessment may be
    more cautious, never more lenient), and the overall verdict must combine them.
    """
    if not isinstance(record, dict):
        raise InputError(
            f"{where}: an Evidence record is a JSON object, got {type(record).__name__}"
        )
    try:
        evidence = Evidence.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(record)"
        raise InputError(f"{where}: field {field}: {first['msg']}") from exc
    content = {
        "kind": evidence.kind,
        "inputs": [i.model_dump() for i in evidence.inputs],
        "parameters": dict(evidence.parameters),
        "metrics": dict(evidence.metrics),
        "checks": [c.model_dump() for c in evidence.checks],
    }
    if evidence.id != f"urn:fulcrum:evidence:{sha256_json(content)[:32]}":
        raise InputError(
            f"{where}: id does not match the record's content (edited after it was computed)"
        )
    for n, check in enumerate(evidence.checks):
        derived, _ = evaluate_threshold(
            check.value, check.operator, check.threshold, interval=check.interval
        )
        if _SEVERITY[check.verdict] < _SEVERITY[derived]:
            raise InputError(
                f"{where}: checks[{n}] ({check.metric}) says {check.verdict!r} but its value and "
                f"threshold give {derived!r}"
            )
    if evidence.verdict != combine_verdicts(c.verdict for c in evidence.checks):
        raise InputError(f"{where}: verdict {evidence.verdict!r} does not follow from its checks")
    _check_samples(evidence.metrics, f"{where}: metrics")
    return evidence


def _check_samples(value: Any, path: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if _SAMPLE_KEYS.match(str(key)):
                for text in item if isinstance(item, list) else [item]:
                    if isinstance(text, str) and text and not _MASKED.search(text):
                        raise InputError(
                            f"{path}.{key}: holds an unmasked sample; evidence keeps masked "
                            "samples only"
                        )
            else:
                _check_samples(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _check_samples(item, f"{path}[{n}]")
