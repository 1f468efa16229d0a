"""The CLI contract of ``fulcrum assess fairness``."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

from ._data import random_frame

runner = CliRunner()


@pytest.fixture
def parquet(tmp_path) -> str:
    path = tmp_path / "data.parquet"
    random_frame(3_000, 30).to_parquet(path)
    return str(path)


def test_json_contract(parquet: str) -> None:
    # Given a Parquet file, When the command runs with two sensitive columns and a score
    result = runner.invoke(
        app,
        [
            "assess",
            "fairness",
            parquet,
            "--label",
            "y",
            "--pred",
            "pred",
            "--score",
            "score",
            "--sensitive",
            "race,sex",
            "--reference",
            "a,f",
            "--ci",
            "0.9",
            "--bootstrap",
            "50",
            "--engine",
            "duckdb",
            "--format",
            "json",
            "--threshold",
            "fpr_difference<=0.5",
            "--seed",
            "1",
        ],
    )
    # Then it prints the contract's JSON
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"groups", "disparities", "evidence"}
    row = report["groups"][0]
    assert row["group"] == {"race": "a", "sex": "f"}
    assert isinstance(row["n"], int)
    for name in (
        "selection_rate",
        "accuracy",
        "tpr",
        "fpr",
        "fnr",
        "tnr",
        "ppv",
        "npv",
        "base_rate",
    ):
        assert isinstance(row[name], float)
        lo, hi = row["ci"][name]
        assert lo <= row[name] <= hi
    assert sum(r["n"] for r in report["groups"]) == 3_000
    assert report["evidence"]["kind"] == "fairness"
    assert report["evidence"]["inputs"][0]["name"] == "data.parquet"
    assert report["evidence"]["checks"][0]["metric"] == "fpr_difference"
    assert report["evidence"]["parameters"]["confidence_level"] == 0.9
    assert "demographic_parity" in report["disparities"]


def test_text_format_and_plot(parquet: str, tmp_path) -> None:
    plot = tmp_path / "bars.svg"
    result = runner.invoke(
        app,
        [
            "assess",
            "fairness",
            parquet,
            "--label",
            "y",
            "--pred",
            "pred",
            "--sensitive",
            "race",
            "--format",
            "text",
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Metrics by group" in result.stdout and "four-fifths" in result.stdout
    assert plot.read_text().startswith("<?xml")


def test_bad_column_exits_2_with_one_line(parquet: str) -> None:
    result = runner.invoke(
        app,
        ["assess", "fairness", parquet, "--label", "nope", "--pred", "pred", "--sensitive", "race"],
    )
    assert result.exit_code == 2
    assert "no column 'nope'" in result.output


def test_null_for_undefined_values(tmp_path) -> None:
    path = tmp_path / "tiny.csv"
    pd.DataFrame({"y": [1, 1, 0, 0], "p": [1, 0, 0, 1], "g": ["a", "a", "b", "b"]}).to_csv(
        path, index=False
    )
    result = runner.invoke(
        app, ["assess", "fairness", str(path), "--label", "y", "--pred", "p", "--sensitive", "g"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["groups"][0]["fpr"] is None
    assert report["groups"][0]["small"] is True


def test_requirement_thresholds_come_from_the_catalog(parquet: str, monkeypatch) -> None:
    import fulcrum.catalog
    from fulcrum.evidence import Threshold

    requirement = "eu-ai-act:art10-bias-examination"

    def thresholds_for(requirement_id: str, assessment: str) -> list[Threshold]:
        assert (requirement_id, assessment) == (requirement, "fairness")
        return [Threshold.parse("demographic_parity_difference<=0.9", requirement=requirement)]

    monkeypatch.setattr(fulcrum.catalog, "thresholds_for", thresholds_for)
    result = runner.invoke(
        app,
        [
            "assess",
            "fairness",
            parquet,
            "--label",
            "y",
            "--pred",
            "pred",
            "--sensitive",
            "race",
            "--requirement",
            requirement,
        ],
    )
    assert result.exit_code == 0, result.output
    evidence = json.loads(result.stdout)["evidence"]
    assert evidence["requirements"] == [requirement]
    assert evidence["checks"][0]["verdict"] == "pass"


def test_unknown_threshold_metric_exits_2(parquet: str) -> None:
    result = runner.invoke(
        app,
        [
            "assess",
            "fairness",
            parquet,
            "--label",
            "y",
            "--pred",
            "pred",
            "--sensitive",
            "race",
            "--threshold",
            "bogus<=1",
        ],
    )
    assert result.exit_code == 2
    assert "unknown metric 'bogus'" in result.output
