"""Distance scores, rates at user thresholds, AUC, the log DET and the rule of three.

Oracles: scikit-learn's ``roc_auc_score``, direct counting with NumPy, and pyeer's
convention for distances (``-ds``: the same EER as the negated similarities).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from fulcrum.assess.biometrics import assess_verification
from fulcrum.errors import EngineError


def _comparisons(n: int = 4_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    mated = rng.random(n) < 0.2
    sex = rng.choice(["F", "M"], n)
    similarity = np.where(mated, rng.normal(2.0, 1.0, n), rng.normal(0.0, 1.0, n))
    return pd.DataFrame(
        {
            "similarity": similarity,
            "distance": 5.0 - similarity,  # lower = more alike
            "mated": mated,
            "probe_sex": sex,
            "ref_sex": np.where(mated, sex, rng.choice(["F", "M"], n)),
        }
    )


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_distances_give_the_similarity_results(engine, tmp_path) -> None:
    data = _comparisons()
    source = data
    if engine == "duckdb":
        source = tmp_path / "s.parquet"
        data.to_parquet(source)
    common = {"mated": "mated", "groups": ["sex"], "fmr_targets": [1e-2, 1e-1], "engine": engine}
    sim = assess_verification(source, score="similarity", **common).report
    with pytest.warns(UserWarning, match="higher_is_better=False"):
        wrong = assess_verification(source, score="distance", **common).report
    dist = assess_verification(source, score="distance", higher_is_better=False, **common).report
    # Given the wrong direction the EER is near 1 and a warning says so (pyeer warns too)
    assert wrong["eer"] > 0.5 and wrong["warnings"]
    # With the switch every rate equals the similarity run; thresholds stay distances
    assert dist["eer"] == pytest.approx(sim["eer"])
    assert dist["auc"] == pytest.approx(sim["auc"])
    for a, b in zip(dist["operating_points"], sim["operating_points"], strict=True):
        assert (a["fmr"], a["fnmr"]) == (b["fmr"], b["fnmr"])
        assert a["threshold"] == pytest.approx(5.0 - b["threshold"])
    assert [g["fmr"] for g in dist["groups"]] == [g["fmr"] for g in sim["groups"]]
    assert dist["accept_rule"] == "score <= threshold" and not dist["warnings"]


def test_auc_equals_sklearn_for_similarities_and_distances() -> None:
    data = _comparisons(seed=1)
    sim = assess_verification(data, score="similarity").report
    dist = assess_verification(data, score="distance", higher_is_better=False).report
    assert sim["auc"] == pytest.approx(roc_auc_score(data["mated"], data["similarity"]))
    assert dist["auc"] == pytest.approx(roc_auc_score(data["mated"], -data["distance"]))
    assert sim["auc_method"].startswith("exact")


@pytest.mark.parametrize("higher", [True, False])
def test_rates_at_user_thresholds_are_counted_exactly(higher: bool) -> None:
    data = _comparisons(seed=2)
    column = "similarity" if higher else "distance"
    chosen = [0.5, 1.0, 1.5] if higher else [3.5, 4.0, 4.5]
    report = assess_verification(
        data, score=column, higher_is_better=higher, groups=["sex"], at_thresholds=chosen
    ).report
    s, m = data[column].to_numpy(), data["mated"].to_numpy()
    for t, row in zip(chosen, report["at_thresholds"], strict=True):
        accept = s >= t if higher else s <= t
        assert row["threshold"] == t
        assert row["fmr"] == pytest.approx(accept[~m].mean())
        assert row["fnmr"] == pytest.approx(1 - accept[m].mean())
        female = (data["probe_sex"] == "F").to_numpy() & (data["ref_sex"] == "F").to_numpy()
        f_row = next(g for g in row["groups"] if g["group"] == {"sex": "F"})
        assert f_row["fmr"] == pytest.approx(accept[~m & female].mean())


def test_det_points_reach_down_to_one_nonmated_comparison() -> None:
    data = _comparisons(seed=3)
    report = assess_verification(data, score="similarity").report
    fmr = np.array([p["fmr"] for p in report["det"]])
    n_nonmated = report["n_nonmated"]
    positive = fmr[fmr > 0]
    assert positive.min() <= 3.0 / n_nonmated  # within a few comparisons of 1/N
    assert (fmr == 0).sum() <= 1  # not dozens of points piled at FMR = 0
    decades = np.log10(positive.max() / positive.min())
    assert decades > 2.5
    assert np.all(np.diff(fmr) <= 0)  # thresholds rise, FMR falls


def test_rule_of_three_makes_unmeasurable_targets_inconclusive() -> None:
    # 100 x 100 comparisons, 4,950 of them non-mated (as in the issue): FMR 1e-4 needs 30,000
    rng = np.random.default_rng(4)
    n_nm, n_m = 4_950, 500
    data = {
        "score": np.r_[rng.normal(0, 1, n_nm), rng.normal(3, 1, n_m)],
        "mated": np.r_[np.zeros(n_nm, bool), np.ones(n_m, bool)],
    }
    result = assess_verification(
        data, fmr_targets=[1e-4, 1e-2], thresholds=["fnmr<=0.9", "fmr<=0.5"]
    )
    sizes = {row["fmr_target"]: row for row in result.report["sample_size"]}
    assert sizes[1e-4]["nonmated_needed"] == 30_000 and not sizes[1e-4]["measurable"]
    assert sizes[1e-2]["measurable"]
    for check in result.evidence.checks:
        assert check.verdict == "inconclusive"
        assert "rule of three" in check.reason and "30,000" in check.reason


def test_a_tiny_group_cannot_pass_on_point_estimates() -> None:
    # Group "x" has 3 mated and 50 non-mated comparisons, all correct at the threshold
    rng = np.random.default_rng(5)
    big_nm, big_m = 20_000, 2_000
    scores = np.r_[rng.normal(0, 1, big_nm), rng.normal(4, 1, big_m), np.full(50, -5.0), [9, 9, 9]]
    mated = np.r_[np.zeros(big_nm, bool), np.ones(big_m, bool), np.zeros(50, bool), [1, 1, 1]]
    group = np.r_[np.full(big_nm + big_m, "y"), np.full(53, "x")]
    data = {"score": scores, "mated": mated, "probe_g": group, "ref_g": group}
    result = assess_verification(
        data,
        groups=["g"],
        fmr_targets=[1e-3],
        thresholds=["group_fnmr<=0.05", "group_fmr<=0.01"],
    )
    by_group = {(c.metric, c.group["g"]): c for c in result.evidence.checks if c.group is not None}
    assert by_group[("group_fnmr", "x")].verdict == "inconclusive"
    assert by_group[("group_fmr", "x")].verdict == "inconclusive"
    assert by_group[("group_fnmr", "y")].interval is not None


def test_spark_engine_is_refused_not_silently_replaced() -> None:
    with pytest.raises(EngineError, match="engine 'spark'"):
        assess_verification(_comparisons(100), score="similarity", engine="spark")


def test_results_have_short_reprs() -> None:
    from fulcrum.assess.biometrics import assess_identification, assess_pad

    verification = assess_verification(data=_comparisons(500), score="similarity")
    pad = assess_pad(
        {
            "score": [0.9, 0.2, 0.8, 0.1],
            "label": ["bona fide", "attack"] * 2,
            "species": [None, "print", None, "print"],
        }
    )
    lists = {
        "search": [1, 2, 3],
        "mated": [1, 1, 0],
        "rank": [1, 1, 1],
        "score": [0.9, 0.4, 0.6],
        "hit": [1, 0, 0],
    }
    for result in (verification, pad, assess_identification(lists, hit="hit")):
        assert len(repr(result)) < 200
