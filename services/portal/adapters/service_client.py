"""One httpx client per service: forwards the person's bearer token, maps failures to types.

401 -> SignInRequired, 403 -> NotAllowed, 404 -> NotFound, 409 -> Conflict, 422/400 ->
Invalid (with the service's problems, never the submitted values), 5xx, timeouts and connection
errors -> Unavailable naming the service. The services' error body is
`{"error": code, "message": ..., "problems": [...]}`.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from services.portal.application.ports import Json, ListPage
from services.portal.domain.failures import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    PortalError,
    Problem,
    SignInRequired,
    Unavailable,
)

log = logging.getLogger("twoway.portal.services")


def _problems(body: Any) -> list[Problem]:
    found: list[Problem] = []
    for item in body.get("problems", []) if isinstance(body, dict) else []:
        if isinstance(item, dict):
            where = ".".join(str(p) for p in item.get("loc", []) if p != "body")
            found.append(
                Problem(where=where or str(item.get("line", "")), why=str(item.get("msg")))
            )
        else:
            found.append(Problem(where="", why=str(item)))
    return found


def failure_for(service: str, status: int, body: Any) -> PortalError:
    code = body.get("error") if isinstance(body, dict) else None
    code = str(code) if code else None
    if status == 401:
        return SignInRequired(service, code)
    if status == 403:
        return NotAllowed(service, code)
    if status == 404:
        return NotFound(service, code)
    if status == 409:
        return Conflict(service, code)
    if status in (400, 422):
        return Invalid(service, code, _problems(body))
    if status >= 500 or status == 429:
        return Unavailable(service, code)
    return PortalError(service, code)


class ServiceClient:
    def __init__(self, service: str, http: httpx.AsyncClient) -> None:
        self.service = service
        self._http = http

    async def call(
        self,
        method: str,
        path: str,
        token: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = await self._http.request(
                method,
                path,
                params=clean,
                json=json,
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as error:
            log.warning(
                "service unreachable",
                extra={"target": self.service, "error_type": type(error).__name__},
            )
            raise Unavailable(self.service, "unreachable") from None
        if response.status_code >= 400:
            try:
                body: Any = response.json()
            except ValueError:
                body = None
            failure = failure_for(self.service, response.status_code, body)
            if isinstance(failure, Unavailable):
                log.warning(
                    "service failed",
                    extra={"target": self.service, "status": response.status_code},
                )
            raise failure
        return response

    async def json(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        response = await self.call(method, path, token, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise Unavailable(self.service, "unreadable_response") from None

    async def page(
        self, path: str, token: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        """A list endpoint; a bare array (the older shape) is taken as one complete page."""
        body = await self.json(
            "GET", path, token, params={**filters, "limit": limit, "cursor": cursor}
        )
        if isinstance(body, list):
            return ListPage(items=body, next_cursor=None, total=len(body))
        if not isinstance(body, dict):
            raise Unavailable(self.service, "unreadable_response")
        total = body.get("total")
        return ListPage(
            items=list(body.get("items", [])),
            next_cursor=body.get("next_cursor"),
            total=int(total) if isinstance(total, int) else None,
            extra={k: v for k, v in body.items() if k not in ("items", "next_cursor", "total")},
        )


def build_http(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, 3.0)),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )
