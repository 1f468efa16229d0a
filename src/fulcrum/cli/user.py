"""``fulcrum user``: accounts, roles, login and API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from fulcrum.cli._db import open_database
from fulcrum.cli._output import OutputFormat, console, print_json

app = typer.Typer(help="Users, roles, passwords and API tokens.", no_args_is_help=True)

AsOption = Annotated[
    str | None,
    typer.Option("--as", envvar="FULCRUM_USER", help="Acting user (or FULCRUM_USER)."),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token", envvar="FULCRUM_TOKEN", help="API token (or FULCRUM_TOKEN).", show_default=False
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]


@app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="admin, submitter, reviewer, chair or auditor.")],
    password: Annotated[
        str | None, typer.Option(envvar="FULCRUM_PASSWORD", help="Password (optional).")
    ] = None,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Add a user; on an empty database the first user is created as admin."""
    from fulcrum.auth import UserService, resolve_actor

    with open_database().unit_of_work() as session:
        service = UserService(session)
        actor = None if service.users.count() == 0 else resolve_actor(session, as_user, token)
        row = service.add(actor, username, role=role, password=password, display_name=name)
        console.print(f"user {row.username} added with role {row.role}")


@app.command("role")
def set_role(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Argument(help="New role.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Change a user's role (admin)."""
    from fulcrum.auth import UserService, resolve_actor

    with open_database().unit_of_work() as session:
        UserService(session).set_role(resolve_actor(session, as_user, token), username, role)
    console.print(f"user {username} is now {role}")


@app.command("list")
def list_users(
    as_user: AsOption = None, token: TokenOption = None, format: FormatOption = "text"
) -> None:
    """List users and their roles."""
    from fulcrum.auth import UserService, resolve_actor

    with open_database().unit_of_work() as session:
        resolve_actor(session, as_user, token)
        rows = [
            {"user": u.username, "role": u.role, "name": u.display_name, "active": u.active}
            for u in UserService(session).users.list()
        ]
    if format == "json":
        print_json(rows)
        return
    table = Table("user", "role", "name", "active")
    for r in rows:
        table.add_row(
            str(r["user"]), str(r["role"]), str(r["name"]), "yes" if r["active"] else "no"
        )
    console.print(table)


@app.command("login")
def login(
    username: Annotated[str, typer.Argument(help="User name.")],
    password: Annotated[str, typer.Option(envvar="FULCRUM_PASSWORD", prompt=True, hide_input=True)],
    hours: Annotated[int | None, typer.Option(help="Token lifetime in hours.")] = None,
) -> None:
    """Check a password and print a new API token (shown once; export it as FULCRUM_TOKEN)."""
    from fulcrum.auth import UserService

    with open_database().unit_of_work() as session:
        issued = UserService(session).login(username, password, ttl_hours=hours)
    console.print(f"token {issued.id} expires {issued.expires_at.isoformat(timespec='seconds')}")
    typer.echo(issued.secret)


@app.command("token")
def issue_token(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    hours: Annotated[int | None, typer.Option(help="Token lifetime in hours.")] = None,
    name: Annotated[str, typer.Option(help="A label for the token.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Issue an API token (for yourself, or anyone as admin); printed once."""
    from fulcrum.auth import UserService, resolve_actor

    with open_database().unit_of_work() as session:
        actor = resolve_actor(session, as_user, token)
        issued = UserService(session).issue_token(actor, username, name=name, ttl_hours=hours)
    typer.echo(issued.secret)


@app.command("revoke")
def revoke_token(
    token_id: Annotated[int, typer.Argument(help="Token id.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Revoke an API token."""
    from fulcrum.auth import UserService, resolve_actor

    with open_database().unit_of_work() as session:
        UserService(session).revoke_token(resolve_actor(session, as_user, token), token_id)
    console.print(f"token {token_id} revoked")


def register(root: typer.Typer) -> None:
    """Add the ``user`` group."""
    root.add_typer(app, name="user")
