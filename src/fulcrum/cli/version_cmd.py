"""``fulcrum version``: print versions of Fulcrum and its optional engines."""

from __future__ import annotations

import typer

from fulcrum.cli._output import print_json
from fulcrum.evidence import tool_versions

_OPTIONAL = ("numpy", "pyarrow", "pandas", "duckdb", "polars", "pyspark", "torch", "pyoxigraph")


def version() -> None:
    """Print the versions of Fulcrum, Python and the installed engines."""
    print_json(tool_versions(*_OPTIONAL))


def register(app: typer.Typer) -> None:
    """Add ``fulcrum version``."""
    app.command("version")(version)
