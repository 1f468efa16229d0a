"""``fulcrum audit``: verify the log and the tables against it, export it, sign checkpoints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from fulcrum.cli._db import AsOption, TokenOption, acting
from fulcrum.cli._output import OutputFormat, console, print_json

app = typer.Typer(help="Verify and export the audit log.", no_args_is_help=True)


@app.command("verify")
def verify_log(
    checkpoint: Annotated[
        Path | None, typer.Option(help="Signed checkpoint file to check against.")
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(help="Only trust checkpoints signed by this public key (PEM or base64)."),
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = "text",
) -> None:
    """Exit 0 when the log, the tables and the evidence files are intact; otherwise 1."""
    from fulcrum.audit import read_checkpoint, read_trusted_key
    from fulcrum.errors import IntegrityError
    from fulcrum.trust import verify_everything

    cp = read_checkpoint(checkpoint) if checkpoint else None
    trusted = {read_trusted_key(public_key)} if public_key else None
    with acting(as_user, token, write=False) as (session, actor):
        result = verify_everything(session, actor, cp, trusted_keys=trusted)
    if format == "json":
        print_json(result.to_dict())
    if not result.ok:
        where = f" at event #{result.first_bad}" if result.first_bad else ""
        raise IntegrityError(f"audit check failed{where}: {result.problem}")
    if format == "text":
        console.print(
            f"audit log intact: {result.count} events, head {result.head_hash[:16]}; "
            "tables and evidence files match it",
            markup=False,
        )


@app.command("export")
def export_log(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Write every event as JSON Lines."""
    from contextlib import ExitStack

    from fulcrum._atomic import atomic_output, check_output
    from fulcrum.audit import AuditLog
    from fulcrum.auth import authorize

    if output is not None:
        check_output(output)
    with acting(as_user, token, write=False) as (session, actor), ExitStack() as stack:
        authorize(actor, "audit.export")
        if output is None:
            handle: TextIO = sys.stdout
        else:
            tmp = stack.enter_context(atomic_output(output, overwrite=True))
            handle = stack.enter_context(tmp.open("w", encoding="utf-8"))
        for event in AuditLog(session).events():
            handle.write(json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


@app.command("checkpoint")
def checkpoint_log(
    output: Annotated[Path, typer.Option("--output", "-o", help="Checkpoint file to write.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Sign the head of the log (Ed25519) into a file to keep outside the database."""
    from fulcrum.audit import write_checkpoint
    from fulcrum.trust import sign_checkpoint

    with acting(as_user, token, write=False) as (session, actor):
        cp = sign_checkpoint(session, actor)
    write_checkpoint(cp, output)
    console.print(
        f"checkpoint: {cp.count} events, head {cp.head_hash[:16]}, signed by key {cp.key_id} "
        f"-> {output}",
        markup=False,
    )


@app.command("public-key")
def public_key() -> None:
    """Print the public key that signs this installation's checkpoints (PEM)."""
    from fulcrum.trust import checkpoint_public_key

    typer.echo(checkpoint_public_key(), nl=False)


def register(root: typer.Typer) -> None:
    """Add the ``audit`` group."""
    root.add_typer(app, name="audit")
