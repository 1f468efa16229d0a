"""The root command: version, help, and discovery of command groups."""

from __future__ import annotations

from typer.testing import CliRunner

from fulcrum import __version__
from fulcrum.cli.main import app

runner = CliRunner()


def test_version_flag() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"fulcrum {__version__}"


def test_help_lists_groups() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "assess" in result.output
