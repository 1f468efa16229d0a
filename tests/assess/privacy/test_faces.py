"""Face anonymisation: the pipeline with a stub detector, and OpenCV on a real photograph."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from fulcrum.assess.privacy import anonymise_faces, haar_detector  # noqa: E402
from fulcrum.errors import DataError, InputError  # noqa: E402


def _noise(path: Path, seed: int = 0) -> np.ndarray:
    image = np.random.default_rng(seed).integers(0, 255, (80, 100, 3), dtype=np.uint8)
    cv2.imwrite(str(path), image)
    return image


@pytest.mark.parametrize("method", ["blur", "pixelate"])
def test_only_the_detected_box_changes(tmp_path: Path, method: str) -> None:
    original = _noise(tmp_path / "in.png")
    report = anonymise_faces(
        tmp_path / "in.png",
        tmp_path / "out.png",
        method=method,
        detector=lambda img: [(10, 20, 30, 30)],
    )
    out = cv2.imread(str(tmp_path / "out.png"))
    assert report.faces == 1
    inside = (slice(20, 50), slice(10, 40))
    assert not np.array_equal(out[inside], original[inside])
    mask = np.ones(original.shape[:2], bool)
    mask[inside] = False
    assert np.array_equal(out[mask], original[mask])
    assert np.array_equal(cv2.imread(str(tmp_path / "in.png")), original)


def test_folder_mode(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    _noise(tmp_path / "in" / "a.png")
    _noise(tmp_path / "in" / "sub" / "b.jpg", seed=1)
    (tmp_path / "in" / "notes.txt").write_text("not an image")
    report = anonymise_faces(tmp_path / "in", tmp_path / "out", detector=lambda img: [])
    assert sorted(report.images) == ["a.png", "sub/b.jpg"]
    assert (tmp_path / "out" / "sub" / "b.jpg").exists()
    assert report.to_dict()["faces"] == 0


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file or folder"):
        anonymise_faces(tmp_path / "none.png", tmp_path / "o.png", detector=lambda i: [])
    with pytest.raises(InputError, match="blur or pixelate"):
        anonymise_faces(tmp_path, tmp_path / "o", method="smudge")  # type: ignore[arg-type]


def test_haar_cascade_finds_the_astronaut(tmp_path: Path) -> None:
    data = pytest.importorskip("skimage.data")
    image = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    cv2.imwrite(str(tmp_path / "astronaut.png"), image)
    report = anonymise_faces(tmp_path / "astronaut.png", tmp_path / "out.png", method="pixelate")
    boxes = report.images["astronaut.png"]
    assert len(boxes) >= 1
    # Eileen Collins' face is around x 170-260, y 40-140 in the 512 x 512 image
    assert any(150 < x + w / 2 < 280 and 30 < y + h / 2 < 160 for x, y, w, h in boxes)
    assert haar_detector()(cv2.imread(str(tmp_path / "out.png"))) != boxes
