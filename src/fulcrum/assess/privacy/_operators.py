"""De-identification operators: redact, mask, replace, keyed pseudonym, AES-GCM, generalise."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from pathlib import Path

from fulcrum.assess.privacy._policy import (
    Encrypt,
    Generalise,
    KeySource,
    Mask,
    Pseudonym,
    Redact,
    Replace,
    Scan,
    Suppress,
)
from fulcrum.errors import DataError, InputError, missing_extra

_ENC_PREFIX = "enc:"


def load_key(source: KeySource, *, field: str) -> bytes:
    """Key bytes from an environment variable or a file (whitespace stripped)."""
    if source.env is not None:
        value = os.environ.get(source.env)
        if not value:
            raise InputError(f"{field}: environment variable {source.env} is not set")
        return value.strip().encode("utf-8")
    path = Path(source.file or "")
    try:
        return path.read_bytes().strip()
    except OSError as exc:
        raise InputError(f"{field}: cannot read key file {path}: {exc.strerror}") from exc


def aes_key(raw: bytes) -> bytes:
    """A 16/24/32-byte AES key from raw, hex or base64 key material."""
    if len(raw) in (16, 24, 32):
        return raw
    for decode in (binascii.unhexlify, base64.b64decode, base64.urlsafe_b64decode):
        try:
            key = decode(raw)
        except (binascii.Error, ValueError):
            continue
        if len(key) in (16, 24, 32):
            return key
    raise InputError(
        f"keys.encryption: an AES key has 16, 24 or 32 bytes (raw, hex or base64), got {len(raw)}"
    )


def pseudonym(value: str, key: bytes, *, prefix: str = "", length: int = 16) -> str:
    """Keyed HMAC-SHA256 pseudonym of ``value`` (hex, ``length`` characters)."""
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:length]


def _aesgcm(key: bytes):  # type: ignore[no-untyped-def]
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ModuleNotFoundError as exc:
        raise missing_extra("cryptography", "privacy") from exc
    return AESGCM(key)


def encrypt(value: str, key: bytes, *, associated: bytes = b"fulcrum") -> str:
    """AES-GCM ciphertext of ``value`` as ``enc:`` + base64url(nonce + ciphertext)."""
    nonce = os.urandom(12)
    sealed = _aesgcm(key).encrypt(nonce, value.encode("utf-8"), associated)
    return _ENC_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def decrypt(token: str, key: bytes, *, associated: bytes = b"fulcrum") -> str:
    """Recover the value of an ``encrypt`` token; a wrong key raises ``InputError``."""
    from cryptography.exceptions import InvalidTag

    if not token.startswith(_ENC_PREFIX):
        raise InputError(f"{token[:20]!r} is not an encrypted token (no {_ENC_PREFIX} prefix)")
    body = token[len(_ENC_PREFIX) :]
    blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return _aesgcm(key).decrypt(blob[:12], blob[12:], associated).decode("utf-8")
    except InvalidTag as exc:
        raise InputError("decryption failed: wrong key or altered token") from exc


def mask(value: str, *, char: str = "*", keep_first: int = 0, keep_last: int = 4) -> str:
    """Replace the middle of ``value`` by ``char``, keeping separators' positions."""
    n = len(value)
    if keep_first + keep_last >= n:
        keep_first, keep_last = min(keep_first, n // 4), min(keep_last, n // 4)
    out = [
        c if i < keep_first or i >= n - keep_last or not c.isalnum() else char
        for i, c in enumerate(value)
    ]
    return "".join(out)


def mask_sample(value: str) -> str:
    """Masked example for reports: a few characters at each end at most."""
    n = len(value)
    keep = 3 if n >= 12 else 1 if n >= 4 else 0
    return mask(value, keep_first=keep, keep_last=min(keep, 2) if n >= 8 else 0)


def generalise(value: str, op: Generalise, *, where: str) -> str:
    """Age band, truncated date or prefix of ``value``."""
    if value == "":
        return value
    if op.method == "age_band":
        try:
            age = int(float(value))
        except ValueError as exc:
            raise DataError(f"{where}: {value!r} is not an age") from exc
        low = age // op.width * op.width
        return f"{low}-{low + op.width - 1}"
    if op.method == "date":
        match = re.match(r"(\d{4})[-/.年]?(\d{1,2})?", value)
        if match is None:
            raise DataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        year, month = match.group(1), match.group(2)
        if op.to == "month" and month:
            return f"{year}-{int(month):02d}"
        return year
    return value[: op.keep] + "*" * max(0, len(value) - op.keep)


class Operators:
    """Operators of a policy with their keys loaded once."""

    def __init__(self, pseudonym_key: bytes | None, encryption_key: bytes | None) -> None:
        self.pseudonym_key = pseudonym_key
        self.encryption_key = encryption_key

    def apply(self, op: object, value: str, *, entity_type: str = "", where: str = "") -> str:
        """The replacement of ``value`` under operator ``op``."""
        if isinstance(op, Redact | Suppress):
            return ""
        if isinstance(op, Mask):
            return mask(value, char=op.char, keep_first=op.keep_first, keep_last=op.keep_last)
        if isinstance(op, Replace):
            return op.value if op.value is not None else f"<{entity_type or 'REDACTED'}>"
        if isinstance(op, Pseudonym):
            assert self.pseudonym_key is not None
            return pseudonym(value, self.pseudonym_key, prefix=op.prefix, length=op.length)
        if isinstance(op, Encrypt):
            assert self.encryption_key is not None
            return encrypt(value, self.encryption_key)
        if isinstance(op, Generalise):
            return generalise(value, op, where=where)
        if isinstance(op, Scan):
            return value
        raise AssertionError(f"unknown operator {op!r}")
