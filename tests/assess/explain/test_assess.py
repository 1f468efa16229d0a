"""assess_explain end to end: sensitive share, per-group SHAP gap, thresholds, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from fulcrum._hashing import sha256_file
from fulcrum.assess.explain import assess_explain
from fulcrum.cli.main import app
from tests.assess.robustness._compas import compas, pipeline

runner = CliRunner()


def _run(model, **kwargs):
    frame = compas()
    kwargs.setdefault("features", ["priors_count", "age", "sex"])
    return assess_explain(
        model,
        frame,
        label="two_year_recid",
        sensitive=["sex"],
        n_repeats=3,
        shap_rows=60,
        background_rows=15,
        pdp=[],
        min_group_size=5,
        **kwargs,
    )


def test_sensitive_share_from_zero_to_one() -> None:
    blind = _run(lambda X: (X["priors_count"] > 3).astype(int))
    assert blind.report["sensitive_importance_share"]["value"] == 0.0
    only_sex = _run(lambda X: (X["sex"] == "Male").astype(int))
    share = only_sex.report["sensitive_importance_share"]
    assert share["value"] == 1.0 and share["ci"] == [1.0, 1.0]


def test_feature_acting_differently_across_groups() -> None:
    # priors drive the score for men only, age for women only
    def score(X):
        male = X["sex"].to_numpy() == "Male"
        return np.where(male, X["priors_count"] > 3, X["age"] < 30).astype(int)

    result = _run(score, thresholds=["max_group_shap_share_gap<=0.1"])
    section = result.report["shap"]["by_group"]["sex"]
    female, male = section["groups"]["Female"]["share"], section["groups"]["Male"]["share"]
    assert male["priors_count"] - female["priors_count"] > 0.3
    assert female["age"] - male["age"] > 0.3
    assert section["share_gap"]["priors_count"] == pytest.approx(
        male["priors_count"] - female["priors_count"]
    )
    assert section["max_share_gap"] > 0.3
    (check,) = result.checks
    assert check.verdict == "fail"
    blind = _run(
        lambda X: (X["priors_count"] > 3).astype(int), thresholds=["max_group_shap_share_gap<=0.1"]
    )
    assert blind.report["shap"]["by_group"]["sex"]["max_share_gap"] == pytest.approx(0.0)
    assert blind.checks[0].verdict == "pass"


def test_unmeasured_metric_is_inconclusive_with_the_reason() -> None:
    result = assess_explain(
        pipeline(),
        compas(),
        label="two_year_recid",
        n_repeats=2,
        shap=False,
        pdp=[],
        thresholds=["sensitive_importance_share<=0.05"],
        max_rows=500,
    )
    (check,) = result.checks
    assert check.verdict == "inconclusive" and "--sensitive" in check.reason


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[str, str]:
    import skops.io as sio

    folder = tmp_path_factory.mktemp("explain")
    model, data = folder / "m.skops", folder / "d.csv"
    sio.dump(pipeline(), model)
    compas().iloc[:600].to_csv(data, index=False)
    return str(model), str(data)


def test_cli_json_plot_and_text(files, tmp_path) -> None:
    # Given a skops model and a CSV, When explain runs with a sensitive attribute and a plot
    model, data = files
    plot = tmp_path / "explain.png"
    result = runner.invoke(
        app,
        [
            "assess",
            "explain",
            model,
            data,
            "--label",
            "two_year_recid",
            "--sensitive",
            "race",
            "--repeats",
            "2",
            "--shap-rows",
            "30",
            "--pdp",
            "age,race",
            "--plot",
            str(plot),
            "--requirement",
            "nist-ai-rmf:measure-2.9",
        ],
    )
    # Then the JSON carries importance, SHAP by group, PDP, checks and the evidence
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {r["feature"] for r in report["permutation_importance"]} >= {"age", "race"}
    assert report["shap"]["method"] == "exact"
    assert set(report["shap"]["by_group"]["race"]["groups"]) >= {"Caucasian", "African-American"}
    assert list(report["partial_dependence"]) == ["age", "race"]
    assert report["checks"][0]["requirement"] == "nist-ai-rmf:measure-2.9"
    hashes = {i["sha256"] for i in report["evidence"]["inputs"]}
    assert {sha256_file(model), sha256_file(data)} <= hashes
    assert plot.stat().st_size > 10_000
    text = runner.invoke(
        app,
        [
            "assess",
            "explain",
            model,
            data,
            "--label",
            "two_year_recid",
            "--no-shap",
            "--pdp",
            "",
            "--repeats",
            "2",
            "--format",
            "text",
        ],
    )
    assert text.exit_code == 0, text.output
    assert "baseline accuracy" in text.stdout and "verdict:" in text.stdout


def test_cli_bad_column_is_one_line(files) -> None:
    model, data = files
    result = runner.invoke(app, ["assess", "explain", model, data, "--label", "recid"])
    assert result.exit_code == 2
    assert f"{data}: no column 'recid'" in result.output and "Traceback" not in result.output


def test_text_labels_without_probabilities_are_a_clear_error() -> None:
    from fulcrum.assess.explain._pdp import NOT_NUMERIC
    from fulcrum.errors import InputError

    frame = compas().assign(recid=lambda f: np.where(f["two_year_recid"] == 1, "yes", "no"))

    def labels(X):
        return np.where(X["priors_count"] > 3, "yes", "no")

    with pytest.raises(InputError) as info:
        assess_explain(labels, frame, label="recid", features=["priors_count"], n_repeats=1)
    assert str(info.value) == NOT_NUMERIC.format(
        model="test_text_labels_without_probabilities_are_a_clear_error.<locals>.labels"
    )
    result = assess_explain(
        labels,
        frame,
        label="recid",
        features=["priors_count", "age"],
        n_repeats=2,
        shap=False,
        pdp=[],
    )
    assert result.report["permutation_importance"][0]["feature"] == "priors_count"
