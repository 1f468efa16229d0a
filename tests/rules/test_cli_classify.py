"""`fulcrum classify --as-of` and its errors, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_as_of_in_json(tmp_path: Path) -> None:
    profile = write(
        tmp_path, "id: s\njurisdictions: [DE]\nrole: provider\npurposes: [recruitment_selection]\n"
    )
    result = runner.invoke(app, ["classify", str(profile), "--as-of", "2027-12-02", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["eu_ai_act"]["as_of"] == "2027-12-02"
    (risk,) = [o for o in data["obligations"] if o["id"] == "eu-ai-act:art-9-risk-management"]
    assert (risk["applies_from"], risk["in_force"]) == ("2027-12-02", True)


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("id: s\njurisdictions: [ED]\n", [], "jurisdictions"),
        ("id: s\n", ["--as-of", "yesterday"], "--as-of: 'yesterday' is not a date"),
        ("a: &a [*a]\n", [], "refused"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, text: str, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["classify", str(write(tmp_path, text)), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_folder_or_a_binary_file_is_refused(tmp_path: Path) -> None:
    folder = runner.invoke(app, ["classify", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output
    binary = tmp_path / "p.json"
    binary.write_bytes(b"\x89PNG\x00\x00")
    result = runner.invoke(app, ["classify", str(binary)])
    assert result.exit_code == 2 and "binary file" in result.output
