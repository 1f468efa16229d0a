"""``add_label``: write the metadata label (and optionally a visible one) into a copy of a file."""

from __future__ import annotations

import io
import json
import math
import shutil
from pathlib import Path

from fulcrum.assess.labels._c2pa import read_c2pa
from fulcrum.assess.labels._formats import IMAGE_KINDS, SUPPORTED, sniff_file
from fulcrum.assess.labels._images import IMAGE_CODECS
from fulcrum.assess.labels._label import make_label
from fulcrum.assess.labels._media import media_write
from fulcrum.errors import DataError, InputError

# Secondary sources give the visible image label a text height of at least 5% of the
# shorter side; not verified against GB 45438-2025's text.
VISIBLE_MIN_SHARE = 0.05
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


def _font(size: int, font: str | None):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for candidate in [font] if font else list(CJK_FONTS):
        if candidate and Path(candidate).is_file():
            return ImageFont.truetype(candidate, size), True
    if font:
        raise InputError(f"font file {font!r} not found")
    return ImageFont.load_default(size=size), False


def draw_visible(
    data: bytes, kind: str, *, text: str | None = None, font: str | None = None
) -> tuple[bytes, dict[str, object]]:
    """Re-encode an image with a visible label in its lower-left corner; returns bytes and facts."""
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(data))
    image.load()
    mode = image.mode
    canvas = image.convert("RGBA")
    need = max(6, math.ceil(VISIBLE_MIN_SHARE * min(canvas.size)))
    draw = ImageDraw.Draw(canvas)
    size = need
    while True:  # grow the font until the drawn text is at least ``need`` pixels tall
        face, cjk = _font(size, font)
        label_text = text or ("AI生成" if cjk else "AI-generated")
        box = draw.textbbox((0, 0), label_text, font=face)
        height = box[3] - box[1]
        if height >= need or size > 4 * need:
            break
        size += max(1, need // 8)
    pad = max(2, size // 4)
    x, y = pad, canvas.size[1] - height - 2 * pad - box[1]
    draw.rectangle(
        (x - pad, y + box[1] - pad, x + box[2] + pad, y + box[3] + pad), fill=(0, 0, 0, 160)
    )
    draw.text((x, y), label_text, font=face, fill=(255, 255, 255, 255))
    out = canvas.convert(mode if mode in ("RGB", "RGBA", "L") else "RGB")
    if kind == "jpeg" and out.mode == "RGBA":
        out = out.convert("RGB")
    buffer = io.BytesIO()
    save = {
        "png": ("PNG", {}),
        "jpeg": ("JPEG", {"quality": 95}),
        "webp": ("WEBP", {"quality": 95}),
    }
    fmt, options = save[kind]
    out.save(buffer, format=fmt, **options)
    facts = {
        "text": label_text,
        "font_px": size,
        "text_height_px": height,
        "required_px": need,
        "min_share": VISIBLE_MIN_SHARE,
        "shorter_side_px": min(canvas.size),
    }
    return buffer.getvalue(), facts


def add_label(
    src: str | Path,
    dst: str | Path,
    *,
    producer: str,
    content_id: str,
    label: str = "1",
    propagator: str = "",
    propagate_id: str = "",
    visible: bool = False,
    text: str | None = None,
    font: str | None = None,
    overwrite: bool = False,
) -> dict[str, object]:
    """Write the GB 45438 metadata label into a copy of ``src`` at ``dst``.

    Parameters
    ----------
    src, dst : str or Path
        Input (never modified) and output paths; they must differ.
    producer : str
        ContentProducer: the service provider's name or code.
    content_id : str
        ProduceID: the content's unique id.
    visible : bool
        Also draw a visible label (images only) of at least 5% of the shorter side.

    Returns
    -------
    dict
        The file, its kind, the label written and the visible-label facts.

    Examples
    --------
    >>> from PIL import Image
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); src = os.path.join(d, "a.png")
    >>> Image.new("RGB", (64, 64)).save(src)
    >>> add_label(src, os.path.join(d, "b.png"), producer="ACME", content_id="1")["kind"]
    'png'
    """
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise DataError(f"{src}: no such file")
    if src.resolve() == dst.resolve():
        raise InputError(f"{dst}: the output must be a new file; the input is never modified")
    if dst.exists() and not overwrite:
        raise InputError(f"{dst} exists; pass overwrite=True (--force) to replace it")
    kind = sniff_file(src)
    if kind not in SUPPORTED:
        raise DataError(
            f"{src}: cannot carry a label (not PNG, JPEG, WebP, MP3, WAV or MP4 by its content)"
        )
    record = make_label(
        producer, content_id, label=label, propagator=propagator, propagate_id=propagate_id
    )
    facts: dict[str, object] = {"file": str(dst), "source": str(src), "kind": kind, "label": record}
    if read_c2pa(src, kind).get("present"):
        facts["warning"] = (
            "the input carries a C2PA manifest; writing the label changes the bytes its hash "
            "covers, so the manifest will no longer validate: label first, then sign"
        )
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".fulcrum-tmp")
    try:
        if kind in IMAGE_KINDS:
            data = src.read_bytes()
            if visible:
                data, facts["visible"] = draw_visible(data, kind, text=text, font=font)
            writer, _ = IMAGE_CODECS[kind]
            try:
                labelled = writer(data, record)
            except DataError as exc:
                raise DataError(f"{src}: {exc}") from exc
            tmp.write_bytes(labelled)
        else:
            if visible:
                raise InputError(
                    f"{src}: a visible label is only drawn on images, not {kind} files"
                )
            shutil.copyfile(src, tmp)
            media_write(tmp, kind, json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        tmp.replace(dst)
    finally:
        tmp.unlink(missing_ok=True)
    return facts
