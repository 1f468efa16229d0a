"""Audit: verify the log now (optionally against a signed checkpoint), checkpoints, export."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from fulcrum.audit import Checkpoint
from fulcrum.errors import InputError
from fulcrum.web import _services as services
from fulcrum.web._context import Ctx, Web, attachment


def router(web: Web) -> APIRouter:
    """Routes under /audit."""
    r = APIRouter()

    @r.get("/audit")
    async def audit(request: Request) -> Response:
        """The audit page: verify now, export."""

        def work(ctx: Ctx) -> Response:
            return ctx.render("pages/audit.html.j2", {"result": None})

        return await web.page(request, work)

    @r.post("/audit/verify")
    async def verify(request: Request) -> Response:
        """Verify now, optionally against an uploaded signed checkpoint."""

        def work(ctx: Ctx, form: FormData) -> Response:
            upload = form.get("checkpoint")
            checkpoint = None
            if isinstance(upload, UploadFile) and upload.filename:
                checkpoint = _checkpoint(upload.file.read(1_000_000), upload.filename)
            result = services.verify_audit(ctx, checkpoint)
            return ctx.render(
                "pages/audit.html.j2", {"result": result}, part="parts/verification.html.j2"
            )

        return await web.action(request, work)

    @r.get("/audit/checkpoint.json")
    async def checkpoint(request: Request) -> Response:
        """A signed checkpoint of the verified head, to keep outside the database."""

        def work(ctx: Ctx) -> Response:
            body = json.dumps(services.sign_checkpoint(ctx).to_dict(), indent=2) + "\n"
            return attachment(body, "application/json", "fulcrum-checkpoint.json")

        return await web.page(request, work)

    @r.get("/audit/public-key.pem")
    async def public_key(request: Request) -> Response:
        """The public key that signs this installation's checkpoints."""

        def work(ctx: Ctx) -> Response:
            return attachment(
                services.checkpoint_public_key(ctx), "application/x-pem-file", "fulcrum.pub.pem"
            )

        return await web.page(request, work)

    @r.get("/audit/export.jsonl")
    async def export(request: Request) -> Response:
        """Every event as JSON Lines."""

        def work(ctx: Ctx) -> Response:
            lines: Iterator[str] = (
                json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                for e in services.audit_events(ctx)
            )
            return attachment("".join(lines), "application/x-ndjson", "audit-log.jsonl")

        return await web.page(request, work)

    return r


def _checkpoint(raw: bytes, filename: str) -> Checkpoint:
    """An uploaded checkpoint file; InputError names the file when it is unusable."""
    try:
        data = json.loads(raw.decode("utf-8"))
        return Checkpoint(
            int(data["count"]),
            str(data["head_hash"]),
            str(data.get("at", "")),
            str(data.get("digests", "")),
            str(data.get("public_key", "")),
            str(data.get("signature", "")),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
        raise InputError(
            f"{filename}: not a checkpoint (expected JSON with 'count' and 'head_hash')"
        ) from exc
