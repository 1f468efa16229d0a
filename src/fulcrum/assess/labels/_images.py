"""Write and read the XMP label in PNG, JPEG and WebP files without re-encoding the pixels."""

from __future__ import annotations

import struct
import zlib

from fulcrum.assess.labels._xmp import XMP_NS, build_xmp, merge_xmp
from fulcrum.errors import DataError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"
JPEG_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


# -- PNG ---------------------------------------------------------------------------------------
def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(PNG_SIGNATURE):
        raise DataError("not a PNG file (bad signature)")
    pos, chunks = 8, []
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise DataError("truncated PNG chunk")
        chunks.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_text(kind: bytes, body: bytes) -> tuple[bytes, bytes] | None:
    keyword, _, rest = body.partition(b"\x00")
    if kind == b"tEXt":
        return keyword, rest
    if kind == b"zTXt":
        return keyword, zlib.decompress(rest[1:])
    if kind == b"iTXt":
        flag, _method = rest[0], rest[1]
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return keyword, zlib.decompress(text) if flag else text
    return None


def png_write(data: bytes, label: dict[str, str]) -> bytes:
    """PNG bytes whose XMP (an iTXt chunk after IHDR) carries ``label``; other XMP is kept."""
    old = [p for p in png_read(data) if not p.startswith(b"AIGC:")]
    return png_put_xmp(data, merge_xmp(old[0] if old else None, label))


def png_put_xmp(data: bytes, label_xmp: bytes) -> bytes:
    """PNG bytes with its XMP packet (and any bare AIGC text chunk) replaced by ``label_xmp``."""
    chunks = _png_chunks(data)
    kept = [
        (k, b)
        for k, b in chunks
        if not (
            k in (b"iTXt", b"tEXt", b"zTXt")
            and b.split(b"\x00", 1)[0] in (PNG_XMP_KEYWORD, b"AIGC")
        )
    ]
    itxt = PNG_XMP_KEYWORD + b"\x00\x00\x00\x00\x00" + label_xmp
    out = [PNG_SIGNATURE]
    for kind, body in kept:
        out.append(_png_chunk(kind, body))
        if kind == b"IHDR":
            out.append(_png_chunk(b"iTXt", itxt))
    return b"".join(out)


def png_read(data: bytes) -> list[bytes]:
    """Every XMP packet or bare ``AIGC`` text chunk in a PNG."""
    found = []
    for kind, body in _png_chunks(data):
        text = _png_text(kind, body)
        if text and text[0] in (PNG_XMP_KEYWORD, b"AIGC"):
            found.append(text[1] if text[0] == PNG_XMP_KEYWORD else b"AIGC:" + text[1])
    return found


# -- JPEG --------------------------------------------------------------------------------------
def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """Marker segments before the image data, and the offset where the rest starts."""
    if not data.startswith(b"\xff\xd8"):
        raise DataError("not a JPEG file (no SOI marker)")
    pos = 2
    segments: list[tuple[int, bytes]] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise DataError(f"JPEG marker expected at byte {pos}")
        marker = data[pos + 1]
        if marker == 0xDA or marker == 0xD9:  # start of scan / end of image
            return segments, pos
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segments.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    raise DataError("truncated JPEG (no start of scan)")


def jpeg_write(data: bytes, label: dict[str, str]) -> bytes:
    """JPEG bytes whose XMP APP1 segment carries ``label``; the scan data is copied untouched."""
    segments, rest = _jpeg_segments(data)
    old = jpeg_read(data)
    label_xmp = merge_xmp(old[0] if old else None, label)
    payload = JPEG_XMP_HEADER + label_xmp
    if len(payload) + 2 > 0xFFFF:
        raise DataError("the XMP packet is too large for one JPEG APP1 segment")
    kept = [(m, b) for m, b in segments if not (m == 0xE1 and b.startswith(JPEG_XMP_HEADER))]
    at = 0
    while at < len(kept) and kept[at][0] in (0xE0, 0xE1):  # after JFIF and Exif
        at += 1
    kept.insert(at, (0xE1, payload))
    out = [b"\xff\xd8"]
    out += [b"\xff" + bytes([m]) + struct.pack(">H", len(b) + 2) + b for m, b in kept]
    return b"".join(out) + data[rest:]


def jpeg_read(data: bytes) -> list[bytes]:
    """Every XMP packet in a JPEG's APP1 segments."""
    segments, _ = _jpeg_segments(data)
    return [
        b[len(JPEG_XMP_HEADER) :]
        for m, b in segments
        if m == 0xE1 and b.startswith(JPEG_XMP_HEADER)
    ]


# -- WebP --------------------------------------------------------------------------------------
def _webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise DataError("not a WebP file (no RIFF/WEBP header)")
    pos, chunks = 12, []
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        chunks.append((kind, data[pos + 8 : pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return chunks


def _webp_dimensions(chunks: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    for kind, body in chunks:
        if kind == b"VP8 ":
            w, h = struct.unpack("<HH", body[6:10])
            return w & 0x3FFF, h & 0x3FFF
        if kind == b"VP8L":
            bits = int.from_bytes(body[1:5], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    raise DataError("WebP without an image chunk")


def webp_write(data: bytes, label: dict[str, str]) -> bytes:
    """WebP bytes in the extended format whose ``XMP `` chunk carries ``label``."""
    old = webp_read(data)
    label_xmp = merge_xmp(old[0] if old else None, label)
    chunks = [(k, b) for k, b in _webp_chunks(data) if k != b"XMP "]
    if chunks and chunks[0][0] == b"VP8X":
        flags = bytearray(chunks[0][1])
        flags[0] |= 0x04
        chunks[0] = (b"VP8X", bytes(flags))
    else:
        width, height = _webp_dimensions(chunks)
        vp8x = (
            bytes([0x04, 0, 0, 0])
            + (width - 1).to_bytes(3, "little")
            + (height - 1).to_bytes(3, "little")
        )
        chunks.insert(0, (b"VP8X", vp8x))
    chunks.append((b"XMP ", label_xmp))
    body = b"".join(
        k + struct.pack("<I", len(b)) + b + (b"\x00" if len(b) & 1 else b"") for k, b in chunks
    )
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def webp_read(data: bytes) -> list[bytes]:
    """Every XMP chunk of a WebP file."""
    return [b for k, b in _webp_chunks(data) if k == b"XMP "]


IMAGE_CODECS = {
    "png": (png_write, png_read),
    "jpeg": (jpeg_write, jpeg_read),
    "webp": (webp_write, webp_read),
}

__all__ = ["IMAGE_CODECS", "XMP_NS", "build_xmp"]
