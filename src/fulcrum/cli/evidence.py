"""``fulcrum evidence push``: send a file or a (signed) Evidence record to a Fulcrum server."""

from __future__ import annotations

import json
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


def _record(path: Path) -> dict[str, Any] | None:
    """The file's JSON when it is an Evidence record or a DSSE envelope; None otherwise."""
    if path.suffix.lower() not in {".json", ".jsonl", ".intoto", ".dsse"}:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and ("payloadType" in data or {"kind", "verdict"} <= data.keys()):
        return data
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
    record = _record(file)
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
