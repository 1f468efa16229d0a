"""``fulcrum assess fairness``: bad input is one clear line and exit 2, on every engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

from ._data import random_frame

runner = CliRunner()
ARGS = ["--label", "y", "--pred", "pred", "--sensitive", "race"]


def _one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_empty_sensitive_cells_in_a_csv_are_refused(tmp_path: Path, engine: str) -> None:
    # Given a CSV whose sensitive column has two empty cells
    path = tmp_path / "holes.csv"
    path.write_text("y,pred,race\n1,1,a\n0,1,\n1,0,b\n0,0,\n1,1,b\n")
    # When assessed, Then the column and the count are named, not a group ""
    out = _one_line_exit_2(
        runner.invoke(app, ["assess", "fairness", str(path), *ARGS, "--engine", engine])
    )
    assert "'race'" in out and "2 rows" in out and str(path) in out


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("zero.parquet", b""),
        ("zero.csv", b""),
        ("binary.csv", b"\x00\x01\x02\x03PK\x03\x04\x00"),
        ("latin1.csv", "y,pred,race\n1,1,\xe9t\xe9\n".encode("latin-1")),
        ("text.parquet", b"y,pred,race\n1,1,a\n"),
    ],
)
def test_unreadable_files(tmp_path: Path, engine: str, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = _one_line_exit_2(
        runner.invoke(app, ["assess", "fairness", str(path), *ARGS, "--engine", engine])
    )
    assert str(path) in out


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
def test_parquet_without_rows(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "empty.parquet"
    random_frame(10).iloc[:0].to_parquet(path)
    out = _one_line_exit_2(
        runner.invoke(app, ["assess", "fairness", str(path), *ARGS, "--engine", engine])
    )
    assert "no rows" in out and str(path) in out


def test_reference_needs_one_value_per_sensitive_column(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    random_frame(2_000).to_parquet(path)
    base = ["assess", "fairness", str(path), "--label", "y", "--pred", "pred"]
    # Given two sensitive columns and one reference value (the README's old example)
    out = _one_line_exit_2(
        runner.invoke(app, [*base, "--sensitive", "sex,race", "--reference", "a"])
    )
    # Then the message says how to write it, with a real group as the example
    assert "one value per column" in out and "'f,a'" in out
    # And the syntax it suggests works
    ok = runner.invoke(app, [*base, "--sensitive", "sex,race", "--reference", "f,a"])
    assert ok.exit_code == 0, ok.output


def test_fail_on_and_sample_weight(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    random_frame(3_000).assign(w=1.0).to_parquet(path)
    base = ["assess", "fairness", str(path), *ARGS, "--sample-weight", "w"]
    fail = runner.invoke(app, [*base, "--threshold", "fpr_difference<=0.0001", "--fail-on", "fail"])
    assert fail.exit_code == 1
    loose = runner.invoke(app, [*base, "--threshold", "fpr_difference<=1", "--fail-on", "fail"])
    assert loose.exit_code == 0, loose.output


def test_missing_plot_folder(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    random_frame(500).to_parquet(path)
    target = tmp_path / "no" / "bars.png"
    out = _one_line_exit_2(
        runner.invoke(app, ["assess", "fairness", str(path), *ARGS, "--plot", str(target)])
    )
    assert "does not exist" in out


def test_pandas_empty_strings_are_refused_in_the_api() -> None:
    from fulcrum.assess.fairness import assess_fairness
    from fulcrum.errors import DataError

    frame = pd.DataFrame({"y": [1, 0, 1], "pred": [1, 0, 0], "race": ["a", " ", "b"]})
    with pytest.raises(DataError, match="column 'race' has 1 rows with an empty value"):
        assess_fairness(frame, label="y", pred="pred", sensitive="race")


@pytest.mark.parametrize("engine", ["numpy", "duckdb"])
@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--pos-label", "7"], "neither of which is pos_label=7"),
        (["--score", "bad_score"], "infinite values"),
        (["--sample-weight", "bad_weight"], "sample_weight must be finite and non-negative"),
    ],
)
def test_bad_values_on_every_engine(tmp_path: Path, engine: str, extra, expected: str) -> None:
    path = tmp_path / "d.csv"
    frame = random_frame(300)
    frame["bad_score"] = frame["score"]
    frame.loc[3, "bad_score"] = float("inf")
    frame["bad_weight"] = -1.0
    frame.to_csv(path, index=False)
    out = _one_line_exit_2(
        runner.invoke(app, ["assess", "fairness", str(path), *ARGS, "--engine", engine, *extra])
    )
    assert expected in out


def test_fail_on_inconclusive(tmp_path: Path) -> None:
    # Given 40 rows, a 0.5 limit on the FPR gap can only be inconclusive
    path = tmp_path / "small.parquet"
    random_frame(40).to_parquet(path)
    base = ["assess", "fairness", str(path), *ARGS, "--threshold", "fpr_difference<=0.5"]
    assert runner.invoke(app, [*base, "--fail-on", "fail"]).exit_code == 0
    assert runner.invoke(app, [*base, "--fail-on", "inconclusive"]).exit_code == 1
    assert runner.invoke(app, base).exit_code == 0
