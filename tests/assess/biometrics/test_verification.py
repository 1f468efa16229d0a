"""Verification rates against scikit-learn's roc_curve and a plain sorted-array oracle."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import det_curve, roc_curve

from fulcrum.assess.biometrics import assess_verification
from fulcrum.assess.biometrics._check import MSG_MATED_VALUE
from fulcrum.errors import DataError


def _data(seed: int, n: int = 4000, decimals: int = 2) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mated = rng.random(n) < 0.2
    score = np.round(np.where(mated, rng.normal(2, 1, n), rng.normal(0, 1, n)), decimals)
    sex = rng.choice(["F", "M", "X"], n)
    ref = np.where(mated, sex, rng.choice(["F", "M", "X"], n))
    return {"score": score, "mated": mated, "probe_sex": sex, "ref_sex": ref}


def sorted_oracle(scores: np.ndarray, mated: np.ndarray, target: float) -> tuple[float, int, int]:
    """Smallest observed score t with #(nonmated >= t)/N <= target; FM and FNM counts."""
    candidates = np.unique(scores)
    nonmated, genuine = scores[~mated], scores[mated]
    for t in candidates:  # ascending: the first that qualifies is the smallest
        if (nonmated >= t).sum() / len(nonmated) <= target:
            return float(t), int((nonmated >= t).sum()), int((genuine < t).sum())
    top = nonmated.max()
    return float(np.nextafter(top, np.inf)), 0, int((genuine < np.nextafter(top, np.inf)).sum())


def sklearn_point(
    scores: np.ndarray, mated: np.ndarray, target: float
) -> tuple[float, float, float]:
    fpr, tpr, thr = roc_curve(mated, scores, drop_intermediate=False)
    i = np.flatnonzero(fpr <= target)[-1]
    return float(thr[i]), float(fpr[i]), float(1 - tpr[i])


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("decimals", [1, 3])
def test_operating_points_equal_sklearn_roc_curve(seed: int, decimals: int) -> None:
    data = _data(seed, decimals=decimals)
    targets = [1e-3, 1e-2, 0.05, 0.3]
    result = assess_verification(data, fmr_targets=targets, n_bins=64)
    for point, target in zip(result.report["operating_points"], targets, strict=True):
        threshold, fpr, fnr = sklearn_point(data["score"], data["mated"], target)
        assert point["threshold"] == threshold
        assert point["fmr"] == fpr
        assert point["fnmr"] == pytest.approx(fnr, abs=1e-15)
        assert point["fmr"] <= target


@pytest.mark.parametrize("seed", [3, 4])
def test_eer_equals_det_curve_minimum(seed: int) -> None:
    data = _data(seed, decimals=2)
    result = assess_verification(data, fmr_targets=[1e-2], n_bins=32)
    fpr, tpr, thr = roc_curve(data["mated"], data["score"], drop_intermediate=False)
    fnr = 1 - tpr
    i = int(np.argmin(np.abs(fnr - fpr)))
    assert result.report["eer"] == pytest.approx((fpr[i] + fnr[i]) / 2, abs=1e-15)
    assert result.report["eer_threshold"] == thr[i]
    # det_curve agrees on the rates it reports
    d_fpr, d_fnr, d_thr = det_curve(data["mated"], data["score"])
    j = np.flatnonzero(d_thr == thr[i])
    if len(j):
        assert (d_fpr[j[0]] + d_fnr[j[0]]) / 2 == pytest.approx(result.report["eer"], abs=1e-15)


def test_group_rates_are_counts_over_same_group_pairs() -> None:
    data = _data(5)
    result = assess_verification(data, groups=["sex"], fmr_targets=[1e-2])
    t = result.report["group_threshold"]
    for row in result.report["groups"]:
        g = row["group"]["sex"]
        both = (data["probe_sex"] == g) & (data["ref_sex"] == g)
        nm, m = both & ~data["mated"], both & data["mated"]
        assert row["n_nonmated"] == nm.sum() and row["n_mated"] == m.sum()
        assert row["n_false_matches"] == (data["score"][nm] >= t).sum()
        assert row["n_false_nonmatches"] == (data["score"][m] < t).sum()
    cross = result.report["cross_fmr"]
    assert sum(c["n_nonmated"] for c in cross) == result.report["n_nonmated"]
    assert len(cross) == 9


