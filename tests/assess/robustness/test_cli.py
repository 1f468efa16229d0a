"""The CLI contract of ``fulcrum assess robustness``: JSON, text, plots, clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

from ._compas import compas, pipeline

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[str, str, str]:
    import joblib
    import skops.io as sio

    folder = tmp_path_factory.mktemp("cli")
    model, pickled, data = folder / "m.skops", folder / "m.joblib", folder / "d.parquet"
    sio.dump(pipeline(), model)
    joblib.dump(pipeline(), pickled)
    compas().iloc[:800].to_parquet(data)
    return str(model), str(pickled), str(data)


def test_json_contract(files, tmp_path) -> None:
    # Given a skops model and a Parquet file, When the command runs with thresholds
    model, _, data = files
    plot = tmp_path / "curves.svg"
    result = runner.invoke(
        app,
        [
            "assess",
            "robustness",
            model,
            data,
            "--label",
            "two_year_recid",
            "--sensitive",
            "sex",
            "--corruption",
            "gaussian,category_swap",
            "--severity",
            "gaussian=0.1,1.0",
            "--threshold",
            "accuracy_drop<=0.5",
            "--adversarial",
            "2",
            "--attack",
            "random",
            "--plot",
            str(plot),
        ],
    )
    # Then it succeeds with the report and the evidence, and writes the plot
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [p["severity"] for p in report["curves"]["gaussian"]["points"]] == [0.1, 1.0]
    assert report["counterfactual"][0]["column"] == "sex"
    assert report["adversarial"]["rows"] == 2
    assert report["evidence"]["kind"] == "robustness"
    assert {c["metric"] for c in report["checks"]} == {"accuracy_drop"}
    assert plot.read_text().startswith("<?xml")


def test_text_output(files) -> None:
    model, _, data = files
    result = runner.invoke(
        app,
        [
            "assess",
            "robustness",
            model,
            data,
            "--label",
            "two_year_recid",
            "--format",
            "text",
            "--corruption",
            "gaussian",
            "--threshold",
            "flip_rate<=0.9",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "gaussian accuracy:" in result.stdout and "verdict:" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "refusing to unpickle"),
        (["--severity", "gaussian"], "is not of the form NAME=0.1,0.2"),
        (["--corruption", "blur", "--trust-pickle"], "unknown corruption 'blur'"),
    ],
)
def test_errors_exit_2_with_one_line(files, extra, message) -> None:
    _, pickled, data = files
    result = runner.invoke(
        app, ["assess", "robustness", pickled, data, "--label", "two_year_recid", *extra]
    )
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
