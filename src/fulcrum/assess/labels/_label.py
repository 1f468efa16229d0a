"""The GB 45438-2025 metadata label: the ``AIGC`` JSON object, its fields and its integrity code."""

from __future__ import annotations

import hashlib
import json
from typing import Any

FIELDS = (
    "Label",
    "ContentProducer",
    "ProduceID",
    "ReservedCode1",
    "ContentPropagator",
    "PropagateID",
    "ReservedCode2",
)
REQUIRED_NONEMPTY = ("Label", "ContentProducer", "ProduceID")
# "1" (AI generated) is confirmed by deployed labels; "2" (possibly) and "3" (suspected)
# are read from secondary sources and not verified against the standard's text.
LABEL_VALUES = ("1", "2", "3")
INTEGRITY_PREFIX = "fulcrum-sha256:"

MSG_MISSING = "field {field} is missing"
MSG_NOT_STRING = "field {field} is not a string"
MSG_EMPTY = "field {field} is empty"
MSG_LABEL_VALUE = "Label is {value!r}; expected one of 1, 2, 3"
MSG_UNKNOWN = "unknown field {field}"
MSG_TAMPERED = "ReservedCode1 integrity code does not match the other fields (altered label)"


def integrity_code(label: dict[str, Any]) -> str:
    """Digest of every field except ReservedCode1, written by Fulcrum into ReservedCode1.

    The standard reserves ReservedCode1 for the provider's own protection of the label;
    Fulcrum puts a SHA-256 of the other fields there so an altered field is detected.
    """
    body = {k: label.get(k, "") for k in FIELDS if k != "ReservedCode1"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return INTEGRITY_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def make_label(
    producer: str,
    content_id: str,
    *,
    label: str = "1",
    propagator: str = "",
    propagate_id: str = "",
    reserved2: str = "",
) -> dict[str, str]:
    """A complete AIGC label with Fulcrum's integrity code in ReservedCode1.

    Examples
    --------
    >>> lab = make_label("001191110102MA000000000", "img-42")
    >>> check_label(lab)
    []
    """
    out = {
        "Label": label,
        "ContentProducer": producer,
        "ProduceID": content_id,
        "ReservedCode1": "",
        "ContentPropagator": propagator,
        "PropagateID": propagate_id,
        "ReservedCode2": reserved2,
    }
    problems = [p for p in check_label(out) if "integrity" not in p]
    if problems:
        from fulcrum.errors import InputError

        raise InputError("cannot write this label: " + "; ".join(problems))
    out["ReservedCode1"] = integrity_code(out)
    return out


def check_label(label: Any) -> list[str]:
    """Problems with a parsed label (empty when it is valid)."""
    if not isinstance(label, dict):
        return ["the AIGC value is not a JSON object"]
    problems = []
    for field in FIELDS:
        if field not in label:
            problems.append(MSG_MISSING.format(field=field))
        elif not isinstance(label[field], str):
            problems.append(MSG_NOT_STRING.format(field=field))
    for field in REQUIRED_NONEMPTY:
        if isinstance(label.get(field), str) and not label[field].strip():
            problems.append(MSG_EMPTY.format(field=field))
    value = label.get("Label")
    if isinstance(value, str) and value.strip() and value not in LABEL_VALUES:
        problems.append(MSG_LABEL_VALUE.format(value=value))
    problems += [MSG_UNKNOWN.format(field=k) for k in label if k not in FIELDS]
    code = label.get("ReservedCode1")
    if (
        isinstance(code, str)
        and code.startswith(INTEGRITY_PREFIX)
        and code != integrity_code(label)
    ):
        problems.append(MSG_TAMPERED)
    return problems


def parse_label_text(text: str) -> Any:
    """Parse the JSON text of a label; accepts ``{...}`` or ``{"AIGC": {...}}``."""
    value = json.loads(text)
    if isinstance(value, dict) and set(value) == {"AIGC"}:
        value = value["AIGC"]
    return value