def test_duckdb_file_equals_in_memory(tmp_path: object) -> None:
    import pandas as pd

    data = _data(6, decimals=3)
    path = tmp_path / "scores.parquet"  # type: ignore[operator]
    pd.DataFrame(data).to_parquet(path)
    a = assess_verification(data, groups=["sex"], fmr_targets=[1e-3, 1e-2]).to_dict()
    b = assess_verification(path, groups=["sex"], fmr_targets=[1e-3, 1e-2]).to_dict()
    for key in ("eer", "operating_points", "groups", "cross_fmr", "differentials"):
        assert a[key] == b[key]


def test_failure_flags_give_generalised_rates() -> None:
    data = _data(7, n=1000)
    fta = np.zeros(1000, dtype=bool)
    fta[:100] = True
    data["score"] = data["score"].astype(float)
    data["score"][:100] = np.nan  # flagged rows may have no score
    result = assess_verification({**data, "fta": fta}, fta="fta", fmr_targets=[0.01])
    point = result.report["operating_points"][0]
    assert point["n_mated"] + point["n_nonmated"] == 900
    rate_m = fta[data["mated"]].mean()
    assert point["gfnmr"] == pytest.approx(rate_m + (1 - rate_m) * point["fnmr"])


def test_missing_score_without_flag_names_the_column() -> None:
    data = _data(8, n=100)
    data["score"] = data["score"].astype(float)
    data["score"][3] = np.nan
    with pytest.raises(DataError, match="column 'score' has 1 rows with a missing value"):
        assess_verification(data)


def test_bad_mated_value_is_named() -> None:
    data = {"score": [0.1, 0.2], "mated": ["maybe", "yes"]}
    with pytest.raises(DataError) as info:
        assess_verification(data)
    assert str(info.value) == MSG_MATED_VALUE.format(column="mated", value="maybe")


def test_thresholds_give_verdicts() -> None:
    data = _data(9)
    result = assess_verification(
        data,
        groups=["sex"],
        fmr_targets=[1e-2],
        thresholds=["fnmr<=0.99", "max_group_fmr_ratio_to_overall<=1e-9", "group_fmr<=1"],
    )
    verdicts = [c.verdict for c in result.evidence.checks]
    assert verdicts[:2] == ["pass", "fail"] and len(verdicts) == 5
    assert result.evidence.verdict == "fail"


scores_st = st.lists(st.integers(0, 20), min_size=4, max_size=80)


@settings(max_examples=60, deadline=None)
@given(scores_st, st.data(), st.floats(0.001, 1.0))
def test_property_threshold_meets_target_and_is_smallest(
    values: list[int], draw: st.DataObject, target: float
) -> None:
    mated = np.array(draw.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values))))
    if mated.all() or not mated.any():
        mated[0], mated[-1] = True, False
    scores = np.array(values, dtype=np.float64) / 4
    result = assess_verification({"score": scores, "mated": mated}, fmr_targets=[target], n_bins=3)
    point = result.report["operating_points"][0]
    t, fm, fnm = sorted_oracle(scores, mated, target)
    assert point["fmr"] <= target
    assert (point["threshold"], point["n_false_matches"], point["n_false_nonmatches"]) == (
        t,
        fm,
        fnm,
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=6, max_size=60))
def test_property_det_is_monotone(values: list[float]) -> None:
    scores = np.array(values)
    mated = np.arange(len(scores)) % 3 == 0
    det = assess_verification({"score": scores, "mated": mated}, fmr_targets=[0.5]).report["det"]
    fmr = [p["fmr"] for p in det]
    fnmr = [p["fnmr"] for p in det]
    assert all(a >= b for a, b in itertools.pairwise(fmr))
    assert all(a <= b for a, b in itertools.pairwise(fnmr))
