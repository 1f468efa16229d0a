"""Demo step: AIGC metadata labels on the chatbot's generated images (GB 45438)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fulcrum.demo._report import DemoReport
from fulcrum.demo.assessments._publish import Target, missing, publish, published
from fulcrum.store import Database

TARGET = Target(
    kind="labels",
    system="public-chatbot",
    obligation="cn-gb-45438:metadata-label",
    subject="2 generated images, 1 labelled",
)
#: The provider's code in the label (a made-up unified social credit code).
PRODUCER = "001191110102MA000000000"


def run_labels(database: Database, report: DemoReport) -> None:
    """Label one generated image, leave its re-encoded twin bare, check both; link it."""
    if missing(report, "labels", "labels", "PIL") or published(database, report, TARGET):
        return
    from fulcrum.assess.labels import add_label, check_labels

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw = _generated_image(folder / "generated.png")
        add_label(raw, folder / "img-0001.png", producer=PRODUCER, content_id="img-0001")
        raw.rename(folder / "img-0002.png")  # published without the label
        result = check_labels([folder], requirements=[TARGET.obligation], progress=False)
    publish(database, report, TARGET, result.evidence)


def _generated_image(path: Path) -> Path:
    """A small deterministic picture standing in for the image generator's output."""
    import numpy as np
    from PIL import Image

    y, x = np.mgrid[0:96, 0:128]
    rgb = np.stack([x * 2, y * 2, (x + y) % 256], axis=-1).astype(np.uint8)
    Image.fromarray(rgb).save(path, format="PNG")
    return path
