"""Detect faces in images and blur or pixelate them (OpenCV Haar cascades, bundled in the wheel)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fulcrum.errors import DataError, EngineError, InputError, missing_extra

Method = Literal["blur", "pixelate"]
Box = tuple[int, int, int, int]
Detector = Callable[[Any], Sequence[Box]]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


def _cv2() -> Any:
    try:
        import cv2
    except ModuleNotFoundError as exc:
        raise missing_extra("opencv-python-headless", "privacy") from exc
    return cv2


def haar_detector(
    cascade: str = "haarcascade_frontalface_default.xml",
    *,
    scale_factor: float = 1.1,
    min_neighbors: int = 5,
    min_size: int = 24,
) -> Detector:
    """A face detector from one of the Haar cascades shipped inside the OpenCV wheel."""
    cv2 = _cv2()
    if not hasattr(cv2, "CascadeClassifier"):
        raise EngineError(
            f"OpenCV {cv2.__version__} has no Haar cascades (dropped in 5.0): "
            "pip install 'opencv-python-headless>=4.9,<5'"
        )
    path = Path(cv2.data.haarcascades) / cascade
    classifier = cv2.CascadeClassifier(str(path))
    if classifier.empty():
        raise InputError(f"cascade {cascade!r} not found in {path.parent}")

    def detect(image: Any) -> list[Box]:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        gray = cv2.equalizeHist(gray)
        found = classifier.detectMultiScale(
            gray, scaleFactor=scale_factor, minNeighbors=min_neighbors, minSize=(min_size, min_size)
        )
        return [tuple(int(v) for v in box) for box in found]  # type: ignore[misc]

    return detect


def anonymise_region(image: Any, box: Box, method: Method, *, blocks: int = 8) -> None:
    """Blur or pixelate ``box`` (x, y, w, h) of ``image`` in place."""
    cv2 = _cv2()
    x, y, w, h = box
    region = image[y : y + h, x : x + w]
    if region.size == 0:
        return
    if method == "pixelate":
        small = cv2.resize(region, (blocks, blocks), interpolation=cv2.INTER_LINEAR)
        image[y : y + h, x : x + w] = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    else:
        k = max(3, (min(w, h) // 3) | 1)
        image[y : y + h, x : x + w] = cv2.GaussianBlur(region, (k, k), 0)


@dataclass
class FaceReport:
    """Faces found and anonymised per image."""

    method: str
    images: dict[str, list[Box]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def faces(self) -> int:
        """Total faces found."""
        return sum(len(b) for b in self.images.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "method": self.method,
            "images": len(self.images),
            "faces": self.faces,
            "images_with_faces": sum(1 for b in self.images.values() if b),
            "files": [
                {"file": name, "faces": len(b), "boxes": [list(x) for x in b]}
                for name, b in sorted(self.images.items())
            ],
            "errors": self.errors,
        }


def anonymise_faces(
    src: str | Path,
    dst: str | Path,
    *,
    method: Method = "blur",
    detector: Detector | None = None,
    overwrite: bool = False,
) -> FaceReport:
    """Blur or pixelate the faces of one image, or of every image in a folder.

    Parameters
    ----------
    src : path
        An image file or a folder of images (searched recursively).
    dst : path
        The output image, or the output folder (created; same relative names).
    method : {"blur", "pixelate"}
        How faces are hidden.
    detector : callable, optional
        ``detector(image) -> [(x, y, w, h), ...]``; default: OpenCV's frontal-face Haar cascade.
    overwrite : bool
        Replace existing outputs.

    Returns
    -------
    FaceReport
    """
    cv2 = _cv2()
    if method not in ("blur", "pixelate"):
        raise InputError(f"method must be blur or pixelate, got {method!r}")
    src, dst = Path(src), Path(dst)
    detector = detector or haar_detector()
    if src.is_dir():
        pairs = [
            (p, dst / p.relative_to(src))
            for p in sorted(src.rglob("*"))
            if p.suffix.lower() in IMAGE_SUFFIXES
        ]
        if not pairs:
            raise DataError(
                f"{src}: no images in this folder; expected {', '.join(sorted(IMAGE_SUFFIXES))}"
            )
        if dst.resolve() == src.resolve():
            raise InputError(f"{dst}: the output folder must differ from the input folder")
        if dst.exists() and not dst.is_dir():
            raise InputError(f"{dst}: is a file; the output of a folder is a folder")
    elif src.is_file():
        if dst.exists() and dst.resolve() == src.resolve():
            raise InputError(f"{dst}: the output must be a new file, not the input (even --force)")
        if dst.is_dir():
            raise InputError(f"{dst}: is a folder; give the output image's file name")
        if dst.suffix.lower() not in IMAGE_SUFFIXES:
            raise InputError(
                f"{dst}: unsupported image type {dst.suffix!r}; "
                f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}"
            )
        pairs = [(src, dst)]
    else:
        raise DataError(f"{src}: no such file or folder")
    report = FaceReport(method)
    for path, out in pairs:
        name = str(path.relative_to(src)) if src.is_dir() else path.name
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            if src.is_dir():
                report.errors[name] = "not a readable image"
                continue
            raise DataError(f"{path}: not a readable image")
        boxes = list(detector(image))
        for box in boxes:
            anonymise_region(image, box, method)
        if out.exists() and not overwrite:
            raise InputError(f"{out}: already exists (use --force)")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
        if not cv2.imwrite(str(tmp), image):
            raise DataError(f"{out}: cannot write the image")
        tmp.replace(out)
        report.images[name] = boxes
    return report
