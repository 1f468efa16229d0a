"""Read a C2PA manifest (c2pa-python): validation state and the declared digitalSourceType."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MIME = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
}


def _source_types(manifest: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for assertion in manifest.get("assertions") or []:
        data = assertion.get("data") or {}
        for action in data.get("actions") or []:
            value = action.get("digitalSourceType")
            if value and value not in found:
                found.append(value)
        value = data.get("digitalSourceType")
        if value and value not in found:
            found.append(value)
    return found


def read_c2pa(path: Path, kind: str) -> dict[str, Any]:
    """``{"present": bool, ...}``: the active manifest's validation state and source types."""
    try:
        import c2pa
    except ImportError:
        return {
            "present": None,
            "error": "c2pa-python is not installed: pip install 'fulcrum[labels]'",
        }
    try:
        with path.open("rb") as stream:
            reader = c2pa.Reader.try_create(MIME[kind], stream)
            if reader is None:
                return {"present": False}
            try:
                store = json.loads(reader.json())
                state = reader.get_validation_state()
            finally:
                reader.close()
    except Exception as exc:  # a corrupt manifest is a finding, not a crash
        return {
            "present": True,
            "validation_state": "Invalid",
            "error": f"{type(exc).__name__}: {exc}",
        }
    active = (store.get("manifests") or {}).get(store.get("active_manifest") or "", {})
    statuses = store.get("validation_status") or []
    return {
        "present": True,
        "validation_state": state or store.get("validation_state"),
        "claim_generator": active.get("claim_generator")
        or ", ".join(g.get("name", "") for g in active.get("claim_generator_info") or []),
        "digital_source_type": _source_types(active),
        "validation_failures": [s.get("code") for s in statuses if s.get("code")],
    }
