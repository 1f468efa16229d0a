"""Names that look like rich markup print as written and never crash a listing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fulcrum.cli.main import app

runner = CliRunner()
NAME = "Screener [/x] v2 [bold]fulcrum[spark][/]"


def test_markup_like_names_print_verbatim(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    profile = tmp_path / "p.yaml"
    profile.write_text(f'id: screener\nname: "{NAME}"\nowner: "[done] team"\njurisdictions: [CN]\n')
    assert runner.invoke(app, ["--db", url, "system", "register", str(profile)]).exit_code == 0
    for args in (["system", "list"], ["system", "show", "screener"]):
        result = runner.invoke(app, ["--db", url, *args])
        assert result.exit_code == 0, result.output
        assert NAME in result.output.replace("\n", "")
    result = runner.invoke(app, ["--db", url, "committee", "create", "c1", "--name", "[/] [red]x"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", url, "committee", "show", "c1"])
    assert result.exit_code == 0 and "[/] [red]x" in result.output


def test_assessment_text_shows_verdicts_and_group_names_verbatim(tmp_path: Path) -> None:
    # Group values that look like markup, and the [pass]/[fail] marks, print as written
    data = tmp_path / "f.csv"
    team = ["[red]", "[/]", "[red]"]
    rows = ["y,p,team"] + [f"{i % 2},{(i // 2) % 2},{team[i % 3]}" for i in range(60)]
    data.write_text("\n".join(rows) + "\n")
    result = runner.invoke(
        app,
        ["assess", "fairness", str(data), "--label", "y", "--pred", "p", "--sensitive", "team",
         "--threshold", "demographic_parity_difference<=0.5", "--format", "text"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "team=[red]" in result.output and "team=[/]" in result.output
    assert "\\[" not in result.output
    assert any(line.startswith(("[pass]", "[fail]", "[inconclusive]"))
               for line in result.output.splitlines())  # fmt: skip
