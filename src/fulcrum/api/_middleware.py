"""Pure ASGI middleware: security headers on every response, and request size limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_STRICT_CSP = b"default-src 'none'; frame-ancestors 'none'"
#: The interactive docs page loads Swagger UI's script and style from its CDN.
_DOCS_CSP = (
    b"default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    b"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    b"https://fastapi.tiangolo.com; connect-src 'self'; frame-ancestors 'none'"
)
_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class SecurityHeaders:
    """Adds nosniff, frame denial, CSP, no referrer and ``Cache-Control: no-store``."""

    def __init__(self, app: ASGIApp, *, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] == self.docs_path else _STRICT_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in _COMMON if h[0] not in names)
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", csp))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses bodies over the limit with 413, by Content-Length or while they stream in."""

    def __init__(
        self, app: ASGIApp, *, default: int, upload: int, is_upload: Callable[[str], bool]
    ) -> None:
        self.app = app
        self.default = default
        self.upload = upload
        self.is_upload = is_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS", "DELETE"}:
            await self.app(scope, receive, send)
            return
        limit = self.upload if self.is_upload(scope["path"]) else self.default
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit, scope["path"])
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, f"the request body is larger than {limit} bytes")
            return message

        await self.app(scope, counting_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int, path: str) -> None:
    body: dict[str, Any] = {
        "type": "urn:fulcrum:problem:too-large",
        "title": "Request body too large",
        "status": 413,
        "detail": f"the request body is larger than {limit} bytes",
        "instance": path,
    }
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(data)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
