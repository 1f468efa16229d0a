"""Storing evidence and managing the keys allowed to sign it, as an authorised actor."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from fulcrum.audit import AuditLog, events
from fulcrum.audit._signing import key_id, read_public_key
from fulcrum.auth import authorize
from fulcrum.errors import InputError, NotFoundError
from fulcrum.schemas.evidence import SignerPublic
from fulcrum.settings import Settings, get_settings
from fulcrum.store.models.evidence import SignerKeyRow
from fulcrum.store.models.users import UserRow
from fulcrum.trust._blobs import BlobStore
from fulcrum.trust._dsse import is_envelope, open_envelope
from fulcrum.trust._records import check_record, extract_record

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredEvidence:
    """What was stored: a file, or a checked Evidence record (with its provenance)."""

    kind: str  # "file" or "record"
    sha256: str
    name: str
    size: int
    record: dict[str, Any] | None
    verdict: str | None
    provenance: str


class EvidenceService:
    """Evidence in: files by hash, records checked, DSSE envelopes verified against signers."""

    def __init__(
        self,
        session: Session,
        actor: UserRow,
        *,
        audit: AuditLog | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.session = session
        self.actor = actor
        self.audit = audit or AuditLog(session)
        self.settings = settings or get_settings()
        self.blobs = BlobStore(session, settings=self.settings)

    def store_file(self, source: BinaryIO | Path, *, name: str) -> StoredEvidence:
        """Store a file as evidence (content-addressed)."""
        authorize(self.actor, "evidence.upload")
        if isinstance(source, Path) and not source.is_file():
            raise InputError(f"{source}: evidence file not found")
        sha, size = self.blobs.put(source, name=name)
        self._stored(sha, name, "file", "self-declared")
        return StoredEvidence("file", sha, name, size, None, None, "self-declared")

    def store_record(self, document: Any, *, where: str = "record") -> StoredEvidence:
        """Store an Evidence record, or a DSSE envelope of one (then signed by a known key)."""
        authorize(self.actor, "evidence.upload")
        provenance = "self-declared"
        document = extract_record(document)
        if is_envelope(document):
            kid, document = open_envelope(document, self.signer_keys())
            provenance = f"signed:{self._signer_name(kid)}"
        evidence = check_record(document, where=where)
        data = json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
        import io

        sha, size = self.blobs.put(io.BytesIO(data), name=where)
        self._stored(sha, evidence.kind, "record", provenance)
        return StoredEvidence(
            "record", sha, evidence.kind, size, document, evidence.verdict, provenance
        )

    def _stored(self, sha: str, name: str, kind: str, provenance: str) -> None:
        self.audit.append(
            events.EVIDENCE_STORED,
            actor=self.actor.username,
            subject=f"evidence:{sha[:16]}",
            payload={"sha256": sha, "name": name, "kind": kind, "provenance": provenance},
        )

    def read(self, sha: str) -> bytes:
        """The stored bytes of evidence ``sha`` (hash-checked)."""
        authorize(self.actor, "case.read")
        return self.blobs.read(sha)

    def stored(self, sha: str) -> StoredEvidence:
        """What is stored under ``sha``, never what a caller says it is.

        Kind, name and provenance come from the log's ``evidence.stored`` events (signed
        when any of them verified a signature); a record's verdict is checked again from
        the hash-checked bytes. NotFoundError when nothing was stored under ``sha``.
        """
        authorize(self.actor, "case.read")
        if not _SHA256.fullmatch(sha):
            raise InputError(f"evidence {sha!r}: expected a SHA-256 in hex (64 characters)")
        stored = [
            e.payload
            for e in self.audit.list_for(f"evidence:{sha[:16]}")
            if e.type == events.EVIDENCE_STORED and e.payload.get("sha256") == sha
        ]
        if not stored or not self.blobs.exists(sha):
            raise NotFoundError(f"no stored evidence {sha[:16]}; store it first")
        signed = [p for p in stored if str(p.get("provenance", "")).startswith("signed:")]
        records = [p for p in stored if p.get("kind") == "record"]
        event = (signed or records or stored)[-1]
        data = self.blobs.read(sha)
        record, verdict = None, None
        if event.get("kind") == "record":
            record = json.loads(data)
            verdict = check_record(record, where=f"evidence {sha[:16]}").verdict
        return StoredEvidence(
            str(event.get("kind", "file")),
            sha,
            str(event.get("name", "")),
            len(data),
            record,
            verdict,
            str(event.get("provenance", "self-declared")),
        )

    def signer_keys(self) -> dict[str, bytes]:
        """Active signer keys by key id."""
        rows = self.session.scalars(select(SignerKeyRow).where(SignerKeyRow.active.is_(True)))
        return {r.key_id: base64.b64decode(r.public_key) for r in rows}

    def _signer_name(self, kid: str) -> str:
        row = self.session.scalar(select(SignerKeyRow).where(SignerKeyRow.key_id == kid))
        return row.name if row else kid

    def add_signer(self, name: str, public_key: str) -> SignerPublic:
        """Register a public key (PEM or base64) whose signed evidence is accepted (admin)."""
        authorize(self.actor, "signer.manage")
        raw = read_public_key(public_key, where=f"signer {name!r}")
        kid = key_id(raw)
        if self.session.scalar(select(SignerKeyRow).where(SignerKeyRow.name == name)):
            raise InputError(f"a signer called {name!r} exists already")
        row = SignerKeyRow(
            name=name,
            key_id=kid,
            public_key=base64.b64encode(raw).decode("ascii"),
            added_by=self.actor.username,
            active=True,
        )
        self.session.add(row)
        self.session.flush()
        self.audit.append(
            events.SIGNER_ADDED,
            actor=self.actor.username,
            subject=f"signer:{name}",
            payload={"key_id": kid},
        )
        return SignerPublic.model_validate(row)

    def revoke_signer(self, name: str) -> None:
        """Stop accepting a signer's key (admin)."""
        authorize(self.actor, "signer.manage")
        row = self.session.scalar(select(SignerKeyRow).where(SignerKeyRow.name == name))
        if row is None:
            raise NotFoundError(f"no signer {name!r}")
        row.active = False
        self.audit.append(
            events.SIGNER_REVOKED,
            actor=self.actor.username,
            subject=f"signer:{name}",
            payload={"key_id": row.key_id},
        )

    def signers(self) -> list[SignerPublic]:
        """Registered signer keys."""
        authorize(self.actor, "case.read")
        rows = self.session.scalars(select(SignerKeyRow).order_by(SignerKeyRow.name))
        return [SignerPublic.model_validate(r) for r in rows]
