"""``fulcrum evidence push``: send a file or a (signed) Evidence record to a Fulcrum server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from fulcrum.cli._output import console
from fulcrum.errors import (
    AuthenticationError,
    ConflictError,
    FulcrumError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
    missing_extra,
)

app = typer.Typer(help="Send evidence to a Fulcrum server.", no_args_is_help=True)

_BY_STATUS: dict[int, type[FulcrumError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: WorkflowError,
    412: ConflictError,
    413: InputError,
    422: InputError,
}


_ENVELOPES = {".intoto", ".dsse"}
_JSON = {".json", ".jsonl"}


def _record(path: Path) -> dict[str, Any] | None:
    """The file's JSON when it is an Evidence record or a DSSE envelope; None for a document.

    A ``.dsse``/``.intoto`` file must be an envelope, and a ``.json`` file must be valid JSON:
    a typo in a record is one clear error here, never a record sent as a plain file (where
    its verdict would be lost). ``--document`` sends any file as it is.
    """
    suffix = path.suffix.lower()
    if suffix not in _ENVELOPES | _JSON:
        return None
    from fulcrum._yaml import load_json

    data = load_json(path)
    if isinstance(data, dict) and ("payloadType" in data or {"kind", "verdict"} <= data.keys()):
        return data
    if suffix in _ENVELOPES:
        raise InputError(f"{path}: not a DSSE envelope (no payloadType); sign it with "
                         "`fulcrum signer sign`")  # fmt: skip
    if isinstance(data, dict) and ({"kind", "verdict", "checks"} & data.keys()):
        raise InputError(f"{path}: looks like an Evidence record but lacks kind or verdict; "
                         "give the whole record, or --document to send it as a file")  # fmt: skip
    return None


def _raise_for(response: Any) -> None:
    if response.status_code < 400:
        return
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text
    error = _BY_STATUS.get(response.status_code, FulcrumError)
    raise error(f"server answered {response.status_code}: {detail}")


@app.command("push")
def push(
    file: Annotated[
        Path, typer.Argument(help="A document, an Evidence record or a DSSE envelope.")
    ],
    server: Annotated[str, typer.Option(help="Server URL, e.g. https://fulcrum.example.org.")],
    case: Annotated[
        int | None,
        typer.Option(help="Review case to attach it to (default: only store it, cite by hash)."),
    ] = None,
    note: Annotated[str, typer.Option(help="What it shows.")] = "",
    token: Annotated[
        str | None,
        typer.Option(
            envvar="FULCRUM_TOKEN", help="API token (or FULCRUM_TOKEN).", show_default=False
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the server.")] = 60.0,
    document: Annotated[
        bool, typer.Option("--document", help="Send FILE as a plain document, even if JSON.")
    ] = False,
) -> None:
    """Send FILE to a server (to a case with --case); records and signed envelopes go as records."""
    try:
        import httpx
    except ModuleNotFoundError as exc:
        raise missing_extra("httpx", "server") from exc
    token = token or os.environ.get("FULCRUM_TOKEN")
    if not token:
        raise AuthenticationError("set FULCRUM_TOKEN (or --token) to an API token for the server")
    if not file.is_file():
        raise InputError(f"{file}: file not found")
    where = f"/api/v1/cases/{case}/evidence" if case is not None else "/api/v1/evidence"
    base = server.rstrip("/") + where
    headers = {"Authorization": f"Bearer {token}"}
    record = None if document else _record(file)
    try:
        with httpx.Client(headers=headers, timeout=timeout) as client:
            if record is not None:
                response = client.post(f"{base}/records", json={"record": record, "note": note})
            else:
                with file.open("rb") as handle:
                    response = client.post(
                        base,
                        files={"file": (file.name, handle, "application/octet-stream")},
                        data={"note": note},
                    )
    except httpx.HTTPError as exc:
        raise FulcrumError(f"cannot reach {server}: {exc}") from exc
    _raise_for(response)
    body = response.json()
    provenance = body.get("provenance", "self-declared")
    if case is not None:
        console.print(
            f"case {case}: evidence {body['id']} ({body['kind']}, {provenance}, "
            f"sha256 {body['sha256'][:16]})",
            highlight=False,
        )
    else:
        console.print(
            f"stored {body['kind']} ({provenance}) sha256 {body['sha256']}", highlight=False
        )


def register(root: typer.Typer) -> None:
    """Add the ``evidence`` group."""
    root.add_typer(app, name="evidence")
