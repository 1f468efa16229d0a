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
