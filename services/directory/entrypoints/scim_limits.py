"""The SCIM body limit, answered in the SCIM error format before the body is read."""

from __future__ import annotations

from typing import Any

from starlette.types import Receive, Scope, Send

from services.directory.entrypoints.scim_api import PREFIX
from services.directory.entrypoints.scim_errors import scim_error


class ScimBodyLimit:
    """Wraps the service's app: a SCIM request declaring a body over `max_bytes` gets a 413
    SCIM error at once (a chunked one is counted by the route as it reads). Everything else,
    including the app's own attributes (its AsyncAPI schema), passes through."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self._app = app
        self._max_bytes = max_bytes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith(PREFIX):
            for name, value in scope.get("headers", ()):
                if name == b"content-length" and value.isdigit() and int(value) > self._max_bytes:
                    response = scim_error(413, "the request body is too large")
                    await response(scope, receive, send)
                    return
        await self._app(scope, receive, send)
