"""Subject-level bootstrap: intervals from reweighted counts, consistent with the point values."""

from __future__ import annotations

import numpy as np
import pytest

from fulcrum.assess.biometrics import assess_embeddings, assess_verification
from fulcrum.errors import InputError


def _templates() -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(0)
    subjects = np.repeat(np.arange(60), 3)
    vectors = rng.normal(size=(60, 16))[subjects] + 0.8 * rng.normal(size=(180, 16))
    return vectors, subjects, {"sex": list(np.where(subjects % 2, "F", "M"))}


def test_embedding_bootstrap_brackets_point_and_weights_one_reproduce_it() -> None:
    vectors, subjects, attrs = _templates()
    result = assess_embeddings(
        vectors, subjects, attrs, groups=["sex"], fmr_targets=[0.01], bootstrap=200, random_state=1
    )
    boot = result.report["bootstrap"]["groups"]
    for row, b in zip(result.report["groups"], boot, strict=True):
        lo, hi = b["fmr_interval"]
        assert lo <= row["fmr"] <= hi and lo < hi
        lo, hi = b["fnmr_interval"]
        assert lo <= row["fnmr"] <= hi


def test_unit_weights_reproduce_the_counts() -> None:
    from fulcrum.assess.biometrics import _bootstrap

    vectors, subjects, attrs = _templates()
    result = assess_embeddings(vectors, subjects, attrs, groups=["sex"], fmr_targets=[0.01])
    point = result.evaluation.points[0]

    class Ones:
        def multinomial(self, n: int, p: np.ndarray, size: int) -> np.ndarray:
            return np.ones((size, n))

    fm, nm, fnm, m = _bootstrap._embedding_replicates(result.summary, point, 2, Ones())  # type: ignore[arg-type]
    for g, row in enumerate(result.report["groups"]):
        assert (fm[0, g], nm[0, g]) == (row["n_false_matches"], row["n_nonmated"])
        assert (fnm[0, g], m[0, g]) == (row["n_false_nonmatches"], row["n_mated"])


def test_score_table_bootstrap_needs_cluster_and_runs() -> None:
    rng = np.random.default_rng(2)
    n = 2000
    mated = rng.random(n) < 0.3
    sex = rng.choice(["F", "M"], n)
    data = {
        "score": np.where(mated, rng.normal(2, 1, n), rng.normal(0, 1, n)),
        "mated": mated,
        "probe_sex": sex,
        "ref_sex": sex,
        "probe_subject": rng.integers(0, 100, n),
    }
    with pytest.raises(InputError, match="cluster"):
        assess_verification(data, groups=["sex"], bootstrap=10)
    result = assess_verification(
        data, groups=["sex"], fmr_targets=[0.05], bootstrap=100, cluster="probe_subject"
    )
    for row, b in zip(result.report["groups"], result.report["bootstrap"]["groups"], strict=True):
        assert b["fmr_interval"][0] <= row["fmr"] <= b["fmr_interval"][1]
