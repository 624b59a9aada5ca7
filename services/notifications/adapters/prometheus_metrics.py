"""Delivery metrics in Prometheus; labels are channel, template and status, never a person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from services.notifications.domain.model import BacklogLine, DeliveryRecord, Status
from shared.observability.metrics import ServiceMetrics

# From seconds (sent at once) to a day (held overnight by quiet hours or for a digest).
LATENCY_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86400)


class PrometheusDeliveryMetrics:
    def __init__(self, metrics: ServiceMetrics) -> None:
        self.sent = metrics.counter(
            "sent_total", "Notifications delivered", ["channel", "template"]
        )
        self.failed = metrics.counter(
            "failed_total",
            "Notifications that could not be delivered (status: permanent or exhausted)",
            ["channel", "template", "status"],
        )
        self.skipped = metrics.counter(
            "skipped_total",
            "Deliveries not made on purpose (status: opted_out, stale, expired, erased...)",
            ["channel", "template", "status"],
        )
        self.retries = metrics.counter(
            "retries_total",
            "Delivery attempts retried after a transient error",
            ["channel", "template"],
        )
        self.latency = metrics.histogram(
            "delivery_latency_seconds",
            "From the causing event to delivery, quiet hours and digests included",
            ["channel", "template"],
            buckets=LATENCY_BUCKETS,
        )
        self.queue = metrics.gauge(
            "queued_deliveries",
            "Deliveries waiting: deferred by quiet hours, held for a digest, or awaiting retry",
            ["channel", "status"],
        )

        self.backlog_depth = metrics.gauge(
            "backlog_deliveries",
            "Deliveries due and not yet sent (in flight included), by program and priority",
            ["program", "priority"],
        )
        self.backlog_age = metrics.gauge(
            "backlog_oldest_seconds",
            "How long the oldest due delivery has waited, by program and priority",
            ["program", "priority"],
        )
        self._backlog_labels: set[tuple[str, str]] = set()
        self.name_fallbacks = metrics.counter(
            "name_fallbacks_total",
            "Messages written with the partner's role because their name never arrived",
            ["template"],
        )
        self.after_pair_end = metrics.counter(
            "dropped_after_pair_end_total",
            "Pair creations and series invitations that arrived after the pair's end and were "
            "dropped instead of announcing a pair that is over",
            ["event_type"],
        )

        self.leavers_spared = metrics.counter(
            "leaver_messages_spared_total",
            "Messages not planned for someone who left the company (the directory deactivated "
            "them); their partner's are sent as usual",
            ["template"],
        )
        self.leavers_cancelled = metrics.counter(
            "leaver_deliveries_cancelled_total",
            "Open deliveries cancelled when the directory deactivated their recipient",
        )

    def leaver_spared(self, template: str) -> None:
        self.leavers_spared.labels(template).inc()

    def leaver_deliveries_cancelled(self, count: int) -> None:
        self.leavers_cancelled.inc(count)

    def dropped_after_pair_end(self, event_type: str) -> None:
        self.after_pair_end.labels(event_type).inc()

    def backlog(self, lines: Sequence[BacklogLine], now: datetime) -> None:
        seen = set()
        for line in lines:
            labels = (line.program_id, line.priority)
            seen.add(labels)
            self.backlog_depth.labels(*labels).set(line.count)
            self.backlog_age.labels(*labels).set(max(0.0, (now - line.oldest_due).total_seconds()))
        for labels in self._backlog_labels - seen:  # drained since the last report
            self.backlog_depth.labels(*labels).set(0)
            self.backlog_age.labels(*labels).set(0)
        self._backlog_labels |= seen

    def name_fallback(self, template: str) -> None:
        self.name_fallbacks.labels(template).inc()

    def finished(self, record: DeliveryRecord, status: Status, reason: str, now: datetime) -> None:
        channel, template = record.channel.value, record.template
        if status is Status.SENT:
            self.sent.labels(channel, template).inc()
            self.latency.labels(channel, template).observe(
                max(0.0, (now - record.occurred_at).total_seconds())
            )
        elif status is Status.FAILED:
            self.failed.labels(channel, template, reason or "permanent").inc()
        else:
            self.skipped.labels(channel, template, reason or status.value).inc()

    def retried(self, record: DeliveryRecord) -> None:
        self.retries.labels(record.channel.value, record.template).inc()

    def queued(self, sizes: Mapping[tuple[str, str], int]) -> None:
        for (channel, status), size in sizes.items():
            self.queue.labels(channel, status).set(size)
