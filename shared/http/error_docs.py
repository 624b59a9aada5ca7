"""The project's error body as OpenAPI documents it, for a route's `responses=`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a stable code, a readable message, and problems by location."""

    error: str = Field(description="Stable code, e.g. not_found, forbidden, invalid_cursor")
    message: str
    problems: list[dict[str, Any]] = Field(
        default_factory=list, description="For 422: each problem's loc, msg and type"
    )


_MEANING = {
    401: "No bearer token, or an invalid or expired one (`unauthenticated`)",
    403: "Not allowed for this principal (`forbidden`)",
    404: "Not found, or not visible to this principal (`not_found`)",
    409: "Conflicts with the current state",
    422: "Invalid query, body or cursor (`invalid_request`, `invalid_cursor`)",
    503: "A backing service is unavailable; retry shortly (`dependency_unavailable`)",
}


def error_responses(*statuses: int, **meanings: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries with the error body; `meanings` (e.g. s404="...") refine texts."""
    return {
        status: {
            "model": ErrorBody,
            "description": meanings.get(f"s{status}", _MEANING[status]),
        }
        for status in statuses
    }
