"""assess_robustness end to end: evidence, thresholds, clear errors, plots."""

from __future__ import annotations

import pandas as pd
import pytest

from fulcrum._hashing import sha256_file
from fulcrum.assess.robustness import assess_robustness
from fulcrum.assess.robustness._messages import LABEL_MISSING, NO_COLUMN
from fulcrum.errors import DataError, InputError

from ._compas import FEATURES, compas, pipeline


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[str, str]:
    import skops.io as sio

    folder = tmp_path_factory.mktemp("robust")
    model, data = folder / "model.skops", folder / "compas.csv"
    sio.dump(pipeline(), model)
    compas().iloc[:1500].to_csv(data, index=False)
    return str(model), str(data)


def test_evidence_names_the_model_and_data_hashes(files) -> None:
    model, data = files
    result = assess_robustness(
        model, data, label="two_year_recid", severities={"gaussian": [0.2]}, stability_repeats=2
    )
    names = {i.name.split(" ")[0]: i.sha256 for i in result.evidence.inputs}
    assert names["compas.csv"] == sha256_file(data)
    assert names["model:"] == sha256_file(model)
    assert result.evidence.kind == "robustness"
    # the missing-value failure of this pipeline is a finding, not a crash
    missing = result.report["curves"]["missing"]["points"][0]
    assert "Input X contains NaN" in missing["error"]
    assert result.report["features"]["categorical"] == ["sex", "race", "c_charge_degree"]


def test_threshold_severity_joins_the_grid_and_is_judged() -> None:
    result = assess_robustness(
        pipeline(),
        compas(),
        label="two_year_recid",
        corruptions=["gaussian", "missing"],
        severities={"gaussian": [0.5], "missing": [0.1]},
        stability_repeats=1,
        thresholds=[
            "accuracy_drop<=0.5",
            "stability_flip_rate<=0.9",
        ],
    )
    by_metric = {}
    for check in result.checks:
        by_metric.setdefault(check.metric, []).append(check)
    drops = by_metric["accuracy_drop"]
    assert len(drops) == 2  # gaussian 0.5 and missing 0.1
    assert {c.verdict for c in drops} == {"pass", "inconclusive"}
    assert by_metric["stability_flip_rate"][0].verdict == "pass"


def test_catalog_style_threshold_with_params_adds_its_severity() -> None:
    from fulcrum.evidence import Threshold

    limit = Threshold(
        metric="accuracy_drop",
        operator="<=",
        value=0.2,
        params={"corruption": "gaussian", "severity": 0.3, "note": "x"},
    )
    result = assess_robustness(
        pipeline(),
        compas(),
        label="two_year_recid",
        corruptions=["gaussian"],
        severities={"gaussian": [0.1]},
        stability_repeats=1,
        thresholds=[limit],
    )
    severities = [p["severity"] for p in result.report["curves"]["gaussian"]["points"]]
    assert severities == [0.1, 0.3]
    (check,) = result.checks
    assert check.verdict == "pass"


def test_unknown_metric_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown robustness metric 'acuracy'.*accuracy_drop"):
        assess_robustness(
            pipeline(),
            compas(),
            label="two_year_recid",
            corruptions=["gaussian"],
            thresholds=["acuracy<=0.1"],
            stability_repeats=1,
        )


def test_bad_data_names_file_and_column(tmp_path, files) -> None:
    model, _ = files
    frame = compas().iloc[:50].copy()
    path = tmp_path / "bad.csv"
    frame.drop(columns=["two_year_recid"]).to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        assess_robustness(model, str(path), label="two_year_recid")
    assert str(info.value).startswith(
        NO_COLUMN.format(source=path, column="two_year_recid", columns="").rsplit(" ", 1)[0]
    )
    frame.loc[:4, "two_year_recid"] = None
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        assess_robustness(model, str(path), label="two_year_recid")
    assert str(info.value) == LABEL_MISSING.format(source=path, column="two_year_recid", count=5)
    wrong = frame.dropna().rename(columns={"race": "ethnicity"})
    with pytest.raises(DataError, match="no column 'race'"):
        assess_robustness(model, wrong, label="two_year_recid")


def test_model_failure_on_clean_data_is_one_clear_error() -> None:
    frame = pd.DataFrame({"a": ["x", "y"] * 20, "y": [0, 1] * 20})
    with pytest.raises(InputError, match="the model failed to predict on the clean data"):
        assess_robustness(pipeline(), frame, label="y", features=["a"])


def test_plot(tmp_path) -> None:
    from fulcrum.assess.robustness import plot_curves

    result = assess_robustness(
        pipeline(),
        compas()[[*FEATURES, "two_year_recid"]],
        label="two_year_recid",
        stability_repeats=1,
        max_rows=500,
    )
    assert result.report["rows"] == 500
    out = plot_curves(result, tmp_path / "curves.png")
    assert out.stat().st_size > 5_000


def test_arrow_and_polars_tables_give_the_same_evidence_metrics() -> None:
    import polars as pl
    import pyarrow as pa

    frame = compas().iloc[:300]
    kwargs = dict(label="two_year_recid", corruptions=["gaussian"], stability_repeats=1)
    from_pandas = assess_robustness(pipeline(), frame, **kwargs)
    from_arrow = assess_robustness(pipeline(), pa.Table.from_pandas(frame), **kwargs)
    from_polars = assess_robustness(pipeline(), pl.from_pandas(frame), **kwargs)
    assert from_arrow.report["curves"] == from_pandas.report["curves"]
    assert from_polars.report["curves"] == from_pandas.report["curves"]


def test_progress_bar_does_not_change_the_result() -> None:
    frame = compas().iloc[:300]
    kwargs = dict(label="two_year_recid", corruptions=["gaussian"], stability_repeats=1)
    quiet = assess_robustness(pipeline(), frame, **kwargs)
    shown = assess_robustness(pipeline(), frame, progress=True, **kwargs)
    assert shown.report["curves"] == quiet.report["curves"]


def test_a_model_that_fails_on_noise_is_a_finding() -> None:
    def integers_only(X):
        counts = X["priors_count"].to_numpy()
        if (counts % 1 != 0).any():
            raise ValueError("priors_count must be whole numbers\nsecond line")
        return (counts > 3).astype(int)

    result = assess_robustness(
        integers_only,
        compas(),
        label="two_year_recid",
        features=["priors_count"],
        corruptions=["gaussian"],
        severities={"gaussian": [0.1]},
        thresholds=["stability_flip_rate<=0.05", "accuracy_drop<=0.05"],
    )
    assert result.report["stability"]["error"].endswith("priors_count must be whole numbers")
    assert [c.verdict for c in result.checks] == ["inconclusive", "inconclusive"]
    assert all("must be whole numbers" in c.reason for c in result.checks)
    with pytest.raises(InputError, match="severity for gaussian must be between 0 and 100"):
        assess_robustness(integers_only, compas(), label="two_year_recid", stability_severity=-1.0)


def test_in_memory_data_hash_follows_every_value() -> None:
    from fulcrum.assess.robustness._data import frame_hash

    frame = compas()
    same = frame_hash(frame.copy())
    assert frame_hash(frame) == same
    for column, value in (("age", 99), ("race", "Other"), ("two_year_recid", 1)):
        changed = frame.copy()
        changed.loc[17, column] = value if changed.loc[17, column] != value else 0
        assert frame_hash(changed) != same, column
    assert frame_hash(frame.rename(columns={"age": "years"})) != same
