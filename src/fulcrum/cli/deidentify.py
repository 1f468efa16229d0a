"""``fulcrum deidentify IN OUT --policy POLICY.yaml``: remove personal data, atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli._output import OutputFormat, console, err_console, print_json


def deidentify(
    src: Annotated[Path, typer.Argument(help="Input text, CSV or Parquet file (never modified).")],
    dst: Annotated[Path, typer.Argument(help="New output file (written atomically).")],
    policy: Annotated[Path, typer.Option("--policy", "-p", help="De-identification policy YAML.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")] = "json",
    force: Annotated[bool, typer.Option(help="Overwrite OUT if it exists.")] = False,
    allow_missing_columns: Annotated[
        bool, typer.Option(help="Accept policy columns the table lacks (else an error).")
    ] = False,
    regions: Annotated[
        str | None, typer.Option(help="Phone regions for numbers without +, e.g. CN,US,GB.")
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Exit 1 when personal data is found but left unchanged.")
    ] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = None,
) -> None:
    """Apply a policy (redact, mask, replace, pseudonym, encrypt, generalise, suppress)."""
    from fulcrum._atomic import check_output
    from fulcrum.assess.privacy import deidentify_file, load_policy

    check_output(dst, (src, policy), overwrite=force)
    rules = load_policy(policy)
    wanted = [r.strip() for r in regions.split(",") if r.strip()] if regions else None
    result = deidentify_file(
        src,
        dst,
        rules,
        overwrite=force,
        allow_missing_columns=allow_missing_columns,
        regions=wanted,
        progress=progress,
    )
    summary = result.to_dict()
    if fmt == "json":
        print_json(summary)
    else:
        console.print(f"wrote {summary['output']}", markup=False, highlight=False)
        for kind, n in summary["replaced"].items():
            console.print(f"  {kind}: {n} replaced", markup=False, highlight=False)
        for name, col in summary["columns"].items():
            found = ", ".join(f"{k} {v}" for k, v in col.get("found", {}).items()) or "-"
            console.print(
                f"  column {name}: {col['operator']}, found {found}, {col['changed']} changed",
                markup=False,
                highlight=False,
            )
    for line in result.warnings():
        err_console.print(f"warning: {line}", markup=False, highlight=False, soft_wrap=True)
    if strict and result.warnings():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum deidentify``."""
    app.command("deidentify")(deidentify)
