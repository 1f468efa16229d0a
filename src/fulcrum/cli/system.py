"""``fulcrum system``: the registry of AI systems and their versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from fulcrum.cli._db import open_database
from fulcrum.cli._output import OutputFormat, console, print_json

app = typer.Typer(
    help="Register AI systems, list them, and classify their versions.", no_args_is_help=True
)

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]


@app.command("register")
def register_system(
    profile: Annotated[Path, typer.Argument(help="Profile file (YAML or JSON).")],
    format: FormatOption = "text",
    as_user: Annotated[
        str | None, typer.Option("--as", envvar="FULCRUM_USER", help="Acting user.")
    ] = None,
) -> None:
    """Register a profile; a changed profile becomes a new version, the old one is kept.

    A new version whose classification changed sends approved review cases to re-review.
    """
    import os

    from fulcrum.auth import authorize, resolve_actor
    from fulcrum.profile import load_profile
    from fulcrum.registry import Registry
    from fulcrum.review import rereview_listener
    from fulcrum.store.repositories.users import UserRepository

    parsed = load_profile(profile)
    with open_database().unit_of_work() as session:
        actor = None
        if as_user or os.environ.get("FULCRUM_TOKEN") or UserRepository(session).count():
            actor = resolve_actor(session, as_user, os.environ.get("FULCRUM_TOKEN"))
            authorize(actor, "system.register")
        registry = Registry(session, listeners=(rereview_listener(actor),))
        outcome = registry.register(parsed, actor=actor.username if actor else "")
    payload = {
        "system": outcome.system,
        "version": outcome.version,
        "created": outcome.created,
        "classification_changed": outcome.classification_changed,
        "classification": outcome.classification,
    }
    if format == "json":
        print_json(payload)
        return
    verb = "registered version" if outcome.created else "unchanged; still version"
    c = outcome.classification
    console.print(
        f"{outcome.system}: {verb} {outcome.version} - EU tier {c['eu_ai_act']['tier']}, "
        f"ethics grade {c['ethics_grade']}, {c['review_procedure']} procedure"
    )


@app.command("list")
def list_systems(format: FormatOption = "text") -> None:
    """List registered systems with their newest classification."""
    from fulcrum.registry import Registry

    with open_database().unit_of_work() as session:
        rows, total = Registry(session).list_systems(limit=10_000)
    if format == "json":
        print_json({"data": [r.__dict__ for r in rows], "count": total})
        return
    table = Table("system", "name", "owner", "versions", "EU tier", "grade")
    for r in rows:
        table.add_row(
            r.system, r.name, r.owner, str(r.versions), r.eu_tier or "-", r.ethics_grade or "-"
        )
    console.print(table)


@app.command("show")
def show_system(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    format: FormatOption = "text",
) -> None:
    """Show a system's profile and newest classification."""
    from fulcrum.registry import Registry
    from fulcrum.reports.classification import render_classification_text

    with open_database().unit_of_work() as session:
        detail = Registry(session).show(system, version=version)
    if format == "json":
        print_json(detail)
        return
    console.print(
        f"{detail['system']} - {detail['name']} (owner {detail['owner'] or '-'}), "
        f"version {detail['version']} of {detail['versions']}"
    )
    if detail["classification"]:
        console.print(
            render_classification_text(detail["classification"]), highlight=False, markup=False
        )


@app.command("classify")
def classify_system(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    version: Annotated[int | None, typer.Option(help="Version number (default newest).")] = None,
    format: FormatOption = "text",
) -> None:
    """Classify a stored version again under the current rule set and store the result."""
    from fulcrum.registry import Registry
    from fulcrum.reports.classification import render_classification_text

    with open_database().unit_of_work() as session:
        result = Registry(session).classify(system, version=version)
    if format == "json":
        print_json(result)
    else:
        console.print(render_classification_text(result), highlight=False, markup=False)


@app.command("history")
def history(
    system: Annotated[str, typer.Argument(help="System id (slug).")],
    format: FormatOption = "text",
) -> None:
    """Every version of a system and the classifications stored for it."""
    from fulcrum.registry import Registry

    with open_database().unit_of_work() as session:
        versions = Registry(session).history(system)
    if format == "json":
        print_json([v.__dict__ for v in versions])
        return
    table = Table("version", "label", "registered", "by", "EU tier", "grade", "rule set")
    for v in versions:
        last = v.classifications[-1] if v.classifications else {}
        table.add_row(
            str(v.number),
            v.label,
            v.registered_at.isoformat(timespec="seconds"),
            v.registered_by or "-",
            last.get("eu_tier", "-"),
            last.get("ethics_grade", "-"),
            last.get("ruleset_version", "-"),
        )
    console.print(table)


def register(root: typer.Typer) -> None:
    """Add the ``system`` group."""
    root.add_typer(app, name="system")
