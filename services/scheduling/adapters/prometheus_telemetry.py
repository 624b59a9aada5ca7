"""Scheduling's domain metrics. Labels are programs, reasons and timer kinds — never people."""

from __future__ import annotations

from collections.abc import Sequence

from shared.events import Event
from shared.observability.metrics import ServiceMetrics

_PER_PROGRAM = {
    "SessionScheduled": "scheduled",
    "SessionCompleted": "completed",
    "SessionMissed": "missed",
}
_PER_PROGRAM_AND_REASON = {
    "SessionCancelled": "cancelled",
    "SessionRescheduled": "rescheduled",
    "SessionSeriesUnschedulable": "unschedulable",
}

_LAG_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400)


class PrometheusTelemetry:
    def __init__(self, metrics: ServiceMetrics) -> None:
        self._by_program = {
            outcome: metrics.counter(
                f"sessions_{outcome}_total", f"Sessions {outcome}, by program", ["program"]
            )
            for outcome in _PER_PROGRAM.values()
        }
        self._by_reason = {
            "cancelled": metrics.counter(
                "sessions_cancelled_total",
                "Sessions cancelled, by program and reason",
                ["program", "reason"],
            ),
            "rescheduled": metrics.counter(
                "sessions_rescheduled_total",
                "Sessions moved, by program and reason",
                ["program", "reason"],
            ),
            "unschedulable": metrics.counter(
                "series_unschedulable_total",
                "Pairs whose series could not be planned, by program and reason",
                ["program", "reason"],
            ),
        }
        self._latency = metrics.histogram(
            "scheduling_latency_seconds",
            "From PairCreated to its first SessionScheduled being published",
            ["program"],
        )
        self._timer_lag = metrics.histogram(
            "timer_lag_seconds",
            "How late a timer fired: now minus its due time",
            ["kind"],
            buckets=_LAG_BUCKETS,
        )
        self._timers = metrics.counter(
            "timers_fired_total",
            "Timers claimed and decided, by kind and outcome",
            ["kind", "outcome"],
        )

    def emitted(self, events: Sequence[Event]) -> None:
        for event in events:
            if event.event_type in _PER_PROGRAM:
                self._by_program[_PER_PROGRAM[event.event_type]].labels(event.program_id).inc()
            elif event.event_type in _PER_PROGRAM_AND_REASON:
                counter = self._by_reason[_PER_PROGRAM_AND_REASON[event.event_type]]
                counter.labels(event.program_id, str(getattr(event, "reason", ""))).inc()

    def planning_latency(self, program_id: str, seconds: float) -> None:
        self._latency.labels(program_id).observe(seconds)

    def timer_fired(self, kind: str, outcome: str, lag_seconds: float) -> None:
        self._timers.labels(kind, outcome).inc()
        self._timer_lag.labels(kind).observe(lag_seconds)
