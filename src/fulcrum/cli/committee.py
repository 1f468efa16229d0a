"""``fulcrum committee``: committees, their members and composition checks."""

from __future__ import annotations

from typing import Annotated

import typer

from fulcrum.cli._db import AsOption, TokenOption, open_database
from fulcrum.cli._output import OutputFormat, console, heading, print_json, warn

app = typer.Typer(help="Review committees and their members.", no_args_is_help=True)


@app.command("create")
def create(
    slug: Annotated[str, typer.Argument(help="Committee id, e.g. ethics.")],
    name: Annotated[str, typer.Option(help="Full name.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Create a committee (admin)."""
    from fulcrum.auth import resolve_actor
    from fulcrum.review import CommitteeService

    with open_database().unit_of_work() as session:
        CommitteeService(session, resolve_actor(session, as_user, token)).create(slug, name=name)
    console.print(f"committee {slug} created")


@app.command("defaults")
def defaults(as_user: AsOption = None, token: TokenOption = None) -> None:
    """Create the policy's committees (Ethics, Safety, Products) that are missing."""
    from fulcrum.auth import resolve_actor
    from fulcrum.review import CommitteeService

    with open_database().unit_of_work() as session:
        made = CommitteeService(session, resolve_actor(session, as_user, token)).ensure_defaults()
    console.print(f"created: {', '.join(made) or 'none (all exist)'}")


@app.command("add-member")
def add_member(
    slug: Annotated[str, typer.Argument(help="Committee id.")],
    username: Annotated[str, typer.Argument(help="User to seat.")],
    role: Annotated[str, typer.Option(help="chair, vice_chair, member or secretary.")] = "member",
    expertise: Annotated[list[str] | None, typer.Option(help="technical, ethics, law, ...")] = None,
    external: Annotated[bool, typer.Option(help="From outside the organisation.")] = False,
    gender: Annotated[str, typer.Option(help="Gender, for the composition check.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Seat a user on a committee (admin)."""
    from fulcrum.auth import resolve_actor
    from fulcrum.review import CommitteeService

    with open_database().unit_of_work() as session:
        service = CommitteeService(session, resolve_actor(session, as_user, token))
        service.add_member(
            slug, username, role=role, expertise=expertise or [], external=external, gender=gender
        )
        view = service.view(slug)
    console.print(f"{username} seated on {slug} as {role}")
    for warning in view.warnings:
        warn(f"committee {slug} is not compliant: {warning}")


@app.command("remove-member")
def remove_member(
    slug: Annotated[str, typer.Argument(help="Committee id.")],
    username: Annotated[str, typer.Argument(help="User to unseat.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Remove a user's seat (admin)."""
    from fulcrum.auth import resolve_actor
    from fulcrum.review import CommitteeService

    with open_database().unit_of_work() as session:
        CommitteeService(session, resolve_actor(session, as_user, token)).remove_member(
            slug, username
        )
    console.print(f"{username} removed from {slug}")


@app.command("show")
def show(
    slug: Annotated[str | None, typer.Argument(help="Committee id (default: all).")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = "text",
) -> None:
    """Show committees, members and composition warnings."""
    from fulcrum.auth import resolve_actor
    from fulcrum.review import CommitteeService

    with open_database().unit_of_work() as session:
        service = CommitteeService(session, resolve_actor(session, as_user, token))
        views = [service.view(slug)] if slug else service.list()
    if format == "json":
        print_json([v.to_dict() for v in views])
        return
    for v in views:
        console.print(heading(v.slug, f" {v.name}: {len(v.members)} members"))
        for m in v.members:
            console.print(
                f"  {m['user']:<12} {m['role']:<10} {','.join(m['expertise']):<20} "
                f"{'external' if m['external'] else 'internal'} {m['gender']}"
            )
        for w in v.warnings:
            warn(f"{v.slug} is not compliant: {w}")


def register(root: typer.Typer) -> None:
    """Add the ``committee`` group."""
    root.add_typer(app, name="committee")
