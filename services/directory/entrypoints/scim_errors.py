"""Every failure under /scim/v2 answers in the SCIM error format (RFC 7644 §3.12).

No detail ever quotes what the client sent: names and addresses are personal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import ValidationError
from scim2_models import Error, SCIMException

from services.directory.domain.errors import (
    ChangedMeanwhile,
    DirectoryRefused,
    Immutable,
    InvalidFilter,
    InvalidRequest,
    InvalidValue,
    PersonIdTaken,
    UnknownPerson,
    UserNameTaken,
    VersionMismatch,
)

SCIM_MEDIA_TYPE = "application/scim+json"


def scim_error(
    status: int, detail: str, scim_type: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    error = Error(status=status, scim_type=scim_type, detail=detail)
    return Response(
        content=json.dumps(error.model_dump()),
        status_code=status,
        media_type=SCIM_MEDIA_TYPE,
        headers=headers,
    )


class Unauthorized(Exception):
    """No bearer token, or one no connection was given."""


class BodyTooLarge(InvalidRequest):
    def __init__(self) -> None:
        super().__init__("the request body is too large")


_ANSWERS: dict[type[DirectoryRefused], tuple[int, str | None]] = {
    UnknownPerson: (404, None),
    UserNameTaken: (409, "uniqueness"),
    PersonIdTaken: (409, "uniqueness"),
    Immutable: (400, "mutability"),
    VersionMismatch: (412, None),
    ChangedMeanwhile: (409, None),
    InvalidFilter: (400, "invalidFilter"),
    BodyTooLarge: (413, None),
    InvalidRequest: (400, "invalidSyntax"),
    InvalidValue: (400, "invalidValue"),
}


def answer_to(refused: DirectoryRefused) -> tuple[int, str | None]:
    """The HTTP status and SCIM scimType of a refusal (its closest kind in the table)."""
    for kind in type(refused).__mro__:
        if kind in _ANSWERS:
            return _ANSWERS[kind]
    return 400, None


def _validation_detail(error: ValidationError) -> tuple[str, str]:
    """Which attribute broke which rule; the input itself stays out of the answer."""
    problems = error.errors()
    location = problems[0]["loc"] if problems else ()
    where = ".".join(str(p) for p in location if not isinstance(p, int)) or "body"
    kind = str(problems[0]["type"]) if problems else "value_error"
    if kind == "extra_forbidden":
        return "invalidSyntax", f"attribute {where} is not in the User schema"
    if kind in ("required_error", "missing"):
        return "invalidValue", f"attribute {where} is required"
    if kind == "mutability_error":
        return "mutability", f"attribute {where} cannot be written"
    return "invalidValue", f"attribute {where} has an invalid value"


def as_scim_response(error: Exception) -> Response:
    if isinstance(error, Unauthorized):
        return scim_error(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(error, DirectoryRefused):
        status, scim_type = answer_to(error)
        return scim_error(status, error.detail, scim_type)
    if isinstance(error, SCIMException):
        return scim_error(error.status, _scim_detail(error), error.scim_type or None)
    if isinstance(error, ValidationError):
        scim_type, detail = _validation_detail(error)
        return scim_error(400, detail, scim_type)
    raise error


def _scim_detail(error: SCIMException) -> str:
    """The rule the request broke, in the library's generic words: a specific detail may
    quote a submitted value."""
    return str(getattr(type(error), "_default_detail", "") or "request refused")


class ScimRoute(APIRoute):
    """A route whose refusals are SCIM errors, whatever raised them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def scim_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except (Unauthorized, DirectoryRefused, SCIMException, ValidationError) as error:
                return as_scim_response(error)

        return scim_handler


def scim_json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=json.dumps(payload, default=str),
        status_code=status,
        media_type=SCIM_MEDIA_TYPE,
        headers=headers,
    )
