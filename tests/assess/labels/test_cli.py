"""``fulcrum assess labels add|check`` via Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()


def test_add_then_check_a_folder(media, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for src in media.values():
        result = runner.invoke(
            app,
            [
                "assess",
                "labels",
                "add",
                str(src),
                str(out / src.name),
                "--producer",
                "ACME",
                "--content-id",
                src.stem,
            ],
        )
        assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["assess", "labels", "check", str(out), "--no-progress"])
    assert checked.exit_code == 0, checked.output
    payload = json.loads(checked.stdout)
    assert payload["verdict"] == "pass" and payload["metrics"]["labelled"] == len(media)
    assert all(f["label"]["valid"] for f in payload["files"])


def test_errors_name_the_file(media, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("x")
    result = runner.invoke(
        app,
        [
            "assess",
            "labels",
            "add",
            str(text),
            str(tmp_path / "b.txt"),
            "--producer",
            "P",
            "--content-id",
            "1",
        ],
    )
    assert result.exit_code == 2 and "a.txt: cannot carry a label" in result.output
    strict = runner.invoke(
        app, ["assess", "labels", "check", str(media["png"]), "--strict", "--format", "text"]
    )
    assert strict.exit_code == 1 and "[fail]" in strict.stdout


def test_top_level_label_group_writes_what_check_reads(media, tmp_path: Path) -> None:
    # The contract names `fulcrum label add|check`; they are the same commands.
    src = media["png"]
    dst = tmp_path / "labelled.png"
    added = runner.invoke(
        app, ["label", "add", str(src), str(dst), "--producer", "ACME", "--content-id", "png-1"]
    )
    assert added.exit_code == 0, added.output
    checked = runner.invoke(app, ["label", "check", str(dst), "--format", "json", "--no-progress"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["files"][0]["label"]["valid"] is True
