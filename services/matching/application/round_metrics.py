"""What the rounds tell Prometheus: how long they take, how they end, how well they match."""

from __future__ import annotations

import time

from services.matching.domain import MatchingResult
from shared.observability.metrics import ServiceMetrics


class RoundMetrics:
    def __init__(self, metrics: ServiceMetrics) -> None:
        m = metrics
        self.duration = m.histogram(
            "round_duration_seconds", "Matching round wall time", ["program"]
        )
        self.rounds = m.counter(
            "rounds_total", "Matching rounds by outcome", ["program", "outcome"]
        )
        self._match_rate = m.gauge(
            "match_rate", "Share of seniors matched after the last round", ["program", "region"]
        )
        self._mean_score = m.gauge(
            "mean_pair_score", "Mean score of the last round's new pairs", ["program", "region"]
        )
        self._gap = m.gauge(
            "gap_to_bound", "Relative gap of the last round to its upper bound", ["program"]
        )
        self._graph = m.gauge(
            "candidate_graph_pairs", "Candidate pairs in the last round", ["program"]
        )
        self._last_ok = m.gauge(
            "last_round_success_timestamp_seconds",
            "Unix time of the last successful published round",
            ["program"],
        )
        self._participants = m.gauge(
            "participants", "Participants by status", ["program", "region", "status"]
        )

    def published(self, program_id: str, region: str, result: MatchingResult) -> None:
        r = result.report
        self._match_rate.labels(program_id, region).set(r.senior_match_rate)
        self._mean_score.labels(program_id, region).set(r.mean_score)
        self._gap.labels(program_id).set(r.gap_to_upper_bound)
        self._graph.labels(program_id).set(r.candidate_graph.pairs)
        self._last_ok.labels(program_id).set(time.time())

    def participants(self, program_id: str, region: str, counts: dict[str, int]) -> None:
        for status, n in counts.items():
            self._participants.labels(program_id, region, status).set(n)
