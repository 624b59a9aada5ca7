"""One Prometheus registry per service: FastStream's RED metrics, plumbing and domain metrics."""

from __future__ import annotations

from collections.abc import Sequence

from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)


class ServiceMetrics:
    """Metric names follow `twoway_<service>_<what>_<unit>`; labels never name a person."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            # Process-wide collectors; a registry may share them with the default one.
            self.registry.register(collector)
        self.dead_letters = Counter(
            "twoway_dead_letters_total",
            "Messages sent to the service's dead-letter topic",
            ["service", "topic", "reason"],
            registry=self.registry,
        )
        self.handler_retries = Counter(
            "twoway_handler_retries_total",
            "Handler attempts retried after a failure",
            ["service", "topic", "error_type"],
            registry=self.registry,
        )
        self.outbox_pending = Gauge(
            "twoway_outbox_pending_events",
            "Events recorded but not yet acknowledged by Kafka",
            ["service"],
            registry=self.registry,
        )
        self.outbox_republished = Counter(
            "twoway_outbox_republished_total",
            "Events republished by the outbox relay after a crash or an outage",
            ["service"],
            registry=self.registry,
        )

        self.http_requests = Counter(
            "twoway_http_requests_total",
            "HTTP requests by route template and status",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.http_duration = Histogram(
            "twoway_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=LATENCY_BUCKETS,
        )

    def kafka_middleware(self) -> KafkaPrometheusMiddleware:
        return KafkaPrometheusMiddleware(registry=self.registry, app_name=self.service)

    def _name(self, what: str) -> str:
        return f"twoway_{self.service}_{what}"

    def counter(self, what: str, doc: str, labels: Sequence[str] = ()) -> Counter:
        return Counter(self._name(what), doc, list(labels), registry=self.registry)

    def gauge(self, what: str, doc: str, labels: Sequence[str] = ()) -> Gauge:
        return Gauge(self._name(what), doc, list(labels), registry=self.registry)

    def histogram(
        self,
        what: str,
        doc: str,
        labels: Sequence[str] = (),
        buckets: Sequence[float] = LATENCY_BUCKETS,
    ) -> Histogram:
        return Histogram(
            self._name(what), doc, list(labels), registry=self.registry, buckets=tuple(buckets)
        )
