"""``fulcrum user``: accounts, roles, passwords, sign-in and API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from fulcrum.cli._db import AsOption, TokenOption, acting, open_database
from fulcrum.cli._output import OutputFormat, console, print_json

app = typer.Typer(help="Users, roles, passwords and API tokens.", no_args_is_help=True)

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="json or text.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _stdin_password() -> str:
    from fulcrum.errors import InputError

    text = sys.stdin.readline().rstrip("\r\n")
    if not text:
        raise InputError("--password-stdin: standard input held no password")
    return text


@app.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[
        str, typer.Option(help="admin, submitter, reviewer, chair or auditor.")
    ] = "submitter",
    password_stdin: PasswordStdin = False,
    password: Annotated[
        str | None,
        typer.Option(envvar="FULCRUM_PASSWORD", help="Password (prefer --password-stdin)."),
    ] = None,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Add a user; on an empty database the first user is created as admin (no token needed)."""
    from fulcrum.audit import VIA_KEY
    from fulcrum.auth import UserService, os_user, resolve_actor

    secret = _stdin_password() if password_stdin else password
    with open_database().unit_of_work() as session:
        service = UserService(session)
        actor = None if service.users.count() == 0 else resolve_actor(session, as_user, token)
        if actor is None:
            session.info[VIA_KEY] = f"bootstrap:{os_user()}"
        row = service.add(actor, username, role=role, password=secret, display_name=name)
        console.print(f"user {row.username} added with role {row.role}", markup=False)


@app.command("role")
def set_role(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Argument(help="New role.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Change a user's role (admin); the last active admin cannot be demoted."""
    from fulcrum.auth import UserService

    with acting(as_user, token) as (session, actor):
        UserService(session).set_role(actor, username, role)
    console.print(f"user {username} is now {role}", markup=False)


@app.command("deactivate")
def deactivate(
    username: Annotated[str, typer.Argument(help="User name.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Deactivate a user: they can no longer sign in and their tokens stop working."""
    from fulcrum.auth import UserService

    with acting(as_user, token) as (session, actor):
        UserService(session).set_active(actor, username, False)
    console.print(f"user {username} deactivated", markup=False)


@app.command("activate")
def activate(
    username: Annotated[str, typer.Argument(help="User name.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Reactivate a user."""
    from fulcrum.auth import UserService

    with acting(as_user, token) as (session, actor):
        UserService(session).set_active(actor, username, True)
    console.print(f"user {username} reactivated", markup=False)


@app.command("password")
def change_password(
    username: Annotated[str, typer.Argument(help="Whose password.")],
    password_stdin: PasswordStdin = False,
    current: Annotated[
        str | None, typer.Option(envvar="FULCRUM_CURRENT_PASSWORD", help="Current password.")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Set a password: your own (with the current one), or anyone's as admin."""
    from fulcrum.auth import UserService

    new = _stdin_password() if password_stdin else typer.prompt("New password", hide_input=True)
    with acting(as_user, token) as (session, actor):
        UserService(session).change_password(actor, username, new, current=current)
    console.print(f"password of {username} changed", markup=False)


@app.command("list")
def list_users(
    as_user: AsOption = None, token: TokenOption = None, format: FormatOption = "text"
) -> None:
    """List users and their roles (admins and auditors)."""
    from fulcrum.auth import UserService

    with acting(as_user, token, write=False) as (session, actor):
        rows = [
            {"user": u.username, "role": u.role, "name": u.display_name, "active": u.active}
            for u in UserService(session).list_users(actor)
        ]
    if format == "json":
        print_json(rows)
        return
    table = Table("user", "role", "name", "active")
    for r in rows:
        table.add_row(
            Text(str(r["user"])),
            Text(str(r["role"])),
            Text(str(r["name"])),
            "yes" if r["active"] else "no",
        )
    console.print(table)


@app.command("login")
def login(
    username: Annotated[str, typer.Argument(help="User name.")],
    password_stdin: PasswordStdin = False,
    hours: Annotated[int | None, typer.Option(help="Token lifetime in hours.")] = None,
) -> None:
    """Check a password and print a new API token (shown once; export it as FULCRUM_TOKEN)."""
    import os

    from fulcrum.auth import UserService

    if password_stdin:
        password = _stdin_password()
    else:
        password = os.environ.get("FULCRUM_PASSWORD") or typer.prompt("Password", hide_input=True)
    with open_database().unit_of_work() as session:
        issued = UserService(session).login(username, password, ttl_hours=hours)
    console.print(
        f"token {issued.id} expires {issued.expires_at.isoformat(timespec='seconds')}",
        markup=False,
    )
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
    from fulcrum.auth import UserService

    with acting(as_user, token) as (session, actor):
        issued = UserService(session).issue_token(actor, username, name=name, ttl_hours=hours)
    typer.echo(issued.secret)


@app.command("tokens")
def list_tokens(
    username: Annotated[str | None, typer.Argument(help="Whose tokens (default: yours).")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    format: FormatOption = "text",
) -> None:
    """List API tokens with their ids, names, expiry and state (never the secrets)."""
    from fulcrum.auth import UserService

    with acting(as_user, token, write=False) as (session, actor):
        tokens = UserService(session).list_tokens(actor, username)
    rows = [
        {
            "id": t.id,
            "user": t.username,
            "name": t.name,
            "created_at": t.created_at.isoformat(timespec="seconds"),
            "expires_at": t.expires_at.isoformat(timespec="seconds"),
            "state": t.state,
        }
        for t in tokens
    ]
    if format == "json":
        print_json(rows)
        return
    table = Table("id", "user", "name", "created", "expires", "state")
    for r in rows:
        table.add_row(*(Text(str(v)) for v in r.values()))
    console.print(table)


@app.command("revoke")
def revoke_token(
    token_id: Annotated[int, typer.Argument(help="Token id.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Revoke an API token."""
    from fulcrum.auth import UserService

    with acting(as_user, token) as (session, actor):
        UserService(session).revoke_token(actor, token_id)
    console.print(f"token {token_id} revoked", markup=False)


def register(root: typer.Typer) -> None:
    """Add the ``user`` group."""
    root.add_typer(app, name="user")
