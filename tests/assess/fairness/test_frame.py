"""Group metrics equal Fairlearn's MetricFrame, whatever the input type or engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    count,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, f1_score, precision_score, roc_auc_score

import fulcrum.assess.fairness as fair
from fulcrum.assess.fairness import assess_fairness, metric_frame
from fulcrum.assess.fairness._messages import MISSING_VALUES, NOT_BINARY
from fulcrum.errors import DataError, InputError

from ._data import random_frame


def _npv(y, p):
    return precision_score(1 - np.asarray(y), 1 - np.asarray(p))


def _base_rate(y, p):
    return float(np.mean(y))


FAIRLEARN = {
    "n": count,
    "selection_rate": selection_rate,
    "accuracy": accuracy_score,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "fnr": false_negative_rate,
    "tnr": true_negative_rate,
    "ppv": precision_score,
    "npv": _npv,
    "f1": f1_score,
    "base_rate": _base_rate,
}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("columns", [["race"], ["race", "sex"]])
def test_equal_to_fairlearn_metricframe(seed: int, columns: list[str]) -> None:
    data = random_frame(3_000, seed)
    oracle = MetricFrame(
        metrics=FAIRLEARN, y_true=data["y"], y_pred=data["pred"], sensitive_features=data[columns]
    )
    result = assess_fairness(data, label="y", pred="pred", sensitive=columns)
    by_group = oracle.by_group
    rows = result.to_dict()["groups"]
    assert len(rows) == len(by_group)
    for row in rows:
        key = tuple(row["group"][c] for c in columns)
        expected = by_group.loc[key if len(key) > 1 else key[0]]
        for name in FAIRLEARN:
            assert row[name] == pytest.approx(expected[name], abs=1e-12, rel=0), (key, name)
    frame = result.frame
    for name, method in [("selection_rate", "between_groups"), ("fpr", "to_overall")]:
        expected = oracle.difference(method=method)[name]
        assert frame.difference(name, method) == pytest.approx(expected, abs=1e-12)
        expected = oracle.ratio(method=method)[name]
        assert frame.ratio(name, method) == pytest.approx(expected, abs=1e-12)
    for name in FAIRLEARN:
        if name != "n":
            assert frame.overall[name] == pytest.approx(oracle.overall[name], abs=1e-12)


def test_fairlearn_style_functions_match() -> None:
    from fairlearn import metrics as fm

    data = random_frame(2_000, 5)
    args = (data["y"], data["pred"])
    for name in (
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
    ):
        ours = getattr(fair, name)(*args, sensitive_features=data["race"])
        theirs = getattr(fm, name)(*args, sensitive_features=data["race"])
        assert ours == pytest.approx(theirs, abs=1e-12), name
    ours = fair.equal_opportunity_difference(*args, sensitive_features=data["race"])
    assert ours == pytest.approx(
        fm.equal_opportunity_difference(*args, sensitive_features=data["race"])
    )


def _inputs(data: pd.DataFrame):
    import polars as pl
    import pyarrow as pa

    cat = data.assign(race=data["race"].astype("category"), sex=data["sex"].astype("category"))
    return {
        "pandas": data,
        "pandas-categorical": cat,
        "polars": pl.from_pandas(data),
        "polars-categorical": pl.from_pandas(data).with_columns(
            pl.col("race").cast(pl.Categorical)
        ),
        "arrow": pa.Table.from_pandas(data),
        "arrow-dictionary": pa.Table.from_pandas(cat),
        "dict-of-numpy": {c: data[c].to_numpy() for c in data.columns},
    }


@pytest.mark.parametrize(
    "kind",
    [
        "pandas",
        "pandas-categorical",
        "polars",
        "polars-categorical",
        "arrow",
        "arrow-dictionary",
        "dict-of-numpy",
    ],
)
def test_every_input_type_gives_the_same_counts(kind: str, frame: pd.DataFrame) -> None:
    expected = assess_fairness(frame, label="y", pred="pred", sensitive=["race", "sex"])
    got = assess_fairness(_inputs(frame)[kind], label="y", pred="pred", sensitive=["race", "sex"])
    assert got.counts.groups == expected.counts.groups
    np.testing.assert_array_equal(got.counts.confusion, expected.counts.confusion)


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_engines_on_files_agree(engine: str, suffix: str, frame: pd.DataFrame, tmp_path) -> None:
    path = tmp_path / f"data{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_parquet(path)
    expected = assess_fairness(
        frame, label="y", pred="pred", sensitive=["race", "sex"], score="score"
    )
    got = assess_fairness(
        path, label="y", pred="pred", sensitive=["race", "sex"], score="score", engine=engine
    )
    assert got.counts.groups == expected.counts.groups
    np.testing.assert_array_equal(got.counts.confusion, expected.counts.confusion)
    assert got.counts.scores is not None and expected.counts.scores is not None
    np.testing.assert_allclose(got.counts.scores.hist, expected.counts.scores.hist)
    np.testing.assert_allclose(got.counts.scores.sums, expected.counts.scores.sums, rtol=1e-9)
    assert got.evidence.inputs[0].sha256 != expected.evidence.inputs[0].sha256


def test_many_distinct_scores_agree_between_engines_and_with_sklearn(tmp_path) -> None:
    # Given 4,000 distinct scores (binned for calibration, exact for AUC)
    data = random_frame(4_000, 3).assign(score=lambda d: np.random.default_rng(0).random(len(d)))
    path = tmp_path / "data.parquet"
    data.to_parquet(path)
    # When assessed in memory and through DuckDB
    mem = assess_fairness(data, label="y", pred="pred", sensitive="race", score="score")
    duck = assess_fairness(
        path, label="y", pred="pred", sensitive="race", score="score", engine="duckdb"
    )
    # Then the binned histograms are equal and both AUCs are exact (scikit-learn's)
    assert mem.counts.scores is not None and not mem.counts.scores.exact
    assert duck.counts.scores is not None
    np.testing.assert_array_equal(mem.counts.scores.hist, duck.counts.scores.hist)
    for result in (mem, duck):
        for row in result.to_dict()["groups"]:
            part = data[data["race"] == row["group"]["race"]]
            assert row["auc"] == pytest.approx(roc_auc_score(part["y"], part["score"]), abs=1e-12)
        np.testing.assert_array_equal(
            result.counts.scores.hist.sum(axis=-1), mem.counts.confusion.sum(axis=-1)
        )


def test_metric_frame_on_arrays_and_labels_other_than_01() -> None:
    y = np.array(["yes", "no", "yes", "no", "yes", "no"])
    p = np.array(["yes", "yes", "no", "no", "yes", "no"])
    g = np.array(["a", "a", "a", "b", "b", "b"])
    frame = metric_frame(y, p, sensitive_features=g, pos_label="yes")
    assert frame.by_group["tpr"].tolist() == [0.5, 1.0]
    assert frame.by_group["fpr"].tolist() == [1.0, 0.0]


def test_undefined_rates_are_null_with_reason() -> None:
    data = {"y": [1, 1, 0, 0], "p": [1, 0, 0, 1], "g": ["a", "a", "b", "b"]}
    report = assess_fairness(data, label="y", pred="p", sensitive="g", min_group_size=1).to_dict()
    a = report["groups"][0]
    assert a["fpr"] is None and a["undefined"]["fpr"] == "no actual negatives (fp + tn = 0)"
    assert a["ci"]["fpr"] is None
    assert report["disparities"]["fpr"]["difference"]["value"] is None


def test_missing_values_are_refused_naming_column_and_rows() -> None:
    data = pd.DataFrame({"y": [1, 0, 1], "p": [1, 0, 0], "g": ["a", None, "b"]})
    message = MISSING_VALUES.format(column="g", count=1, where=" (first at row 1)")
    with pytest.raises(DataError) as info:
        assess_fairness(data, label="y", pred="p", sensitive="g")
    assert str(info.value) == message


def test_non_binary_label_is_refused() -> None:
    data = {"y": [0, 1, 2], "p": [1, 0, 0], "g": ["a", "a", "b"]}
    with pytest.raises(DataError) as info:
        assess_fairness(data, label="y", pred="p", sensitive="g")
    assert str(info.value) == NOT_BINARY.format(
        column="y", count=3, values="0, 1, 2", role="label", pos_label=1
    )


def test_bad_parameters_and_unknown_reference(frame: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="confidence_level must be between 0 and 1"):
        assess_fairness(frame, label="y", pred="pred", sensitive="race", confidence_level=1.5)
    with pytest.raises(InputError, match="reference group 'zz' not found"):
        assess_fairness(frame, label="y", pred="pred", sensitive="race", reference="zz")
    with pytest.raises(DataError, match="no column 'nope'"):
        assess_fairness(frame, label="nope", pred="pred", sensitive="race")
