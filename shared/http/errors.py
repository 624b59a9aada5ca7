"""One error shape for every API: `{"error": code, "message": ..., "problems": [...]}`."""

from __future__ import annotations

import logging
import re
from typing import Any

from aiokafka.errors import KafkaError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

log = logging.getLogger("twoway.http")


class ApiError(Exception):
    """Raised by routes and handlers; mapped to a status code with a stable error code."""

    def __init__(
        self, status: int, code: str, message: str, problems: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems or []


class NotFound(ApiError):
    def __init__(self, what: str) -> None:
        super().__init__(404, "not_found", f"{what} not found")


class Conflict(ApiError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(409, code, message)


class Unprocessable(ApiError):
    def __init__(self, code: str, message: str, problems: list[dict[str, Any]] | None = None):
        super().__init__(422, code, message, problems)


def _without_input(message: str, submitted: Any) -> str:
    """The message with every submitted text or number in it replaced: a validator may quote
    what it refused ("unknown IANA time zone '...'"), and what was sent may be personal data
    or markup meant for someone's screen. Quoted, any value is replaced; bare, a value of at
    least four characters standing as a word of its own."""
    for value in sorted(_scalars(submitted), key=len, reverse=True):
        for quoted in (repr(value), f'"{value}"'):
            message = message.replace(quoted, "the given value")
        if len(value) >= 4:
            message = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "the given value", message)
    return message


def _scalars(value: Any, depth: int = 0) -> list[str]:
    """The texts and numbers of a submitted value (dict values, not keys: keys are names the
    contract defines)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, str | int | float):
        return [str(value)] if str(value) else []
    if depth > 4:
        return []
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(items, list | tuple):
        return []
    return [s for item in items[:200] for s in _scalars(item, depth + 1)]


def _problems(error: RequestValidationError) -> list[dict[str, Any]]:
    # No "input" echo: request bodies carry names and emails, neither as a field nor in a msg.
    return [
        {
            "loc": [str(p) for p in item.get("loc", ())],
            "msg": _without_input(str(item.get("msg", "")), item.get("input")),
            "type": item.get("type", ""),
        }
        for item in error.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(
            {"error": error.code, "message": error.message, "problems": error.problems},
            status_code=error.status,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = _problems(error)
        return JSONResponse(
            {
                "error": "invalid_request",
                "message": f"{len(problems)} problem(s) in the request",
                "problems": problems,
            },
            status_code=422,
        )

    @app.exception_handler(ConnectionFailure)
    @app.exception_handler(KafkaError)
    async def _outage(_request: Request, error: Exception) -> JSONResponse:
        # The database or the broker is unreachable: tell the caller to retry, not that the
        # request was wrong; the outbox keeps anything already recorded.
        log.warning("dependency unavailable", extra={"error_type": type(error).__name__})
        return JSONResponse(
            {
                "error": "dependency_unavailable",
                "message": "a backing service is unavailable; retry shortly",
                "problems": [],
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(
            {"error": "http_error", "message": str(error.detail), "problems": []},
            status_code=error.status_code,
            headers=headers or None,
        )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's own 405 names only the
    methods of the first route whose path matched, though several may share it."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        path, route_methods = route.path_format, route.methods
        # The route's own regex keeps its convertors ({phase:assessment_phase} is pre|post).
        pattern = getattr(route, "path_regex", None) or (compile_path(path)[0] if path else None)
        if pattern is not None and route_methods and pattern.match(request.scope["path"]):
            methods |= set(route_methods)
    return sorted(methods)
