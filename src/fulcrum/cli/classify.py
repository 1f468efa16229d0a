"""``fulcrum classify PROFILE``: which rules apply to an AI system, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli._output import OutputFormat, console, print_json


def classify_command(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")] = "text",
) -> None:
    """Classify a profile: EU AI Act tier, ethics grade, procedure and obligations, with reasons."""
    from fulcrum.profile import load_profile
    from fulcrum.reports.classification import render_classification_text
    from fulcrum.rules import classify

    result = classify(load_profile(profile)).to_dict()
    if format == "json":
        print_json(result)
    else:
        console.print(render_classification_text(result), highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum classify``."""
    app.command("classify")(classify_command)
