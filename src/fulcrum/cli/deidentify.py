"""``fulcrum deidentify IN OUT --policy POLICY.yaml``: remove personal data, atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli._output import OutputFormat, console, print_json


def deidentify(
    src: Annotated[Path, typer.Argument(help="Input text, CSV or Parquet file (never modified).")],
    dst: Annotated[Path, typer.Argument(help="New output file (written atomically).")],
    policy: Annotated[Path, typer.Option("--policy", "-p", help="De-identification policy YAML.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")] = "json",
    force: Annotated[bool, typer.Option(help="Overwrite OUT if it exists.")] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = None,
) -> None:
    """Apply a policy (redact, mask, replace, pseudonym, encrypt, generalise, suppress)."""
    from fulcrum.assess.privacy import deidentify_file, load_policy

    rules = load_policy(policy)
    summary = deidentify_file(src, dst, rules, overwrite=force, progress=progress).to_dict()
    if fmt == "json":
        print_json(summary)
        return
    console.print(f"wrote {summary['output']}")
    for kind, n in summary["replaced"].items():
        console.print(f"  {kind}: {n} replaced")
    for name, col in summary["columns"].items():
        console.print(f"  column {name}: {col['operator']}, {col['changed']} changed")


def register(app: typer.Typer) -> None:
    """Add ``fulcrum deidentify``."""
    app.command("deidentify")(deidentify)
