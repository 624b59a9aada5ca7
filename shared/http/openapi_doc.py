"""What each service's OpenAPI document says beyond the routes' own declarations.

- The bearer scheme (a JWT in `Authorization: Bearer`), applied to every route that needs a
  principal.
- Every status a route can answer, with the project's error body `{error, message, problems}`:
  401 and 403 where a principal is needed, 404 where the path names something, 400, 409 and
  413 where a body is sent or state changes, 422 wherever the request carries input (instead
  of FastAPI's `{detail: [...]}`), 503 everywhere (a backing service may be away).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.routing import BaseRoute

from shared.http.auth import current_principal
from shared.http.error_docs import ErrorBody

SCHEME = "bearerAuth"
_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}
_MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
_MEANING = {
    400: "The body could not be read as the declared media type (`http_error`)",
    401: "No bearer token, or an invalid or expired one (`unauthenticated`)",
    403: "Not allowed for this principal (`forbidden`)",
    404: "Not found, or not visible to this principal (`not_found`)",
    409: "Conflicts with the current state (e.g. `concurrent_update`, a withdrawn person)",
    413: "The body is larger than the service accepts (`payload_too_large`)",
    422: "Invalid path, query or body (`invalid_request`, or a rule's own code)",
    503: "A backing service is unavailable; retry shortly (`dependency_unavailable`)",
}


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` with a generator that completes the document as above."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            complete(schema, app.routes)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def complete(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> None:
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})[SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token of the identity provider (RS256, audience twoway)",
    }
    components.setdefault("schemas", {})["ErrorBody"] = ErrorBody.model_json_schema()
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        operations = schema.get("paths", {}).get(route.path_format, {})
        for method in (route.methods or set()) - {"HEAD"}:
            operation = operations.get(method.lower())
            if operation is not None:
                _complete_operation(operation, route, method)
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)


def _complete_operation(operation: dict[str, Any], route: RouteContext, method: str) -> None:
    dependant = route.dependant
    protected = _depends_on(dependant, current_principal)
    has_body = route.body_field is not None
    has_input = has_body or bool(
        _params(dependant, lambda d: [*d.path_params, *d.query_params, *d.header_params])
    )
    statuses = [503]
    if protected:
        operation["security"] = [{SCHEME: []}]
        statuses += [401, 403]
    if _params(dependant, lambda d: d.path_params):
        statuses.append(404)
    if has_body:
        statuses += [400, 413]
    if method in _MUTATING:
        statuses.append(409)
    if has_input:
        statuses.append(422)
    responses = operation.setdefault("responses", {})
    for status in sorted(statuses):
        entry = responses.get(str(status))
        if entry is not None and not _is_default_validation(entry):
            continue  # the route's own, more precise declaration
        responses[str(status)] = {
            "description": _MEANING[status],
            "content": {"application/json": {"schema": _ERROR_REF}},
        }


def _is_default_validation(entry: dict[str, Any]) -> bool:
    schema = entry.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref", "").endswith("/HTTPValidationError"))


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return dependant.call is call or any(_depends_on(d, call) for d in dependant.dependencies)


def _params(dependant: Dependant, pick: Callable[[Dependant], list[Any]]) -> list[Any]:
    found = list(pick(dependant))
    for sub in dependant.dependencies:
        found += _params(sub, pick)
    return found
