"""Prometheus metrics of the feedback service; labels are program and role, never a person."""

from __future__ import annotations

from services.feedback.domain.model import FeedbackRequest, Role
from shared.observability.metrics import ServiceMetrics

RATING_BUCKETS = (1, 2, 3, 4, 5)


class PrometheusFeedbackObserver:
    def __init__(self, metrics: ServiceMetrics) -> None:
        self._requested = metrics.counter(
            "requests_total", "Feedback requests sent (first asks and nudges)", ["program", "kind"]
        )
        self._submitted = metrics.counter(
            "submitted_total", "Feedback answers submitted (first submission)", ["program", "role"]
        )
        self._edited = metrics.counter("edits_total", "Feedback answers edited", ["program"])
        self._held = metrics.counter(
            "completions_held_total",
            "Completed sessions held until their pair's creation arrives (nobody asked yet)",
            ["program"],
        )
        self._ratings = {
            name: metrics.histogram(
                f"rating_{name}",
                f"Submitted '{name}' ratings (1-5)",
                ["program", "role"],
                buckets=RATING_BUCKETS,
            )
            for name in ("value", "preparation", "psychological_safety")
        }
        self._transitions = metrics.counter(
            "pair_health_transitions_total",
            "Pairs entering or leaving an at-risk episode",
            ["program", "transition"],
        )
        self._at_risk = metrics.gauge(
            "pairs_at_risk", "Active pairs currently at risk", ["program"]
        )
        self._at_risk_programs: set[str] = set()

    def feedback_requested(self, program_id: str, *, nudge: bool) -> None:
        self._requested.labels(program_id, "nudge" if nudge else "initial").inc()

    def feedback_submitted(self, program_id: str, role: Role, request: FeedbackRequest) -> None:
        self._submitted.labels(program_id, role).inc()
        if request.answer is None:
            return
        ratings = request.answer.ratings
        self._ratings["value"].labels(program_id, role).observe(ratings.value)
        self._ratings["preparation"].labels(program_id, role).observe(ratings.preparation)
        if ratings.psychological_safety is not None:
            self._ratings["psychological_safety"].labels(program_id, role).observe(
                ratings.psychological_safety
            )

    def feedback_held(self, program_id: str) -> None:
        self._held.labels(program_id).inc()

    def feedback_edited(self, program_id: str) -> None:
        self._edited.labels(program_id).inc()

    def health_changed(self, program_id: str, kind: str) -> None:
        self._transitions.labels(program_id, kind).inc()

    def pairs_at_risk(self, counts: dict[str, int]) -> None:
        # Programs whose last at-risk pair recovered must drop to zero, not keep a stale value.
        for program_id in self._at_risk_programs - counts.keys():
            self._at_risk.labels(program_id).set(0)
        for program_id, count in counts.items():
            self._at_risk.labels(program_id).set(count)
        self._at_risk_programs |= counts.keys()
