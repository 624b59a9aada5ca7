"""Matching's scenario: participants join, pairs come out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from bench.pipeline.scenarios.base import (
    PROGRAM,
    Outputs,
    Scenario,
    program_of,
    today,
)
from bench.pipeline.workload import (
    Message,
    joined,
    message,
    profile,
    program_launched,
)


class MatchingScenario(Scenario):
    """Ingestion of ParticipantJoined from another producer (an HR sync, say), for a
    dozen programs at once.

    Latency phases feed cohorts instead: a program per cohort, launched over HTTP with
    `auto_round_min_waiting` set to the cohort's seniors; its juniors join first, then its
    seniors. The latency of a PairCreated runs from the moment the cohort's last
    ParticipantJoined was produced: ingestion, the automatic round check, the round itself
    and the publication all count.
    """

    service = "matching"
    main_stream = "participants"
    output_streams = ("pairs",)
    subscribers = 2
    baseline_latency = False
    latency_path_events = 400
    """40 cohorts, each a program and its round."""
    cohort = 5
    programs = 12
    """Throughput phases spread their joins over this many programs: the participants
    topic is keyed by program, so one program's joins are one partition, in order."""

    def setup(self) -> list[Message]:
        return []

    def _cohorts(self, phase: str, count: int) -> int:
        return max(1, count // (2 * self.cohort))

    async def prepare_service(self, base_url: str, token: str, phase: str, count: int) -> None:
        if "lat" not in phase:
            return
        headers = {"Authorization": f"Bearer {token}"}
        settings = program_launched(PROGRAM, today()).settings.model_dump(mode="json")
        policy = {"auto_round_min_waiting": self.cohort}
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as http:
            for c in range(self._cohorts(phase, count)):
                body = {"program_id": f"m-{phase}-{c}", "settings": settings, "policy": policy}
                response = await http.post("/programs", json=body)
                response.raise_for_status()

    def inputs(self, phase: str, count: int) -> list[Message]:
        if "lat" not in phase:
            return [
                message(
                    joined(
                        f"m-{phase}-{i % self.programs}",
                        profile(f"{phase}-{role[0]}{i}", role, level),
                    )
                )
                for i in range(count)
                for role, level in ((("junior", 2),) if i % 2 else (("senior", 7),))
            ]
        return [
            message(joined(f"m-{phase}-{c}", profile(f"{phase}-{c}-{role[0]}{i}", role, level)))
            for c in range(self._cohorts(phase, count))
            for role, level in (("junior", 2), ("senior", 7))
            for i in range(self.cohort)
        ]

    def _pairs(self, inputs: Sequence[Message], outputs: Outputs) -> dict[str, tuple[str, float]]:
        """PairCreated of the phase's programs, by pair id, with program and first arrival."""
        programs = {m.event.program_id for m in inputs}
        found: dict[str, tuple[str, float]] = {}
        for a in outputs.collector.of_type("PairCreated"):
            program = program_of(a.value)
            if program in programs and a.key is not None:
                found.setdefault(a.key.decode(), (program, a.at))
        return found

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        if not any("-lat" in m.event.program_id for m in inputs[:1]):
            return True
        return len(self._pairs(inputs, outputs)) >= len(inputs) // 2

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        last: dict[str, float] = {}
        for m in inputs:  # inputs are in production order: the cohort's last join wins
            last[m.event.program_id] = sent[m.event_id]
        return [at - last[program] for program, at in self._pairs(inputs, outputs).values()]
