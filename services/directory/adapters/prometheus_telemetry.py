"""The directory's domain metrics."""

from __future__ import annotations

from shared.observability.metrics import ServiceMetrics


class PrometheusTelemetry:
    def __init__(self, metrics: ServiceMetrics) -> None:
        self._changes = metrics.counter(
            "people_changes_total",
            "People provisioned, changed and removed through SCIM, by connection and action",
            ["connection", "action"],
        )

    def person_changed(self, connection_id: str, action: str) -> None:
        self._changes.labels(connection_id, action).inc()
