"""``fulcrum audit``: verify the hash chain, export it, write checkpoints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli._db import open_database
from fulcrum.cli._output import OutputFormat, console, print_json
from fulcrum.cli.user import AsOption, TokenOption

app = typer.Typer(help="Verify and export the audit log.", no_args_is_help=True)


@app.command("verify")
def verify_log(
    checkpoint: Annotated[
        Path | None, typer.Option(help="Checkpoint file to check against.")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = "text",
) -> None:
    """Exit 0 when the chain is intact; otherwise name the first bad event and exit 1."""
    from fulcrum.audit import read_checkpoint, verify
    from fulcrum.auth import authorize, resolve_actor
    from fulcrum.errors import IntegrityError

    cp = read_checkpoint(checkpoint) if checkpoint else None
    with open_database().unit_of_work() as session:
        authorize(resolve_actor(session, as_user, token), "audit.verify")
        result = verify(session, cp)
    if format == "json":
        print_json(result.to_dict())
    if not result.ok:
        raise IntegrityError(f"audit log broken at event #{result.first_bad}: {result.problem}")
    if format == "text":
        console.print(f"audit log intact: {result.count} events, head {result.head_hash[:16]}")


@app.command("export")
def export_log(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Write every event as JSON Lines."""
    from fulcrum.audit import AuditLog
    from fulcrum.auth import authorize, resolve_actor

    with open_database().unit_of_work() as session:
        authorize(resolve_actor(session, as_user, token), "audit.export")
        handle = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            for event in AuditLog(session).events():
                handle.write(json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        finally:
            if output:
                handle.close()


@app.command("checkpoint")
def checkpoint_log(
    output: Annotated[Path, typer.Option("--output", "-o", help="Checkpoint file to write.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Write the head hash and event count to a file kept outside the database."""
    from fulcrum.audit import make_checkpoint, write_checkpoint
    from fulcrum.auth import authorize, resolve_actor

    with open_database().unit_of_work() as session:
        authorize(resolve_actor(session, as_user, token), "audit.verify")
        cp = make_checkpoint(session)
    write_checkpoint(cp, output)
    console.print(f"checkpoint: {cp.count} events, head {cp.head_hash[:16]} -> {output}")


def register(root: typer.Typer) -> None:
    """Add the ``audit`` group."""
    root.add_typer(app, name="audit")
