"""Kafka subscribers of the matching service: thin, one handler call each."""

from __future__ import annotations

from collections.abc import Callable

from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from shared.events import (
    FeedbackEvent,
    PairAtRisk,
    ParticipantEvent,
    ParticipantJoined,
    ParticipantUpdated,
)
from shared.messaging.broker import batch_subscriber_options, subscriber_options
from shared.runtime import ServiceRuntime


def register_subscribers(
    runtime: ServiceRuntime,
    *,
    participants: ParticipantCommands,
    pairs: PairLifecycle,
    joined: Callable[[str], None] = lambda program_id: None,
) -> None:
    """`joined(program_id)` hears of every join or update, for the automatic rounds."""
    options = subscriber_options(runtime.settings)

    @runtime.broker.subscriber(runtime.topics.feedback, **options)
    async def on_feedback_event(event: FeedbackEvent) -> None:
        if isinstance(event, PairAtRisk):
            await pairs.on_pair_at_risk(event)

    # An HR sync sends people in bursts: a batch at a time, one commit per batch; the batch's
    # profiles are kept in one read and one write (newest version wins, as one at a time).
    @runtime.broker.subscriber(
        runtime.topics.participants, **batch_subscriber_options(runtime.settings)
    )
    async def on_participant_event(events: list[ParticipantEvent]) -> None:
        profiles = [e for e in events if isinstance(e, ParticipantJoined | ParticipantUpdated)]
        if profiles:
            await participants.ingest(profiles)
        for program_id in sorted({e.program_id for e in profiles}):
            joined(program_id)
