"""Recognise a file's container from its first bytes (never from its name)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Kind = Literal["png", "jpeg", "webp", "mp3", "wav", "mp4"]
IMAGE_KINDS = ("png", "jpeg", "webp")
SUPPORTED = ("png", "jpeg", "webp", "mp3", "wav", "mp4")


def sniff(head: bytes) -> Kind | None:
    """The container kind of a file from its first 16 bytes, or None if unsupported."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def sniff_file(path: Path) -> Kind | None:
    """The container kind of the file at ``path``."""
    with path.open("rb") as handle:
        return sniff(handle.read(16))
