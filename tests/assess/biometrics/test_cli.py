"""``fulcrum assess biometrics``: the JSON contract and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()


def _scores(path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 3000
    mated = rng.random(n) < 0.2
    race = rng.choice(["a", "b"], n)
    sex = rng.choice(["F", "M"], n)
    frame = pd.DataFrame(
        {
            "sim": np.where(mated, rng.normal(2, 1, n), rng.normal(0, 1, n)),
            "gen": mated,
            "probe_race": race,
            "ref_race": np.where(mated, race, rng.choice(["a", "b"], n)),
            "probe_sex": sex,
            "ref_sex": np.where(mated, sex, rng.choice(["F", "M"], n)),
        }
    )
    frame.to_csv(path, index=False)
    return path


def test_json_contract(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    out = runner.invoke(
        app,
        [
            "assess",
            "biometrics",
            str(path),
            "--score",
            "sim",
            "--mated",
            "gen",
            "--group",
            "race,sex",
            "--fmr",
            "1e-2,1e-3",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {
        "n_mated",
        "n_nonmated",
        "eer",
        "operating_points",
        "groups",
        "cross_fmr",
        "differentials",
    } <= set(data)
    assert [p["fmr_target"] for p in data["operating_points"]] == [1e-2, 1e-3]
    assert set(data["operating_points"][0]) >= {"fmr_target", "threshold", "fmr", "fnmr"}
    assert data["groups"][0]["group"] == {"race": "a", "sex": "F"}
    assert set(data["groups"][0]) >= {"group", "n_mated", "n_nonmated", "fmr", "fnmr"}
    assert set(data["cross_fmr"][0]) >= {"probe", "ref", "n_nonmated", "fmr"}
    assert data["group_threshold"] == data["operating_points"][0]["threshold"]
    assert "fdr" in data["differentials"] and "garbe" in data["differentials"]


def test_text_and_threshold(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    out = runner.invoke(
        app,
        [
            "assess",
            "biometrics",
            str(path),
            "--score",
            "sim",
            "--mated",
            "gen",
            "--fmr",
            "1e-2",
            "--threshold",
            "fnmr<=0.99",
            "--format",
            "text",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "verdict: pass" in out.stdout


def test_missing_column_exits_2(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    out = runner.invoke(app, ["assess", "biometrics", str(path), "--score", "nope"])
    assert out.exit_code == 2
    assert "no column 'nope'" in out.output


def test_embeddings_mode(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    subjects = np.repeat(np.arange(20), 3)
    np.save(tmp_path / "e.npy", rng.normal(size=(20, 16))[subjects] + rng.normal(size=(60, 16)))
    pd.DataFrame({"subject": subjects, "sex": np.where(subjects % 2, "F", "M")}).to_csv(
        tmp_path / "subj.csv", index=False
    )
    out = runner.invoke(
        app,
        [
            "assess",
            "biometrics",
            "--embeddings",
            str(tmp_path / "e.npy"),
            "--subjects",
            str(tmp_path / "subj.csv"),
            "--group",
            "sex",
            "--fmr",
            "1e-2",
            "--no-progress",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["n_mated"] == 60 and len(data["groups"]) == 2


def test_plots_are_written(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    out = runner.invoke(
        app,
        [
            "assess",
            "biometrics",
            str(path),
            "--score",
            "sim",
            "--mated",
            "gen",
            "--group",
            "race",
            "--fmr",
            "1e-2",
            "--plot-det",
            str(tmp_path / "det.png"),
            "--plot-cross",
            str(tmp_path / "x.png"),
        ],
    )
    assert out.exit_code == 0, out.output
    assert (tmp_path / "det.png").stat().st_size > 1000
    assert (tmp_path / "x.png").stat().st_size > 1000
