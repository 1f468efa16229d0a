"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fulcrum import errors

PROBLEM_JSON = "application/problem+json"
_LOG = logging.getLogger("fulcrum.api")

#: error class -> (status, problem type slug, title). The first matching class wins.
_MAP: tuple[tuple[type[errors.FulcrumError], int, str, str], ...] = (
    (errors.AuthenticationError, 401, "unauthenticated", "Authentication required"),
    (errors.PermissionDeniedError, 403, "forbidden", "Not allowed"),
    (errors.NotFoundError, 404, "not-found", "Not found"),
    (errors.InputError, 422, "invalid-input", "Invalid input"),
    (errors.WorkflowError, 409, "workflow-conflict", "Not allowed in the current state"),
    (errors.ConflictError, 409, "concurrent-update", "Changed by someone else"),
    (errors.IntegrityError, 409, "integrity-failure", "Stored data failed verification"),
    (errors.EngineError, 501, "not-available", "Feature not available on this server"),
)
_STATUS_SLUG = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Not allowed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    412: ("precondition-failed", "Precondition failed"),
    413: ("too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-input", "Invalid input"),
    428: ("precondition-required", "Precondition required"),
    500: ("internal-error", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}


def problem_type(slug: str) -> str:
    """The URI naming a problem type (listed in docs/api.md)."""
    return f"urn:fulcrum:problem:{slug}"


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    title: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response."""
    default_slug, default_title = _STATUS_SLUG.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": problem_type(slug or default_slug),
        "title": title or default_title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(jsonable_encoder(extra))
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


class PreconditionFailed(errors.FulcrumError):
    """An ``If-Match`` header named a representation that is no longer current."""


class MissingCredentials(errors.AuthenticationError):
    """The request carries no bearer token at all."""


def _fulcrum_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.FulcrumError)
    path = request.url.path
    if isinstance(exc, PreconditionFailed):
        return problem(412, str(exc), instance=path)
    if isinstance(exc, errors.AuthenticationError):
        # RFC 6750: no error code when the request had no credentials at all
        challenge = (
            "Bearer"
            if isinstance(exc, MissingCredentials) or path.endswith("/auth/token")
            else 'Bearer error="invalid_token"'
        )
        return problem(401, str(exc), instance=path, headers={"WWW-Authenticate": challenge})
    for cls, status, slug, title in _MAP:
        if isinstance(exc, cls):
            return problem(status, str(exc), slug=slug, title=title, instance=path)
    if isinstance(exc, errors.StoreError):
        from sqlalchemy.exc import IntegrityError as SqlIntegrityError

        if isinstance(exc.__cause__, SqlIntegrityError):
            return problem(
                409,
                "the change conflicts with a record stored at the same time; reload and retry",
                slug="concurrent-update",
                title="Changed by someone else",
                instance=path,
            )
        _LOG.warning("store error on %s: %s", path, exc)
        return problem(
            503,
            "the database could not complete the request; nothing was changed, retry",
            slug="store-unavailable",
            instance=path,
            headers={"Retry-After": "1"},
        )
    _LOG.error("unmapped Fulcrum error on %s: %r", path, exc)
    return problem(500, "the server failed; nothing was changed", instance=path)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return problem(exc.status_code, str(exc.detail), instance=request.url.path, headers=headers)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in found[:5])
    return problem(422, where or "invalid request", instance=request.url.path, errors=found)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    _LOG.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return problem(500, "the server failed; nothing was changed", instance=request.url.path)


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on ``app``."""
    app.add_exception_handler(errors.FulcrumError, _fulcrum_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
