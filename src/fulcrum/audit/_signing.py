"""Ed25519 keys for signed checkpoints (and evidence envelopes): load, create, sign, check."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from fulcrum.errors import InputError, IntegrityError


def _crypto():  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return serialization, ed25519


def key_id(public_raw: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def load_or_create_private_key(path: Path) -> bytes:
    """The raw 32-byte Ed25519 private key in ``path`` (PEM), created 0600 if absent."""
    serialization, ed25519 = _crypto()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = ed25519.Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{path}: not an unencrypted PEM private key") from exc
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise InputError(f"{path}: not an Ed25519 private key")
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_from_private(private_raw: bytes) -> bytes:
    """The raw public key of a raw private key."""
    serialization, ed25519 = _crypto()
    key = ed25519.Ed25519PrivateKey.from_private_bytes(private_raw)
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(private_raw: bytes, message: bytes) -> bytes:
    """An Ed25519 signature of ``message``."""
    _, ed25519 = _crypto()
    return ed25519.Ed25519PrivateKey.from_private_bytes(private_raw).sign(message)


def check_signature(public_raw: bytes, signature: bytes, message: bytes) -> None:
    """Raise IntegrityError unless ``signature`` is the key's signature of ``message``."""
    from cryptography.exceptions import InvalidSignature

    _, ed25519 = _crypto()
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError) as exc:
        raise IntegrityError(f"signature does not verify with key {key_id(public_raw)}") from exc


def read_public_key(text: str, *, where: str) -> bytes:
    """A raw public key from base64 of its 32 bytes, or from a PEM ``PUBLIC KEY`` block."""
    serialization, ed25519 = _crypto()
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except ValueError as exc:
            raise InputError(f"{where}: not a PEM public key") from exc
        if not isinstance(key, ed25519.Ed25519PublicKey):
            raise InputError(f"{where}: not an Ed25519 public key")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise InputError(f"{where}: not base64 or PEM") from exc
    if len(raw) != 32:
        raise InputError(f"{where}: an Ed25519 public key has 32 bytes, got {len(raw)}")
    return raw


def public_pem(public_raw: bytes) -> str:
    """PEM text of a raw public key (to publish next to checkpoints)."""
    serialization, ed25519 = _crypto()
    key = ed25519.Ed25519PublicKey.from_public_bytes(public_raw)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
