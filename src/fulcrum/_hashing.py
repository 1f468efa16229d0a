"""Content hashes and canonical JSON, shared by evidence and the audit log."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20


def canonical_json(payload: Any) -> str:
    """Serialise ``payload`` deterministically (sorted keys, no spaces, UTF-8)."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def sha256_text(text: str) -> str:
    """Hex SHA-256 of a text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_json(payload: Any) -> str:
    """Hex SHA-256 of the canonical JSON of ``payload``."""
    return sha256_text(canonical_json(payload))


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks so any size works."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()
