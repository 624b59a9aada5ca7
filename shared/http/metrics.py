"""RED metrics of the HTTP API, labelled by route template (never by a concrete id)."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability.metrics import LATENCY_BUCKETS, ServiceMetrics


class HttpMetrics:
    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.service = metrics.service
        self.requests: Counter = metrics.http_requests
        self.duration: Histogram = metrics.http_duration

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "?")
            self.requests.labels(self.service, method, template, str(status)).inc()
            self.duration.labels(self.service, method, template).observe(
                time.perf_counter() - started
            )


__all__ = ["LATENCY_BUCKETS", "HttpMetrics"]
