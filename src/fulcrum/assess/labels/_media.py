"""Labels in audio and video files (mutagen): ID3 ``TXXX:AIGC`` in MP3/WAV, an MP4 freeform atom.

GB 45438-2025's placement for audio and video was not verified against the text;
these are the natural metadata slots of each container.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fulcrum.errors import DataError, missing_extra

MP4_KEY = "----:cn.org.tc260:AIGC"
ID3_DESC = "AIGC"


def _mutagen():  # type: ignore[no-untyped-def]
    try:
        import mutagen
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise missing_extra("mutagen", "labels") from exc
    return mutagen


def media_write(path: Path, kind: str, text: str) -> None:
    """Write the label JSON ``text`` into the audio/video file at ``path`` (in place: a copy)."""
    _mutagen()
    from mutagen.id3 import TXXX

    try:
        if kind == "mp3":
            from mutagen.id3 import ID3, ID3NoHeaderError

            try:
                tags = ID3(path)
            except ID3NoHeaderError:
                tags = ID3()
            tags.delall(f"TXXX:{ID3_DESC}")
            tags.add(TXXX(encoding=3, desc=ID3_DESC, text=[text]))
            tags.save(path)
        elif kind == "wav":
            from mutagen.wave import WAVE

            audio = WAVE(path)
            if audio.tags is None:
                audio.add_tags()
            wav_tags: Any = audio.tags
            wav_tags.delall(f"TXXX:{ID3_DESC}")
            wav_tags.add(TXXX(encoding=3, desc=ID3_DESC, text=[text]))
            audio.save()
        elif kind == "mp4":
            from mutagen.mp4 import MP4, MP4FreeForm

            video = MP4(path)
            if video.tags is None:
                video.add_tags()
            video.tags[MP4_KEY] = [MP4FreeForm(text.encode("utf-8"))]  # type: ignore[index]
            video.save()
        else:  # pragma: no cover - guarded by the caller
            raise DataError(f"{path}: cannot carry a label ({kind})")
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"{path}: could not write the label into this {kind} file ({exc})") from exc


def media_read(path: Path, kind: str) -> list[str]:
    """Label JSON texts found in an audio/video file."""
    _mutagen()
    try:
        if kind in ("mp3", "wav"):
            if kind == "mp3":
                from mutagen.id3 import ID3, ID3NoHeaderError

                try:
                    tags = ID3(path)
                except ID3NoHeaderError:
                    return []
            else:
                from mutagen.wave import WAVE

                wave_tags: Any = WAVE(path).tags
                if wave_tags is None:
                    return []
                tags = wave_tags
            return [str(t) for frame in tags.getall(f"TXXX:{ID3_DESC}") for t in frame.text]
        from mutagen.mp4 import MP4

        video = MP4(path)
        found: Any = video.tags or {}
        values = found.get(MP4_KEY, [])
        return [bytes(v).decode("utf-8", "replace") for v in values]
    except Exception as exc:
        raise DataError(f"{path}: could not read this {kind} file ({exc})") from exc
