"""The matching API's boundary: a refusal of the application becomes an HTTP error here."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from services.matching.domain.errors import MatchingRefused, UnknownEntity
from shared.http.errors import ApiError, NotFound


def http_error(refused: MatchingRefused) -> ApiError:
    """404 for what does not exist, 409 for a refusal due to the current state, else 422."""
    if isinstance(refused, UnknownEntity):
        return NotFound(refused.what)
    return ApiError(409 if refused.conflict else 422, refused.code, refused.message)


class MatchingRoute(APIRoute):
    """A route whose handler's refusals answer as their HTTP errors (the OpenAPI document
    is the plain route's: the statuses are declared on each router)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except MatchingRefused as refused:
                raise http_error(refused) from None

        return answer
