"""``fulcrum assess biometrics``: every mode prints text, bad input is one line and exit 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()


def _scores(path: Path, n: int = 2_000) -> Path:
    rng = np.random.default_rng(0)
    mated = rng.random(n) < 0.2
    frame = pd.DataFrame({"score": np.where(mated, rng.normal(2, 1, n), rng.normal(0, 1, n))})
    frame["mated"] = mated
    frame["distance"] = -frame["score"]
    frame.to_csv(path, index=False)
    return path


def _lists(path: Path) -> Path:
    rows = []
    for search in range(40):
        mated = search % 2 == 0
        for rank in (1, 2):
            hit = mated and rank == 1
            rows.append(
                {
                    "search": search,
                    "mated": mated,
                    "rank": rank,
                    "score": 0.9 - 0.1 * rank if hit else 0.3 + 0.01 * (search % 7),
                    "candidate": f"s{search}" if hit else f"x{search}{rank}",
                    "true_subject": f"s{search}",
                }
            )
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _pad(path: Path) -> Path:
    rng = np.random.default_rng(1)
    n = 400
    bona = rng.random(n) < 0.5
    pd.DataFrame(
        {
            "score": np.where(bona, rng.normal(2, 1, n), rng.normal(0, 1, n)),
            "label": np.where(bona, "bona fide", "attack"),
            "species": np.where(bona, "", rng.choice(["print", "replay"], n)),
        }
    ).to_csv(path, index=False)
    return path


def _one_line_exit_2(result) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_text_output_of_1_to_n(tmp_path: Path) -> None:
    path = _lists(tmp_path / "lists.csv")
    out = runner.invoke(
        app, ["assess", "biometrics", str(path), "--candidates", "--format", "text"]
    )
    assert out.exit_code == 0, out.output
    assert "rank1_hit_rate" in out.output and "fpir" in out.output


def test_pad_usage_as_documented(tmp_path: Path) -> None:
    path = _pad(tmp_path / "pad.csv")
    args = ["--pad", "--score", "score", "--label", "label", "--species", "species"]
    for fmt in ("json", "text"):
        out = runner.invoke(app, ["assess", "biometrics", str(path), *args, "--format", fmt])
        assert out.exit_code == 0, out.output


def test_lower_is_better_and_at_threshold(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    out = runner.invoke(
        app,
        [
            "assess",
            "biometrics",
            str(path),
            "--score",
            "distance",
            "--lower-is-better",
            "--at-threshold",
            "-1,0",
            "--format",
            "text",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "at thresholds" in out.output and "warning" not in out.output


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02PK\x03\x04", b"score,mated\n\xff\xfe1,1\n"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_unreadable_score_files(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    out = runner.invoke(app, ["assess", "biometrics", str(path)])
    _one_line_exit_2(out)
    assert str(path) in out.output


def test_empty_parquet_with_a_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    pd.DataFrame(
        {"score": pd.Series([], dtype=float), "mated": pd.Series([], dtype=bool)}
    ).to_parquet(path)
    _one_line_exit_2(runner.invoke(app, ["assess", "biometrics", str(path)]))


def test_missing_output_folder(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    for option in ("--plot-det", "--plot-cross"):
        target = tmp_path / "nope" / "plot.png"
        out = runner.invoke(app, ["assess", "biometrics", str(path), option, str(target)])
        _one_line_exit_2(out)
        assert "does not exist" in out.output
        assert not target.parent.exists()


def test_fail_on_gates_ci(tmp_path: Path) -> None:
    path = _scores(tmp_path / "s.csv")
    base = ["assess", "biometrics", str(path), "--fmr", "1e-2"]
    failing = runner.invoke(app, [*base, "--threshold", "fnmr<=0.0001", "--fail-on", "fail"])
    assert failing.exit_code == 1
    passing = runner.invoke(app, [*base, "--threshold", "fnmr<=0.99", "--fail-on", "fail"])
    assert passing.exit_code == 0, passing.output


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary", b"\x93NUMPY garbage"])
def test_unreadable_embeddings(tmp_path: Path, content: bytes) -> None:
    embeddings = tmp_path / "emb.npy"
    embeddings.write_bytes(content)
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("subject\n1\n1\n2\n2\n")
    out = runner.invoke(
        app, ["assess", "biometrics", "--embeddings", str(embeddings), "--subjects", str(subjects)]
    )
    _one_line_exit_2(out)
    assert str(embeddings) in out.output


def test_pickled_embeddings_are_not_unpickled(tmp_path: Path) -> None:
    embeddings = tmp_path / "emb.npy"
    np.save(embeddings, np.array([{"a": 1}, {"b": 2}], dtype=object), allow_pickle=True)
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("subject\n1\n2\n")
    out = runner.invoke(
        app, ["assess", "biometrics", "--embeddings", str(embeddings), "--subjects", str(subjects)]
    )
    _one_line_exit_2(out)
