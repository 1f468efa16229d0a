"""RFC 9457 problem details: the body of every error response."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from fulcrum.schemas._base import Schema


class Problem(Schema):
    """What went wrong: a problem type URI, a title, the status and a specific detail."""

    model_config = ConfigDict(from_attributes=True, extra="allow")

    type: str = Field(description="urn:fulcrum:problem:<slug> (see docs/api.md).")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Validation errors: loc, msg, type (422 only)."
    )


_WHY = {
    400: "The body could not be parsed (not UTF-8, not JSON, broken multipart).",
    401: "No bearer token, or one that is unknown, expired or revoked, or a deactivated user.",
    403: "The acting user's role or relationship to the object does not allow it.",
    404: "No such object.",
    409: "Not allowed in the current state, changed concurrently, or failed verification.",
    412: "If-Match named a version that is no longer current.",
    413: "The request body is larger than the server accepts.",
    422: "The request is invalid; the detail names the field.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses, as problem+json."""
    schema = Problem.model_json_schema()
    return {
        status: {
            "description": _WHY[status],
            "content": {"application/problem+json": {"schema": schema}},
        }
        for status in statuses
    }
