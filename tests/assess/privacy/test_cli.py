"""The CLI contract: ``assess privacy scan|risk|faces`` and ``deidentify``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()
ID = "11010519491231002X"


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_scan_text_file_offsets(tmp_path: Path) -> None:
    text = f"第一行\n身份证：{ID}\nmail a@b.cn\n"
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    out = _json(["assess", "privacy", "scan", str(path), "--format", "json"])
    for entity in out["entities"]:
        assert {"type", "start", "end", "text", "score"} <= set(entity)
        assert text[entity["start"] : entity["end"]] == entity["text"]
    assert [e["type"] for e in out["entities"]] == ["CN_RESIDENT_ID", "EMAIL"]
    assert out["evidence"]["kind"] == "privacy.scan"
    assert "cn-pipl:art-51-security-measures" in out["evidence"]["requirements"]


def test_scan_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"id": [ID, "x"], "phone": ["13800138000", "13900139000"]}).to_csv(
        path, index=False
    )
    out = _json(["assess", "privacy", "scan", str(path), "--format", "json"])
    columns = {c["name"]: {e["type"]: e["count"] for e in c["entities"]} for c in out["columns"]}
    assert columns == {"id": {"CN_RESIDENT_ID": 1}, "phone": {"CN_MOBILE": 2}}


def test_scan_threshold_and_strict(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(f"ID {ID}\n")
    args = ["assess", "privacy", "scan", str(path), "--threshold", "sensitive_pi_entities<=0"]
    out = _json(args)
    assert out["evidence"]["verdict"] == "fail"
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1
    bad = runner.invoke(app, ["assess", "privacy", "scan", str(path), "--threshold", "nope<=1"])
    assert bad.exit_code == 2 and "unknown metric 'nope'" in bad.output


def test_risk_contract(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": [1, 1, 2, 2, 2], "b": list("xxyyy"), "s": ["p", "q", "p", "p", "q"]}).to_csv(
        path, index=False
    )
    out = _json(
        ["assess", "privacy", "risk", str(path), "--quasi", "a,b", "--sensitive", "s",
         "--format", "json", "--target-k", "5", "--hierarchy", "a=suppress"]
    )  # fmt: skip
    for key in ("records", "equivalence_classes", "k", "l_diversity", "l_entropy",
                "t_closeness", "unique_records"):  # fmt: skip
        assert key in out
    assert (out["records"], out["equivalence_classes"], out["k"], out["l_diversity"]) == (
        5,
        2,
        2,
        2,
    )
    assert out["generalisation_search"]["k"] == 5


def test_risk_errors_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["assess", "privacy", "risk", str(path), "--quasi", "a,zz"])
    assert result.exit_code == 2 and "no column 'zz'" in result.output


def test_deidentify_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K_TEST", "k")
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "keys:\n  pseudonym: {env: K_TEST}\nentities:\n  CN_RESIDENT_ID: {operator: pseudonym}\n"
    )
    src = tmp_path / "in.txt"
    src.write_text(f"ID {ID}\n")
    out = _json(["deidentify", str(src), str(tmp_path / "out.txt"), "--policy", str(policy)])
    assert out["replaced"] == {"CN_RESIDENT_ID": 1}
    assert ID not in (tmp_path / "out.txt").read_text()
    again = runner.invoke(
        app, ["deidentify", str(src), str(tmp_path / "out.txt"), "-p", str(policy)]
    )
    assert again.exit_code == 2 and "already exists" in again.output


def test_faces_command(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    cv2.imwrite(str(tmp_path / "blank.png"), np.zeros((60, 60, 3), np.uint8))
    out = _json(
        ["assess", "privacy", "faces", str(tmp_path / "blank.png"), str(tmp_path / "o.png")]
    )
    assert out["faces"] == 0 and out["images"] == 1
