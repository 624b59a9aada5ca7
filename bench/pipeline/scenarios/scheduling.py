"""Scheduling's scenario: pairs are created, their whole series get planned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.pipeline.scenarios.base import (
    PROGRAM,
    Outputs,
    Scenario,
    caused_arrivals,
    today,
)
from bench.pipeline.workload import (
    Message,
    joined,
    message,
    pair_created,
    profile,
    program_launched,
)
from services.scheduling.adapters.mongo_programs import (
    MongoParticipantStore,
    MongoProgramStore,
)
from services.scheduling.application.mapping import calendar_from, person_from
from shared.events import ParticipantJoined


class SchedulingScenario(Scenario):
    """PairCreated -> the whole series planned; latency to the first SessionScheduled."""

    service = "scheduling"
    main_stream = "pairs"
    output_streams = ("sessions",)
    subscribers = 3

    def _people(self, phase: str, count: int) -> list[ParticipantJoined]:
        return [
            joined(PROGRAM, profile(f"{phase}-{role[0]}{i}", role, level))
            for i in range(count)
            for role, level in (("junior", 2), ("senior", 7))
        ]

    def phase_setup(self, phase: str, count: int) -> list[Message]:
        return [message(e) for e in self._people(phase, count)]

    async def seed(self, db: Any) -> None:
        event = program_launched(PROGRAM, today())
        await MongoProgramStore(db["programs"]).upsert(calendar_from(PROGRAM, event.settings, 1))

    async def seed_phase(self, db: Any, phase: str, count: int) -> None:
        store = MongoParticipantStore(db["participants"])
        for event in self._people(phase, count):
            await store.upsert_profile(PROGRAM, person_from(event.participant), 1)

    def inputs(self, phase: str, count: int) -> list[Message]:
        return [
            message(pair_created(PROGRAM, f"{phase}-p{i}", f"{phase}-j{i}", f"{phase}-s{i}"))
            for i in range(count)
        ]

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        return len(caused_arrivals(outputs, "SessionScheduled", inputs)) >= len(inputs)

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        first = caused_arrivals(outputs, "SessionScheduled", inputs)
        return [at - sent[m.event_id] for m in inputs if (at := first.get(str(m.event_id)))]
