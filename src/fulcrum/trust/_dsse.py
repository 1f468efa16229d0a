"""Signed evidence: an in-toto Statement in a DSSE envelope, signed with Ed25519.

The predicate is a Fulcrum Evidence record; the subjects are the content hashes of
its inputs. ``sign_evidence`` is what a CI runner uses; ``open_envelope`` is what
the server uses to check signature, subjects and schema before accepting it.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from fulcrum.audit._signing import check_signature, key_id, public_from_private, sign
from fulcrum.errors import InputError

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://fulcrum.dev/evidence/v1"


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding of a payload."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def statement(record: dict[str, Any]) -> dict[str, Any]:
    """The in-toto Statement for an Evidence record (subjects: its inputs' hashes)."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [
            {"name": str(i.get("name", "")), "digest": {"sha256": str(i["sha256"])}}
            for i in record.get("inputs", [])
        ],
        "predicateType": PREDICATE_TYPE,
        "predicate": record,
    }


def sign_evidence(record: dict[str, Any], private_key: bytes) -> dict[str, Any]:
    """A DSSE envelope holding the Statement for ``record``, signed with ``private_key``."""
    payload = json.dumps(statement(record), sort_keys=True, ensure_ascii=False).encode("utf-8")
    signature = sign(private_key, pae(PAYLOAD_TYPE, payload))
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [
            {
                "keyid": key_id(public_from_private(private_key)),
                "sig": base64.b64encode(signature).decode("ascii"),
            }
        ],
    }


def is_envelope(document: Any) -> bool:
    """Whether a JSON document looks like a DSSE envelope."""
    return isinstance(document, dict) and {"payload", "payloadType", "signatures"} <= set(document)


def open_envelope(envelope: dict[str, Any], keys: dict[str, bytes]) -> tuple[str, dict[str, Any]]:
    """Check an envelope against known public keys; return (key id, Evidence record)."""
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        raise InputError(f"envelope payloadType must be {PAYLOAD_TYPE!r}")
    try:
        payload = base64.b64decode(envelope["payload"], validate=True)
        signatures = list(envelope["signatures"])
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError("envelope payload is not base64") from exc
    verified = None
    for entry in signatures:
        kid = str(entry.get("keyid", "")) if isinstance(entry, dict) else ""
        if kid in keys:
            try:
                sig = base64.b64decode(str(entry.get("sig", "")), validate=True)
            except ValueError as exc:
                raise InputError("envelope signature is not base64") from exc
            check_signature(keys[kid], sig, pae(PAYLOAD_TYPE, payload))
            verified = kid
            break
    if verified is None:
        from fulcrum.errors import IntegrityError

        raise IntegrityError("the envelope is not signed by any registered signer key")
    try:
        stmt = json.loads(payload)
    except ValueError as exc:
        raise InputError("envelope payload is not JSON") from exc
    if not isinstance(stmt, dict) or stmt.get("_type") != STATEMENT_TYPE:
        raise InputError(f"envelope payload is not an in-toto Statement ({STATEMENT_TYPE})")
    if stmt.get("predicateType") != PREDICATE_TYPE:
        raise InputError(f"statement predicateType must be {PREDICATE_TYPE!r}")
    record = stmt.get("predicate")
    if not isinstance(record, dict):
        raise InputError("statement predicate is not an Evidence record")
    subjects = {
        (s.get("digest") or {}).get("sha256")
        for s in stmt.get("subject", [])
        if isinstance(s, dict)
    }
    inputs = {i.get("sha256") for i in record.get("inputs", []) if isinstance(i, dict)}
    if subjects != inputs:
        raise InputError("statement subjects do not match the evidence record's input hashes")
    return verified, record
