"""``fulcrum precedents PROFILE|SYSTEM``: enforcement decisions and judgments like a system."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from fulcrum.cli._output import OutputFormat, console, print_json


def precedents_command(
    target: Annotated[
        str, typer.Argument(help="Profile file (YAML or JSON), or a registered system id.")
    ],
    limit: Annotated[int, typer.Option(help="Most precedents to show.")] = 5,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")] = "text",
    as_user: Annotated[
        str | None,
        typer.Option("--as", envvar="FULCRUM_USER", help="Acting user (for a system id)."),
    ] = None,
) -> None:
    """The most similar precedents, with why: the facts and provisions they share."""
    from fulcrum.profile import load_profile
    from fulcrum.rules import similar_precedents

    path = Path(target)
    if path.exists() or target.endswith((".yaml", ".yml", ".json")):
        profile = load_profile(path)
    else:
        from fulcrum.cli._db import acting
        from fulcrum.registry import Registry

        with acting(as_user, None, write=False) as (session, actor):
            profile = Registry(session, actor).profile(target)
    matches = similar_precedents(profile, limit=limit)
    if format == "json":
        print_json({"system": profile.id, "precedents": [m.to_dict() for m in matches]})
        return
    if not matches:
        console.print("no precedent shares a fact or a provision with this system")
        return
    table = Table("score", "precedent", "date", "authority", "outcome", "why", title=profile.id)
    for m in matches:
        p = m.precedent
        why = ", ".join((*m.shared_provisions, *m.shared_facts))
        table.add_row(
            f"{m.score:g}", f"{p.id}\n{p.title}", p.date.isoformat(), p.authority, p.outcome, why
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``fulcrum precedents``."""
    app.command("precedents")(precedents_command)
