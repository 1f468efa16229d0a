"""``fulcrum classify PROFILE``: which rules apply to an AI system, and why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli._output import OutputFormat, console, print_json
from fulcrum.errors import InputError

CatalogOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Extra catalog folder (your own frameworks) on top of the bundled one; repeatable.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Classify under the law as it stands on this date (YYYY-MM-DD; default today).",
    ),
]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """An ISO date from the command line, or an InputError naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date; expected YYYY-MM-DD") from None


def classify_command(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")] = "text",
    as_of: AsOfOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Classify a profile: EU AI Act tier, ethics grade, procedure and obligations, with reasons."""
    from fulcrum.catalog import catalog_with
    from fulcrum.profile import load_profile
    from fulcrum.reports.classification import render_classification_text
    from fulcrum.rules import classify

    date = parse_date(as_of)
    loaded = load_profile(profile)
    extra = catalog_with(catalog or ())
    result = classify(loaded, catalog=extra, as_of=date).to_dict()
    if format == "json":
        print_json(result)
    else:
        console.print(render_classification_text(result), highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum classify``."""
    app.command("classify")(classify_command)
