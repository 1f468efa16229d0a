"""The streamed all-pairs path equals the materialised path on small data."""

from __future__ import annotations

import numpy as np
import pytest

from fulcrum.assess.biometrics import assess_embeddings, assess_verification

KEYS = (
    "n_mated",
    "n_nonmated",
    "eer",
    "eer_threshold",
    "operating_points",
    "groups",
    "cross_fmr",
    "differentials",
)


def _templates(
    seed: int, n_subjects: int = 90, per: int = 3
) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(seed)
    subjects = np.repeat(np.arange(n_subjects), per)
    centres = rng.integers(-3, 4, (n_subjects, 12))
    # small integers: every float32 dot product is exact whatever the summation order
    vectors = (centres[subjects] + rng.integers(-2, 3, (len(subjects), 12))).astype(np.float32)
    sex = np.array(["F", "M", "X"])[subjects % 3]
    age = rng.choice(["young", "old"], len(subjects))  # varies within a subject
    return vectors, subjects, {"sex": list(sex), "age": list(age)}


def materialised(vectors: np.ndarray, subjects: np.ndarray, attrs: dict, groups: list[str]) -> dict:
    scores = vectors.astype(np.float64) @ vectors.astype(np.float64).T
    i, j = np.triu_indices(len(subjects), 1)
    tuples = list(zip(*(attrs[g] for g in groups), strict=True)) or [()] * len(subjects)
    labels = sorted(set(tuples))
    code = np.array([labels.index(t) for t in tuples])
    p, q = np.minimum(code[i], code[j]), np.maximum(code[i], code[j])
    table = {"score": scores[i, j], "mated": subjects[i] == subjects[j]}
    for k, g in enumerate(groups):
        table[f"probe_{g}"] = np.array([labels[x][k] for x in p])
        table[f"ref_{g}"] = np.array([labels[x][k] for x in q])
    return table


@pytest.mark.parametrize("backend", ["numpy", "numpy-no-numba", "torch"])
@pytest.mark.parametrize("block_size", [16, 64, 1000])
def test_streamed_equals_materialised(
    backend: str, block_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "torch":
        pytest.importorskip("torch")
    if backend == "numpy-no-numba":  # the pure-NumPy loops give the same exact answer
        from fulcrum.assess.biometrics import _ops, _stream

        monkeypatch.setattr(_ops, "kernels", lambda: None)
        monkeypatch.setattr(_stream, "kernels", lambda: None)
        backend = "numpy"
    elif backend == "numpy":
        pytest.importorskip("numba")
    vectors, subjects, attrs = _templates(0)
    groups = ["sex", "age"]
    targets = [1e-3, 1e-2, 1e-4]
    streamed = assess_embeddings(
        vectors,
        subjects,
        attrs,
        groups=groups,
        normalize=False,
        fmr_targets=targets,
        block_size=block_size,
        n_bins=128,
        backend=backend,  # type: ignore[arg-type]
    ).to_dict()
    table = materialised(vectors, subjects, attrs, groups)
    expected = assess_verification(table, groups=groups, fmr_targets=targets).to_dict()
    for key in KEYS:
        assert streamed[key] == expected[key], key


def test_eer_second_pass_when_crossing_is_below_the_tail() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.integers(-2, 3, (120, 6)).astype(np.float32)  # random: EER near 0.5
    subjects = np.repeat(np.arange(40), 3)
    streamed = assess_embeddings(
        vectors, subjects, normalize=False, fmr_targets=[1e-3], block_size=32, n_bins=64
    ).to_dict()
    table = materialised(vectors, subjects, {}, [])
    expected = assess_verification(table, fmr_targets=[1e-3]).to_dict()
    assert streamed["eer"] == expected["eer"] and streamed["eer"] > 0.2


def test_cosine_path_runs_and_counts_pairs() -> None:
    rng = np.random.default_rng(2)
    subjects = np.repeat(np.arange(30), 4)
    vectors = rng.normal(size=(30, 32))[subjects] + 0.5 * rng.normal(size=(120, 32))
    result = assess_embeddings(vectors, subjects, fmr_targets=[1e-2])
    assert result.report["n_mated"] == 30 * 6
    assert result.report["n_nonmated"] == 120 * 119 // 2 - 180
    assert result.report["operating_points"][0]["fmr"] <= 1e-2


def test_embeddings_from_files(tmp_path: object) -> None:
    import pandas as pd

    vectors, subjects, attrs = _templates(3, n_subjects=20)
    npy = tmp_path / "e.npy"  # type: ignore[operator]
    csv = tmp_path / "s.csv"  # type: ignore[operator]
    np.save(npy, vectors)
    pd.DataFrame({"subject": subjects, **attrs}).to_csv(csv, index=False)
    a = assess_embeddings(npy, csv, groups=["sex"], normalize=False, fmr_targets=[0.01])
    b = assess_embeddings(
        vectors, subjects, attrs, groups=["sex"], normalize=False, fmr_targets=[0.01]
    )
    assert a.report["operating_points"] == b.report["operating_points"]
    assert a.evidence.inputs[0].name.endswith("e.npy")
