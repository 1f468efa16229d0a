"""``check_labels``: read the metadata label and any C2PA manifest of files and folders."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fulcrum._hashing import sha256_json
from fulcrum.assess.labels._c2pa import read_c2pa
from fulcrum.assess.labels._formats import IMAGE_KINDS, sniff_file
from fulcrum.assess.labels._images import IMAGE_CODECS
from fulcrum.assess.labels._label import (
    FIELDS,
    INTEGRITY_PREFIX,
    check_label,
    integrity_code,
    parse_label_text,
)
from fulcrum.assess.labels._media import media_read
from fulcrum.assess.labels._xmp import find_label_in_xmp
from fulcrum.errors import DataError
from fulcrum.evidence import Evidence, InputRef, Threshold, resolve_thresholds

KIND = "labels"
DEFAULT_REQUIREMENT = "cn-gb-45438:metadata-label"
LINKED_REQUIREMENTS = (
    "cn-aigc-labeling:art-5-implicit-labels",
    "eu-ai-act:art-50-2-synthetic-content-marking",
)


def _raw_labels(path: Path, kind: str) -> list[str]:
    if kind in IMAGE_KINDS:
        _, reader = IMAGE_CODECS[kind]
        texts = []
        for packet in reader(path.read_bytes()):
            if packet.startswith(b"AIGC:"):
                texts.append(packet[5:].decode("utf-8", "replace"))
            else:
                found = find_label_in_xmp(packet)
                if found is not None:
                    texts.append(found)
        return texts
    return media_read(path, kind)


def check_file(path: str | Path, *, c2pa: bool = True) -> dict[str, Any]:
    """Per-file report: the metadata label (present, fields, valid, problems), C2PA, verdict."""
    path = Path(path)
    kind = sniff_file(path)
    report: dict[str, Any] = {"file": str(path), "kind": kind, "sha256": _sha(path)}
    if kind is None:
        report.update(
            label=None,
            c2pa=None,
            verdict="not_evaluated",
            reason="not a PNG, JPEG, WebP, MP3, WAV or MP4 file",
        )
        return report
    try:
        texts = _raw_labels(path, kind)
    except DataError as exc:
        report.update(
            label={"present": False, "valid": False, "problems": [str(exc)]},
            c2pa=None,
            verdict="fail",
            reason=str(exc),
        )
        return report
    label: dict[str, Any] = {"present": bool(texts)}
    if texts:
        problems: list[str] = []
        if len(texts) > 1:
            problems.append(f"{len(texts)} labels found; expected one")
        try:
            parsed = parse_label_text(texts[0])
        except json.JSONDecodeError as exc:
            parsed, problems = None, [*problems, f"the AIGC value is not valid JSON ({exc.msg})"]
        if parsed is not None:
            problems += check_label(parsed)
            label["fields"] = (
                {k: parsed.get(k) for k in FIELDS} if isinstance(parsed, dict) else None
            )
            code = parsed.get("ReservedCode1") if isinstance(parsed, dict) else None
            label["integrity"] = (
                ("verified" if code == integrity_code(parsed) else "mismatch")
                if isinstance(code, str) and code.startswith(INTEGRITY_PREFIX)
                else "not_verifiable"
            )
        label["valid"] = not problems
        label["problems"] = problems
    else:
        label["valid"] = False
        label["problems"] = ["no AIGC metadata label"]
    report["label"] = label
    report["c2pa"] = read_c2pa(path, kind) if c2pa else None
    if label["valid"]:
        report["verdict"], report["reason"] = "pass", "valid GB 45438 metadata label"
    else:
        report["verdict"], report["reason"] = "fail", "; ".join(label["problems"])
    return report


def iter_files(paths: Iterable[str | Path], *, recursive: bool = True) -> Iterator[Path]:
    """Files named, and the files under folders named (recursively), in a stable order."""
    for item in paths:
        item = Path(item)
        if item.is_dir():
            pattern = "**/*" if recursive else "*"
            yield from sorted(p for p in item.glob(pattern) if p.is_file())
        elif item.is_file():
            yield item
        else:
            raise DataError(f"{item}: no such file or folder")


@dataclass(frozen=True)
class LabelsReport:
    """Per-file findings, totals and the evidence record."""

    files: list[dict[str, Any]]
    metrics: dict[str, Any]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "files": self.files,
            "metrics": self.metrics,
            "verdict": self.evidence.verdict,
            "evidence": self.evidence.model_dump(mode="json"),
        }


def check_labels(
    paths: Iterable[str | Path],
    *,
    recursive: bool = True,
    c2pa: bool = True,
    thresholds: Iterable[Threshold | str] = (),
    requirements: Iterable[str] | None = None,
    progress: bool | None = None,
) -> LabelsReport:
    """Check the GB 45438 label (and C2PA manifest) of files and folders.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (folders are walked recursively).
    c2pa : bool
        Also read C2PA manifests with c2pa-python.
    thresholds, requirements
        Limits on ``labelled_share`` and ``invalid_labels``; default the catalog
        requirement ``cn-gb-45438:metadata-label`` (every file labelled, none invalid).

    Returns
    -------
    LabelsReport

    Examples
    --------
    >>> import tempfile
    >>> check_labels([tempfile.mkdtemp()]).metrics["files"]
    0
    """
    thresholds = list(thresholds)
    if requirements is None:
        requirements = [] if thresholds else [DEFAULT_REQUIREMENT]
    requirements = list(requirements)
    resolved = resolve_thresholds(thresholds, requirements, assessment=KIND)
    files = list(iter_files(paths, recursive=recursive))
    bar = _progress(progress, len(files))
    reports = []
    try:
        for path in files:
            reports.append(check_file(path, c2pa=c2pa))
            if bar is not None:
                bar[0].advance(bar[1])
    finally:
        if bar is not None:
            bar[0].stop()
    checked = [r for r in reports if r["kind"] is not None]
    labelled = [r for r in checked if r["label"] and r["label"]["present"]]
    invalid = [r for r in labelled if not r["label"]["valid"]]
    manifests = [r for r in checked if r.get("c2pa") and r["c2pa"].get("present")]
    metrics = {
        "files": len(reports),
        "checked": len(checked),
        "unsupported": len(reports) - len(checked),
        "labelled": len(labelled),
        "labelled_share": len(labelled) / len(checked) if checked else None,
        "invalid_labels": len(invalid),
        "valid_labels": len(labelled) - len(invalid),
        "c2pa_manifests": len(manifests),
        "c2pa_valid": sum(
            1 for r in manifests if r["c2pa"].get("validation_state") in ("Valid", "Trusted")
        ),
    }
    checks = [t.check(metrics.get(t.metric)) for t in resolved]
    # one input stands for every file (hash of the sorted file hashes); the first 100 by name
    listing = sorted((r["file"], r["sha256"]) for r in reports)
    inputs = [
        InputRef(
            name=f"{len(listing)} files",
            sha256=sha256_json(listing),
            rows=len(listing),
            size_bytes=sum(p.stat().st_size for p in files),
        ),
        *(InputRef(name=name, sha256=digest) for name, digest in listing[:100]),
    ]
    evidence = Evidence.build(
        kind=KIND,
        title="AIGC labels of generated files (GB 45438-2025, C2PA)",
        metrics=metrics,
        checks=checks,
        inputs=inputs,
        parameters={
            "recursive": recursive,
            "c2pa": c2pa,
            "thresholds": [t.model_dump() for t in resolved],
        },
        requirements=[*requirements, *LINKED_REQUIREMENTS],
        libraries=("c2pa-python", "mutagen", "pillow"),
    )
    return LabelsReport(reports, metrics, evidence)


def _sha(path: Path) -> str:
    from fulcrum._hashing import sha256_file

    return sha256_file(path)


def _progress(progress: bool | None, total: int) -> tuple[Any, Any] | None:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True))
    task = bar.add_task("files", total=total)
    bar.start()
    return bar, task
