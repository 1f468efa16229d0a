"""Evidence files stored by content hash, in the database or a blob folder, verified on read."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from fulcrum.errors import InputError, IntegrityError
from fulcrum.settings import Settings, get_settings
from fulcrum.store.models.evidence import EvidenceBlobRow

_CHUNK = 1 << 20


class BlobStore:
    """Content-addressed files every user of the database sees; a bad hash is never served.

    Without ``settings.blob_dir`` the bytes live in the database itself (SQLite or
    PostgreSQL alike); with it, in that folder (shared storage for a deployment),
    named by hash. Either way the hash is checked on every read.
    """

    def __init__(self, session: Session, *, settings: Settings | None = None) -> None:
        self.session = session
        self.settings = settings or get_settings()

    def _path(self, digest: str) -> Path:
        assert self.settings.blob_dir is not None
        return self.settings.blob_dir / digest[:2] / digest

    def put(self, source: BinaryIO | Path, *, name: str = "") -> tuple[str, int]:
        """Store a file (streamed, size-limited); returns (sha256, size)."""
        limit = self.settings.max_upload_bytes
        handle = source.open("rb") if isinstance(source, Path) else source
        digest, size = hashlib.sha256(), 0
        with tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK) as spool:
            try:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise InputError(
                            f"{name or 'upload'}: larger than the {limit} bytes accepted"
                        )
                    digest.update(chunk)
                    spool.write(chunk)
            finally:
                if isinstance(source, Path):
                    handle.close()
            sha = digest.hexdigest()
            if self.session.get(EvidenceBlobRow, sha) is None:
                spool.seek(0)
                data = None
                if self.settings.blob_dir is None:
                    data = spool.read()
                else:
                    self._write_file(sha, spool)
                self.session.add(EvidenceBlobRow(sha256=sha, size=size, data=data))
                self.session.flush()
        return sha, size

    def _write_file(self, sha: str, spool: Any) -> None:
        target = self._path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as out:
            while chunk := spool.read(_CHUNK):
                out.write(chunk)
        os.replace(tmp, target)

    def exists(self, sha: str) -> bool:
        """Whether a blob with this hash is recorded."""
        return self.session.get(EvidenceBlobRow, sha) is not None

    def read(self, sha: str) -> bytes:
        """The stored bytes, after checking their hash; IntegrityError if missing or altered."""
        row = self.session.get(EvidenceBlobRow, sha)
        if row is None:
            raise IntegrityError(f"evidence file {sha[:16]} is not in the store")
        if row.data is not None:
            data = row.data
        else:
            if self.settings.blob_dir is None:
                raise IntegrityError(
                    f"evidence file {sha[:16]} lives in a blob folder; set FULCRUM_BLOB_DIR"
                )
            try:
                data = self._path(sha).read_bytes()
            except FileNotFoundError as exc:
                raise IntegrityError(f"evidence file {sha[:16]} is missing from the store") from exc
        if hashlib.sha256(data).hexdigest() != sha or len(data) != row.size:
            raise IntegrityError(f"evidence file {sha[:16]} was altered in the store")
        return data

    def problems(self) -> Iterator[str]:
        """A line for every stored file that is missing or altered."""
        for sha in self.session.scalars(select(EvidenceBlobRow.sha256)):
            try:
                self.read(sha)
            except IntegrityError as exc:
                yield str(exc)
