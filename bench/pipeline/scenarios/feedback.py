"""Feedback's scenario: sessions complete, feedback requests go to both attendees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.pipeline.scenarios.base import (
    PROGRAM,
    Outputs,
    Scenario,
    today,
)
from bench.pipeline.workload import (
    Message,
    message,
    pair_created,
    program_launched,
    session_completed,
)
from services.feedback.adapters.mongo_programs import MongoParticipantStore as FeedbackParticipants
from services.feedback.adapters.mongo_programs import MongoProgramStore as FeedbackPrograms
from services.feedback.application.programs import ProgramCatalog


class FeedbackScenario(Scenario):
    """SessionCompleted -> a FeedbackRequested for each attendee."""

    service = "feedback"
    main_stream = "sessions"
    output_streams = ("feedback",)
    subscribers = 4

    async def seed(self, db: Any) -> None:
        catalog = ProgramCatalog(
            programs=FeedbackPrograms(db), participants=FeedbackParticipants(db)
        )
        await catalog.on_program_event(program_launched(PROGRAM, today()))

    def phase_setup(self, phase: str, count: int) -> list[Message]:
        """The pairs, created before their sessions complete: the service holds a completion
        whose pair it has not seen created and asks nobody until it has."""
        return [
            message(pair_created(PROGRAM, f"{phase}-p{i}", f"{phase}-j{i}", f"{phase}-s{i}"))
            for i in range(count)
        ]

    def inputs(self, phase: str, count: int) -> list[Message]:
        return [
            message(
                session_completed(PROGRAM, f"{phase}-p{i}", f"{phase}-j{i}", f"{phase}-s{i}", 0)
            )
            for i in range(count)
        ]

    def _arrivals(
        self, inputs: Sequence[Message], outputs: Outputs
    ) -> dict[str, tuple[str, float]]:
        """Each FeedbackRequested (by event id, first arrival) with the input that caused it."""
        wanted = {str(m.event_id) for m in inputs}
        found: dict[str, tuple[str, float]] = {}
        for a in outputs.collector.of_type("FeedbackRequested"):
            cause = a.headers.get("causation_id", "")
            if cause in wanted:
                found.setdefault(a.headers.get("event_id", ""), (cause, a.at))
        return found

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        return len(self._arrivals(inputs, outputs)) >= 2 * len(inputs)

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        by_id = {str(k): v for k, v in sent.items()}
        return [at - by_id[cause] for cause, at in self._arrivals(inputs, outputs).values()]
