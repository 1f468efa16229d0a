"""What a stored face-verification record carries: enough to redraw it, no local paths."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from fulcrum.assess.biometrics import assess_verification

SCORES = Path(__file__).parents[3] / "docs" / "examples" / "data" / "face_scores.parquet"


def test_the_record_keeps_the_curve_and_the_cross_group_matrix_but_not_the_folder() -> None:
    result = assess_verification(SCORES.resolve(), groups=["sex"])
    metrics = result.evidence.metrics
    # the DET curve, monotone: FMR falls while FNMR rises along the thresholds
    det = metrics["det"]
    assert len(det) > 10
    assert all(a["fmr"] >= b["fmr"] and a["fnmr"] <= b["fnmr"] for a, b in pairwise(det))
    # every probe group against every reference group (2 x 2 for sex)
    cells = {(c["probe"]["sex"], c["ref"]["sex"]) for c in metrics["cross_fmr"]}
    assert len(cells) == 4 and len(metrics["cross_fmr"]) == 4
    # the input is named by its file name; the absolute path stays on this machine
    (source,) = result.evidence.inputs
    assert source.name == "face_scores.parquet"
    assert str(SCORES.parent) not in result.evidence.model_dump_json()
