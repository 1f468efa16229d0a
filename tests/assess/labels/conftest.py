"""Sample media made here: images (Pillow), WAV (wave), MP3 frames, an MP4 (OpenCV)."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image


def _noise(w: int = 160, h: int = 100, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray((rng.random((h, w, 3)) * 255).astype("uint8"))


def make_media(folder: Path) -> dict[str, Path]:
    """One small file of each supported kind."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "png": folder / "a.png",
        "jpeg": folder / "a.jpg",
        "webp": folder / "lossy.webp",
        "webp-lossless": folder / "lossless.webp",
        "wav": folder / "a.wav",
        "mp3": folder / "a.mp3",
    }
    _noise().save(files["png"])
    _noise(seed=1).save(files["jpeg"], quality=90)
    _noise(seed=2).save(files["webp"], quality=80)
    _noise(seed=3).save(files["webp-lossless"], lossless=True)
    with wave.open(str(files["wav"]), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(struct.pack("<800h", *range(800)))
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz frames (417 bytes each), silent
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413
    files["mp3"].write_bytes(frame * 20)
    try:
        import cv2

        path = folder / "a.mp4"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 5, (32, 32))
        if writer.isOpened():
            for _ in range(5):
                writer.write(np.zeros((32, 32, 3), np.uint8))
            writer.release()
            files["mp4"] = path
    except ImportError:  # pragma: no cover - OpenCV is in the privacy extra
        pass
    return files


@pytest.fixture
def media(tmp_path: Path) -> dict[str, Path]:
    """Sample files of every kind."""
    return make_media(tmp_path / "in")
