"""``fulcrum signer``: keys that sign evidence (a CI runner's), and signing a record with one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from fulcrum.cli._db import AsOption, TokenOption, acting
from fulcrum.cli._output import OutputFormat, console, print_json
from fulcrum.errors import InputError

app = typer.Typer(help="Evidence signer keys (Ed25519, DSSE/in-toto).", no_args_is_help=True)


@app.command("keygen")
def keygen(
    output: Annotated[Path, typer.Option("--output", "-o", help="Private key file to create.")],
) -> None:
    """Create an Ed25519 private key (mode 0600) and print its public key to register."""
    from fulcrum.audit._signing import load_or_create_private_key, public_from_private, public_pem

    if output.exists():
        raise InputError(f"{output}: exists already; refusing to overwrite a key")
    if not output.parent.is_dir():
        raise InputError(f"{output}: folder {output.parent} does not exist")
    typer.echo(public_pem(public_from_private(load_or_create_private_key(output))), nl=False)


@app.command("sign")
def sign(
    record: Annotated[
        Path, typer.Argument(help="An Evidence record, or an assessment's --format json output.")
    ],
    key: Annotated[Path, typer.Option(help="Private key file (from `fulcrum signer keygen`).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="DSSE envelope to write.")],
) -> None:
    """Wrap an Evidence record in an in-toto Statement and sign it as a DSSE envelope."""
    from fulcrum._atomic import check_output, write_atomic
    from fulcrum._yaml import load_json
    from fulcrum.audit._signing import load_or_create_private_key
    from fulcrum.trust import check_record, extract_record, sign_evidence

    check_output(output, (record, key))
    if not key.is_file():
        raise InputError(f"{key}: key file not found")
    document = extract_record(load_json(record))
    check_record(document, where=str(record))
    envelope = sign_evidence(document, load_or_create_private_key(key))
    write_atomic(output, json.dumps(envelope, indent=2) + "\n", record, key)
    console.print(f"signed {record} -> {output}", markup=False)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the signer (e.g. ci-runner).")],
    public_key: Annotated[Path, typer.Argument(help="Its public key (PEM or base64).")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Register a public key whose signed evidence is accepted as signed (admin)."""
    from fulcrum._yaml import read_text
    from fulcrum.audit import read_trusted_key
    from fulcrum.trust import EvidenceService

    read_trusted_key(public_key)  # a file that holds no Ed25519 public key is named here
    text = read_text(public_key)
    with acting(as_user, token) as (session, actor):
        row = EvidenceService(session, actor).add_signer(name, text)
    console.print(f"signer {row.name} registered, key {row.key_id}", markup=False)


@app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="Signer name.")],
    as_user: AsOption = None,
    token: TokenOption = None,
) -> None:
    """Stop accepting a signer's key (admin)."""
    from fulcrum.trust import EvidenceService

    with acting(as_user, token) as (session, actor):
        EvidenceService(session, actor).revoke_signer(name)
    console.print(f"signer {name} revoked", markup=False)


@app.command("list")
def list_signers(
    as_user: AsOption = None,
    token: TokenOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = "text",
) -> None:
    """Registered signer keys."""
    from fulcrum.trust import EvidenceService

    with acting(as_user, token, write=False) as (session, actor):
        rows = [
            {"name": r.name, "key_id": r.key_id, "active": r.active, "added_by": r.added_by}
            for r in EvidenceService(session, actor).signers()
        ]
    if format == "json":
        print_json(rows)
        return
    table = Table("name", "key id", "active", "added by")
    for r in rows:
        table.add_row(*(Text(str(v)) for v in r.values()))
    console.print(table)


def register(root: typer.Typer) -> None:
    """Add the ``signer`` group."""
    root.add_typer(app, name="signer")
